// Config parsing and validation on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.hpp"
#include "envelope_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  require_deterministic([&] { return erratum::api::validate_config(input); });
  // The same bytes as the config member of a request.
  const std::string wrapped = "{\"lang\":\"fr\",\"config\":" + input + "}";
  require_deterministic([&] { return erratum::api::validate_config(wrapped); });
  return 0;
}
