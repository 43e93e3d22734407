// Everything a reader sent is text, never markup: every value from a report
// goes through html_escape before it reaches the inbox page.
#pragma once

#include <string>
#include <string_view>

namespace erratum::collector {

// Escapes & < > " ' so the result is safe in element content and in quoted
// attribute values.
std::string html_escape(std::string_view text);

// Percent-encodes a query parameter value (RFC 3986 unreserved kept).
std::string url_encode_component(std::string_view text);

}  // namespace erratum::collector
