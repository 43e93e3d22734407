// What the intake asks before reading a report: may this client submit one
// more now? Two implementations share the options (--rate-limit N/WINDOW)
// and the rule, at most N accepted attempts in any window of W seconds:
// RateLimiter (rate_limiter.hpp) counts in this process's memory, for one
// collector; SharedRateLimiter (shared_rate_limiter.hpp) counts in the
// database, so that collectors behind one load balancer share the count.
#pragma once

#include <string>

namespace erratum::collector {

class AttemptLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int retry_after_seconds = 0;  // > 0 when refused: when the oldest attempt leaves the window
  };

  virtual ~AttemptLimiter() = default;
  // Counts an attempt by `client` (its address) now, if it is within the limit.
  virtual Decision attempt(const std::string& client) = 0;
};

}  // namespace erratum::collector
