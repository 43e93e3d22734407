// --retention-days N: how long the collector keeps readers' contact data.
// Reports received more than N days ago lose their `reporter` (name and
// e-mail); the rest of each report stays for the editors. The store keeps
// no client address (the rate limiter holds them, or on PostgreSQL their
// digests, for its window only), so contact data is all there is to
// remove. A pass runs at start-up and then every kRetentionInterval on a
// background thread.
#pragma once

#include "report_store.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace erratum::collector {

inline constexpr std::chrono::hours kRetentionInterval{1};
// The longest --retention-days accepted (about 100 years).
inline constexpr int kMaxRetentionDays = 36500;

class Retention {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  using Log = std::function<void(const std::string& line)>;

  // `days` > 0. `clock` says what "now" is (tests move it); `log` gets one
  // line per pass that removed something or failed.
  Retention(ReportStore& store, int days, Clock clock = std::chrono::system_clock::now, Log log = nullptr);
  ~Retention();  // stop()
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  // One pass now: the number of reports whose contact data it removed, or
  // nullopt when the database refused.
  std::optional<long long> sweep();

  // Runs sweep() every `interval` on a background thread until stop().
  void start(std::chrono::milliseconds interval);
  // Wakes the thread and joins it; a pass under way finishes first.
  // Idempotent.
  void stop();

 private:
  ReportStore& store_;
  const int days_;
  Clock clock_;
  Log log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace erratum::collector
