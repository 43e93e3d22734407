#include "http_routes.hpp"

namespace erratum::collector {
namespace {

// The methods that reach handlers: "HEAD" is answered by GET routes.
std::string route_method(const std::string& method) { return method == "HEAD" ? "GET" : method; }

}  // namespace

void HttpRoutes::Get(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"GET", std::regex(pattern), std::move(handler), 0, nullptr});
}

void HttpRoutes::Post(const std::string& pattern, Handler handler) {
  Post(pattern, default_body_limit_, std::move(handler));
}

void HttpRoutes::Post(const std::string& pattern, std::size_t body_limit, Handler handler) {
  routes_.push_back(Route{"POST", std::regex(pattern), std::move(handler), body_limit, nullptr});
}

void HttpRoutes::Put(const std::string& pattern, std::size_t body_limit, Handler handler,
                     std::function<bool(const Request&, Response&)> admit_body) {
  routes_.push_back(Route{"PUT", std::regex(pattern), std::move(handler), body_limit, std::move(admit_body)});
}

void HttpRoutes::Options(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"OPTIONS", std::regex(pattern), std::move(handler), 0, nullptr});
}

void HttpRoutes::set_pre_routing_handler(std::function<HandlerResponse(const Request&, Response&)> hook) {
  pre_routing_ = std::move(hook);
}
void HttpRoutes::set_error_handler(Handler hook) { error_handler_ = std::move(hook); }
void HttpRoutes::set_exception_handler(std::function<void(const Request&, Response&, std::exception_ptr)> hook) {
  exception_handler_ = std::move(hook);
}
void HttpRoutes::set_default_headers(Headers headers) { default_headers_ = std::move(headers); }
void HttpRoutes::set_logger(Handler hook) { logger_ = std::move(hook); }

const HttpRoutes::Route* HttpRoutes::find(const std::string& method, const std::string& path,
                                          std::smatch* matches) const {
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    if (matches ? std::regex_match(path, *matches, route.pattern) : std::regex_match(path, route.pattern))
      return &route;
  }
  return nullptr;
}

HttpRoutes::Admission HttpRoutes::admit(Request& req) const {
  Admission a;
  if (const Route* route = find(route_method(req.method), req.path, &req.matches)) {
    a.takes_body = route->method == "POST" || route->method == "PUT";
    a.body_limit = route->body_limit;
    a.checks_before_body = static_cast<bool>(route->admit_body);
    return a;
  }
  return refusal(req.path);
}

HttpRoutes::Admission HttpRoutes::refusal(const std::string& path) const {
  Admission a;
  for (const char* method : {"GET", "POST", "PUT", "OPTIONS"}) {
    if (!find(method, path, nullptr)) continue;
    if (!a.allow.empty()) a.allow += ", ";
    a.allow += method == std::string("GET") ? "GET, HEAD" : method;
  }
  a.status = a.allow.empty() ? 404 : 405;
  return a;
}

bool HttpRoutes::admit_body(const Request& req, Response& res) const {
  const Route* route = find(route_method(req.method), req.path, nullptr);
  if (!route || !route->admit_body) return true;
  try {
    if (pre_routing_ && pre_routing_(req, res) == HandlerResponse::Handled) {
      if (res.status == -1) res.status = 200;
      return false;
    }
    return route->admit_body(req, res);
  } catch (...) {
    res = Response{};
    res.status = 500;
    if (exception_handler_) exception_handler_(req, res, std::current_exception());
    return false;
  }
}

void HttpRoutes::handle(const Request& req, Response& res) const {
  const Route* route = find(route_method(req.method), req.path, nullptr);
  try {
    if (pre_routing_ && pre_routing_(req, res) == HandlerResponse::Handled) {
      if (res.status == -1) res.status = 200;
    } else if (route) {
      route->handler(req, res);
      if (res.status == -1) res.status = 200;
    } else {
      const Admission a = refusal(req.path);
      res.status = a.status;
      if (!a.allow.empty()) res.set_header("Allow", a.allow);
    }
  } catch (...) {
    res = Response{};
    res.status = 500;
    if (exception_handler_) exception_handler_(req, res, std::current_exception());
  }
  finish(req, res);
}

void HttpRoutes::finish(const Request& req, Response& res) const {
  if (res.status >= 400 && res.body.empty() && !res.stream && error_handler_) error_handler_(req, res);
  for (const auto& [name, value] : default_headers_)
    if (!res.has_header(name)) res.headers.emplace(name, value);
  if (logger_) logger_(req, res);
}

}  // namespace erratum::collector
