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

// Rewrites lone-surrogate escapes inside strings to \uFDD0 (see header).
// Returns an empty optional when no rewrite was needed, to avoid a copy.
std::optional<std::string> replace_lone_surrogates(std::string_view s) {
  std::optional<std::string> out;
  bool in_string = false;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!in_string) {
      if (c == '"') in_string = true;
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
      if (!out) out.emplace();
      out->append(s.substr(copied, i - copied));
      out->append("\\uFDD0");
      copied = i + 6;
    }
    i += 5;
  }
  if (out) out->append(s.substr(copied));
  return out;
}

}  // namespace

std::optional<Json> parse_json(std::string_view text, ParseFailure* failure) {
  const std::optional<std::string> rewritten = replace_lone_surrogates(text);
  const std::string_view input = rewritten ? std::string_view(*rewritten) : text;

  // Depth is checked with a callback so that a hostile document cannot build a
  // structure too deep for the recursive serializer and destructor.
  bool too_deep = false;
  const Json::parser_callback_t limit_depth = [&](int d, Json::parse_event_t event, Json&) {
    if (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) {
      if (d >= kMaxJsonDepth) too_deep = true;
    }
    return !too_deep;
  };
  Json value = Json::parse(input.begin(), input.end(), limit_depth, /*allow_exceptions=*/false,
                           /*ignore_comments=*/false);
  if (too_deep) {
    if (failure) *failure = {0, "nesting deeper than " + std::to_string(kMaxJsonDepth)};
    return std::nullopt;
  }
  if (value.is_discarded()) {
    if (failure) *failure = {0, "syntax error"};
    return std::nullopt;
  }
  return value;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
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
