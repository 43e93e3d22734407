#include "http_server.hpp"

#include "connection_limits.hpp"
#include "http_text.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace erratum::collector {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using beast::error_code;

// After an answer that leaves a body unread, the connection reads (and
// drops, 16 KiB at a time) at most this much for at most keep_alive_timeout
// before closing: a close with unread bytes resets the connection, and a
// client that is still writing then loses the answer before it reads it.
// A client that reads the answer stops sending and closes well within it.
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

bool client_went_away(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::operation_aborted || ec == net::error::broken_pipe;
}

class Session;

}  // namespace

struct HttpServer::Impl {
  Impl(const HttpRoutes& r, const HttpLimits& l)
      : routes(r), limits(l), connections(l.max_connections, l.max_connections_per_address) {}

  void accept();
  void on_accept(const error_code& ec, tcp::socket socket);

  const HttpRoutes& routes;
  const HttpLimits limits;
  net::io_context io;
  net::strand<net::io_context::executor_type> accept_strand{net::make_strand(io)};
  tcp::acceptor acceptor{accept_strand};
  net::steady_timer accept_retry{accept_strand};
  ConnectionLimits connections;
  std::atomic<bool> stopping{false};
  bool bound = false;
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

namespace {

// One connection, from accept to close. Every handler runs on the socket's
// strand; the deadline timer cancels the socket's pending operation, which
// then completes with an error and `timed_out_` set.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer::Impl& server, tcp::socket socket, std::string address, int port)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        address_(std::move(address)),
        port_(port) {}

  ~Session() {
    server_.connections.release(address_);
    std::lock_guard<std::mutex> lock(server_.sessions_mutex);
    server_.sessions.erase(this);
  }

  void start() {
    if (server_.stopping) return close();
    arm(server_.limits.header_timeout);  // an idle new connection counts against its header deadline
    read_header();
  }

  // Posted by stop(): a connection between requests closes now; one being
  // answered finishes its answer first (write() sees `stopping`).
  void on_stop() {
    if (phase_ == Phase::Waiting || phase_ == Phase::Header) close();
  }

  net::any_io_executor executor() { return socket_.get_executor(); }

 private:
  enum class Phase { Waiting, Header, Body, Answering, Lingering };

  void arm(std::chrono::milliseconds deadline) {
    timed_out_ = false;
    const unsigned generation = ++timer_generation_;
    timer_.expires_after(deadline);
    timer_.async_wait([weak = weak_from_this(), generation](const error_code& ec) {
      const std::shared_ptr<Session> self = weak.lock();
      if (ec || !self || generation != self->timer_generation_) return;
      self->timed_out_ = true;
      error_code ignored;
      self->socket_.cancel(ignored);
    });
  }

  void disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  void wait_for_request() {
    phase_ = Phase::Waiting;
    if (buffer_.size() > 0) {  // pipelined: the next request is already here
      arm(server_.limits.header_timeout);
      return read_header();
    }
    arm(server_.limits.keep_alive_timeout);
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const error_code& ec) {
      if (ec || self->timed_out_ || self->server_.stopping) return self->close();
      self->arm(self->server_.limits.header_timeout);
      self->read_header();
    });
  }

  void read_header() {
    phase_ = Phase::Header;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits.header_limit));
    // The route's limit applies once the route is known. (Not boost::none:
    // Beast 1.74 compares the Content-Length with it as "greater than none".)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    req_ = std::make_unique<Request>();
    req_->remote_addr = address_;
    req_->remote_port = port_;
    unread_body_ = false;
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(const error_code& ec) {
    if (timed_out_ || client_went_away(ec)) return close();  // a slow or silent client gets no answer
    if (ec == http::error::header_limit) return refuse(431, true);
    if (ec) return refuse(400, true);

    const auto& message = parser_->get();
    Request& req = *req_;
    req.method = std::string(message.method_string());
    req.target = std::string(message.target());
    const std::size_t query = req.target.find('?');
    req.path = decode_path(std::string_view(req.target).substr(0, query));
    if (query != std::string::npos) req.params = parse_query(std::string_view(req.target).substr(query + 1));
    for (const auto& field : message) req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    head_ = req.method == "HEAD";
    keep_alive_ = parser_->keep_alive();

    const bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    admission_ = server_.routes.admit(req);
    if (admission_.status) return refuse(admission_.status, has_body, admission_.allow);
    if (req.has_header("Content-Encoding")) return refuse(415, has_body);  // nothing here inflates bodies
    if (!has_body) return answer();
    if (!admission_.takes_body) return refuse(413, true);
    if (parser_->content_length() && *parser_->content_length() > admission_.body_limit) {
      req.body_too_large = true;
      req.body_size = static_cast<std::size_t>(*parser_->content_length());
      unread_body_ = true;
      return answer();
    }
    if (admission_.checks_before_body) {
      res_ = Response{};
      if (!server_.routes.admit_body(req, res_)) {
        disarm();
        phase_ = Phase::Answering;
        unread_body_ = true;
        server_.routes.finish(req, res_);
        return write();
      }
    }
    if (beast::iequals(req.get_header_value("Expect"), "100-continue")) {
      net::async_write(socket_, net::buffer(kContinue, std::strlen(kContinue)),
                       [self = shared_from_this()](const error_code& ec, std::size_t) {
                         if (ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    phase_ = Phase::Body;
    arm(server_.limits.body_timeout);
    parser_->body_limit(admission_.body_limit);
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(const error_code& ec) {
    Request& req = *req_;
    if (timed_out_) return refuse(408, true);  // retryable: the client may send it again
    if (ec == http::error::body_limit) {       // a chunked body: at least one byte over
      req.body_too_large = true;
      req.body_size = admission_.body_limit + 1;
      unread_body_ = true;
      return answer();
    }
    if (client_went_away(ec)) return close();
    if (ec) return refuse(400, true);
    req.body = std::move(parser_->get().body());
    req.body_size = req.body.size();
    if (parse_media_type(req.get_header_value("Content-Type")).type == "application/x-www-form-urlencoded")
      for (auto& field : parse_query(req.body)) req.params.insert(std::move(field));
    answer();
  }

  void answer() {
    disarm();
    phase_ = Phase::Answering;
    res_ = Response{};
    server_.routes.handle(*req_, res_);
    write();
  }

  void refuse(int status, bool body_unread, const std::string& allow = "") {
    disarm();
    phase_ = Phase::Answering;
    unread_body_ = unread_body_ || body_unread;
    res_ = Response{};
    res_.status = status;
    if (!allow.empty()) res_.set_header("Allow", allow);
    server_.routes.finish(*req_, res_);
    write();
  }

  void write() {
    keep_alive_ = keep_alive_ && !unread_body_ && !res_.close_connection && !server_.stopping;
    const bool bodiless = res_.status < 200 || res_.status == 204 || res_.status == 304;
    if (res_.stream && !bodiless) return write_stream();
    out_.emplace();
    http::response<http::string_body>& out = *out_;
    out.version(11);
    out.result(static_cast<unsigned>(res_.status));
    for (const auto& [name, value] : res_.headers) out.insert(name, value);
    out.body() = std::move(res_.body);
    out.keep_alive(keep_alive_);
    if (!bodiless) out.prepare_payload();
    if (head_) out.body().clear();  // Content-Length still gives the GET answer's size
    arm(server_.limits.body_timeout);
    http::async_write(socket_, out, [self = shared_from_this()](const error_code& ec, std::size_t) {
      self->disarm();
      self->out_.reset();
      if (ec || self->timed_out_) return self->close();
      if (!self->keep_alive_) return self->linger();
      self->wait_for_request();
    });
  }

  // A streamed answer: the header, then one chunk per part the producer
  // gives, each written before the next is asked for, so the answer holds
  // one part in memory whatever its length. body_timeout bounds each write:
  // a client that stops reading is closed, one that reads slowly is served.
  void write_stream() {
    stream_ = std::move(res_.stream);
    stream_head_.emplace();
    http::response<http::empty_body>& head = *stream_head_;
    head.version(11);
    head.result(static_cast<unsigned>(res_.status));
    for (const auto& [name, value] : res_.headers) head.insert(name, value);
    head.keep_alive(keep_alive_);
    head.chunked(true);
    stream_serializer_.emplace(head);
    arm(server_.limits.body_timeout);
    http::async_write_header(socket_, *stream_serializer_,
                             [self = shared_from_this()](const error_code& ec, std::size_t) {
                               if (ec || self->timed_out_) return self->close();
                               if (self->head_) return self->end_stream(true);
                               self->next_chunk();
                             });
  }

  void next_chunk() {
    // Stopping cuts a long answer short rather than wait for it to end.
    if (server_.stopping) return end_stream(false);
    chunk_.clear();
    StreamStep step = StreamStep::More;
    while (chunk_.empty() && step == StreamStep::More) step = stream_(chunk_);
    if (step == StreamStep::Failed) return end_stream(false);
    if (chunk_.empty()) return write_last_chunk();
    arm(server_.limits.body_timeout);
    net::async_write(socket_, http::make_chunk(net::buffer(chunk_)),
                     [self = shared_from_this(), step](const error_code& ec, std::size_t) {
                       if (ec || self->timed_out_) return self->end_stream(false);
                       if (step == StreamStep::Done) return self->write_last_chunk();
                       self->next_chunk();
                     });
  }

  void write_last_chunk() {
    arm(server_.limits.body_timeout);
    net::async_write(socket_, http::make_chunk_last(), [self = shared_from_this()](const error_code& ec, std::size_t) {
      self->end_stream(!ec && !self->timed_out_);
    });
  }

  void end_stream(bool complete) {
    disarm();
    stream_ = nullptr;
    chunk_.clear();
    chunk_.shrink_to_fit();
    stream_serializer_.reset();
    stream_head_.reset();
    if (!complete) return close();
    if (!keep_alive_) return linger();
    wait_for_request();
  }

  void linger() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    if (!unread_body_) return close();
    phase_ = Phase::Lingering;
    arm(server_.limits.keep_alive_timeout);
    drain();
  }

  void drain() {
    socket_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
      self->lingered_ += n;
      if (ec || self->timed_out_ || self->lingered_ >= kLingerBytes) return self->close();
      self->drain();
    });
  }

  void close() {
    disarm();
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  HttpServer::Impl& server_;
  tcp::socket socket_;
  net::steady_timer timer_;
  unsigned timer_generation_ = 0;
  bool timed_out_ = false;
  std::string address_;
  int port_ = 0;
  Phase phase_ = Phase::Header;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<Request> req_;  // never moved: its `matches` point into its `path`
  HttpRoutes::Admission admission_;
  Response res_;
  std::optional<http::response<http::string_body>> out_;
  BodyStream stream_;
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> stream_serializer_;
  std::string chunk_;
  bool head_ = false;
  bool keep_alive_ = false;
  bool unread_body_ = false;
  std::array<char, 16 * 1024> scratch_{};
  std::size_t lingered_ = 0;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(io),
                        [this](const error_code& ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::Impl::on_accept(const error_code& ec, tcp::socket socket) {
  if (stopping || ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Out of descriptors, usually: try again shortly instead of spinning.
    accept_retry.expires_after(std::chrono::milliseconds(100));
    accept_retry.async_wait([this](const error_code& wait_ec) {
      if (!wait_ec && !stopping) accept();
    });
    return;
  }
  error_code peer_ec;
  const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
  if (!peer_ec) {
    std::string address = peer.address().to_string();
    if (connections.admit(address)) {
      auto session = std::make_shared<Session>(*this, std::move(socket), address, peer.port());
      {
        std::lock_guard<std::mutex> lock(sessions_mutex);
        sessions.emplace(session.get(), session);
      }
      session->start();
    }
  }  // a refused socket closes here, unread
  accept();
}

HttpServer::HttpServer(const HttpRoutes& routes, const HttpLimits& limits)
    : impl_(std::make_unique<Impl>(routes, limits)) {}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port, std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    error_code ignored;
    impl_->acceptor.close(ignored);
    return -1;
  };
  error_code ec;
  tcp::endpoint endpoint;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(port));
  } else {
    tcp::resolver resolver(impl_->io);
    const auto found = resolver.resolve(host, std::to_string(port), ec);
    if (ec || found.empty()) return fail("cannot resolve " + host + ": " + ec.message());
    endpoint = found.begin()->endpoint();
  }
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail(ec.message());
  // SO_REUSEADDR lets a restarted collector bind while its old connections
  // wait in TIME_WAIT; on Linux it never lets two listeners share a port.
  // SO_REUSEPORT would, and is never set.
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  impl_->acceptor.bind(endpoint, ec);
  if (ec) return fail(ec.message());
  impl_->acceptor.listen(impl_->limits.listen_backlog, ec);
  if (ec) return fail(ec.message());
  impl_->bound = true;
  return impl_->acceptor.local_endpoint().port();
}

bool HttpServer::run() {
  if (!impl_->bound) return false;
  if (!impl_->stopping) net::post(impl_->accept_strand, [impl = impl_.get()] { impl->accept(); });
  // Handlers run on these threads; sockets that wait hold none of them.
  const unsigned count = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < count; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (std::thread& t : threads) t.join();
  return true;
}

void HttpServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  net::post(impl_->accept_strand, [impl = impl_.get()] {
    error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_retry.cancel();
  });
  // Collected first: the last reference to a session may go while posting,
  // and its destructor takes the lock.
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard<std::mutex> lock(impl_->sessions_mutex);
    for (auto& [raw, weak] : impl_->sessions)
      if (std::shared_ptr<Session> session = weak.lock()) open.push_back(std::move(session));
  }
  for (const std::shared_ptr<Session>& session : open)
    net::post(session->executor(), [session] { session->on_stop(); });
}

std::size_t HttpServer::open_connections() const { return impl_->connections.open(); }

}  // namespace erratum::collector
