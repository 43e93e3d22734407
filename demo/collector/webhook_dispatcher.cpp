#include "webhook_dispatcher.hpp"

#include "http_text.hpp"
#include "secrets.hpp"
#include "webhook_client.hpp"

#include <algorithm>

namespace erratum::collector {
namespace {

// Rows read per look at the queue: the heads of this many pages' lines.
constexpr int kBatch = 16;

long long epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::chrono::milliseconds retry_delay(int attempts, std::chrono::milliseconds first, std::chrono::milliseconds max) {
  std::chrono::milliseconds delay = first;
  for (int i = 1; i < attempts && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

WebhookDispatcher::Lane::Lane(const std::string& ca_file, std::string* error)
    : client(std::make_unique<WebhookClient>(ca_file, error)) {}

WebhookDispatcher::Lane::~Lane() = default;

WebhookDispatcher::WebhookDispatcher(ReportStore& store, DispatcherSettings settings, Log log, std::string* error)
    : store_(store), settings_(std::move(settings)), log_(std::move(log)) {
  for (const std::string& target : settings_.urls) {
    std::optional<WebhookUrl> url = parse_webhook_url(target);
    if (!url) continue;  // options.cpp refuses such a URL
    auto lane = std::make_unique<Lane>(settings_.ca_file, error);
    lane->target = target;
    lane->url = std::move(*url);
    lanes_.push_back(std::move(lane));
  }
}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  for (auto& lane : lanes_)
    if (!lane->thread.joinable()) lane->thread = std::thread([this, l = lane.get()] { run(*l); });
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  std::lock_guard<std::mutex> join(join_mutex_);
  for (auto& lane : lanes_) lane->client->cancel();
  for (auto& lane : lanes_)
    if (lane->thread.joinable()) lane->thread.join();
}

bool WebhookDispatcher::wait(std::uint64_t& seen, std::chrono::system_clock::time_point until) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, until, [&] { return stopping_ || generation_ != seen; });
  seen = generation_;
  return !stopping_;
}

void WebhookDispatcher::run(Lane& lane) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      seen = generation_;
    }
    const auto now = std::chrono::system_clock::now();
    const std::optional<std::vector<QueuedDelivery>> due = store_.due_deliveries(lane.target, epoch_ms(now), kBatch);
    if (due && !due->empty()) {
      // A success lets the next of its page's line go: look again at once.
      for (const QueuedDelivery& d : *due) deliver(lane, d);
      continue;
    }
    if (!due) log_("webhook " + lane.target + ": cannot read the queue: " + store_.last_error());
    auto until = now + settings_.idle_poll;
    if (due) {
      if (const std::optional<long long> next = store_.next_delivery_ms(lane.target))
        until = std::min(until, std::chrono::system_clock::time_point(std::chrono::milliseconds(*next)));
    }
    if (!wait(seen, until)) return;
  }
}

void WebhookDispatcher::deliver(Lane& lane, const QueuedDelivery& d) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Erratum-Delivery", d.delivery_id},
      {"X-Erratum-Attempt", std::to_string(d.attempts + 1)},
  };
  if (!settings_.secret.empty()) {
    const std::string mac = hmac_sha256_hex(settings_.secret, d.payload);
    if (mac.empty()) {
      store_.mark_failed(d.seq, "cannot sign the body",
                         epoch_ms(std::chrono::system_clock::now()) + settings_.max_retry.count());
      return;
    }
    headers.emplace_back("X-Erratum-Signature", "sha256=" + mac);
  }
  const WebhookResult result = lane.client->post(lane.url, d.payload, headers, settings_.timeout);
  if (result.delivered()) {
    if (!store_.mark_delivered(d.seq, utc_timestamp_now()))
      log_("webhook " + lane.target + ": delivered " + d.delivery_id + " but cannot note it: " + store_.last_error());
    return;
  }
  if (result.stopped) return;  // not an attempt: the collector is stopping
  const int attempts = d.attempts + 1;
  const std::chrono::milliseconds delay = retry_delay(attempts, settings_.first_retry, settings_.max_retry);
  if (!store_.mark_failed(d.seq, result.error, epoch_ms(std::chrono::system_clock::now()) + delay.count()))
    log_("webhook " + lane.target + ": cannot note a failed attempt: " + store_.last_error());
  log_("webhook " + lane.target + ": delivery " + d.delivery_id + " (report " + d.report_id + ") failed: " +
       result.error + "; attempt " + std::to_string(attempts) + ", next in " + std::to_string(delay.count()) + " ms");
}

}  // namespace erratum::collector
