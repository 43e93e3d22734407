#include "json_io.hpp"

#include <cctype>

namespace erratum {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the 16-bit value of a `\uXXXX` escape starting at `i` (the backslash).
int escape_at(std::string_view s, std::size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int v = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int h = hex_value(s[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// One linear pass over the text before parsing: rewrites lone-surrogate
// escapes inside strings to \uFDD0 (see header) and measures the nesting
// depth, so that the parser itself runs without a (costly) callback.
struct Prescan {
  std::optional<std::string> rewritten;  // empty when no rewrite was needed, to avoid a copy
  int max_depth = 0;
  bool closes_unopened = false;  // a ']' or '}' with nothing open: not JSON
};

Prescan prescan(std::string_view s) {
  Prescan out;
  bool in_string = false;
  int depth = 0;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!in_string) {
      if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        if (++depth > out.max_depth) out.max_depth = depth;
      } else if ((c == ']' || c == '}') && --depth < 0) {
        out.closes_unopened = true;
        return out;
      }
      continue;
    }
    if (c == '"') {
      in_string = false;
      continue;
    }
    if (c != '\\') continue;
    if (i + 1 < s.size() && s[i + 1] != 'u') {
      ++i;  // skip the escaped character (it may be a quote)
      continue;
    }
    const int unit = escape_at(s, i);
    if (unit < 0) continue;  // the parser will report the malformed escape
    bool lone = false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int next = escape_at(s, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 11;  // a valid pair: keep both escapes
        continue;
      }
      lone = true;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      lone = true;
    }
    if (lone) {
      if (!out.rewritten) out.rewritten.emplace();
      out.rewritten->append(s.substr(copied, i - copied));
      out.rewritten->append("\\uFDD0");
      copied = i + 6;
    }
    i += 5;
  }
  if (out.rewritten) out.rewritten->append(s.substr(copied));
  return out;
}

}  // namespace

std::optional<Json> parse_json(std::string_view text, ParseFailure* failure) {
  const Prescan scan = prescan(text);
  // A hostile document must not build a structure too deep for the recursive
  // serializer. Brackets inside strings are not counted, so in any document
  // whose brackets balance this is the true depth.
  if (scan.closes_unopened) {
    if (failure) *failure = {0, "syntax error"};
    return std::nullopt;
  }
  if (scan.max_depth > kMaxJsonDepth) {
    if (failure) *failure = {0, "nesting deeper than " + std::to_string(kMaxJsonDepth)};
    return std::nullopt;
  }
  const std::string_view input = scan.rewritten ? std::string_view(*scan.rewritten) : text;
  Json value = Json::parse(input.begin(), input.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/false);
  if (value.is_discarded()) {
    if (failure) *failure = {0, "syntax error"};
    return std::nullopt;
  }
  return value;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the current run of characters needing no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

const std::string* string_member(const Json& object, std::string_view key) {
  const Json* m = member(object, key);
  return m && m->is_string() ? m->get_ptr<const std::string*>() : nullptr;
}

}  // namespace erratum
