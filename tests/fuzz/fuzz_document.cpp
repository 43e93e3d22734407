// libFuzzer target for the core's document reading and writing
// (erratum/core/document.hpp): on any bytes, the property of
// tests/support/document_property.hpp holds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../support/document_property.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string broken = erratum::testing::check_document_property(text);
  if (!broken.empty()) {
    std::fprintf(stderr, "fuzz_document: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
