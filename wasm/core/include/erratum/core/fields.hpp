// Checks on single values, shared by config and report validation.
#pragma once

#include "erratum/core/issues.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace erratum {

// Appends text.invalid_encoding (ill-formed UTF-8, a lone surrogate from JS,
// or a reserved noncharacter U+FDD0..U+FDEF) or text.control_character
// (C0/C1 except TAB, LF, CR) for `path`. Returns true when the text is clean.
bool check_text_field(const std::string& s, const std::string& path, Issues& errors);
// check_text_field on every string under `value` and every key of its
// objects, each named by its own path ("metadata.tags[2]"): for the values
// without a schema of their own, such as the site's metadata.
void check_strings(const Json& value, const std::string& path, Issues& errors);

bool is_valid_email(std::string_view email);
enum class UrlCheck { Ok, Invalid, Insecure };
// https: anywhere; http: only on localhost, 127.0.0.1 and [::1].
UrlCheck check_endpoint_url(std::string_view url);
bool is_absolute_http_url(std::string_view url);
bool is_uuid(std::string_view s);
// 2026-11-28T10:39:49Z, with optional fraction and numeric offset.
bool is_iso_datetime(std::string_view s);
// What of a page URL a report keeps (the configuration's keepQuery and
// keepFragment).
struct UrlKeep {
  bool fragment = false;
  bool all_query = false;
  std::vector<std::string> query_params;  // allow-list when !all_query
};

// Page URL as reported: query and fragment stripped unless `keep` keeps them.
std::string strip_page_url(std::string_view url, const UrlKeep& keep);

}  // namespace erratum
