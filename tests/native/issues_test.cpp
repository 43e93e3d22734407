#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "erratum/builtin_messages.hpp"
#include "erratum/core/issues.hpp"

using namespace erratum;

namespace {

const std::string kTablesDir = std::string(ERRATUM_TESTS_DIR) + "/../wasm/messages";

// The tables as their files hold them, read with plain nlohmann/json.
std::map<std::string, nlohmann::json> read_tables() {
  std::map<std::string, nlohmann::json> out;
  DIR* d = opendir(kTablesDir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    const std::string f = e->d_name;
    if (f.size() <= 5 || f.substr(f.size() - 5) != ".json") continue;
    std::ifstream in(kTablesDir + "/" + f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out[f.substr(0, f.size() - 5)] = nlohmann::json::parse(text.str(), nullptr, false);
  }
  closedir(d);
  return out;
}

std::multiset<std::string> placeholders(const std::string& text) {
  static const std::regex name(R"(\{(\w+)\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

}  // namespace

TEST(Issues, EveryTableHasEveryCodeWithTheEnglishPlaceholders) {
  const auto tables = read_tables();
  ASSERT_GE(tables.size(), 10u);
  ASSERT_TRUE(tables.count("en"));
  const auto codes = known_issue_codes();
  for (const auto& [lang, table] : tables) {
    ASSERT_TRUE(table.is_object()) << lang << ".json is not a JSON object";
    EXPECT_EQ(table.size(), codes.size()) << lang << ": a code the core does not have";
    for (const auto& code : codes) {
      ASSERT_TRUE(table.contains(code) && table[code].is_string()) << lang << " has no message for " << code;
      const std::string text = table[code].get<std::string>();
      const std::string en = tables.at("en")[code].get<std::string>();
      EXPECT_EQ(placeholders(text), placeholders(en)) << lang << " " << code;
      if (lang != "en") {
        EXPECT_NE(text, en) << lang << " " << code << " is not translated";
      }
    }
  }
}

TEST(Issues, TheBuiltInTablesAreTheFiles) {
  std::vector<std::string> files;
  for (const auto& [lang, table] : read_tables()) files.push_back(lang);
  EXPECT_EQ(api::builtin_message_languages(), files);
  EXPECT_TRUE(api::load_builtin_messages());
}

TEST(Issues, LanguageTags) {
  EXPECT_EQ(parse_lang("fr").code, "fr");
  EXPECT_EQ(parse_lang("fr-CA").code, "fr");
  EXPECT_EQ(parse_lang("FR_be").code, "fr");
  EXPECT_EQ(parse_lang("pt-BR").code, "pt");
  EXPECT_EQ(parse_lang("fry").code, "fry");  // Frisian is not French
  EXPECT_EQ(parse_lang("").code, "");
  EXPECT_EQ(parse_lang("e").code, "");
  EXPECT_EQ(parse_lang("1a-x").code, "");
}

TEST(Issues, MessagesComeFromTheLanguageTableThenEnglishThenTheCode) {
  ASSERT_TRUE(api::load_builtin_messages());
  set_message_table(parse_lang("zz"), Json::parse(R"({"text.too_long":"zz {length}/{max}"})"));
  const Issue too_long{"text.too_long", "comment", Json{{"length", 2001}, {"max", 2000}}};
  EXPECT_EQ(issue_message(too_long, parse_lang("zz-ZZ")), "zz 2001/2000");
  EXPECT_EQ(serving_language(parse_lang("zz-ZZ")), "zz");
  // A code the table lacks, and a language with no table, get English.
  EXPECT_EQ(issue_message(Issue{"value.required", ""}, parse_lang("zz")), "This field is required.");
  EXPECT_EQ(issue_message(too_long, parse_lang("sv")), "Too long: 2001 characters, 2000 at most.");
  EXPECT_EQ(serving_language(parse_lang("sv")), "en");
  EXPECT_EQ(issue_message(too_long, parse_lang("es")), "Demasiado largo: 2001 caracteres, 2000 como máximo.");
  EXPECT_EQ(issue_message(Issue{"value.not_allowed", "", Json{{"allowed", {"a", "b"}}}}, parse_lang("en")),
            "Must be one of: a, b.");
  EXPECT_EQ(issue_message(Issue{"no.such.code", ""}, parse_lang("fr")), "no.such.code");
  const Json j = issue_to_json(too_long, parse_lang("fr"));
  EXPECT_EQ(j["path"], "comment");
  EXPECT_EQ(j["params"]["max"], 2000);
}
