// The property the core's document reading keeps on any input, checked by
// tests/native/document_test.cpp on generated documents and by fuzz_document
// on arbitrary bytes:
//  - reading never aborts and never throws;
//  - what plain nlohmann/json reads (no depth limit, no surrogate repair),
//    the core reads to the same value, unless the text holds a NUL byte or
//    nests deeper than kMaxJsonDepth, which the core refuses as such;
//  - what the core reads, it writes as text that it reads back to the same
//    value.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "erratum/core/document.hpp"

namespace erratum::testing {

inline int document_depth(const Json& value) {
  int deepest = 0;
  if (value.is_structured())
    for (const Json& child : value) deepest = std::max(deepest, document_depth(child));
  return value.is_structured() ? deepest + 1 : 0;
}

// "" when the property holds for `text`, else what broke it.
inline std::string check_document_property(std::string_view text) {
  ParseProblem problem = ParseProblem::None;
  const std::optional<Json> core = parse_json(text, &problem);
  const Json plain = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!plain.is_discarded()) {
    const bool refusable = text.find('\0') != std::string_view::npos || document_depth(plain) > kMaxJsonDepth;
    if (!core && !refusable) return "nlohmann reads it, the core does not";
    if (!core && document_depth(plain) > kMaxJsonDepth && problem != ParseProblem::TooDeep)
      return "too deep, but not refused as such";
    if (core && *core != plain) return "the core reads another value than nlohmann";
  }
  if (core) {
    if (problem != ParseProblem::None) return "read, yet a problem is reported";
    const std::string written = dump_json(*core);
    const std::optional<Json> again = parse_json(written);
    if (!again) return "the core does not read what it wrote: " + written;
    if (*again != *core) return "the written text reads back to another value: " + written;
  } else if (problem == ParseProblem::None) {
    return "refused without a problem";
  }
  return "";
}

}  // namespace erratum::testing
