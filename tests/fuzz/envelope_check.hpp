// Shared by the fuzz targets: an answer must be a JSON envelope with a
// boolean "ok", and the same input must give the same answer. A violated
// property prints what was expected before aborting, so that a crash report
// says which property broke, not only where.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "erratum/core/document.hpp"

inline void fuzz_require(bool condition, const char* property) {
  if (condition) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

// The answer parsed; aborts unless it is an object with a boolean "ok".
inline erratum::Json require_envelope(const std::string& answer) {
  auto v = erratum::parse_json(answer);
  fuzz_require(v && v->is_object(), "the answer is a JSON object");
  const erratum::Json* ok = erratum::member(*v, "ok");
  fuzz_require(ok && ok->is_boolean(), "the answer has a boolean \"ok\"");
  return std::move(*v);
}

inline bool envelope_ok(const erratum::Json& envelope) { return erratum::as_bool(*erratum::member(envelope, "ok")); }

template <typename Call>
erratum::Json require_deterministic(Call call) {
  const std::string first = call();
  erratum::Json parsed = require_envelope(first);
  fuzz_require(call() == first, "the same request gives the same answer");
  return parsed;
}
