// Which web origins may send reports. The widget runs on the publisher's
// pages; when those are served from another origin than the collector, the
// browser asks (preflight) and the collector answers only for origins on the
// allow-list. No credentials are ever involved, so "*" in the list is allowed
// and answered with a literal "*"; a listed origin is echoed back, with
// Vary: Origin so that caches keep answers for different origins apart.
//
// The Origin header is compared exactly as sent: the transport never
// percent-decodes header values, and a NUL in one is a malformed request.
#pragma once

#include "http_exchange.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins);

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
  bool any_origin_ = false;
  std::vector<std::string> origins_;  // lower-case, no trailing slash
};

}  // namespace erratum::collector
