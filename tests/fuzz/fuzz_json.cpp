// libFuzzer target for the core's JSON reader and writer (wasm/core/json.hpp):
// on any bytes, the core must accept exactly what nlohmann/json accepts (with
// the three deliberate differences of tests/support/json_oracle.hpp), read the
// same values, and write text that both read back to the same document.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../support/json_oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string difference = erratum::testing::check_against_oracle(text);
  if (!difference.empty()) {
    std::fprintf(stderr, "fuzz_json: %s\n", difference.c_str());
    std::abort();
  }
  return 0;
}
