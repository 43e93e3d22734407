#include "http_text.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace erratum::collector {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q-values are "0", "1" or "0.ddd"; anything else counts as 0 (not wanted).
int quality_in_thousandths(std::string_view q) {
  if (q.empty()) return 0;
  if (q[0] == '1') return 1000;
  if (q[0] != '0') return 0;
  int value = 0;
  int digits = 0;
  for (std::size_t i = 2; i < q.size() && digits < 3; ++i, ++digits) {
    if (!std::isdigit(static_cast<unsigned char>(q[i]))) return 0;
    value = value * 10 + (q[i] - '0');
  }
  while (digits++ < 3) value *= 10;
  return value;
}

// BCP 47 shape, loosely: letters, digits and '-' (or '_', as some clients send).
bool is_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  for (const char c : tag)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string form_decode(std::string_view s) { return percent_decode(s, true); }

// Strict unsigned decimal, no sign or spaces; nullopt on overflow.
std::optional<std::uint64_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> accepted_languages(std::string_view header) {
  std::vector<std::pair<int, std::string>> found;  // (q in thousandths, tag)
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view entry = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);

    int q = 1000;
    const std::size_t semi = entry.find(';');
    if (semi != std::string_view::npos) {
      std::string_view params = entry.substr(semi + 1);
      entry = trim(entry.substr(0, semi));
      params = trim(params);
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=')
        q = quality_in_thousandths(trim(params.substr(2)));
    }
    if (!is_language_tag(entry) || q <= 0) continue;  // "*" and garbage name no language
    found.emplace_back(q, std::string(entry));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

MediaType parse_media_type(std::string_view content_type) {
  MediaType out;
  const std::size_t semi = content_type.find(';');
  out.type = lower(trim(content_type.substr(0, semi)));
  std::string_view rest = semi == std::string_view::npos ? std::string_view() : content_type.substr(semi + 1);
  while (!rest.empty()) {
    const std::size_t next = rest.find(';');
    const std::string_view param = trim(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (lower(trim(param.substr(0, eq))) != "charset") continue;
    std::string_view value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    out.charset = lower(value);
  }
  return out;
}

std::optional<std::string> form_field(std::string_view body, std::string_view name) {
  while (true) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const std::size_t eq = pair.find('=');
    const std::string key = form_decode(pair.substr(0, eq));
    if (key == name) return eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) return std::nullopt;
    body = body.substr(amp + 1);
  }
}

std::string decode_path(std::string_view path) { return percent_decode(path, false); }

std::multimap<std::string, std::string> parse_query(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    out.emplace(form_decode(pair.substr(0, eq)),
                eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1)));
  }
  return out;
}

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
  RangeRequest whole;
  header = trim(header);
  if (header.size() < 6 || lower(header.substr(0, 6)) != "bytes=") return whole;
  const std::string_view spec = trim(header.substr(6));
  const std::size_t dash = spec.find('-');
  if (spec.find(',') != std::string_view::npos || dash == std::string_view::npos) return whole;
  const std::string_view from = trim(spec.substr(0, dash));
  const std::string_view to = trim(spec.substr(dash + 1));
  RangeRequest part;
  part.kind = RangeRequest::Kind::Part;
  if (from.empty()) {  // "-N": the last N bytes
    const std::optional<std::uint64_t> suffix = decimal(to);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return RangeRequest{RangeRequest::Kind::Unsatisfiable};
    part.first = *suffix >= size ? 0 : size - *suffix;
    part.last = size - 1;
    return part;
  }
  const std::optional<std::uint64_t> first = decimal(from);
  const std::optional<std::uint64_t> last = to.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : decimal(to);
  if (!first || !last || *last < *first) return whole;
  if (*first >= size) return RangeRequest{RangeRequest::Kind::Unsatisfiable};
  part.first = *first;
  part.last = std::min(*last, size - 1);
  return part;
}

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const std::size_t semicolon = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, semicolon);
    cookie_header.remove_prefix(semicolon == std::string_view::npos ? cookie_header.size() : semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string_view value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
  }
  return "";
}

std::string utc_timestamp_now() { return utc_timestamp(std::chrono::system_clock::now()); }

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[80];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return buffer;
}

}  // namespace erratum::collector
