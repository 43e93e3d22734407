// Report validation: the collector's path, fed whatever a client may send.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.hpp"
#include "envelope_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  require_deterministic([&] { return erratum::api::validate_report("{\"report\":" + input + "}"); });
  require_deterministic([&] { return erratum::api::validate_report(input); });
  return 0;
}
