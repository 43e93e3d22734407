// Edges of the endpoint contract (docs/endpoint.md), over real HTTP: a retry
// is the same report whatever its spelling, and every metadata string is
// checked like the others.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace erratum::collector::testing {
namespace {

Json body_of(const httplib::Result& r) {
  std::optional<Json> j = r ? parse_json(r->body) : std::nullopt;
  return j ? *j : Json();
}

long long stored_count(httplib::Client& client) {
  auto r = client.Get("/api/reports");
  return r && r->status == 200 ? body_of(r).value("total", -1LL) : -1;
}

// The report's JSON text with every object's members in reverse order: the
// same document as dump_json() writes (which sorts them), spelled otherwise.
std::string reversed_members(const Json& value) {
  if (value.is_object()) {
    std::vector<std::string> parts;
    for (auto it = value.begin(); it != value.end(); ++it)
      parts.push_back(Json(it.key()).dump() + ":" + reversed_members(it.value()));
    std::reverse(parts.begin(), parts.end());
    std::string out = "{";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
    return out + "}";
  }
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) out += (i ? "," : "") + reversed_members(value[i]);
    return out + "]";
  }
  return value.dump();
}

// `text` with its one occurrence of `from` replaced by `to`.
std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// (code, path) of each error of an answer.
std::vector<std::pair<std::string, std::string>> errors_of(const httplib::Result& r) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json body = body_of(r);
  if (const Json* errors = member(body, "errors"); errors && errors->is_array())
    for (const Json& e : *errors) out.emplace_back(e.value("code", ""), e.value("path", ""));
  return out;
}

class ContractTest : public ::testing::Test {
 protected:
  TempDir dir;
  RunningCollector server{test_options(dir)};
  std::unique_ptr<httplib::Client> client = server.client();
};

TEST_F(ContractTest, ARetryWithItsMembersInAnotherOrderIsTheSameReport) {
  const Json report = typical_report();
  const std::string sorted = dump_json(report);
  const std::string reversed = reversed_members(report);
  ASSERT_NE(sorted, reversed);
  ASSERT_EQ(parse_json(reversed), report);

  auto first = post_report(*client, reversed);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201) << first->body;
  auto retry = post_report(*client, sorted);
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(body_of(retry)["status"], "duplicate");
  EXPECT_EQ(stored_count(*client), 1);
}

TEST_F(ContractTest, ARetryThatSpellsANumberOtherwiseIsTheSameReport) {
  // The composed report's elapsedMs is 12000.0; a client may send 12000 or 1.2e4.
  const Json report = typical_report();
  const std::string as_float = dump_json(report);
  ASSERT_NE(as_float.find("\"elapsedMs\":12000.0"), std::string::npos) << as_float;
  const std::string as_integer = replace_once(as_float, "\"elapsedMs\":12000.0", "\"elapsedMs\":12000");
  const std::string as_exponent = replace_once(as_float, "\"elapsedMs\":12000.0", "\"elapsedMs\":1.2e4");

  EXPECT_EQ(post_report(*client, as_float)->status, 201);
  EXPECT_EQ(post_report(*client, as_integer)->status, 200);
  EXPECT_EQ(post_report(*client, as_exponent)->status, 200);

  // The other way round: the integer first.
  const Json other = typical_report();
  const std::string other_float = dump_json(other);
  EXPECT_EQ(post_report(*client, replace_once(other_float, "\"elapsedMs\":12000.0", "\"elapsedMs\":12000"))->status,
            201);
  EXPECT_EQ(post_report(*client, other_float)->status, 200);
  EXPECT_EQ(stored_count(*client), 2);
}

TEST_F(ContractTest, AnotherCommentUnderTheSameIdIsAConflictWhateverTheSpelling) {
  Json report = typical_report();
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  report["items"][0]["comment"] = "Autre commentaire";
  auto changed = post_report(*client, reversed_members(report));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 409) << changed->body;
  EXPECT_EQ(errors_of(changed), (std::vector<std::pair<std::string, std::string>>{{"report.conflict", "id"}}));
  // So is one more second of filling in: numbers count by value, both ways.
  Json slower = typical_report();
  ASSERT_EQ(post_report(*client, dump_json(slower))->status, 201);
  slower["form"]["elapsedMs"] = 12001;
  EXPECT_EQ(post_report(*client, dump_json(slower))->status, 409);
  EXPECT_EQ(stored_count(*client), 2);
}

TEST_F(ContractTest, MetadataStringsWithControlCharactersAreRefusedWithTheirPaths) {
  Json report = typical_report();
  report["metadata"] = Json{{"section", "te\u0007ch"}, {"tags", {"a", "b", "c\u0085"}}, {"ok", {{"deep", "fine"}}}};
  auto r = post_report(*client, dump_json(report), {{"Accept-Language", "fr"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(errors_of(r),
            (std::vector<std::pair<std::string, std::string>>{{"text.control_character", "metadata.section"},
                                                              {"text.control_character", "metadata.tags[2]"}}));
  EXPECT_EQ(body_of(r)["errors"][0]["message"], "Contient des caractères de contrôle invisibles.");
  EXPECT_EQ(stored_count(*client), 0);
}

// The collector answers in the reader's language with the very messages the
// browser module gives: the cases of tests/vectors/messages.json, which the
// wasm build passes with the tables the browser's catalogs carry.
TEST_F(ContractTest, RefusalsSpeakTheReadersLanguageAsTheBrowserDoes) {
  std::optional<Json> vectors = parse_json(read_file(std::string(ERRATUM_VECTORS_DIR) + "/messages.json"));
  ASSERT_TRUE(vectors);
  int checked = 0;
  for (Json& c : (*vectors)["cases"]) {
    if (c.value("call", "") != "validateReport") continue;
    Json& request = c["request"];
    const std::string lang = request.value("lang", "");
    auto r = post_report(*client, dump_json(request["report"]), {{"Accept-Language", lang + ", en;q=0.5"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    Json got = body_of(r)["errors"];
    Json& expected = c["expect"]["errors"];
    ASSERT_EQ(got.size(), expected.size()) << r->body;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i]["code"], expected[i]["code"]) << lang;
      EXPECT_EQ(got[i]["message"], expected[i]["message"]) << lang;
    }
    ++checked;
  }
  EXPECT_GE(checked, 3);
  EXPECT_EQ(stored_count(*client), 0);
}

TEST_F(ContractTest, LoneSurrogatesAndReservedNoncharactersInMetadataAreNeverStored) {
  Json report = typical_report();
  report["metadata"] = Json{{"LONEKEY", "v"}, {"section", "LONEVALUE"}, {"x", "\uFDD0"}};
  std::string body = dump_json(report);
  body = replace_once(body, "LONEKEY", "k\\udc00");
  body = replace_once(body, "LONEVALUE", "\\ud800tech");
  auto r = post_report(*client, body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(errors_of(r),
            (std::vector<std::pair<std::string, std::string>>{{"text.invalid_encoding", "metadata.k\uFDD0"},
                                                              {"text.invalid_encoding", "metadata.section"},
                                                              {"text.invalid_encoding", "metadata.x"}}));
  EXPECT_EQ(stored_count(*client), 0);

  // The same report with clean metadata is stored, and its metadata with it.
  report["metadata"] = Json{{"section", "tech"}, {"tags", {"a", "b"}}};
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  auto stored = client->Get("/api/reports/" + report["id"].get<std::string>());
  EXPECT_EQ(body_of(stored)["report"]["metadata"], report["metadata"]);
}

}  // namespace
}  // namespace erratum::collector::testing
