// Embind layer: exposes erratum::api to JavaScript and nothing else. Thin on
// purpose: every function takes and returns strings (JSON documents), so no
// rule lives here and js/core.mjs is the only consumer.
#include <emscripten/bind.h>

#include "api.hpp"

namespace {

// Embind passes std::string by value; the api takes string_view.
std::string validate_config(std::string request) { return erratum::api::validate_config(request); }
std::string diff(std::string request) { return erratum::api::diff(request); }
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
