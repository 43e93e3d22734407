#include "erratum/core/fields.hpp"

#include "erratum/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace erratum {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct UrlParts {
  std::string scheme;  // lower case, without ':'
  std::string host;    // lower case; IPv6 in brackets
  bool ok = false;
};

// A deliberately strict parse of absolute http(s) URLs: scheme, "//",
// optional userinfo (refused), host, optional port, then anything.
UrlParts parse_http_url(std::string_view url) {
  UrlParts p;
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos) return p;
  p.scheme = lower_ascii(url.substr(0, colon));
  if (p.scheme != "http" && p.scheme != "https") return p;
  if (url.substr(colon + 1, 2) != "//") return p;
  const std::size_t host_start = colon + 3;
  const std::size_t host_end = url.find_first_of("/?#", host_start);
  std::string_view authority =
      url.substr(host_start, host_end == std::string_view::npos ? std::string_view::npos : host_end - host_start);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return p;
  for (char c : authority)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\') return p;
  std::string_view host = authority;
  if (host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return p;
    std::string_view rest = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!rest.empty() && rest.front() != ':') return p;
    for (char c : rest.substr(rest.empty() ? 0 : 1))
      if (!std::isdigit(static_cast<unsigned char>(c))) return p;
  } else {
    const std::size_t port = host.rfind(':');
    if (port != std::string_view::npos) {
      for (char c : host.substr(port + 1))
        if (!std::isdigit(static_cast<unsigned char>(c))) return p;
      host = host.substr(0, port);
    }
  }
  if (host.empty()) return p;
  p.host = lower_ascii(host);
  p.ok = true;
  return p;
}

bool digits(std::string_view s, std::size_t from, std::size_t count) {
  if (from + count > s.size()) return false;
  for (std::size_t i = from; i < from + count; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

bool check_text_field(const std::string& s, const std::string& path, Issues& errors) {
  if (!is_valid_utf8(s)) {
    add_issue(errors, "text.invalid_encoding", path);
    return false;
  }
  for (char32_t cp : decode_utf8(s)) {
    // U+FDD0, the document reader's mark for a lone surrogate (document.hpp),
    // is one of the reserved noncharacters: refused as broken encoding.
    const char* code = is_reserved_noncharacter(cp) ? "text.invalid_encoding"
                       : is_disallowed_control(cp)  ? "text.control_character"
                                                    : nullptr;
    if (code) {
      add_issue(errors, code, path);
      return false;
    }
  }
  return true;
}

void check_strings(const Json& value, const std::string& path, Issues& errors) {
  // Through the containers themselves: nlohmann's items() would bring its
  // array-index keys along.
  if (const auto* array = value.get_ptr<const Json::array_t*>()) {
    for (std::size_t i = 0; i < array->size(); ++i) check_strings((*array)[i], path_index(path, i), errors);
  } else if (const auto* object = value.get_ptr<const Json::object_t*>()) {
    // A refused key names the member; its value would only repeat that path.
    for (const auto& [key, member] : *object) {
      const std::string member_path = path_join(path, key);
      if (check_text_field(key, member_path, errors)) check_strings(member, member_path, errors);
    }
  } else if (value.is_string()) {
    check_text_field(as_string(value), path, errors);
  }
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool is_iso_datetime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS
  if (!(digits(s, 0, 4) && s.size() > 19 && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2) &&
        (s[10] == 'T' || s[10] == 't') && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) && s[16] == ':' &&
        digits(s, 17, 2)))
    return false;
  const auto num = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  if (num(5) < 1 || num(5) > 12 || num(8) < 1 || num(8) > 31 || num(11) > 23 || num(14) > 59 || num(17) > 60)
    return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i + 1) return false;
    i = j;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2) && s[i + 3] == ':' &&
         digits(s, i + 4, 2);
}

bool is_absolute_http_url(std::string_view url) { return parse_http_url(url).ok; }

UrlCheck check_endpoint_url(std::string_view url) {
  const UrlParts p = parse_http_url(url);
  if (!p.ok) return UrlCheck::Invalid;
  if (p.scheme == "https") return UrlCheck::Ok;
  if (p.host == "localhost" || p.host == "127.0.0.1" || p.host == "[::1]") return UrlCheck::Ok;
  return UrlCheck::Insecure;
}

bool is_valid_email(std::string_view email) {
  if (email.size() > 254) return false;
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) return false;
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.size() > 64) return false;
  // Local part: dot-atom of printable ASCII "atext" or any non-ASCII (SMTPUTF8).
  static constexpr std::string_view atext_punct = "!#$%&'*+-/=?^_`{|}~";
  char prev = '.';
  for (char c : local) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!(std::isalnum(u) || u >= 0x80 || atext_punct.find(c) != std::string_view::npos)) {
      return false;
    }
    prev = c;
  }
  if (prev == '.') return false;
  // Domain: at least two labels of letters, digits, hyphens (or non-ASCII for IDN).
  std::size_t labels = 0, label_len = 0;
  prev = '.';
  for (char c : domain) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label_len == 0 || prev == '-') return false;
      ++labels;
      label_len = 0;
    } else if (std::isalnum(u) || u >= 0x80 || c == '-') {
      if (label_len == 0 && c == '-') return false;
      if (++label_len > 63) return false;
    } else {
      return false;
    }
    prev = c;
  }
  if (label_len == 0 || prev == '-') return false;
  return labels + 1 >= 2;
}

std::string strip_page_url(std::string_view url, const UrlKeep& keep) {
  std::string_view fragment;
  const std::size_t hash = url.find('#');
  if (hash != std::string_view::npos) {
    fragment = url.substr(hash);
    url = url.substr(0, hash);
  }
  std::string out;
  const std::size_t q = url.find('?');
  out.append(url.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view query = url.substr(q + 1);
    std::string kept;
    if (keep.all_query) {
      kept = std::string(query);
    } else if (!keep.query_params.empty()) {
      while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::string_view name = pair.substr(0, pair.find('='));
        if (std::find(keep.query_params.begin(), keep.query_params.end(), name) != keep.query_params.end()) {
          if (!kept.empty()) kept.push_back('&');
          kept.append(pair);
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      }
    }
    if (!kept.empty()) out.append("?").append(kept);
  }
  if (keep.fragment) out.append(fragment);
  return out;
}

}  // namespace erratum
