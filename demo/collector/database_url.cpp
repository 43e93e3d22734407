#include "database_url.hpp"

#include <vector>

namespace erratum::collector {
namespace {

constexpr std::string_view kSchemes[] = {"postgres://", "postgresql://"};

std::size_t scheme_length(std::string_view db) {
  for (std::string_view scheme : kSchemes)
    if (db.substr(0, scheme.size()) == scheme) return scheme.size();
  return 0;
}

// Where the password spans in `db`, as [begin, end) pairs: after the user
// name in the user info, and the value of each password= parameter.
std::vector<std::pair<std::size_t, std::size_t>> password_spans(std::string_view db) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  const std::size_t start = scheme_length(db);
  if (start == 0) return spans;
  const std::size_t query = db.find('?', start);
  const std::size_t authority_end = std::min(db.find('/', start), query);
  const std::string_view authority =
      db.substr(start, authority_end == std::string_view::npos ? db.npos : authority_end - start);
  // The last '@' ends the user info: a password may hold an unescaped '@'.
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::size_t colon = authority.find(':');
    if (colon != std::string_view::npos && colon < at) spans.emplace_back(start + colon + 1, start + at);
  }
  if (query == std::string_view::npos) return spans;
  std::size_t p = query + 1;
  while (p < db.size()) {
    std::size_t end = db.find('&', p);
    if (end == std::string_view::npos) end = db.size();
    constexpr std::string_view kKey = "password=";
    if (db.substr(p, kKey.size()) == kKey) spans.emplace_back(p + kKey.size(), end);
    p = end + 1;
  }
  return spans;
}

// %XX sequences decoded, as libpq reads a URL's parts.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto hex = [](char c) {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                    : -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool is_postgres_url(std::string_view db) { return scheme_length(db) > 0; }

std::string redact_database_url(const std::string& db) {
  std::string out = db;
  const auto spans = password_spans(db);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it)
    if (it->second > it->first) out.replace(it->first, it->second - it->first, "***");
  return out;
}

std::string scrub_password(std::string text, const std::string& db) {
  for (const auto& [begin, end] : password_spans(db)) {
    const std::string raw = db.substr(begin, end - begin);
    for (const std::string& password : {raw, percent_decoded(raw)}) {
      if (password.empty()) continue;
      for (std::size_t at = text.find(password); at != std::string::npos; at = text.find(password, at + 3))
        text.replace(at, password.size(), "***");
    }
  }
  return text;
}

}  // namespace erratum::collector
