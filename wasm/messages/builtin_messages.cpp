#include "erratum/builtin_messages.hpp"

#include "erratum/api.hpp"

#include <optional>
#include <string_view>

namespace erratum::api {
namespace {

struct Table {
  const char* lang;
  std::string_view json;  // the file's text, as written
};

// One {lang, json} line per wasm/messages/<lang>.json, written by CMake.
constexpr Table kTables[] = {
#include "message_tables.inc"
};

}  // namespace

std::vector<std::string> builtin_message_languages() {
  std::vector<std::string> out;
  for (const Table& t : kTables) out.emplace_back(t.lang);
  return out;
}

bool load_builtin_messages() {
  static const bool loaded = [] {
    bool all = true;
    for (const Table& t : kTables) {
      const std::string answer =
          load_messages(std::string("{\"lang\":\"") + t.lang + "\",\"messages\":" + std::string(t.json) + "}");
      const std::optional<Json> envelope = parse_json(answer);
      const Json* ok = envelope ? member(*envelope, "ok") : nullptr;
      all = all && ok && as_bool(*ok);
    }
    return all;
  }();
  return loaded;
}

}  // namespace erratum::api
