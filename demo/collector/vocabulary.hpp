// The collector's vocabulary over the core's api: its documents and their
// accessors, the problems it answers with, and the language it answers in.
// The collector sees the module through erratum/api.hpp only.
#pragma once

#include "erratum/api.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

using api::as_bool;
using api::as_number;
using api::as_string;
using api::dump_json;
using api::index_member;
using api::is_valid_utf8;
using api::Json;
using api::member;
using api::parse_json;
using api::string_member;

// A report's string member, "" when absent or not a string: the inbox, the
// exports and the item rows show a missing field as empty.
inline std::string string_at(const Json& object, const char* key) {
  const std::string* s = string_member(object, key);
  return s ? *s : std::string();
}

// A report's object member, an empty object when absent or not an object.
inline const Json& object_at(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  const Json* m = member(object, key);
  return m && m->is_object() ? *m : kEmpty;
}

// A refusal or validation problem, as the core's envelopes carry it.
struct Issue {
  std::string code;  // e.g. "request.rate_limited"
  std::string path;  // JSON path of the offending value; "" for the whole request
  Json params = Json::object();
};
using Issues = std::vector<Issue>;

// The language of an answer: one the core has a message table for ("es"),
// English by default. The editor's pages (inbox, sign-in) are written in
// French and English only: the others get the English pages.
struct Lang {
  std::string tag = "en";
  bool french() const { return tag == "fr"; }
};

// The language of the first tag of an Accept-Language header, in the
// reader's order of preference, that a message table serves ("de-CH" ->
// "de"); English when none does. Loads the built-in tables on first use.
Lang answer_language(std::string_view accept_language);

}  // namespace erratum::collector
