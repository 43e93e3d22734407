// The editor's inbox as one static HTML page: no script, no inline style
// (the stylesheet is a separate file, so the page runs under a CSP of
// default-src 'none'). Every value taken from a report is HTML-escaped.
#pragma once

#include "inbox_view.hpp"

#include <string>

namespace erratum::collector {

inline constexpr const char* kInboxCssPath = "/inbox/inbox.css";
inline constexpr const char* kInboxCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

std::string render_inbox(const InboxView& view);
const std::string& inbox_css();

}  // namespace erratum::collector
