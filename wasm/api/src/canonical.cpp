// api::canonical_json, the collector's identity of a report. The browser
// module never calls it, so the wasm link leaves it out.
#include "erratum/api.hpp"

#include "erratum/core/document.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace erratum::api {
namespace {

// Doubles hold every integer up to 2^53 exactly; past it a float may stand
// for several integers, so it keeps its floating-point spelling.
constexpr double kExactIntegers = 9007199254740992.0;

void append_canonical(std::string& out, const Json& value) {
  if (value.is_object()) {
    std::vector<Json::const_iterator> members;
    members.reserve(value.size());
    for (auto it = value.cbegin(); it != value.cend(); ++it) members.push_back(it);
    // std::string compares bytes: UTF-8 byte order, which is code point order.
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.key() < b.key(); });
    out.push_back('{');
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, members[i].key());
      out.push_back(':');
      append_canonical(out, members[i].value());
    }
    out.push_back('}');
  } else if (value.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_canonical(out, value[i]);
    }
    out.push_back(']');
  } else if (value.is_number_float()) {
    const double d = as_number(value);
    // 4000.0 and 4000 are one value; -0.0 is written as 0 with it.
    if (std::floor(d) == d && std::fabs(d) <= kExactIntegers)
      out += std::to_string(static_cast<std::int64_t>(d));
    else
      append_json(out, value);
  } else {
    append_json(out, value);
  }
}

}  // namespace

std::string canonical_json(const Json& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

}  // namespace erratum::api
