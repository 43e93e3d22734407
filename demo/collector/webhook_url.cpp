#include "webhook_url.hpp"

#include <cctype>

namespace erratum::collector {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

bool is_host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

}  // namespace

std::optional<WebhookUrl> parse_webhook_url(std::string_view url) {
  WebhookUrl out;
  if (starts_with_ci(url, "https://")) {
    out.https = true;
    url.remove_prefix(8);
  } else if (starts_with_ci(url, "http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return std::nullopt;
  const std::size_t end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    for (char c : host)
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return std::nullopt;
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    for (char c : host)
      if (!is_host_char(c)) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  if (port.empty()) {
    out.port = out.https ? "443" : "80";
  } else {
    if (port.size() > 5) return std::nullopt;
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return std::nullopt;
    out.port = std::to_string(value);
  }
  out.host = std::string(host);
  out.target = rest.empty() ? "/" : std::string(rest);
  if (out.target.front() == '?') out.target.insert(0, "/");
  const bool v6 = out.host.find(':') != std::string::npos;
  out.host_header = v6 ? "[" + out.host + "]" : out.host;
  if (out.port != (out.https ? "443" : "80")) out.host_header += ":" + out.port;
  return out;
}

}  // namespace erratum::collector
