#include "cors_policy.hpp"

#include <algorithm>
#include <cctype>

namespace erratum::collector {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_same_origin(const Request& req, std::string_view origin) {
  const std::string host = req.get_header_value("Host");
  if (host.empty()) return false;
  return lower(origin) == "http://" + lower(host);
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins) {
  for (auto& origin : allowed_origins) {
    if (origin == "*") {
      any_origin_ = true;
      continue;
    }
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    origins_.push_back(lower(origin));
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return false;
  if (any_origin_) return true;
  const std::string key = lower(origin);
  return std::find(origins_.begin(), origins_.end(), key) != origins_.end();
}

bool CorsPolicy::may_post(const Request& req) const {
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  return allows(origin) || is_same_origin(req, origin);
}

void CorsPolicy::decorate(const Request& req, Response& res) const {
  res.set_header("Vary", "Origin");
  const std::string origin = req.get_header_value("Origin");
  if (!allows(origin)) return;
  res.set_header("Access-Control-Allow-Origin", any_origin_ ? "*" : origin);
  // Lets a cross-origin widget read how long to wait after a 429.
  res.set_header("Access-Control-Expose-Headers", "Retry-After, Location");
}

void CorsPolicy::answer_preflight(const Request& req, Response& res) const {
  res.set_header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  const std::string origin = req.get_header_value("Origin");
  const std::string method = req.get_header_value("Access-Control-Request-Method");
  if (!allows(origin) || (method != "POST" && !method.empty())) {
    res.status = 403;
    return;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", any_origin_ ? "*" : origin);
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key, Accept-Language");
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace erratum::collector
