// Embind layer: exposes erratum::api to JavaScript and nothing else. Thin on
// purpose: every function takes and returns strings (JSON documents), so no
// rule lives here and js/core.mjs is the only consumer.
#include <emscripten/bind.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "api.hpp"

namespace {

// Embind passes std::string by value; the api takes string_view.
std::string validate_config(std::string request) { return erratum::api::validate_config(request); }
std::string diff(std::string request) { return erratum::api::diff(request); }
// The live diff preview runs on every pause in typing, so its two strings
// skip Embind's string marshalling: js/core.mjs encodes them with
// TextEncoder.encodeInto straight into this buffer (owned here, grown on
// request), then diff_in_buffer() answers with the address of
// [count, ...api::diff_packed], which JS copies out at once.
std::vector<char> diff_input;
std::vector<std::uint32_t> diff_output;

std::uintptr_t diff_buffer(std::size_t bytes) {
  if (diff_input.size() < bytes) diff_input.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(diff_input.data());
}

std::uintptr_t diff_in_buffer(std::size_t original_bytes, std::size_t corrected_bytes) {
  diff_output.assign(1, 0);
  if (original_bytes > diff_input.size() || corrected_bytes > diff_input.size() - original_bytes) {
    return reinterpret_cast<std::uintptr_t>(diff_output.data());  // count 0: JS reports the misuse
  }
  const std::string_view original(diff_input.data(), original_bytes);
  const std::string_view corrected(diff_input.data() + original_bytes, corrected_bytes);
  const std::vector<std::uint32_t> packed = erratum::api::diff_packed(original, corrected);
  diff_output.insert(diff_output.end(), packed.begin(), packed.end());
  diff_output[0] = static_cast<std::uint32_t>(packed.size());
  return reinterpret_cast<std::uintptr_t>(diff_output.data());
}

std::string validate_report(std::string request) { return erratum::api::validate_report(request); }
std::string reanchor(std::string request) { return erratum::api::reanchor(request); }
std::string normalize(std::string request) { return erratum::api::normalize(request); }

using erratum::api::Session;
std::string session_configure(Session& s, std::string request) { return s.configure(request); }
std::string session_load_article(Session& s, std::string request) { return s.load_article(request); }
std::string session_anchor(Session& s, std::string request) { return s.anchor(request); }
std::string session_reanchor(Session& s, std::string request) { return s.reanchor(request); }
std::string session_compose(Session& s, std::string request) { return s.compose(request); }

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

  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("configure", &session_configure)
      .function("loadArticle", &session_load_article)
      .function("toggle", &Session::toggle)
      .function("select", &Session::select)
      .function("deselect", &Session::deselect)
      .function("clear", &Session::clear)
      .function("selection", &Session::selection)
      .function("anchor", &session_anchor)
      .function("reanchor", &session_reanchor)
      .function("compose", &session_compose);
}
