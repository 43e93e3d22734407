// Small pieces every route handler of the collector uses: the answer's
// language, JSON and text answers, and the header values editor_auth reads.
#pragma once

#include "editor_auth.hpp"
#include "http_exchange.hpp"
#include "http_text.hpp"

#include "vocabulary.hpp"

#include <string>

namespace erratum::collector {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";
inline constexpr const char* kTextType = "text/plain; charset=utf-8";

inline Lang request_lang(const Request& req) { return answer_language(req.get_header_value("Accept-Language")); }

// Private data: never cached by the browser or a proxy.
inline void no_store(Response& res) { res.set_header("Cache-Control", "no-store"); }

inline void send_json(Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJsonType);
}

inline void send_text(Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text + "\n", kTextType);
}

inline EditorRequest editor_request(const Request& req) {
  return {req.get_header_value("Authorization"),  req.get_header_value("Cookie"), req.get_header_value("Origin"),
          req.get_header_value("Sec-Fetch-Site"), req.get_header_value("Host"),   req.remote_addr};
}

// An editor's write to the API (an article push, a status change) once it is
// admitted: who writes, the language of the answer, and whether the body is
// a form (only where the route takes one) rather than JSON.
struct EditorWrite {
  Editor editor;
  Lang lang;
  bool form = false;
};

// Which bodies an editor's write route takes.
enum class WriteBody { Json, JsonOrForm };

}  // namespace erratum::collector
