// JSON in and out of the core without exceptions. The wasm build has C++
// exceptions disabled (and the native build mirrors it), so nothing here may
// throw: parsing reports failure as a value, and dumping never meets invalid
// UTF-8 because it replaces it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace erratum {

using Json = nlohmann::json;

struct ParseFailure {
  std::size_t byte = 0;   // where the parser stopped
  std::string reason;     // nlohmann's message, English, for logs only
};

// Parses a JSON document. A `\uD8xx` or `\uDCxx` escape that is not half of a
// valid pair (JSON.stringify emits those for lone surrogates) is read as
// U+FDD0, a noncharacter, so validation can point at the field that holds it
// instead of failing the whole document. Depth is bounded (kMaxJsonDepth).
std::optional<Json> parse_json(std::string_view text, ParseFailure* failure = nullptr);

inline constexpr int kMaxJsonDepth = 64;

// Serializes compactly; invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const Json& value);

// Appends `s` as a JSON string literal (quotes included). For hot paths that
// write large answers directly instead of building a DOM; `s` must be valid
// UTF-8 (callers pass normalized or repaired text).
void append_json_string(std::string& out, std::string_view s);

// Typed, non-throwing member access. Each returns nullptr when `object` is not
// an object, the key is absent, or the member has another type.
const Json* member(const Json& object, std::string_view key);
const std::string* string_member(const Json& object, std::string_view key);

}  // namespace erratum
