#include "shared_rate_limiter.hpp"

#include "secrets.hpp"

#include <algorithm>

namespace erratum::collector {
namespace {

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

long long system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SharedRateLimiter::SharedRateLimiter(ReportStore& store, int max_requests, std::chrono::seconds window, Log log,
                                     Now now)
    : store_(store),
      max_requests_(max_requests),
      window_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(window).count()),
      log_(std::move(log)),
      now_(now ? std::move(now) : Now(system_now_ms)) {}

AttemptLimiter::Decision SharedRateLimiter::attempt(const std::string& client) {
  if (max_requests_ <= 0) return {};
  const std::optional<long long> wait_ms =
      store_.count_attempt(RateAttempt{hex(sha256(client)), now_(), max_requests_, window_ms_});
  if (!wait_ms) {
    if (log_) log_("rate limit: cannot count an attempt in the database: " + store_.last_error());
    return {};
  }
  if (*wait_ms == 0) return {};
  Decision refused;
  refused.allowed = false;
  // Whole seconds, rounded up, never past the window (clocks a little apart).
  const long long seconds = (std::min(*wait_ms, window_ms_) + 999) / 1000;
  refused.retry_after_seconds = seconds < 1 ? 1 : static_cast<int>(seconds);
  return refused;
}

}  // namespace erratum::collector
