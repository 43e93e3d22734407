// Shared by the fuzz targets: an answer must be a JSON envelope with a
// boolean "ok", and the same input must give the same answer.
#pragma once

#include <cstdlib>
#include <string>

#include "json_io.hpp"

inline void require_envelope(const std::string& answer) {
  auto v = erratum::parse_json(answer);
  if (!v || !v->is_object()) std::abort();
  const erratum::Json* ok = erratum::member(*v, "ok");
  if (!ok || !ok->is_boolean()) std::abort();
}

template <typename Call>
void require_deterministic(Call call) {
  const std::string first = call();
  require_envelope(first);
  if (call() != first) std::abort();
}
