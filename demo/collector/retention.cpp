#include "retention.hpp"

#include "http_text.hpp"

namespace erratum::collector {

Retention::Retention(ReportStore& store, int days, Clock clock, Log log)
    : store_(store), days_(days), clock_(std::move(clock)), log_(std::move(log)) {}

Retention::~Retention() { stop(); }

std::optional<long long> Retention::sweep() {
  const auto now = clock_();
  const std::string cutoff = utc_timestamp(now - std::chrono::hours(24) * days_);
  const std::optional<long long> removed = store_.remove_contact_before(cutoff, utc_timestamp(now));
  if (log_ && !removed) log_("retention: cannot remove contact data: " + store_.last_error());
  if (log_ && removed && *removed > 0)
    log_("retention: removed the contact data of " + std::to_string(*removed) + " report(s) received before " + cutoff);
  return removed;
}

void Retention::start(std::chrono::milliseconds interval) {
  if (thread_.joinable()) return;
  thread_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      sweep();
      lock.lock();
    }
  });
}

void Retention::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace erratum::collector
