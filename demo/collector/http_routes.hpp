// What the collector answers, by method and path: the route table, and the
// hooks every answer goes through (refusal bodies, default headers, the
// request log). The transport (http_server.hpp) asks it, before reading any
// body, whether a route exists and how much body it takes, then hands it the
// complete request.
//
// A route is declared as with cpp-httplib:
//   routes.Get(R"(/api/reports/([^/]+))", [](const Request& req, Response& res) { ... });
//   routes.Post("/api/reports", [](const Request& req, Response& res) { ... });           // body up to the default
//   limit routes.Post("/login", 4096, [](const Request& req, Response& res) { ... });           // or its own
//   routes.Put("/api/articles", 1 << 20, [](const Request& req, Response& res) { ... });
// Patterns are ECMAScript regexes over the whole decoded path; the first
// matching route of the method wins. GET routes answer HEAD too. Only POST
// and PUT routes take a body: any other request with one is refused unread.
#pragma once

#include "http_exchange.hpp"

#include <cstddef>
#include <exception>
#include <functional>
#include <regex>
#include <string>
#include <vector>

namespace erratum::collector {

using Handler = std::function<void(const Request&, Response&)>;

class HttpRoutes {
 public:
  enum class HandlerResponse { Handled, Unhandled };

  explicit HttpRoutes(std::size_t default_body_limit) : default_body_limit_(default_body_limit) {}

  void Get(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, std::size_t body_limit, Handler handler);
  // `admit_body` runs once the fields are in, before any body byte is read:
  // false answers (with the response it filled) and leaves the body unread,
  // so a client the route would refuse cannot make it read its body.
  void Put(const std::string& pattern, std::size_t body_limit, Handler handler,
           std::function<bool(const Request&, Response&)> admit_body = nullptr);
  void Options(const std::string& pattern, Handler handler);

  // Runs before the route's handler; Handled answers without it.
  void set_pre_routing_handler(std::function<HandlerResponse(const Request&, Response&)> hook);
  // Called for answers of 400 and above that carry no body yet.
  void set_error_handler(Handler hook);
  void set_exception_handler(std::function<void(const Request&, Response&, std::exception_ptr)> hook);
  void set_default_headers(Headers headers);
  // Called once per answer, refusals of the transport included.
  void set_logger(Handler hook);

  struct Admission {
    int status = 0;           // 0: a route takes the request; else 404 or 405 (with `allow`)
    bool takes_body = false;  // POST and PUT routes
    std::size_t body_limit = 0;
    std::string allow;                // "GET, HEAD" for a 405
    bool checks_before_body = false;  // the route has an admit_body check: call admit_body()
  };
  // Looks the route up from the request line alone; fills `req.matches`.
  Admission admit(Request& req) const;

  // The host check, then the route's admit_body check, before the body is
  // read; false when `res` is the answer (then pass it to finish()).
  bool admit_body(const Request& req, Response& res) const;

  // Runs the route admit() found (or the refusal it gave), then finish().
  void handle(const Request& req, Response& res) const;

  // The hooks every answer goes through: error body, default headers, log.
  void finish(const Request& req, Response& res) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
    std::size_t body_limit = 0;
    std::function<bool(const Request&, Response&)> admit_body;
  };
  const Route* find(const std::string& method, const std::string& path, std::smatch* matches) const;
  Admission refusal(const std::string& path) const;  // 404, or 405 with the methods the path has

  std::size_t default_body_limit_;
  std::vector<Route> routes_;
  std::function<HandlerResponse(const Request&, Response&)> pre_routing_;
  Handler error_handler_;
  std::function<void(const Request&, Response&, std::exception_ptr)> exception_handler_;
  Headers default_headers_;
  Handler logger_;
};

}  // namespace erratum::collector
