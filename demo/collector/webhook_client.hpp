// One webhook POST at a time, over http:// or https:// (Beast, with OpenSSL
// verifying the server's certificate and name against the system's CAs).
// Every attempt has one deadline, from resolving the host to the answer's
// status line and fields, so a receiver that hangs costs one timeout, then
// the attempt fails and is retried later. Only the answer's head is read
// (at most kWebhookHeaderLimit bytes): its status decides, its body is not
// wanted. Redirects are not followed: a 3xx is a failure like any non-2xx.
#pragma once

#include "webhook_url.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace erratum::collector {

inline constexpr std::size_t kWebhookHeaderLimit = 8 * 1024;

struct WebhookResult {
  int status = 0;        // the answer's status; 0 when none came
  std::string error;     // "" after a 2xx; else what went wrong, for the queue's last_error
  bool stopped = false;  // ended by cancel(): no answer to judge the receiver by
  bool delivered() const { return status >= 200 && status < 300; }
};

class WebhookClient {
 public:
  // `ca_file`: PEM certificates trusted besides the system's ("" for none);
  // an unreadable file leaves `error` set.
  explicit WebhookClient(const std::string& ca_file = "", std::string* error = nullptr);
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  // POSTs `body` as application/json with `headers` besides Host,
  // Content-Type, Content-Length, User-Agent and Connection: close.
  WebhookResult post(const WebhookUrl& url, const std::string& body,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     std::chrono::milliseconds timeout);

  // From any thread: the attempt in progress, and every later one, ends at
  // once with an error.
  void cancel() { cancelled_ = true; }

 private:
  template <class Stream>
  WebhookResult exchange(Stream& stream, const WebhookUrl& url, const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds timeout);

  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace erratum::collector
