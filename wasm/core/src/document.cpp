#include "erratum/core/document.hpp"

#include "erratum/core/text.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

namespace erratum {
namespace {

using DomBuilder = nlohmann::detail::json_sax_dom_parser<Json>;

// nlohmann's own DOM builder behind a depth gate: parsing stops at the first
// container that opens deeper than kMaxJsonDepth, before anything under it
// is built. Every other event goes straight through.
class DepthLimitedBuilder {
 public:
  explicit DepthLimitedBuilder(Json& root) : dom_(root, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) { return dom_.number_float(v, s); }
  bool string(Json::string_t& v) { return dom_.string(v); }
  bool binary(Json::binary_t& v) { return dom_.binary(v); }
  bool key(Json::string_t& v) { return dom_.key(v); }
  bool start_object(std::size_t n) { return enter() && dom_.start_object(n); }
  bool end_object() { return leave() && dom_.end_object(); }
  bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
  bool end_array() { return leave() && dom_.end_array(); }
  bool parse_error(std::size_t at, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(at, token, e);
  }

  bool too_deep() const { return too_deep_; }

 private:
  bool enter() {
    too_deep_ = ++depth_ > kMaxJsonDepth;
    return !too_deep_;
  }
  bool leave() {
    --depth_;
    return true;
  }

  DomBuilder dom_;
  int depth_ = 0;
  bool too_deep_ = false;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of the \uXXXX escape at `at`, or -1 when there is none.
long escape_unit(std::string_view text, std::size_t at) {
  if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return -1;
  long unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const int h = hex_value(text[i]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

// Rewrites each \u escape of a lone surrogate to \uFDD0 (same length), for a
// second reading of a document nlohmann refused. A backslash only stands in
// strings in valid JSON, so stepping escape by escape is enough to tell them.
bool mark_lone_surrogates(std::string_view text, std::string& out) {
  bool changed = false;
  for (std::size_t i = text.find('\\'); i != std::string_view::npos && i + 1 < text.size(); i = text.find('\\', i)) {
    const long unit = escape_unit(text, i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      i += 2;
      continue;
    }
    const long next = escape_unit(text, i + 6);
    if (unit <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
      i += 12;
      continue;
    }
    if (!changed) out.assign(text);
    out.replace(i, 6, "\\uFDD0");
    changed = true;
    i += 6;
  }
  return changed;
}

std::optional<Json> parse_limited(std::string_view text, ParseProblem& problem) {
  Json root;
  DepthLimitedBuilder builder(root);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                                  /*strict=*/true);
  if (ok && !root.is_discarded()) return root;
  problem = builder.too_deep() ? ParseProblem::TooDeep : ParseProblem::Invalid;
  return std::nullopt;
}

const std::string kEmptyString;

}  // namespace

std::optional<Json> parse_json(std::string_view text, ParseProblem* problem) {
  ParseProblem why = ParseProblem::Invalid;
  std::optional<Json> doc;
  if (text.find('\0') == std::string_view::npos) {
    doc = parse_limited(text, why);
    std::string marked;
    if (!doc && why == ParseProblem::Invalid && mark_lone_surrogates(text, marked)) doc = parse_limited(marked, why);
  }
  if (problem) *problem = doc ? ParseProblem::None : why;
  return doc;
}

void append_json(std::string& out, const Json& value) {
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void append_json_string(std::string& out, std::string_view s) { append_json(out, Json(s)); }

// Built for size whatever this file's level (the mark is text.hpp's): the
// digit loop of std::to_chars stays one shared call instead of being
// inlined here.
ERRATUM_ONCE_PER_CALL void append_integer(std::string& out, std::ptrdiff_t value) {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

std::string dump_json(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json json_object(std::initializer_list<JsonMember> members) {
  Json object = empty_object();
  for (const JsonMember& m : members) object[m.key] = std::move(m.value);
  return object;
}

double round_decimals(double value) {
  if (!std::isfinite(value)) return value;
  const double scaled = std::round(value * 1e9) / 1e9;
  return std::isfinite(scaled) ? scaled : value;
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const std::string* string_member(const Json& object, std::string_view key) {
  const Json* v = member(object, key);
  return v && v->is_string() ? v->get_ptr<const std::string*>() : nullptr;
}

const std::string& as_string(const Json& value) {
  const std::string* s = value.get_ptr<const std::string*>();
  return s ? *s : kEmptyString;
}

double as_number(const Json& value) { return value.is_number() ? value.get<double>() : 0.0; }

bool as_bool(const Json& value) { return value.is_boolean() && value.get<bool>(); }

long long index_member(const Json& object, std::string_view key) {
  const Json* v = member(object, key);
  if (!v) return -1;
  if (v->is_number_unsigned()) {
    const auto n = v->get<Json::number_unsigned_t>();
    return n <= static_cast<Json::number_unsigned_t>(kMaxIndexMember) ? static_cast<long long>(n) : -1;
  }
  if (!v->is_number()) return -1;
  const double n = v->get<double>();
  if (!(n >= 0 && n <= kMaxIndexMember) || n != std::floor(n)) return -1;
  return static_cast<long long>(n);
}

}  // namespace erratum
