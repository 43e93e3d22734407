// Structured problems returned by every call that can refuse its input:
// {code, path, params, message}. Codes are stable API; messages are
// localized (French for lang "fr*", English otherwise) from one catalog.
#pragma once

#include "erratum/core/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace erratum {

struct Issue {
  std::string code;  // e.g. "comment.too_long"
  std::string path;  // JSON path of the offending value, e.g. "items[2].comment"; "" for the whole input
  Json params = Json::object();
};

using Issues = std::vector<Issue>;

// The most frequent issue: "type.expected" with {"expected": type}. One
// out-of-line builder instead of the same object built inline everywhere.
Issue type_expected(std::string path, const char* type);

enum class Lang { En, Fr };
Lang parse_lang(std::string_view tag);  // "fr", "fr-CA", "FR_be" -> Fr; anything else -> En

// The localized sentence for an issue, with {param} placeholders filled in.
std::string issue_message(const Issue& issue, Lang lang);
// `tmpl` with each {name} replaced by params[name] (a string as is, a list
// joined by ", ", anything else as JSON); an unknown name stays as written.
// How issue_message() fills the catalog's messages, for other catalogs too.
std::string fill_message(std::string_view tmpl, const Json& params);
Json issue_to_json(const Issue& issue, Lang lang);
Json issues_to_json(const Issues& issues, Lang lang);

// Every code the catalog knows (tests check each has both languages).
std::vector<std::string> known_issue_codes();

// Builds JSON paths while walking a document.
std::string path_join(std::string_view base, std::string_view key);
std::string path_index(std::string_view base, std::size_t index);

}  // namespace erratum
