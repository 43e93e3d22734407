// "Never abort": every entry point answers an envelope whatever it is given,
// and the next call still works. Random documents are built from a seeded
// PRNG: random JSON of random shapes, mutated valid requests, raw bytes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <random>
#include <set>
#include <tuple>

#include "../support/reference_json.hpp"
#include "erratum/api.hpp"
#include "erratum/core/document.hpp"
#include "erratum/core/issues.hpp"

using namespace erratum;

namespace {

Json random_value(std::mt19937& rng, int depth) {
  static const std::vector<std::string> strings = {"",
                                                   "x",
                                                   "https://example.org/",
                                                   "http://127.0.0.1/",
                                                   "\xC3\xA9t\xC3\xA9",
                                                   "\x07",
                                                   "\xEF\xB7\x90",
                                                   "paragraph",
                                                   "TextQuoteSelector",
                                                   "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b",
                                                   "2026-01-01T00:00:00Z",
                                                   "fr"};
  switch (depth > 3 ? rng() % 5 : rng() % 7) {
    case 0: return nullptr;
    case 1: return static_cast<bool>(rng() % 2);
    case 2: return static_cast<int>(rng() % 20) - 5;
    case 3: return std::vector<double>{1e300, -0.5, 3.5, 1e-9}[rng() % 4];
    case 4: return strings[rng() % strings.size()];
    case 5: {
      Json a = Json::array();
      for (unsigned i = 0, n = rng() % 4; i < n; ++i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      static const std::vector<std::string> keys = {
          "blocks", "text",      "kind",  "id",       "config",    "endpoint", "items",    "block", "range",
          "start",  "end",       "quote", "report",   "anchors",   "selector", "exact",    "page",  "url",
          "form",   "elapsedMs", "lang",  "original", "corrected", "comment",  "reporter", "email"};
      Json o = Json::object();
      for (unsigned i = 0, n = rng() % 5; i < n; ++i) o[keys[rng() % keys.size()]] = random_value(rng, depth + 1);
      return o;
    }
  }
}

// Answers are read back with nlohmann/json, independently of the core's reader.
void expect_envelope(const std::string& response, std::set<std::string>& codes) {
  const auto answer = erratum::testing::read_reference_json(response);
  ASSERT_TRUE(answer) << response;
  const nlohmann::json& v = *answer;
  ASSERT_TRUE(v.contains("ok") && v["ok"].is_boolean()) << response;
  for (const char* list : {"errors", "warnings"}) {
    if (!v.contains(list)) continue;
    for (const auto& e : v[list]) codes.insert(e.value("code", ""));
  }
}

}  // namespace

TEST(Robustness, RandomDocumentsToEveryEntryPoint) {
  std::mt19937 rng(20261128);
  std::set<std::string> codes;
  api::Session session;
  for (int round = 0; round < 3000; ++round) {
    const std::string doc = dump_json(random_value(rng, 0));
    expect_envelope(api::validate_config(doc), codes);
    expect_envelope(api::diff(doc), codes);
    expect_envelope(api::validate_report(doc), codes);
    expect_envelope(api::reanchor(doc), codes);
    expect_envelope(api::normalize(doc), codes);
    expect_envelope(session.configure(doc), codes);
    expect_envelope(session.load_article(doc), codes);
    expect_envelope(session.toggle(static_cast<int>(rng() % 10) - 2), codes);
    expect_envelope(session.anchor(doc), codes);
    expect_envelope(session.reanchor(doc), codes);
    expect_envelope(session.compose(doc), codes);
  }
  // Every code the core emitted is a known one, which every message table has.
  const auto known = known_issue_codes();
  for (const auto& code : codes) EXPECT_NE(std::find(known.begin(), known.end(), code), known.end()) << code;
  // And the session still works.
  EXPECT_NE(session.load_article(R"({"blocks":[{"text":"Bonjour."}]})").find("\"ok\":true"), std::string::npos);
  EXPECT_NE(session.select(0).find("\"selected\":[0]"), std::string::npos);
}

TEST(Robustness, RawBytesAndHugeInputs) {
  std::mt19937 rng(99);
  std::set<std::string> codes;
  api::Session session;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    expect_envelope(api::diff(bytes), codes);
    expect_envelope(session.load_article(bytes), codes);
    expect_envelope(session.compose(bytes), codes);
  }
  const std::string big(static_cast<std::size_t>(api::kMaxRequestBytes) + 1, ' ');
  EXPECT_NE(api::normalize(big).find("input.too_large"), std::string::npos);
  const std::string text(2'000'000, 'a');
  EXPECT_NE(api::normalize(dump_json(Json{{"text", text}})).find("\"length\":2000000"), std::string::npos);
  EXPECT_NE(api::diff(dump_json(Json{{"original", text}, {"corrected", text + "b"}})).find("\"ok\":true"),
            std::string::npos);
}

namespace {

// A packed batch (api::Session::reanchor_packed's layout) of anchors given
// as {start, exact, prefix, suffix}.
std::string packed_batch(const std::vector<std::tuple<std::uint32_t, std::string, std::string, std::string>>& anchors) {
  std::vector<std::uint32_t> words = {static_cast<std::uint32_t>(anchors.size())};
  std::string texts;
  for (const auto& [start, exact, prefix, suffix] : anchors) {
    words.push_back(start);
    for (const std::string* s : {&exact, &prefix, &suffix}) {
      words.push_back(static_cast<std::uint32_t>(s->size()));
      texts += *s;
    }
  }
  return std::string(reinterpret_cast<const char*>(words.data()), 4 * words.size()) + texts;
}

double field(const std::string& results, std::size_t anchor, std::size_t at) {
  double value;
  std::memcpy(&value, results.data() + 8 * (anchor * api::kPackedReanchorFields + at), 8);
  return value;
}

}  // namespace

TEST(Robustness, PackedReanchorAnswersAsJsonAndRefusesMalformedInput) {
  api::Session session;
  std::string results = "stale";
  const std::string one = packed_batch({{3, "chat", "Le ", " dort"}});
  EXPECT_FALSE(session.reanchor_packed(one, results)) << "no article loaded";
  EXPECT_TRUE(results.empty());
  ASSERT_NE(session.load_article(R"({"blocks":[{"text":"Le chat dort."},{"text":"Le  chien\u00a0aboie."}]})")
                .find("\"ok\":true"),
            std::string::npos);
  // The values the JSON answer holds, anchor by anchor.
  const std::string two = packed_batch({{3, "chat", "Le ", " dort"}, {api::kPackedNoHint, "chien  aboie", "", ""}});
  ASSERT_TRUE(session.reanchor_packed(two, results));
  ASSERT_EQ(results.size(), 2 * api::kPackedReanchorFields * sizeof(double));
  const auto json = erratum::testing::read_reference_json(session.reanchor(
      R"({"anchors":[{"selector":[{"type":"TextQuoteSelector","exact":"chat","prefix":"Le ","suffix":" dort"},)"
      R"({"type":"TextPositionSelector","start":3}]},{"selector":[{"type":"TextQuoteSelector","exact":"chien  aboie"}]}]})"));
  ASSERT_TRUE(json);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& r = (*json)["results"][i];
    EXPECT_EQ(field(results, i, 0), r["found"].get<bool>() ? 1.0 : 0.0);
    EXPECT_EQ(field(results, i, 1), r["exact"].get<bool>() ? 1.0 : 0.0);
    EXPECT_EQ(field(results, i, 2), r["start"].get<double>());
    EXPECT_EQ(field(results, i, 3), r["end"].get<double>());
    EXPECT_EQ(field(results, i, 4), r["score"].get<double>());
    EXPECT_EQ(field(results, i, 5), r["errors"].get<double>());
    EXPECT_EQ(field(results, i, 6), r["block"].get<double>());
  }
  EXPECT_EQ(field(results, 1, 6), 1.0);
  // Malformed input: refused, `results` left empty.
  std::string short_count = one.substr(0, 3);
  std::string huge_count = one;
  huge_count[0] = huge_count[1] = huge_count[2] = huge_count[3] = '\xFF';
  std::string long_text = one;
  long_text[8] = long_text[9] = long_text[10] = long_text[11] = '\xFF';
  for (const std::string& bad :
       {short_count, huge_count, long_text, one.substr(0, one.size() - 1), packed_batch({{0, "   ", "", ""}})}) {
    results = "stale";
    EXPECT_FALSE(session.reanchor_packed(bad, results));
    EXPECT_TRUE(results.empty());
  }
  // Random bytes behind random headers: an answer or a refusal, never a crash.
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string bytes(4 + rng() % 80, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    bytes[0] = static_cast<char>(rng() % 4);
    bytes[1] = bytes[2] = bytes[3] = rng() % 8 == 0 ? '\x7F' : '\0';
    for (std::size_t i = 4; i + 4 <= bytes.size() && rng() % 2; i += 4) bytes[i + 1] = bytes[i + 2] = bytes[i + 3] = 0;
    if (session.reanchor_packed(bytes, results)) {
      EXPECT_EQ(results.size() % (8 * api::kPackedReanchorFields), 0u);
    } else {
      EXPECT_TRUE(results.empty());
    }
  }
}
