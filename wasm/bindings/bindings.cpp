// Embind layer: exposes erratum::api to JavaScript and nothing else. Thin on
// purpose: every function takes and returns strings (JSON documents), but
// for the packed calls' integers, so no rule lives here and js/core.mjs is
// the only consumer.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "erratum/api.hpp"

namespace {

// Embind passes std::string by value; the api takes string_view.
std::string validate_config(std::string request) { return erratum::api::validate_config(request); }
std::string diff(std::string request) { return erratum::api::diff(request); }
// The live diff preview runs on every pause in typing, so its two strings
// skip Embind's string marshalling: js/core.mjs encodes them with
// TextEncoder.encodeInto straight into the LiveDiff's input buffer, then
// diff_in_buffer() answers with the address of [count, ...api::diff_packed],
// which JS reads in place.
erratum::api::LiveDiff live_diff;

std::uintptr_t diff_buffer(std::size_t bytes) { return reinterpret_cast<std::uintptr_t>(live_diff.input(bytes)); }

std::uintptr_t diff_in_buffer(std::size_t original_bytes, std::size_t corrected_at, std::size_t corrected_bytes) {
  return reinterpret_cast<std::uintptr_t>(live_diff.run(original_bytes, corrected_at, corrected_bytes));
}

std::string validate_report(std::string request) { return erratum::api::validate_report(request); }
std::string reanchor(std::string request) { return erratum::api::reanchor(request); }
std::string normalize(std::string request) { return erratum::api::normalize(request); }
std::string load_messages(std::string request) { return erratum::api::load_messages(request); }

// Sessions are reached from JS by an integer handle (slot index + 1) instead
// of an Embind class_, which keeps Embind's class machinery (ClassHandle,
// RegisteredPointer, finalizers...) out of the JS glue: 2.6 KB gzip less
// glue, 0.3 KB less wasm. js/core.mjs wraps a handle in ErratumSession and
// frees it on dispose(). A handle that is not live answers "" (JS reports a
// crash).
using erratum::api::Session;
std::vector<std::unique_ptr<Session>> sessions;

int session_create() {
  std::size_t slot = 0;
  while (slot < sessions.size() && sessions[slot]) ++slot;
  if (slot == sessions.size()) sessions.emplace_back();
  sessions[slot] = std::make_unique<Session>();
  return static_cast<int>(slot + 1);
}

Session* session_at(int handle) {
  const auto slot = static_cast<std::size_t>(handle) - 1;
  return handle > 0 && slot < sessions.size() ? sessions[slot].get() : nullptr;
}

void session_delete(int handle) {
  if (session_at(handle)) sessions[static_cast<std::size_t>(handle) - 1].reset();
}

// session.reanchor skips JSON the same way (api::Session::reanchor_packed):
// JS writes the batch into reanchor_input and reads the results where
// session_reanchor_packed's answer points, or takes the JSON call on 0.
std::vector<char> reanchor_input;
std::string reanchor_output;

std::uintptr_t reanchor_buffer(std::size_t bytes) {
  if (bytes > erratum::api::kMaxRequestBytes) return 0;
  if (reanchor_input.size() < bytes) reanchor_input.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(reanchor_input.data());
}

std::uintptr_t session_reanchor_packed(int handle, std::size_t bytes) {
  const Session* s = session_at(handle);
  return s && bytes <= reanchor_input.size() &&
                 s->reanchor_packed(std::string_view(reanchor_input.data(), bytes), reanchor_output)
             ? reinterpret_cast<std::uintptr_t>(reanchor_output.data())
             : 0;
}

// Calls a Session method on the session `handle` names; "" when none does.
// Embind hands requests over as std::string, which the methods take as
// string_view.
template <auto Method, typename... Args>
std::string on_session(int handle, Args... args) {
  Session* s = session_at(handle);
  return s ? (s->*Method)(args...) : std::string();
}

}  // namespace

EMSCRIPTEN_BINDINGS(erratum) {
  emscripten::function("version", &erratum::api::version);
  emscripten::function("validateConfig", &validate_config);
  emscripten::function("diff", &diff);
  emscripten::function("diffBuffer", &diff_buffer);
  emscripten::function("diffInBuffer", &diff_in_buffer);
  emscripten::function("validateReport", &validate_report);
  emscripten::function("reanchor", &reanchor);
  emscripten::function("normalize", &normalize);
  emscripten::function("loadMessages", &load_messages);
  emscripten::function("sessionCreate", &session_create);
  emscripten::function("sessionDelete", &session_delete);
  emscripten::function("sessionConfigure", &on_session<&Session::configure, std::string>);
  emscripten::function("sessionLoadArticle", &on_session<&Session::load_article, std::string>);
  emscripten::function("sessionToggle", &on_session<&Session::toggle, int>);
  emscripten::function("sessionSelect", &on_session<&Session::select, int>);
  emscripten::function("sessionDeselect", &on_session<&Session::deselect, int>);
  emscripten::function("sessionClear", &on_session<&Session::clear>);
  emscripten::function("sessionSelection", &on_session<&Session::selection>);
  emscripten::function("sessionAnchor", &on_session<&Session::anchor, std::string>);
  emscripten::function("sessionReanchor", &on_session<&Session::reanchor, std::string>);
  emscripten::function("reanchorBuffer", &reanchor_buffer);
  emscripten::function("sessionReanchorPacked", &session_reanchor_packed);
  emscripten::function("sessionCompose", &on_session<&Session::compose, std::string>);
}
