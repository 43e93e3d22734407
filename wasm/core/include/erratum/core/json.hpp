// The core's JSON: a small document model, a reader and a writer, written for
// the wasm module's size budget. nlohmann/json did this job first and is still
// the reference: the native tests and the fuzz_json target check this reader
// against it on every input (same acceptance, same values). It cost 45 % of
// the module's code, with musl's printf and long-double strtod pulled in; this
// file does only what the core needs, never throws, and never aborts.
//
// Differences from nlohmann/json, all deliberate:
// - objects keep their members in document order (a repeated key keeps its
//   first place and takes the last value, as JSON.parse does);
// - a number keeps its source text unless it is a plain safe integer, so it is
//   written back exactly as it came (the collector stores what clients sent);
//   its double value is exact whenever the decimal significand fits in 53 bits
//   and the power of ten in 10^22 (every number JavaScript writes for a value
//   the core checks), and within a few ulps otherwise;
// - a `\uD8xx`/`\uDCxx` escape that is not half of a valid pair (JSON.stringify
//   writes those for lone surrogates) is read as U+FDD0, so validation can
//   point at the field that holds it instead of refusing the whole document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace erratum {

class Json {
 public:
  enum class Type : std::uint8_t { Null, Boolean, Number, String, Array, Object };
  struct Member;
  struct Field;

  Json() = default;
  // Out of line on purpose: inlined at every temporary, these made up a
  // good part of the module's code.
  Json(const Json& other);
  Json(Json&& other) noexcept;
  Json& operator=(const Json& other);
  Json& operator=(Json&& other) noexcept;
  ~Json();
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::Boolean), boolean_(b) {}
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Json(T n) : type_(Type::Number), number_(static_cast<double>(n)) {}
  Json(const char* s);
  Json(std::string s);
  Json(std::string_view s);
  template <typename T>
  Json(const std::vector<T>& items) : type_(Type::Array), items_(items.begin(), items.end()) {}
  // As in nlohmann/json: a list of two-element lists that each start with a
  // string is an object ({{"key", value}, ...}); any other list is an array.
  Json(std::initializer_list<Json> list);

  static Json object();
  // An object built from {{"key", value}, ...}: the same result as the list
  // constructor above, for a fraction of its code at each call site (one
  // temporary per member instead of a key string, a pair array and an
  // initializer list per member). Use this one to build objects.
  static Json object(std::initializer_list<Field> fields);
  static Json array(std::initializer_list<Json> items = {});
  // A number with the text it was read from (written back verbatim).
  static Json number(double value, std::string source);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_boolean() const { return type_ == Type::Boolean; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  // The value of a boolean, number or string (false, 0, "" for other types).
  bool as_bool() const { return type_ == Type::Boolean && boolean_; }
  double as_number() const { return type_ == Type::Number ? number_ : 0.0; }
  const std::string& as_string() const;

  // Arrays: the items; objects: the members; other types: nothing.
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  const Json& operator[](std::size_t index) const { return items_[index]; }
  const Json* begin() const { return items_.data(); }
  const Json* end() const { return items_.data() + items_.size(); }
  void push_back(Json item);  // makes a null an array first
  const std::vector<Member>& members() const { return members_; }

  // The member named `key`, or nullptr (also when this is not an object).
  const Json* find(std::string_view key) const;
  // The member named `key`, added as null if missing; makes a null an object
  // first (call it on an object or a null only).
  Json& operator[](std::string_view key);
  // The member named `key`, or a null when there is none.
  const Json& operator[](std::string_view key) const;

  // Same type and value; objects compare member by member in order.
  bool operator==(const Json& other) const;
  bool operator!=(const Json& other) const { return !(*this == other); }

 private:
  friend class JsonReader;
  friend void append_json(std::string& out, const Json& value);

  Type type_ = Type::Null;
  bool boolean_ = false;
  double number_ = 0;
  std::string text_;             // a string's value; a number's source text, when it has to be kept
  std::vector<Json> items_;      // an array's items
  std::vector<Member> members_;  // an object's members, in document order
};

struct Json::Member {
  std::string key;
  Json value;
};

struct Json::Field {
  const char* key;
  Json value;
};

struct ParseFailure {
  std::size_t byte = 0;  // where the reader stopped
  std::string reason;    // English, for logs only ("nesting deeper than 64" for depth)
};

inline constexpr int kMaxJsonDepth = 64;

// Parses one JSON document (RFC 8259; a UTF-8 byte order mark is skipped; a
// number beyond a double's range is refused).
// Strings must be well-formed UTF-8. Nesting deeper than kMaxJsonDepth is
// refused, so a hostile document cannot exhaust the stack.
std::optional<Json> parse_json(std::string_view text, ParseFailure* failure = nullptr);

// Compact JSON text. Invalid UTF-8 in a string becomes U+FFFD; a number that
// is not finite becomes null; a computed number that is not an integer is
// written with up to 9 decimals (parsed numbers keep their own text).
std::string dump_json(const Json& value);
void append_json(std::string& out, const Json& value);

// Appends `s` as a JSON string literal, quotes included, for answers written
// directly instead of through a document.
void append_json_string(std::string& out, std::string_view s);

// Typed, non-throwing member access. Each returns nullptr when `object` is not
// an object, the key is absent, or the member has another type.
// The keys are C strings: the core looks up literal keys, and in the wasm
// build, where the core outside the kernels is not inlined, turning a literal
// into a string_view is one more call at each of the many call sites. A key
// held in a std::string goes to Json::find.
inline const Json* member(const Json& object, const char* key) { return object.find(key); }
const std::string* string_member(const Json& object, const char* key);
// A member that is a whole number in [0, kMaxIndexMember] (a block index, a
// text offset), or -1 when it is absent, not a number, fractional, negative
// or larger. The bound is far above any article the limits allow and keeps
// the value exact in a double and in an int64; -1 then makes the caller
// report the value as out of range.
constexpr double kMaxIndexMember = 4e9;
long long index_member(const Json& object, const char* key);

}  // namespace erratum
