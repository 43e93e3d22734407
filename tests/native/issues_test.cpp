#include <gtest/gtest.h>

#include "erratum/core/issues.hpp"

using namespace erratum;

TEST(Issues, EveryCodeHasDistinctEnglishAndFrenchMessages) {
  for (const auto& code : known_issue_codes()) {
    const Issue issue{code, "x"};
    const std::string en = issue_message(issue, Lang::En);
    const std::string fr = issue_message(issue, Lang::Fr);
    EXPECT_NE(en, code) << code;
    EXPECT_NE(fr, en) << code;
  }
}

TEST(Issues, LanguageTags) {
  EXPECT_EQ(parse_lang("fr"), Lang::Fr);
  EXPECT_EQ(parse_lang("fr-CA"), Lang::Fr);
  EXPECT_EQ(parse_lang("FR_be"), Lang::Fr);
  EXPECT_EQ(parse_lang("fry"), Lang::En);  // Frisian is not French
  EXPECT_EQ(parse_lang("en-GB"), Lang::En);
  EXPECT_EQ(parse_lang(""), Lang::En);
}

TEST(Issues, ParamsFillPlaceholdersAndUnknownCodesFallBack) {
  const Issue too_long{"text.too_long", "comment", Json{{"length", 2001}, {"max", 2000}}};
  EXPECT_EQ(issue_message(too_long, Lang::En), "Too long: 2001 characters, 2000 at most.");
  EXPECT_EQ(issue_message(Issue{"value.not_allowed", "", Json{{"allowed", {"a", "b"}}}}, Lang::En),
            "Must be one of: a, b.");
  EXPECT_EQ(issue_message(Issue{"no.such.code", ""}, Lang::Fr), "no.such.code");
  const Json j = issue_to_json(too_long, Lang::Fr);
  EXPECT_EQ(j["path"], "comment");
  EXPECT_EQ(j["params"]["max"], 2000);
}
