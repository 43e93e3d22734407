// The tests read the core's answers and their own data with plain
// nlohmann/json, independently of the core's reading rules
// (erratum/core/document.hpp: depth limit, surrogate repair) they check.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace erratum::testing {

// The document `text` holds, or nullopt when it is not JSON (never throws).
inline std::optional<nlohmann::json> read_reference_json(std::string_view text) {
  nlohmann::json v = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

}  // namespace erratum::testing
