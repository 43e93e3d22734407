// nlohmann/json as the oracle for the core's own JSON reader and writer
// (wasm/core/json.hpp), shared by tests/native/json_test.cpp and the
// fuzz_json target. The core differs from nlohmann on purpose in four ways,
// which the oracle accounts for and nothing else:
//  - a NUL byte is never valid JSON text (nlohmann takes one outside a
//    string for the end of the input and ignores what follows);
//  - a lone-surrogate escape reads as U+FDD0 (nlohmann refuses it): the
//    oracle parses the text with those escapes rewritten to \uFDD0;
//  - nesting deeper than erratum::kMaxJsonDepth is refused (nlohmann has no
//    limit): such documents must be refused, with the "nesting" reason;
//  - a number's double may differ from strtod's by a few ulps when its
//    significand has more than 53 bits or its exponent passes 10^22.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "erratum/core/json.hpp"

namespace erratum::testing {

inline int oracle_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline int oracle_escape(std::string_view s, std::size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int v = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int h = oracle_hex(s[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// The text with every lone-surrogate escape inside strings replaced by \uFDD0.
inline std::string rewrite_lone_surrogates(std::string_view s) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!in_string || c != '\\') {
      if (c == '"') in_string = !in_string;
      out.push_back(c);
      continue;
    }
    const int unit = oracle_escape(s, i);
    if (unit < 0) {  // another escape: copy it whole, it may be \"
      out.push_back(c);
      if (i + 1 < s.size()) out.push_back(s[++i]);
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int next = oracle_escape(s, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        out.append(s.substr(i, 12));
        i += 11;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      out += "\\uFDD0";
    } else {
      out.append(s.substr(i, 6));
    }
    i += 5;
  }
  return out;
}

// Bracket depth outside strings (brackets in strings do not count).
inline int oracle_depth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max;
}

inline bool numbers_agree(double core, double reference) {
  if (core == reference) return true;
  if (std::isinf(reference) || std::isnan(reference)) return std::isinf(core) && (core > 0) == (reference > 0);
  if (std::isinf(core)) return std::fabs(reference) > 1.79e308;  // rounding at the very top of the range
  const double scale = std::max(std::fabs(core), std::fabs(reference));
  // Subnormals have fewer bits: compare to the smallest normal's ulp there.
  return std::fabs(core - reference) <= std::max(scale * 8 * 2.220446049250313e-16, 8 * 4.9406564584124654e-324);
}

// "" when the core's value and nlohmann's are the same document, else where not.
inline std::string json_difference(const Json& core, const nlohmann::json& reference, const std::string& path = "$") {
  using T = nlohmann::json::value_t;
  switch (reference.type()) {
    case T::null: return core.is_null() ? "" : path + ": expected null";
    case T::boolean:
      return core.is_boolean() && core.as_bool() == reference.get<bool>() ? "" : path + ": boolean differs";
    case T::number_integer:
    case T::number_unsigned:
    case T::number_float:
      return core.is_number() && numbers_agree(core.as_number(), reference.get<double>())
                 ? ""
                 : path + ": number differs (" + dump_json(core) + " vs " + reference.dump() + ")";
    case T::string:
      return core.is_string() && core.as_string() == reference.get_ref<const std::string&>() ? ""
                                                                                           : path + ": string differs";
    case T::array: {
      if (!core.is_array() || core.size() != reference.size()) return path + ": array differs in type or size";
      for (std::size_t i = 0; i < core.size(); ++i) {
        std::string d = json_difference(core[i], reference[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case T::object: {
      if (!core.is_object() || core.size() != reference.size()) return path + ": object differs in type or size";
      for (const Json::Member& m : core.members()) {
        const auto it = reference.find(m.key);
        if (it == reference.end()) return path + ": unexpected member " + m.key;
        std::string d = json_difference(m.value, *it, path + "." + m.key);
        if (!d.empty()) return d;
      }
      return "";
    }
    default: return path + ": unexpected reference type";
  }
}

// Checks the core's reader, and its writer, against nlohmann on one text:
// "" when they agree, else a description.
inline std::string check_against_oracle(std::string_view text) {
  ParseFailure failure;
  const std::optional<Json> core = parse_json(text, &failure);
  if (text.find('\0') != std::string_view::npos) return core ? "a text with a NUL byte was accepted" : "";
  if (oracle_depth(text) > kMaxJsonDepth) {
    // Refused for depth, or for a syntax error met before the depth limit.
    return core ? "a document deeper than the limit was accepted" : "";
  }
  const nlohmann::json reference = nlohmann::json::parse(rewrite_lone_surrogates(text), nullptr, false);
  if (reference.is_discarded() != !core.has_value())
    return core ? "the core accepted what nlohmann refuses" : "the core refused what nlohmann accepts: " + failure.reason;
  if (!core) return "";
  if (std::string d = json_difference(*core, reference); !d.empty()) return "read: " + d;
  // Writing it back must give a document nlohmann reads as the same value.
  const std::string written = dump_json(*core);
  const nlohmann::json reread = nlohmann::json::parse(written, nullptr, false);
  if (reread.is_discarded()) return "written text is not JSON: " + written;
  if (std::string d = json_difference(*core, reread); !d.empty()) return "written: " + d;
  // And the core reads its own text back to an equal document.
  const std::optional<Json> again = parse_json(written);
  if (!again || !(*again == *core)) return "the core does not read its own text back";
  return "";
}

}  // namespace erratum::testing
