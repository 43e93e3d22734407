#include "rate_limiter.hpp"

namespace erratum::collector {
namespace {
// Idle clients are swept every this many calls, so memory follows the number
// of clients active within one window, not every address ever seen.
constexpr std::size_t kSweepEvery = 1024;
}  // namespace

RateLimiter::RateLimiter(int max_requests, std::chrono::seconds window)
    : max_requests_(max_requests), window_(window) {}

RateLimiter::Decision RateLimiter::attempt(const std::string& client, Clock::time_point now) {
  if (max_requests_ <= 0) return {};
  std::lock_guard<std::mutex> lock(mutex_);
  if (++calls_since_sweep_ >= kSweepEvery) forget_idle_clients(now);

  std::deque<Clock::time_point>& times = attempts_[client];
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (static_cast<int>(times.size()) < max_requests_) {
    times.push_back(now);
    return {};
  }
  const Clock::duration wait = times.front() + window_ - now;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait + std::chrono::seconds(1) -
                                                                        Clock::duration(1));  // round up
  Decision refused;
  refused.allowed = false;
  refused.retry_after_seconds = seconds.count() < 1 ? 1 : static_cast<int>(seconds.count());
  return refused;
}

std::size_t RateLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return attempts_.size();
}

void RateLimiter::forget_idle_clients(Clock::time_point now) {
  calls_since_sweep_ = 0;
  for (auto it = attempts_.begin(); it != attempts_.end();) {
    if (it->second.empty() || now - it->second.back() >= window_)
      it = attempts_.erase(it);
    else
      ++it;
  }
}

}  // namespace erratum::collector
