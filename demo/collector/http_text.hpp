// Small, pure parsers for the HTTP header and body formats the collector
// reads. Kept free of the transport so they can be unit-tested directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// `s` with ASCII letters in lower case: header values, hosts and origins
// compare case-insensitively.
std::string lower(std::string_view s);

// The language tags of an Accept-Language header by decreasing q-value,
// equal ones in the order written ("en;q=0.5, fr-CH, fr;q=0.9" -> fr-CH,
// fr, en); without q=0, "*" and what is no language tag.
std::vector<std::string> accepted_languages(std::string_view accept_language);

struct MediaType {
  std::string type;     // lower-case "type/subtype", "" when the header is empty
  std::string charset;  // lower-case charset parameter, "" when absent
  // JSON and forms are read as UTF-8: no charset, or that one under either name.
  bool utf8() const { return charset.empty() || charset == "utf-8" || charset == "utf8"; }
};
MediaType parse_media_type(std::string_view content_type);

// Value of the first `name` field of an application/x-www-form-urlencoded
// body ('+' is a space, %XX a byte; malformed escapes are kept as written).
std::optional<std::string> form_field(std::string_view body, std::string_view name);

// A URL path with its %XX escapes decoded ('+' stays '+'; malformed escapes
// are kept as written).
std::string decode_path(std::string_view path);

// The fields of a query string or urlencoded form body, decoded.
std::multimap<std::string, std::string> parse_query(std::string_view query);

// A Range header (RFC 9110 §14.2) against a representation of `size` bytes.
// One range only: a list of several, or anything not "bytes=...", is
// ignored (the whole file is sent), so a request never multiplies the
// bytes it asks for.
struct RangeRequest {
  enum class Kind { Whole, Part, Unsatisfiable } kind = Kind::Whole;
  std::uint64_t first = 0;  // for Part: inclusive bounds
  std::uint64_t last = 0;
};
RangeRequest parse_range(std::string_view header, std::uint64_t size);

// Value of the cookie `name` in a Cookie header ("a=1; b=2"), "" when
// absent. The value is taken as sent: the collector's cookies are base64url.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// "2024-05-01T12:34:56.789Z": `time` in UTC, to the millisecond. Texts in
// this one format sort as their times do.
std::string utc_timestamp(std::chrono::system_clock::time_point time);
// utc_timestamp of the current time.
std::string utc_timestamp_now();

}  // namespace erratum::collector
