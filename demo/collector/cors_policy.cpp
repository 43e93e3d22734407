#include "cors_policy.hpp"

#include "http_text.hpp"

#include <algorithm>
#include <cstdio>

namespace erratum::collector {
namespace {

// Origins remembered as logged; past this many, the rest are not logged.
constexpr std::size_t kMaxRefusedLogged = 1000;
constexpr std::size_t kMaxOriginInLog = 200;

// An Origin header is the client's text: kept printable and short in the log.
std::string printable(std::string_view s) {
  std::string out(s.substr(0, kMaxOriginInLog));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return out;
}

void log_to_stderr(const std::string& line) {
  std::fprintf(stderr, "erratum-collector: %s\n", line.c_str());
  std::fflush(stderr);
}

bool is_same_origin(const Request& req, std::string_view origin) {
  const std::string host = req.get_header_value("Host");
  if (host.empty()) return false;
  return lower(origin) == "http://" + lower(host);
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins, RefusalLog log)
    : log_(log ? std::move(log) : RefusalLog(log_to_stderr)) {
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
  if (allows(origin) || is_same_origin(req, origin)) return true;
  note_refusal(origin, "POST");
  return false;
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
  if (!allows(origin)) {
    if (!origin.empty()) note_refusal(origin, "CORS preflight");  // not a page's preflight without one
    res.status = 403;
    return;
  }
  if (method != "POST" && !method.empty()) {
    res.status = 403;
    return;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", any_origin_ ? "*" : origin);
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key, Accept-Language");
  res.set_header("Access-Control-Max-Age", "600");
}

void CorsPolicy::note_refusal(std::string_view origin, const char* how) const {
  const std::string shown = printable(origin);
  std::string line;
  {
    std::lock_guard<std::mutex> lock(refused_mutex_);
    if (refused_.count(shown)) return;
    if (refused_.size() >= kMaxRefusedLogged) {
      if (refused_full_) return;
      refused_full_ = true;
      line = "refused " + std::to_string(kMaxRefusedLogged) + " origins; further refused origins are not logged";
    } else {
      refused_.insert(shown);
      line = "refused origin " + shown + " (" + how + "); start with --allow-origin " + shown + " to accept it";
    }
  }
  log_(line);
}

}  // namespace erratum::collector
