#include "erratum/core/json.hpp"

#include "erratum/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace erratum {

// ------------------------------------------------------------------ document

Json::Json(const Json& other) = default;
Json::Json(Json&& other) noexcept = default;
Json& Json::operator=(const Json& other) = default;
Json& Json::operator=(Json&& other) noexcept = default;
Json::~Json() = default;
Json::Json(const char* s) : type_(Type::String), text_(s) {}
Json::Json(std::string s) : type_(Type::String), text_(std::move(s)) {}
Json::Json(std::string_view s) : type_(Type::String), text_(s) {}

Json::Json(std::initializer_list<Json> list) {
  const bool pairs = std::all_of(list.begin(), list.end(), [](const Json& e) {
    return e.type_ == Type::Array && e.items_.size() == 2 && e.items_[0].type_ == Type::String;
  });
  if (pairs) {
    type_ = Type::Object;
    for (const Json& e : list) (*this)[e.items_[0].text_] = e.items_[1];
  } else {
    type_ = Type::Array;
    items_.assign(list.begin(), list.end());
  }
}

Json Json::object() {
  Json j;
  j.type_ = Type::Object;
  return j;
}

Json Json::object(std::initializer_list<Field> fields) {
  Json j = object();
  for (const Field& f : fields) j[f.key] = f.value;
  return j;
}

Json Json::array(std::initializer_list<Json> items) {
  Json j;
  j.type_ = Type::Array;
  j.items_.assign(items.begin(), items.end());
  return j;
}

Json Json::number(double value, std::string source) {
  Json j(value);
  j.text_ = std::move(source);
  return j;
}

const std::string& Json::as_string() const {
  static const std::string kEmpty;
  return type_ == Type::String ? text_ : kEmpty;
}

std::size_t Json::size() const {
  if (type_ == Type::Array) return items_.size();
  if (type_ == Type::Object) return members_.size();
  return 0;
}

void Json::push_back(Json item) {
  if (type_ == Type::Null) type_ = Type::Array;
  if (type_ == Type::Array) items_.push_back(std::move(item));
}

const Json* Json::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  for (const Member& m : members_)
    if (m.key == key) return &m.value;
  return nullptr;
}

Json& Json::operator[](std::string_view key) {
  if (type_ == Type::Null) type_ = Type::Object;
  for (Member& m : members_)
    if (m.key == key) return m.value;
  members_.push_back({std::string(key), Json()});
  return members_.back().value;
}

const Json& Json::operator[](std::string_view key) const {
  static const Json kNull;
  const Json* m = find(key);
  return m ? *m : kNull;
}

bool Json::operator==(const Json& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::Null: return true;
    case Type::Boolean: return boolean_ == other.boolean_;
    case Type::Number: return number_ == other.number_;
    case Type::String: return text_ == other.text_;
    case Type::Array: return items_ == other.items_;
    case Type::Object:
      return std::equal(members_.begin(), members_.end(), other.members_.begin(), other.members_.end(),
                        [](const Member& a, const Member& b) { return a.key == b.key && a.value == b.value; });
  }
  return false;
}

const std::string* string_member(const Json& object, const char* key) {
  const Json* m = object.find(key);
  return m && m->is_string() ? &m->as_string() : nullptr;
}

long long index_member(const Json& object, const char* key) {
  const Json* m = object.find(key);
  if (!m || !m->is_number()) return -1;
  const double d = m->as_number();
  // NaN fails every comparison; infinities fail the bounds.
  if (!(d >= 0 && d <= kMaxIndexMember) || std::floor(d) != d) return -1;
  return static_cast<long long>(d);
}

// ------------------------------------------------------------------ reader

namespace {

// 10^0 .. 10^22 are exact in a double: one multiplication or division by one
// of them rounds once, which makes the result exact (Clinger's fast path).
constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double scale_by_power_of_ten(double value, long exponent) {
  if (value == 0) return value;
  while (exponent > 22) {
    value *= 1e22;
    exponent -= 22;
    if (std::isinf(value)) return value;
  }
  while (exponent < -22) {
    value /= 1e22;
    exponent += 22;
    if (value == 0) return value;
  }
  return exponent >= 0 ? value * kExactPowers[exponent] : value / kExactPowers[-exponent];
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// A recursive-descent reader over the whole text (documents arrive whole).
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : p_(text.data()), begin_(text.data()), end_(text.data() + text.size()) {}

  std::optional<Json> document(ParseFailure* failure) {
    if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF && static_cast<unsigned char>(p_[1]) == 0xBB &&
        static_cast<unsigned char>(p_[2]) == 0xBF)
      p_ += 3;
    Json value;
    if (parse_value(value, 0)) {
      skip_space();
      if (p_ == end_) return value;
      fail("unexpected text after the document");
    }
    if (failure) *failure = {static_cast<std::size_t>(p_ - begin_), reason_};
    return std::nullopt;
  }

 private:
  bool fail(const char* reason) {
    if (reason_.empty()) reason_ = reason;
    return false;
  }

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return fail("invalid literal");
    p_ += word.size();
    return true;
  }

  bool parse_value(Json& out, int depth) {
    skip_space();
    if (p_ == end_) return fail("unexpected end of input");
    switch (*p_) {
      case '{': return parse_object(out, depth + 1);
      case '[': return parse_array(out, depth + 1);
      case '"':
        out.type_ = Json::Type::String;
        return parse_string(out.text_);
      case 't':
        out = Json(true);
        return literal("true");
      case 'f':
        out = Json(false);
        return literal("false");
      case 'n':
        out = Json();
        return literal("null");
      default: return parse_number(out);
    }
  }

  bool parse_array(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return fail("nesting deeper than 64");
    ++p_;  // '['
    out.type_ = Json::Type::Array;
    skip_space();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      out.items_.emplace_back();
      if (!parse_value(out.items_.back(), depth)) return false;
      skip_space();
      if (p_ == end_) return fail("unexpected end of input");
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_++ != ',') return fail("expected ',' or ']'");
    }
  }

  bool parse_object(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return fail("nesting deeper than 64");
    ++p_;  // '{'
    out.type_ = Json::Type::Object;
    auto& members = out.members_;
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      skip_space();
      if (p_ == end_ || *p_ != '"') return fail("expected a member name");
      members.emplace_back();
      if (!parse_string(members.back().key)) return false;
      skip_space();
      if (p_ == end_ || *p_++ != ':') return fail("expected ':'");
      if (!parse_value(members.back().value, depth)) return false;
      skip_space();
      if (p_ == end_) return fail("unexpected end of input");
      if (*p_ == '}') {
        ++p_;
        break;
      }
      if (*p_++ != ',') return fail("expected ',' or '}'");
    }
    merge_repeated_keys(members);
    return true;
  }

  // A repeated key keeps its first place and takes the last value, as in
  // JSON.parse. Large objects are checked in key order, so that a hostile
  // document with many keys costs n log n, not n².
  static void merge_repeated_keys(std::vector<Json::Member>& members) {
    const std::size_t n = members.size();
    if (n < 2) return;
    std::vector<bool> dropped(n, false);
    bool any = false;
    auto merge = [&](std::size_t first, std::size_t later) {
      members[first].value = std::move(members[later].value);
      dropped[later] = any = true;
    };
    if (n <= 16) {
      for (std::size_t j = 1; j < n; ++j)
        for (std::size_t i = 0; i < j; ++i)
          if (!dropped[i] && members[i].key == members[j].key) {
            merge(i, j);
            break;
          }
    } else {
      const std::vector<std::uint32_t> order = key_order(members);
      for (std::size_t k = 1, first = 0; k < n; ++k) {
        if (members[order[k]].key == members[order[first]].key)
          merge(order[first], order[k]);
        else
          first = k;
      }
    }
    if (!any) return;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (!dropped[i]) {
        if (kept != i) members[kept] = std::move(members[i]);
        ++kept;
      }
    members.resize(kept);
  }

  // Member indices sorted by key, equal keys in document order: a bottom-up
  // merge sort, a few hundred bytes of code where std::stable_sort's
  // instantiation took 3.4 KB of the module.
  static std::vector<std::uint32_t> key_order(const std::vector<Json::Member>& members) {
    const std::size_t n = members.size();
    std::vector<std::uint32_t> order(n), scratch(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    for (std::size_t width = 1; width < n; width *= 2) {
      for (std::size_t lo = 0; lo < n; lo += 2 * width) {
        const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
        std::size_t a = lo, b = mid, out = lo;
        while (a < mid && b < hi) scratch[out++] = members[order[b]].key < members[order[a]].key ? order[b++] : order[a++];
        while (a < mid) scratch[out++] = order[a++];
        while (b < hi) scratch[out++] = order[b++];
      }
      order.swap(scratch);
    }
    return order;
  }

  // The 16-bit unit of the `\uXXXX` at p (p at the backslash), or -1.
  int escape_unit(const char* p) const {
    if (end_ - p < 6 || p[0] != '\\' || p[1] != 'u') return -1;
    int v = 0;
    for (int k = 2; k < 6; ++k) {
      const int h = hex_digit(p[k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  bool parse_string(std::string& out) {
    ++p_;  // opening quote
    for (;;) {
      // Copy the run of characters that need no decoding at once (checking
      // that multi-byte ones are well formed on the way).
      const char* run = p_;
      while (p_ != end_) {
        const unsigned char c = static_cast<unsigned char>(*p_);
        if (c < 0x80) {
          if (c < 0x20 || c == '"' || c == '\\') break;
          ++p_;
          continue;
        }
        const std::size_t n = utf8_sequence_length(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
        if (n == 0) return fail("invalid UTF-8");
        p_ += n;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return fail("control character in a string");
      // A backslash.
      if (end_ - p_ < 2) return fail("unterminated string");
      const char e = p_[1];
      const char* simple = nullptr;
      switch (e) {
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        case '/': simple = "/"; break;
        case 'b': simple = "\b"; break;
        case 'f': simple = "\f"; break;
        case 'n': simple = "\n"; break;
        case 'r': simple = "\r"; break;
        case 't': simple = "\t"; break;
        case 'u': break;
        default: return fail("invalid escape");
      }
      if (simple) {
        out.push_back(*simple);
        p_ += 2;
        continue;
      }
      const int unit = escape_unit(p_);
      if (unit < 0) return fail("invalid \\u escape");
      p_ += 6;
      char32_t cp = static_cast<char32_t>(unit);
      if (is_high_surrogate(cp)) {
        const int next = escape_unit(p_);
        if (next >= 0 && is_low_surrogate(static_cast<char32_t>(next))) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<char32_t>(next) - 0xDC00);
          p_ += 6;
        } else {
          cp = kLoneSurrogateSentinel;
        }
      } else if (is_low_surrogate(cp)) {
        cp = kLoneSurrogateSentinel;
      }
      append_utf8(out, cp);
    }
  }

  bool parse_number(Json& out) {
    const char* start = p_;
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    auto digit = [&] { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; };
    if (!digit()) return fail("invalid value");
    // The significand's first 19 digits are kept exactly; later ones only
    // move the decimal exponent.
    std::uint64_t significand = 0;
    int kept_digits = 0;
    long exponent = 0;
    bool integer = true;
    auto take = [&](bool fraction) {
      const int d = *p_++ - '0';
      if (kept_digits < 19) {
        if (significand != 0 || d != 0) ++kept_digits;
        significand = significand * 10 + static_cast<unsigned>(d);
        if (fraction) --exponent;
      } else if (!fraction) {
        ++exponent;
      }
    };
    if (*p_ == '0') {
      ++p_;
    } else {
      while (digit()) take(false);
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      integer = false;
      if (!digit()) return fail("invalid number");
      while (digit()) take(true);
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      integer = false;
      bool exponent_negative = false;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) exponent_negative = *p_++ == '-';
      if (!digit()) return fail("invalid number");
      long written = 0;
      while (digit()) {
        written = std::min(written * 10 + (*p_++ - '0'), 100000L);  // far past any double's range
      }
      exponent += exponent_negative ? -written : written;
    }
    double value = scale_by_power_of_ten(static_cast<double>(significand), exponent);
    // Like nlohmann/json, a number past a double's range is refused rather
    // than read as infinity (which JSON cannot write back).
    if (std::isinf(value)) return fail("number out of range");
    if (negative) value = -value;
    // A plain integer the double holds exactly is written back from its
    // value; anything else keeps its text.
    constexpr double kSafeInteger = 9007199254740991.0;  // 2^53 - 1
    if (integer && !(negative && significand == 0) && std::fabs(value) <= kSafeInteger)
      out = Json(value);
    else
      out = Json::number(value, std::string(start, static_cast<std::size_t>(p_ - start)));
    return true;
  }

  const char* p_;
  const char* begin_;
  const char* end_;
  std::string reason_;
};

std::optional<Json> parse_json(std::string_view text, ParseFailure* failure) {
  return JsonReader(text).document(failure);
}

// ------------------------------------------------------------------ writer

namespace {

void append_number(std::string& out, double v) {
  char buffer[32];
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // Integers, exactly (every integer below 2^63 a double holds).
  if (std::trunc(v) == v && std::fabs(v) < 9.2e18) {
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(v));
    out.append(buffer, r.ptr);
    return;
  }
  // Computed fractions (scores): 9 decimals, which every double the core
  // computes (ratios and weighted sums of them) needs no more than.
  if (std::fabs(v) < 9e9) {
    const long long scaled = std::llround(std::fabs(v) * 1e9);
    if (v < 0 && scaled != 0) out.push_back('-');
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, scaled / 1000000000);
    out.append(buffer, r.ptr);
    long long fraction = scaled % 1000000000;
    if (fraction != 0) {
      char digits[9];
      for (int k = 8; k >= 0; --k, fraction /= 10) digits[k] = static_cast<char>('0' + fraction % 10);
      int used = 9;
      while (digits[used - 1] == '0') --used;
      out.push_back('.');
      out.append(digits, static_cast<std::size_t>(used));
    }
    return;
  }
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, std::llround(v));
  out.append(buffer, r.ptr);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t run = 0;  // start of the current run of bytes written as they are
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = bytes[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(s, i);
      if (n != 0) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c >= 0x80) {
          out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
        } else {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_json(std::string& out, const Json& value) {
  switch (value.type_) {
    case Json::Type::Null: out += "null"; break;
    case Json::Type::Boolean: out += value.boolean_ ? "true" : "false"; break;
    case Json::Type::Number:
      if (!value.text_.empty())
        out += value.text_;
      else
        append_number(out, value.number_);
      break;
    case Json::Type::String: append_json_string(out, value.text_); break;
    case Json::Type::Array: {
      out.push_back('[');
      for (std::size_t i = 0; i < value.items_.size(); ++i) {
        if (i) out.push_back(',');
        append_json(out, value.items_[i]);
      }
      out.push_back(']');
      break;
    }
    case Json::Type::Object: {
      out.push_back('{');
      for (std::size_t i = 0; i < value.members_.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, value.members_[i].key);
        out.push_back(':');
        append_json(out, value.members_[i].value);
      }
      out.push_back('}');
      break;
    }
  }
}

std::string dump_json(const Json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace erratum
