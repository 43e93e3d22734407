// Report validation: the collector's path, fed whatever a client may send.
//
// Input: a report (wrapped as {"report": input}, once in English and once in
// French) and the same bytes as a whole request (which may carry a "config").
// Checks, aborting on any violation: every answer is an envelope, the same
// request gives the same answer, and the language changes the messages only:
// the verdict, the error codes and paths, and the spam flag are the same in
// French and in English.
#include <cstddef>
#include <cstdint>
#include <string>

#include "envelope_check.hpp"
#include "erratum/api.hpp"

namespace {

// What a verdict is made of, without the localized messages.
erratum::Json verdict(const erratum::Json& answer) {
  erratum::Json codes = erratum::Json::array();
  if (const erratum::Json* errors = erratum::member(answer, "errors"); errors && errors->is_array())
    for (const auto& e : *errors) {
      const std::string* code = erratum::string_member(e, "code");
      const std::string* path = erratum::string_member(e, "path");
      fuzz_require(code && path, "each error has a code and a path");
      codes.push_back(erratum::Json{{"code", *code}, {"path", *path}});
    }
  const erratum::Json* spam = erratum::member(answer, "spam");
  const erratum::Json* flagged = spam ? erratum::member(*spam, "flagged") : nullptr;
  return erratum::Json{
      {"ok", envelope_ok(answer)}, {"errors", codes}, {"flagged", flagged ? *flagged : erratum::Json()}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const erratum::Json en =
      require_deterministic([&] { return erratum::api::validate_report("{\"report\":" + input + "}"); });
  const erratum::Json fr = require_deterministic(
      [&] { return erratum::api::validate_report("{\"lang\":\"fr\",\"report\":" + input + "}"); });
  fuzz_require(verdict(en) == verdict(fr), "French and English answers give the same verdict");
  require_deterministic([&] { return erratum::api::validate_report(input); });
  return 0;
}
