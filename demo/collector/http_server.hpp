// The collector's HTTP/1.1 transport, on Boost.Beast and Asio: parsing,
// framing and writing are Beast's; what this adds is what no client may
// exceed (options.hpp's HttpLimits).
//
// Every socket waits in one epoll set served by a few threads, so a client
// that sends slowly, or nothing, holds no thread: only a connection slot,
// for a bounded time. In order:
//   - over max_connections, or max_connections_per_address for its address,
//     a connection is closed as soon as it is accepted;
//   - the request line and fields must arrive within header_timeout
//     (total), else the connection is closed without an answer;
//   - before any body byte is read, the route is looked up: an unknown
//     route (404), another method (405), a body where none is expected (413),
//     a Content-Length over the route's limit (413, through the handler) or
//     a Content-Encoding (415) are answered at once, and the connection is
//     closed after a short lingering read, without reading the body;
//   - a body must arrive within body_timeout (total), else 408, which a
//     client may retry; a chunked body over the limit is cut at the limit;
//   - between requests a connection may idle keep_alive_timeout.
// Malformed requests, conflicting Content-Length fields among them, get 400;
// fields over header_limit get 431. The listening socket is bound without
// SO_REUSEPORT, so a second server on the same port fails to start.
#pragma once

#include "http_routes.hpp"
#include "options.hpp"

#include <memory>
#include <string>

namespace erratum::collector {

class HttpServer {
 public:
  HttpServer(const HttpRoutes& routes, const HttpLimits& limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (0 picks a free port) and listens; the port, or -1 with
  // `error` naming the cause ("Address already in use").
  int bind(const std::string& host, int port, std::string* error);

  // Serves until stop(), then lets requests in flight finish; returns once
  // every connection has ended. False when nothing was bound.
  bool run();

  // From any thread, before or during run(): stops accepting, closes idle
  // connections, and lets each request being answered finish.
  void stop();

  // Connections open now (for tests and the load script's figures).
  std::size_t open_connections() const;

  struct Impl;  // defined in http_server.cpp, where its connections reach it too

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace erratum::collector
