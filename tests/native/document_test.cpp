// The core's documents (erratum/core/document.hpp): nlohmann/json's
// ordered_json read with the core's limits and repairs, and the accessors
// that never abort. Hand-picked edges first, then seeded generated
// documents, each also mutated byte by byte, against the property in
// tests/support/document_property.hpp (fuzz_document runs it on any bytes).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "../support/document_property.hpp"
#include "erratum/core/document.hpp"

using namespace erratum;
using erratum::testing::check_document_property;

namespace {

TEST(Document, RepeatedKeysKeepTheFirstPlaceAndTheLastValue) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i % 25) + "\":" + std::to_string(i) + ",";
  text += "\"end\":true}";
  const auto doc = parse_json(text);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->size(), 26u);
  EXPECT_EQ(doc->begin().key(), "k0");
  EXPECT_EQ(as_number(*member(*doc, "k0")), 25);
  EXPECT_EQ(as_number(*member(*doc, "k24")), 24);
  EXPECT_EQ(std::prev(doc->end()).key(), "end");
}

TEST(Document, NestingIsBoundedBeforeItIsBuilt) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json(ok));
  ParseProblem why = ParseProblem::None;
  EXPECT_FALSE(parse_json("[" + ok + "]", &why));
  EXPECT_EQ(why, ParseProblem::TooDeep);
  // Far deeper than any stack would take if it were recursed or built.
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  EXPECT_FALSE(parse_json(deep, &why));
  EXPECT_EQ(why, ParseProblem::TooDeep);
  EXPECT_FALSE(parse_json(std::string(200, '['), &why));  // a depth error is found before the missing end
  EXPECT_EQ(why, ParseProblem::TooDeep);
}

TEST(Document, ANulByteIsNeverValid) {
  ParseProblem why = ParseProblem::None;
  EXPECT_FALSE(parse_json(std::string("{\"a\":1}\0garbage", 15), &why));
  EXPECT_EQ(why, ParseProblem::Invalid);
  EXPECT_FALSE(parse_json(std::string("\"a\0b\"", 5)));
  EXPECT_TRUE(parse_json("\"a\\u0000b\""));  // an escaped NUL is a character like any other
}

TEST(Document, LoneSurrogateEscapesBecomeTheSentinel) {
  const auto v =
      parse_json(R"({"a":"x\ud800y","b":"\ud83d\ude00","c":"\\ud800","d":"\udc00","e":"\uDBFF\uDBFF\uDC00"})");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*string_member(*v, "a"), "x\xEF\xB7\x90y");
  EXPECT_EQ(*string_member(*v, "b"), "\xF0\x9F\x98\x80");  // a valid pair is untouched
  EXPECT_EQ(*string_member(*v, "c"), "\\ud800");           // an escaped backslash, not an escape
  EXPECT_EQ(*string_member(*v, "d"), "\xEF\xB7\x90");
  EXPECT_EQ(*string_member(*v, "e"), "\xEF\xB7\x90\xF4\x8F\xB0\x80");  // the lone half, then a pair
  // The repair is not a way around the other rules.
  EXPECT_FALSE(parse_json(R"({"a":"\ud800")"));
  EXPECT_FALSE(parse_json("[\"\\ud800\",\"\xFF\"]"));
}

TEST(Document, BadTextIsRefusedAsAValue) {
  ParseProblem why = ParseProblem::None;
  for (const std::string& text :
       {std::string("{\"a\":"), std::string("\"\xFF\""), std::string("[1,]"), std::string("1e400"), std::string(""),
        std::string("{} {}"), std::string("[1] x"), std::string("'a'")}) {
    EXPECT_FALSE(parse_json(text, &why)) << text;
    EXPECT_EQ(why, ParseProblem::Invalid) << text;
  }
  EXPECT_TRUE(parse_json("\xEF\xBB\xBF{\"bom\":true}"));  // a UTF-8 byte order mark is skipped
}

TEST(Document, NumbersKeepTheirValueInTheShortestExactForm) {
  const auto doc = parse_json("[1.5,-0,100,1E5,0.1,9007199254740993,-12,123456789012345678901234567890]");
  ASSERT_TRUE(doc);
  EXPECT_EQ(dump_json(*doc), "[1.5,0,100,100000.0,0.1,9007199254740993,-12,1.2345678901234568e+29]");
  EXPECT_EQ(dump_json(Json::object(
                {{"a", round_decimals(2.0 / 3.0)}, {"b", round_decimals(-1e-12)}, {"c", round_decimals(0.25)}})),
            "{\"a\":0.666666667,\"b\":-0.0,\"c\":0.25}");
  EXPECT_EQ(round_decimals(1.0 / 0.0), 1.0 / 0.0);
}

TEST(Document, IndexMemberIsAWholeNumberFromZeroToTheBound) {
  const auto doc =
      parse_json(R"({"zero":0,"minus_zero":-0.0,"seven":7,"exp":7e2,"bound":4e9,"above":4000000001,"half":2.5,)"
                 R"("negative":-1,"huge":1e300,"big":18446744073709551615,"text":"3","null":null})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(index_member(*doc, "zero"), 0);
  EXPECT_EQ(index_member(*doc, "minus_zero"), 0);
  EXPECT_EQ(index_member(*doc, "seven"), 7);
  EXPECT_EQ(index_member(*doc, "exp"), 700);
  EXPECT_EQ(index_member(*doc, "bound"), 4000000000LL);
  for (const char* key : {"above", "half", "negative", "huge", "big", "text", "null", "absent"})
    EXPECT_EQ(index_member(*doc, key), -1) << key;
  EXPECT_EQ(index_member(Json::array(), "zero"), -1);
}

TEST(Document, AccessorsAnswerForEveryTypeWithoutAborting) {
  const auto doc = parse_json(R"({"s":"x","n":2.5,"i":-3,"b":true,"a":[1],"o":{},"z":null})");
  ASSERT_TRUE(doc);
  for (const auto& [key, value] : doc->items()) {
    EXPECT_EQ(as_string(value), key == "s" ? "x" : "") << key;
    EXPECT_EQ(as_number(value), key == "n" ? 2.5 : key == "i" ? -3.0 : 0.0) << key;
    EXPECT_EQ(as_bool(value), key == "b") << key;
    EXPECT_EQ(member(value, "s"), nullptr) << key;
    EXPECT_EQ(string_member(*doc, key) != nullptr, key == "s") << key;
  }
  EXPECT_EQ(member(Json("text"), "s"), nullptr);
}

TEST(Document, WriterEscapesControlsAndRepairsUtf8) {
  EXPECT_EQ(dump_json(Json(std::string("a\"\\\n\t\x01\x7F\xC3\xA9\xFF"
                                       "b"))),
            "\"a\\\"\\\\\\n\\t\\u0001\x7F\xC3\xA9\xEF\xBF\xBD"
            "b\"");
  std::string out = "[";
  append_json_string(out, "\xED\xA0\x80");
  EXPECT_EQ(out, "[\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
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
    static const char* kPieces[] = {"a",
                                    "Z",
                                    " ",
                                    "\\\"",
                                    "\\\\",
                                    "\\/",
                                    "\\n",
                                    "\\u00e9",
                                    "\xC3\xA9",
                                    "\xE2\x80\x99",
                                    "\xF0\x9F\x98\x80",
                                    "\\uD83D\\uDE00",
                                    "\\ud800",
                                    "\\uDFFF",
                                    "\\u0000",
                                    "k",
                                    "\xC2\xAB",
                                    "\\t"};
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

TEST(Document, GeneratedAndMutatedDocumentsKeepTheProperty) {
  DocumentGenerator generate(20261128);
  std::mt19937 rng(7);
  static const char kBytes[] = "{}[],:\"\\-+.eE0123456789 tfnu\xC3\xA9\xFF\x01";
  int accepted = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string doc = generate.document();
    ASSERT_EQ(check_document_property(doc), "") << "input: " << doc;
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
    ASSERT_EQ(check_document_property(mutated), "") << "input: " << mutated;
  }
  // The generator writes valid JSON: every document must have been read.
  EXPECT_EQ(accepted, 4000);
}

}  // namespace
