// The collector's vocabulary over the core's api: its documents and their
// accessors, the problems it answers with, and the two catalog languages.
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

// A refusal or validation problem, as the core's envelopes carry it.
struct Issue {
  std::string code;  // e.g. "request.rate_limited"
  std::string path;  // JSON path of the offending value; "" for the whole request
  Json params = Json::object();
};
using Issues = std::vector<Issue>;

enum class Lang { En, Fr };
// The core's rule: "fr", "fr-CA", "FR_be" -> Fr; anything else -> En.
inline Lang parse_lang(std::string_view tag) { return api::catalog_language(tag) == "fr" ? Lang::Fr : Lang::En; }
inline const char* lang_tag(Lang lang) { return lang == Lang::Fr ? "fr" : "en"; }

}  // namespace erratum::collector
