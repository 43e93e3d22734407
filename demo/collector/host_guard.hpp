// Which Host header values the collector answers. A page on any site can
// re-point its own host name at 127.0.0.1 (DNS rebinding) and then read what
// a loopback collector serves as if it were same-origin; its requests still
// carry the attacker's host name in Host. So every request whose Host is not
// one of the collector's own names is refused (421 Misdirected Request).
// Also here: what counts as a loopback address, and the --public-url parts
// the guard and the cookies need.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// A listen address (--host) that only this machine can reach:
// 127.0.0.0/8, ::1, localhost.
bool is_loopback_host(std::string_view host);

// A TCP peer address (as the socket reports it, "::ffff:127.0.0.1" included)
// on this machine.
bool is_loopback_peer(std::string_view address);

struct PublicUrl {
  std::string origin;  // "https://reports.example.org" (lower-case, no path)
  std::string host;    // "reports.example.org", with ":port" when the URL has one
  bool https = false;
};
// http(s)://host[:port][/path]; nullopt for anything else.
std::optional<PublicUrl> parse_public_url(std::string_view url);

// The names a client reaching the collector directly uses: 127.0.0.1,
// localhost and [::1] at `port`, the listen address at `port`, and the
// public URL's host.
std::vector<std::string> default_allowed_hosts(const std::string& listen_host, int port,
                                               const std::optional<PublicUrl>& public_url);

class HostGuard {
 public:
  // Entries are "name:port" (that port only), "name" (any port) or "*"
  // (every Host: the check is off). Names compare case-insensitively.
  explicit HostGuard(const std::vector<std::string>& allowed);

  // True when the Host header value names the collector. An absent or empty
  // Host is refused too.
  bool allows(std::string_view host_header) const;

 private:
  bool any_ = false;
  std::vector<std::string> exact_;     // "name:port"
  std::vector<std::string> any_port_;  // "name"
};

}  // namespace erratum::collector
