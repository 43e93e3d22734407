#include "host_guard.hpp"

#include "http_text.hpp"

#include <algorithm>
#include <cctype>

namespace erratum::collector {
namespace {

// "[::1]:8080" -> ("[::1]", "8080"); "example.org" -> ("example.org", "").
void split_port(std::string_view host, std::string& name, std::string& port) {
  const std::size_t colon = host.rfind(':');
  const std::size_t bracket = host.rfind(']');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    name = std::string(host);
    port.clear();
    return;
  }
  name = std::string(host.substr(0, colon));
  port = std::string(host.substr(colon + 1));
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

bool is_loopback_peer(std::string_view address) {
  const std::string a = lower(address);
  return a == "::1" || a.rfind("127.", 0) == 0 || a.rfind("::ffff:127.", 0) == 0;
}

std::optional<PublicUrl> parse_public_url(std::string_view url) {
  PublicUrl out;
  const std::string text = lower(url);
  std::string_view rest = text;
  if (rest.rfind("https://", 0) == 0) {
    out.https = true;
    rest.remove_prefix(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const std::size_t end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string name, port;
  split_port(authority, name, port);
  if (name.empty() || (authority.back() == ':') || (!port.empty() && !all_digits(port))) return std::nullopt;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'))
      return std::nullopt;
  out.host = std::string(authority);
  out.origin = std::string(out.https ? "https://" : "http://") + out.host;
  return out;
}

std::vector<std::string> default_allowed_hosts(const std::string& listen_host, int port,
                                               const std::optional<PublicUrl>& public_url) {
  const std::string p = ":" + std::to_string(port);
  std::vector<std::string> hosts = {"127.0.0.1" + p, "localhost" + p, "[::1]" + p};
  const bool v6 = listen_host.find(':') != std::string::npos && listen_host.front() != '[';
  const std::string listen = lower(v6 ? "[" + listen_host + "]" : listen_host) + p;
  if (std::find(hosts.begin(), hosts.end(), listen) == hosts.end()) hosts.push_back(listen);
  if (public_url) hosts.push_back(public_url->host);
  return hosts;
}

HostGuard::HostGuard(const std::vector<std::string>& allowed) {
  for (const std::string& entry : allowed) {
    if (entry == "*") {
      any_ = true;
      continue;
    }
    std::string name, port;
    split_port(lower(entry), name, port);
    if (port.empty())
      any_port_.push_back(name);
    else
      exact_.push_back(name + ":" + port);
  }
}

bool HostGuard::allows(std::string_view host_header) const {
  if (any_) return true;
  if (host_header.empty()) return false;
  const std::string host = lower(host_header);
  if (std::find(exact_.begin(), exact_.end(), host) != exact_.end()) return true;
  std::string name, port;
  split_port(host, name, port);
  if (!port.empty() && !all_digits(port)) return false;
  return std::find(any_port_.begin(), any_port_.end(), name) != any_port_.end();
}

}  // namespace erratum::collector
