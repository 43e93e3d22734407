// Which web origins may send reports. The widget runs on the publisher's
// pages; when those are served from another origin than the collector, the
// browser asks (preflight) and the collector answers only for origins on the
// allow-list. No credentials are ever involved, so "*" in the list is allowed
// and answered with a literal "*"; a listed origin is echoed back, with
// Vary: Origin so that caches keep answers for different origins apart.
// Each refused origin is logged once per process, naming the flag that
// accepts it: a site embedding the widget from an origin nobody listed shows
// up in the operator's log, not only as a silent 403.
//
// The Origin header is compared exactly as sent: the transport never
// percent-decodes header values, and a NUL in one is a malformed request.
#pragma once

#include "http_exchange.hpp"

#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

class CorsPolicy {
 public:
  // Receives one line (no newline) per newly refused origin.
  using RefusalLog = std::function<void(const std::string& line)>;

  // `log` defaults to stderr, prefixed "erratum-collector: ".
  explicit CorsPolicy(std::vector<std::string> allowed_origins, RefusalLog log = {});

  // True when `origin` is on the allow-list (compared case-insensitively).
  bool allows(std::string_view origin) const;

  // Requests without Origin (curl, server-to-server), same-origin requests
  // (Origin equals http://<Host>) and allow-listed origins may post. A page on
  // any other origin may not: its browser would refuse to read the answer
  // anyway, and plain form posts skip the preflight.
  bool may_post(const Request& req) const;

  // Headers for an actual (non-preflight) response.
  void decorate(const Request& req, Response& res) const;

  // Answers an OPTIONS preflight: 204 with the allow headers, or 403.
  void answer_preflight(const Request& req, Response& res) const;

 private:
  // Logs `origin` refused on `how` ("CORS preflight", "POST") unless it was already.
  void note_refusal(std::string_view origin, const char* how) const;

  bool any_origin_ = false;
  std::vector<std::string> origins_;  // lower-case, no trailing slash
  RefusalLog log_;
  // Requests run on several threads; the set is bounded so that a client
  // inventing origins cannot grow it without end.
  mutable std::mutex refused_mutex_;
  mutable std::set<std::string> refused_;
  mutable bool refused_full_ = false;
};

}  // namespace erratum::collector
