// The editor's inbox as one static HTML page: no script, no inline style
// (the stylesheet is a separate file, so the page runs under a CSP of
// default-src 'none'). Every value taken from a report is HTML-escaped.
// Reports come gathered by paragraph (inbox_view.hpp); the forms (filters,
// bulk and group status changes, sign-out) work without any script.
#pragma once

#include "inbox_view.hpp"

#include <string>

namespace erratum::collector {

inline constexpr const char* kInboxCssPath = "/inbox/inbox.css";
inline constexpr const char* kInboxStatusPath = "/inbox/status";
inline constexpr const char* kInboxCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

std::string render_inbox(const InboxView& view);
const std::string& inbox_css();

// "2024-03-01T10:05:00.000Z" as "1 March 2024, 10:05 UTC" or
// "1er mars 2024, 10:05 UTC"; any other text as it is.
std::string display_time(const std::string& iso, Lang lang);

// The word for a status, an error type or an item kind in `lang`; the code
// itself when it is none of those.
std::string status_label(const std::string& status, Lang lang);
std::string error_type_label(const std::string& type, Lang lang);
std::string kind_label(const std::string& kind, Lang lang);

}  // namespace erratum::collector
