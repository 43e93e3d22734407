// The message tables of wasm/messages/<lang>.json compiled into a native
// program (the collector, the native tests), so that it answers in every
// language the browser module ships without reading files at run time. The
// browser module never links this: it downloads its one language's table.
#pragma once

#include <string>
#include <vector>

namespace erratum::api {

// The languages of the built-in tables ("ar", "de", "en", ...), sorted.
std::vector<std::string> builtin_message_languages();

// Loads every built-in table into the core (api::load_messages) once per
// process, the first call doing it; true when each was accepted. Call it
// before any thread makes requests: tables are process-wide.
bool load_builtin_messages();

}  // namespace erratum::api
