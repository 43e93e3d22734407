// Delivers the webhook queue (report_store.hpp) in the background: one
// thread per webhook URL, so a receiver that fails or hangs delays its own
// deliveries only, and never a request of the collector.
//
// Per URL and page, deliveries go out in the order their reports arrived:
// the next waits until the one before it has had a 2xx. A row is marked
// delivered only after a 2xx; any other outcome (refused connection,
// timeout, non-2xx) counts an attempt, notes its error, and waits
// first_retry, then twice as long after each further failure, up to
// max_retry. The queue is in the database, so a restart resumes it.
// Receivers drop a repeat by X-Erratum-Delivery: an answer lost on the way
// back (a timeout after the receiver acted) makes the collector send again.
//
// Headers of each POST: X-Erratum-Delivery (the row's id, also in the json
// body), X-Erratum-Attempt (1 for the first), and, with a secret,
// X-Erratum-Signature: sha256=<hex HMAC-SHA256 of the body>.
#pragma once

#include "options.hpp"
#include "report_store.hpp"
#include "webhook_url.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace erratum::collector {

class WebhookClient;

struct DispatcherSettings {
  std::vector<std::string> urls;  // valid webhook URLs (parse_webhook_url)
  std::string secret;             // "" sends no signature
  std::string ca_file;            // --webhook-ca-file
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds first_retry{10000};
  std::chrono::milliseconds max_retry{3600000};
  std::chrono::milliseconds idle_poll{30000};
};

// The wait before the next attempt after `attempts` failures (1 or more).
std::chrono::milliseconds retry_delay(int attempts, std::chrono::milliseconds first, std::chrono::milliseconds max);

class WebhookDispatcher {
 public:
  using Log = std::function<void(const std::string& line)>;
  // `error` is set when the settings cannot serve (an unreadable CA file).
  WebhookDispatcher(ReportStore& store, DispatcherSettings settings, Log log, std::string* error = nullptr);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  // Something was queued: every lane looks at the queue now.
  void wake();
  // Ends the attempts in progress and joins the threads; idempotent, from
  // any thread. What is not delivered stays queued.
  void stop();

 private:
  struct Lane {
    Lane(const std::string& ca_file, std::string* error);
    ~Lane();
    std::string target;
    WebhookUrl url;
    std::unique_ptr<WebhookClient> client;
    std::thread thread;
  };
  void run(Lane& lane);
  void deliver(Lane& lane, const QueuedDelivery& delivery);
  // Waits until `until`, a wake() or stop(); false once stopping.
  bool wait(std::uint64_t& seen, std::chrono::system_clock::time_point until);

  ReportStore& store_;
  DispatcherSettings settings_;
  Log log_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t generation_ = 0;  // wake() calls
  bool stopping_ = false;
  std::mutex join_mutex_;  // one stop() joins, the others wait for it
};

}  // namespace erratum::collector
