// Config parsing and validation on arbitrary bytes.
//
// Input: the whole request ({"config": {...}, "lang": ...}), and the same
// bytes again as the config member of a request. Checks, aborting on any
// violation: every answer is an envelope and the same request gives the same
// answer; an accepted config, with its defaults filled in, is accepted again
// as it is and comes back unchanged (validation is a fixpoint), so what the
// widget stores and sends on is what the core approved.
#include <cstddef>
#include <cstdint>
#include <string>

#include "envelope_check.hpp"
#include "erratum/api.hpp"

namespace {

void check(const std::string& request) {
  const erratum::Json answer = require_deterministic([&] { return erratum::api::validate_config(request); });
  if (!envelope_ok(answer)) return;
  const erratum::Json* config = erratum::member(answer, "config");
  fuzz_require(config && config->is_object(), "an accepted config comes back with its defaults");
  const std::string again = erratum::api::validate_config(erratum::dump_json(erratum::Json{{"config", *config}}));
  const erratum::Json second = require_envelope(again);
  fuzz_require(envelope_ok(second), "an accepted config is accepted again");
  const erratum::Json* config_again = erratum::member(second, "config");
  fuzz_require(config_again && *config_again == *config, "an accepted config comes back unchanged");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check(input);
  check("{\"lang\":\"fr\",\"config\":" + input + "}");
  return 0;
}
