// Per-client sliding-window limit on report submissions, in memory: at most
// N accepted attempts in any window of W seconds. A sliding log (the times of
// the last N attempts) is exact, unlike fixed windows that allow 2N across a
// boundary, and costs at most N timestamps per active client.
#pragma once

#include "attempt_limiter.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace erratum::collector {

class RateLimiter final : public AttemptLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // max_requests == 0 disables the limit.
  RateLimiter(int max_requests, std::chrono::seconds window);

  Decision attempt(const std::string& client) override { return attempt(client, Clock::now()); }
  // Counts an attempt by `client` at `now` if it is within the limit.
  Decision attempt(const std::string& client, Clock::time_point now);

  std::size_t tracked_clients() const;

 private:
  void forget_idle_clients(Clock::time_point now);

  const int max_requests_;
  const Clock::duration window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> attempts_;
  std::size_t calls_since_sweep_ = 0;
};

}  // namespace erratum::collector
