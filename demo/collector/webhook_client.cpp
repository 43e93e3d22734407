#include "webhook_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <optional>

namespace erratum::collector {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// How often a wait looks at its deadline and at cancel().
constexpr std::chrono::milliseconds kTick{20};

}  // namespace

WebhookClient::WebhookClient(const std::string& ca_file, std::string* error) : tls_(ssl::context::tls_client) {
  error_code ec;
  tls_.set_default_verify_paths(ec);
  tls_.set_verify_mode(ssl::verify_peer);
  if (!ca_file.empty()) {
    tls_.load_verify_file(ca_file, ec);
    if (ec && error) *error = "cannot read the certificates of " + ca_file + ": " + ec.message();
  }
}

WebhookResult WebhookClient::post(const WebhookUrl& url, const std::string& body,
                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (url.https) {
    beast::ssl_stream<beast::tcp_stream> stream(io_, tls_);
    return exchange(stream, url, body, headers, deadline, timeout);
  }
  beast::tcp_stream stream(io_);
  return exchange(stream, url, body, headers, deadline, timeout);
}

template <class Stream>
WebhookResult WebhookClient::exchange(Stream& stream, const WebhookUrl& url, const std::string& body,
                                      const std::vector<std::pair<std::string, std::string>>& headers,
                                      std::chrono::steady_clock::time_point deadline,
                                      std::chrono::milliseconds timeout) {
  constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  tcp::resolver resolver(io_);
  WebhookResult result;
  bool timed_out = false;

  // Runs the operation started by `start` to its end. Past the deadline, or
  // once cancelled, the socket is closed, which ends the operation with an
  // error; its handler still runs before this returns, because it refers to
  // this frame.
  const auto await = [&](auto start) -> error_code {
    std::optional<error_code> done;
    start([&done](error_code ec, auto&&...) { done = ec; });
    bool aborted = false;
    while (!done) {
      if (!aborted && (cancelled_ || std::chrono::steady_clock::now() >= deadline)) {
        aborted = true;
        timed_out = !cancelled_;
        resolver.cancel();
        error_code ignored;
        beast::get_lowest_layer(stream).socket().close(ignored);
      }
      io_.restart();
      io_.run_for(kTick);
    }
    return *done;
  };
  const auto failed = [&](const char* step, const error_code& ec) {
    result.stopped = cancelled_;
    if (cancelled_)
      result.error = "stopped";
    else if (timed_out)
      result.error = "no answer within " + std::to_string(timeout.count()) + " ms (" + step + ")";
    else
      result.error = std::string(step) + ": " + ec.message();
    return result;
  };

  tcp::resolver::results_type endpoints;
  error_code ec = await([&](auto handler) {
    resolver.async_resolve(url.host, url.port,
                           [&endpoints, handler](error_code e, tcp::resolver::results_type r) mutable {
                             endpoints = std::move(r);
                             handler(e);
                           });
  });
  if (ec) return failed("resolving the host", ec);
  ec = await([&](auto handler) { beast::get_lowest_layer(stream).async_connect(endpoints, handler); });
  if (ec) return failed("connecting", ec);

  if constexpr (kTls) {
    error_code not_ip;
    asio::ip::make_address(url.host, not_ip);
    // SNI names a host; an address is not sent.
    if (not_ip && !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      result.error = "TLS: cannot send the server name";
      return result;
    }
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    ec = await([&](auto handler) { stream.async_handshake(ssl::stream_base::client, handler); });
    if (ec) return failed("TLS handshake", ec);
  }

  http::request<http::string_body> request{http::verb::post, url.target, 11};
  request.set(http::field::host, url.host_header);
  request.set(http::field::user_agent, "erratum-collector");
  request.set(http::field::content_type, "application/json");
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  ec = await([&](auto handler) { http::async_write(stream, request, handler); });
  if (ec) return failed("sending", ec);

  beast::flat_buffer buffer(kWebhookHeaderLimit * 2);
  http::response_parser<http::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(kWebhookHeaderLimit));
  ec = await([&](auto handler) { http::async_read_header(stream, buffer, parser, handler); });
  if (ec) return failed("reading the answer", ec);

  error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(stream).socket().close(ignored);
  result.status = static_cast<int>(parser.get().result_int());
  if (!result.delivered()) result.error = "HTTP " + std::to_string(result.status);
  return result;
}

}  // namespace erratum::collector
