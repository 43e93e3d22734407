// Structured problems returned by every call that can refuse its input:
// {code, path, params, message}. Codes are stable API; messages come from
// message tables the caller gives at run time, one per language (the core
// compiles in none: each table is data, wasm/messages/<lang>.json, which the
// browser downloads for its one language and the collector embeds).
#pragma once

#include "erratum/core/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace erratum {

struct Issue {
  std::string code;  // e.g. "comment.too_long"
  std::string path;  // JSON path of the offending value, e.g. "items[2].comment"; "" for the whole input
  Json params = empty_object();
};

using Issues = std::vector<Issue>;

// The most frequent issue: "type.expected" with {"expected": type}. One
// out-of-line builder instead of the same object built inline everywhere.
Issue type_expected(std::string path, const char* type);

// Append an issue (params {} unless given), or type_expected(path, type).
// Out of line, so that each of the many places reporting a problem is one
// call rather than an Issue built, moved and destroyed in place.
void add_issue(Issues& issues, std::string_view code, std::string_view path);
void add_issue(Issues& issues, std::string_view code, std::string_view path, Json params);
void add_type_expected(Issues& issues, std::string_view path, const char* type);

// The language a caller asked for, as the primary subtag of its tag,
// lowercased ("es" for "es-MX" or "ES_mx"); "" for a tag that names none.
struct Lang {
  std::string code;
};
Lang parse_lang(std::string_view tag);

// Gives the table of `lang`'s messages ({code: template}), replacing any
// earlier one of that language. Tables are process-wide: a multithreaded
// caller gives them all before its threads ask for messages.
void set_message_table(const Lang& lang, Json table);
// The language whose table serves `lang`: its own if given, else English's
// if given, else "" (messages are then the codes themselves).
std::string_view serving_language(const Lang& lang);

// The sentence for an issue in the table serving `lang`, with its {param}
// placeholders filled in; the code when no table has the code.
std::string issue_message(const Issue& issue, const Lang& lang);
// `tmpl` with each {name} replaced by params[name] (a string as is, a list
// joined by ", ", anything else as JSON); an unknown name stays as written.
// How issue_message() fills the tables' messages, for other catalogs too.
std::string fill_message(std::string_view tmpl, const Json& params);
Json issue_to_json(const Issue& issue, const Lang& lang);
Json issues_to_json(const Issues& issues, const Lang& lang);

// Every code the core can answer with (tests check every table has each).
std::vector<std::string> known_issue_codes();

// Builds JSON paths while walking a document.
std::string path_join(std::string_view base, std::string_view key);
std::string path_index(std::string_view base, std::size_t index);

}  // namespace erratum
