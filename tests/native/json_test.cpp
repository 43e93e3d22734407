// The core's JSON reader and writer (wasm/core/json.hpp) against nlohmann/json
// (tests/support/json_oracle.hpp): hand-picked edge cases, then documents from
// a seeded generator, each also mutated byte by byte. fuzz_json runs the same
// check on arbitrary bytes.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "../support/json_oracle.hpp"
#include "erratum/core/json.hpp"

using namespace erratum;
using erratum::testing::check_against_oracle;

namespace {

TEST(Json, EdgeCasesAgreeWithNlohmann) {
  const std::vector<std::string> cases = {
      // structure and whitespace
      "", " ", "null", " true ", "false", "[]", "{}", "[1,2]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}",
      "[1 2]", "[[[]]]", "{\"a\":{\"b\":[{}]}}", "\t\r\n[\n]\n", "[1]x", "[1]]", "]", "}", "{", "[", "nul", "truee",
      "\xEF\xBB\xBF{}", "\xEF\xBB{}", "\xEF\xBB\xBF", "{\"a\":1}{}",
      // numbers
      "0", "-0", "01", "-", "1.", ".5", "1e", "1e+", "1E-2", "-1.5e+300", "1e999", "-1e999", "1e-999", "4.9e-324",
      "2.2250738585072014e-308", "9007199254740993", "18446744073709551615", "18446744073709551616",
      "-9223372036854775809", "0.1", "123456789012345678901234567890", "1.7976931348623157e308", "1.8e308",
      "0.000000000000000000000000000001", "[1e5,1E5,1e+5,1e-5]", "+1", "0x10", "Infinity", "NaN", "1.0", "100e-2",
      // strings and escapes
      "\"\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u0000\"", "\"\\u00e9\"", "\"\\u00E9\"",
      "\"\\uD83D\\uDE00\"", "\"\\uD83D\"", "\"\\uDE00\"", "\"\\uD83Dx\"", "\"\\uD83D\\u0041\"", "\"\\uDE00\\uD83D\"",
      "\"\\u12\"", "\"\\x41\"", "\"\\'\"", "\"a", "\"\x01\"", "\"\x7F\"", "\"\t\"",
      // UTF-8
      "\"\xC3\xA9\"", "\"\xC3\"", "\"\xC0\xAF\"", "\"\xE0\x80\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
      "\"\xF0\x9F\x98\x80\"", "\"\xFF\"", "\"\xE2\x82\"", "\xC3\xA9",
      // repeated keys: last value, first place
      "{\"a\":1,\"b\":2,\"a\":3}",
      "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,"
      "\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k3\":33,\"k16\":66,\"k3\":333}",
  };
  for (const std::string& text : cases) EXPECT_EQ(check_against_oracle(text), "") << "input: " << text;
}

TEST(Json, RepeatedKeysKeepTheFirstPlaceAndTheLastValue) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i % 25) + "\":" + std::to_string(i) + ",";
  text += "\"end\":true}";
  const auto doc = parse_json(text);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->size(), 26u);
  EXPECT_EQ(doc->members()[0].key, "k0");
  EXPECT_EQ((*doc)["k0"].as_number(), 25);
  EXPECT_EQ((*doc)["k24"].as_number(), 24);
  EXPECT_EQ(doc->members()[25].key, "end");
}

TEST(Json, NestingIsBoundedWithoutRecursingDeep) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json(ok));
  ParseFailure why;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(parse_json(deep, &why));
  EXPECT_EQ(why.reason.rfind("nesting", 0), 0u) << why.reason;
}

TEST(Json, NumbersKeepTheirTextAndComputedOnesAreShort) {
  for (const char* text : {"[1.5,-0,1e300,123456789012345678901234567890,0.1,1E5]", "[9007199254740993]"}) {
    const auto doc = parse_json(text);
    ASSERT_TRUE(doc);
    EXPECT_EQ(dump_json(*doc), text);
  }
  EXPECT_EQ(dump_json(Json{{"a", 0.5}, {"b", 2.0 / 3.0}, {"c", -1e-12}, {"d", 42}, {"e", 1.0 / 0.0}}),
            "{\"a\":0.5,\"b\":0.666666667,\"c\":0,\"d\":42,\"e\":null}");
  EXPECT_EQ(dump_json(Json(-7.25)), "-7.25");
}

TEST(Json, IndexMemberIsAWholeNumberFromZeroToTheBound) {
  const auto doc = parse_json(
      R"({"zero":0,"minus_zero":-0.0,"seven":7,"exp":7e2,"bound":4e9,"above":4000000001,"half":2.5,)"
      R"("negative":-1,"huge":1e300,"text":"3","null":null})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(index_member(*doc, "zero"), 0);
  EXPECT_EQ(index_member(*doc, "minus_zero"), 0);
  EXPECT_EQ(index_member(*doc, "seven"), 7);
  EXPECT_EQ(index_member(*doc, "exp"), 700);
  EXPECT_EQ(index_member(*doc, "bound"), 4000000000LL);
  for (const char* key : {"above", "half", "negative", "huge", "text", "null", "absent"})
    EXPECT_EQ(index_member(*doc, key), -1) << key;
  EXPECT_EQ(index_member(Json::array(), "zero"), -1);
}

TEST(Json, ObjectFromFieldsIsTheListConstructorsObject) {
  // Json::object({...}) replaced the list constructor in the core: same
  // members, same order, and a repeated key keeps its first place and takes
  // the last value.
  const Json from_fields = Json::object({{"b", 1}, {"a", {"x", "y"}}, {"b", "two"}, {"c", Json::object()}});
  const Json from_list{{"b", 1}, {"a", {"x", "y"}}, {"b", "two"}, {"c", Json::object()}};
  EXPECT_EQ(from_fields, from_list);
  EXPECT_EQ(dump_json(from_fields), "{\"b\":\"two\",\"a\":[\"x\",\"y\"],\"c\":{}}");
  EXPECT_TRUE(Json::object({}).is_object());
}

TEST(Json, WriterEscapesControlsAndRepairsUtf8) {
  EXPECT_EQ(dump_json(Json(std::string("a\"\\\n\t\x01\x7F\xC3\xA9\xFF" "b"))),
            "\"a\\\"\\\\\\n\\t\\u0001\x7F\xC3\xA9\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(dump_json(Json(std::string("\xED\xA0\x80"))), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

// Random documents: every value kind, keys repeated, strings with escapes,
// multi-byte characters and lone surrogates, numbers of every shape.
class DocumentGenerator {
 public:
  explicit DocumentGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string document() {
    std::string out;
    value(out, 0);
    return out;
  }

 private:
  unsigned pick(unsigned n) { return rng_() % n; }

  void space(std::string& out) {
    static const char* kSpaces[] = {"", "", "", " ", "\n", "\t ", "\r\n"};
    out += kSpaces[pick(7)];
  }

  void string(std::string& out) {
    static const char* kPieces[] = {"a",      "Z",       " ",        "\\\"",     "\\\\",   "\\/",     "\\n",
                                    "\\u00e9", "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x80", "\\uD83D\\uDE00",
                                    "\\ud800", "\\uDFFF",  "\\u0000",  "k",        "\xC2\xAB", "\\t"};
    out.push_back('"');
    for (unsigned i = 0, n = pick(6); i < n; ++i) out += kPieces[pick(18)];
    out.push_back('"');
  }

  void number(std::string& out) {
    if (pick(2)) out.push_back('-');
    out += std::to_string(pick(3) ? pick(1000) : rng_());
    if (pick(3) == 0) out += "." + std::to_string(pick(100000));
    if (pick(4) == 0) out += std::string(pick(2) ? "e" : "E") + (pick(2) ? "-" : "+") + std::to_string(pick(300));
  }

  void value(std::string& out, int depth) {
    space(out);
    switch (depth > 5 ? pick(4) : pick(7)) {
      case 0: out += pick(2) ? "true" : (pick(2) ? "false" : "null"); break;
      case 1: number(out); break;
      case 2:
      case 3: string(out); break;
      case 4:
      case 5: {
        out.push_back('{');
        for (unsigned i = 0, n = pick(5); i < n; ++i) {
          if (i) out.push_back(',');
          space(out);
          if (pick(3)) {
            out += "\"k" + std::to_string(pick(4)) + "\"";
          } else {
            string(out);
          }
          space(out);
          out.push_back(':');
          value(out, depth + 1);
        }
        out.push_back('}');
        break;
      }
      default: {
        out.push_back('[');
        for (unsigned i = 0, n = pick(5); i < n; ++i) {
          if (i) out.push_back(',');
          value(out, depth + 1);
        }
        out.push_back(']');
      }
    }
    space(out);
  }

  std::mt19937 rng_;
};

TEST(Json, GeneratedAndMutatedDocumentsAgreeWithNlohmann) {
  DocumentGenerator generate(20261128);
  std::mt19937 rng(7);
  static const char kBytes[] = "{}[],:\"\\-+.eE0123456789 tfnu\xC3\xA9\xFF\x01";
  int accepted = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string doc = generate.document();
    ASSERT_EQ(check_against_oracle(doc), "") << "input: " << doc;
    accepted += parse_json(doc).has_value();
    std::string mutated = doc;
    for (int m = 0, n = 1 + static_cast<int>(rng() % 3); m < n && !mutated.empty(); ++m) {
      const std::size_t at = rng() % mutated.size();
      switch (rng() % 3) {
        case 0: mutated[at] = kBytes[rng() % (sizeof kBytes - 1)]; break;
        case 1: mutated.erase(at, 1); break;
        default: mutated.insert(at, 1, kBytes[rng() % (sizeof kBytes - 1)]);
      }
    }
    ASSERT_EQ(check_against_oracle(mutated), "") << "input: " << mutated;
  }
  // The generator writes valid JSON: every document must have been read.
  EXPECT_EQ(accepted, 4000);
}

}  // namespace
