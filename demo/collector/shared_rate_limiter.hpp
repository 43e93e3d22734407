// The rate limit kept in the database (ReportStore::count_attempt), for
// collectors behind one load balancer: a client spreading its reports over
// them meets one limit, not one per collector. Same rule and options as
// RateLimiter: at most N attempts in any sliding window of W seconds.
//
// The table holds a SHA-256 digest of each client address, not the address,
// and only for one window. Times are the collectors' clocks (epoch
// milliseconds): collectors sharing a database keep them in step (NTP).
// When the database fails, the attempt is let through: the report then
// meets the same database, and its failure, at insert time.
#pragma once

#include "attempt_limiter.hpp"
#include "report_store.hpp"

#include <chrono>
#include <functional>

namespace erratum::collector {

class SharedRateLimiter final : public AttemptLimiter {
 public:
  using Log = std::function<void(const std::string& line)>;
  using Now = std::function<long long()>;  // epoch milliseconds

  // max_requests == 0 disables the limit; `now` defaults to the system clock.
  SharedRateLimiter(ReportStore& store, int max_requests, std::chrono::seconds window, Log log, Now now = {});

  Decision attempt(const std::string& client) override;

 private:
  ReportStore& store_;
  const int max_requests_;
  const long long window_ms_;
  Log log_;
  Now now_;
};

}  // namespace erratum::collector
