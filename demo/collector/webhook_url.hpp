// A --webhook URL, split for the HTTP client: http:// or https://, a host
// name or address (IPv6 in brackets), an optional port, and the path with
// its query. User info and fragments have no place in a webhook URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace erratum::collector {

struct WebhookUrl {
  bool https = false;
  std::string host;         // as written, without brackets: "hooks.example.org", "::1"
  std::string port;         // "443" when the URL gives none
  std::string target;       // "/path?query", "/" when empty
  std::string host_header;  // the Host field: the host, and ":port" when not the scheme's default
};

// nullopt for anything else than the form above.
std::optional<WebhookUrl> parse_webhook_url(std::string_view url);

}  // namespace erratum::collector
