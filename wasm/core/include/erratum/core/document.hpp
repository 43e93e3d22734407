// The core's JSON documents: nlohmann/json's ordered_json, read with the
// limits a browser module and a public collector need, written without ever
// failing, and reached through typed accessors that never abort.
//
// nlohmann/json is built without exceptions here (JSON_NOEXCEPTION), so any
// call that would throw aborts the module instead. The core therefore never
// uses at(), get<T>() on an unchecked type, or operator[] on a const value:
// it goes through member(), string_member(), as_string() and friends.
//
// What reading promises on top of nlohmann's RFC 8259 parser:
// - objects keep their members in document order (ordered_json); a repeated
//   key keeps its first place and takes the last value, as JSON.parse does;
// - nesting deeper than kMaxJsonDepth is refused before it is built, so a
//   hostile document can neither exhaust memory nor the stack;
// - a NUL byte anywhere is refused (nlohmann would take one for the end);
// - a \uD8xx or \uDCxx escape that is not half of a valid pair (what
//   JSON.stringify writes for a lone surrogate) is read as U+FDD0, so that
//   validation names the field that holds it instead of refusing the whole
//   document; every text field check refuses that sentinel;
// - a number keeps its value, not its spelling: integers stay integers and
//   other numbers are doubles, written back in their shortest exact form.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace erratum {

using Json = nlohmann::ordered_json;

inline constexpr int kMaxJsonDepth = 64;

enum class ParseProblem { None, Invalid, TooDeep };

// Parses one JSON document (a UTF-8 byte order mark is skipped; strings must
// be well-formed UTF-8; a number beyond a double's range is refused).
std::optional<Json> parse_json(std::string_view text, ParseProblem* problem = nullptr);

// Compact JSON text. Ill-formed UTF-8 in a string becomes U+FFFD.
std::string dump_json(const Json& value);
void append_json(std::string& out, const Json& value);
// Appends `s` as a JSON string literal, for answers written as text.
void append_json_string(std::string& out, std::string_view s);
// Appends an integer in decimal, for answers written as text: straight into
// `out`, without the temporary string std::to_string makes.
void append_integer(std::string& out, std::ptrdiff_t value);

// An empty object or array. nlohmann's Json::object() and Json::array()
// take an initializer list and go through the constructor that decides at
// run time whether a list is an object or an array; these construct the
// empty value directly, so that constructor is not linked at all.
inline Json empty_object() { return Json(Json::value_t::object); }
inline Json empty_array() { return Json(Json::value_t::array); }

// An object built from {{"key", value}, ...}, in that order (a repeated key
// keeps its first place and takes the last value). nlohmann's own
// initializer-list form turns each member into a two-element array first,
// at every call site; this one is a single out-of-line loop. The values are
// moved into the object, not copied: a list's elements are const, so the
// value is mutable for that.
struct JsonMember {
  const char* key;
  mutable Json value;
};
Json json_object(std::initializer_list<JsonMember> members);

// A computed fraction as the core writes it: rounded to 9 decimals.
double round_decimals(double value);

// Typed, non-aborting reads. Each accessor returns nullptr when `object` is
// not an object, the key is absent, or the member has another type.
const Json* member(const Json& object, std::string_view key);
const std::string* string_member(const Json& object, std::string_view key);
// The value of a string, number or boolean ("", 0, false for other types).
const std::string& as_string(const Json& value);
double as_number(const Json& value);
bool as_bool(const Json& value);
// A member that is a whole number in [0, kMaxIndexMember] (a block index, a
// text offset), or -1 when it is absent, not a number, fractional, negative
// or larger. The bound is far above any article the limits allow and keeps
// the value exact in a double and in an int64; -1 then makes the caller
// report the value as out of range.
inline constexpr double kMaxIndexMember = 4e9;
long long index_member(const Json& object, std::string_view key);

}  // namespace erratum
