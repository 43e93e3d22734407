// What no client can take from the collector, whatever it sends or fails to
// send: connection slots, time, memory, bytes. Over real sockets, with short
// deadlines from the options so the slow cases end quickly.

#include "raw_socket.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

namespace erratum::collector::testing {
namespace {

using std::chrono::milliseconds;

Json body_of(const std::string& text) {
  std::optional<Json> j = parse_json(text);
  return j ? *j : Json();
}

// The body of a raw HTTP answer (after the blank line).
std::string body_of_answer(const std::string& answer) {
  const std::size_t end = answer.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : answer.substr(end + 4);
}

class BoundsTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void start(const CollectorOptions& options) {
    server = std::make_unique<RunningCollector>(options);
    client = server->client();
  }
  // The collector's own name: any other Host is misdirected (421).
  std::string host() const { return "127.0.0.1:" + std::to_string(server->port()); }
  std::string post_head(const std::string& path, const std::string& framing, const std::string& extra = "") const {
    return "POST " + path + " HTTP/1.1\r\nHost: " + host() + "\r\nContent-Type: application/json\r\n" + extra +
           framing + "\r\n";
  }
  long long stored() {
    auto r = client->Get("/api/reports");
    return r && r->status == 200 ? body_of(r->body).value("total", -1LL) : -1;
  }
};

TEST_F(BoundsTest, ASlowHeaderIsDroppedWithoutAnAnswer) {
  CollectorOptions o = test_options(dir);
  o.http.header_timeout = milliseconds(300);
  start(o);
  RawConnection slow(server->port());
  ASSERT_TRUE(slow.connected());
  // Slowloris: a byte at a time, each well within any per-read timeout.
  const std::string head = "GET /api/reports HTTP/1.1\r\nHost: " + host() + "\r\nX-Padding: " + std::string(400, 'a');
  std::size_t sent = 0;
  while (sent < head.size() && slow.send(head.substr(sent, 1))) {
    ++sent;
    std::string early = slow.read_some(20);
    if (!early.empty() || !slow.connected()) break;
  }
  std::string answer;
  EXPECT_TRUE(slow.wait_closed(answer));
  EXPECT_EQ(answer, "") << "a client too slow to send its request gets no answer";
  EXPECT_LT(sent, head.size()) << "the server waited for the whole header";
  EXPECT_EQ(client->Get("/api/reports")->status, 200);
}

TEST_F(BoundsTest, AConnectionThatSendsNothingIsDropped) {
  CollectorOptions o = test_options(dir);
  o.http.header_timeout = milliseconds(200);
  start(o);
  RawConnection idle(server->port());
  ASSERT_TRUE(idle.connected());
  std::string answer;
  EXPECT_TRUE(idle.wait_closed(answer));
  EXPECT_EQ(answer, "");
}

TEST_F(BoundsTest, IdleAndSlowClientsHoldNoWorker) {
  CollectorOptions o = test_options(dir);
  o.http.max_connections = 200;
  o.http.max_connections_per_address = 0;
  start(o);
  std::vector<std::unique_ptr<RawConnection>> idle, slow;
  for (int i = 0; i < 64; ++i) idle.push_back(std::make_unique<RawConnection>(server->port()));
  for (int i = 0; i < 16; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(slow.back()->send("POST /api/reports HTTP/1.1\r\nHo"));
  }
  // All 80 are open and unanswered; a report still goes through, on a new
  // connection, and so does a read.
  auto r = post_report(*client, dump_json(typical_report()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(stored(), 1);
  for (auto& c : slow) EXPECT_EQ(c->read_some(0), "") << "the slow ones are still waiting";
}

TEST_F(BoundsTest, ConnectionsPerAddressAreLimited) {
  CollectorOptions o = test_options(dir);
  o.http.max_connections_per_address = 3;
  start(o);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawConnection>(server->port(), "127.0.0.2"));
    ASSERT_TRUE(held.back()->connected());
  }
  const std::string get = "GET /api/reports HTTP/1.1\r\nHost: " + host() + "\r\n\r\n";
  RawConnection fourth(server->port(), "127.0.0.2");
  fourth.send(get);
  EXPECT_EQ(fourth.read_until_closed(), "") << "closed unread";

  // Another address is another client.
  RawConnection other(server->port(), "127.0.0.3");
  ASSERT_TRUE(other.send(get));
  EXPECT_EQ(other.read_some().rfind("HTTP/1.1 200", 0), 0u);

  // A slot freed is a slot again.
  held.pop_back();
  bool answered = false;
  for (int attempt = 0; attempt < 100 && !answered; ++attempt) {
    RawConnection again(server->port(), "127.0.0.2");
    again.send(get);
    answered = again.read_some().rfind("HTTP/1.1 200", 0) == 0;
  }
  EXPECT_TRUE(answered);
}

TEST_F(BoundsTest, ConnectionsInAllAreLimited) {
  CollectorOptions o = test_options(dir);
  o.http.max_connections = 4;
  o.http.max_connections_per_address = 0;
  start(o);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawConnection>(server->port(), "127.0.0.4"));
  RawConnection fifth(server->port(), "127.0.0.5");
  fifth.send("GET /api/reports HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
  EXPECT_EQ(fifth.read_until_closed(), "");
}

TEST_F(BoundsTest, IdleKeepAliveConnectionsAreClosed) {
  CollectorOptions o = test_options(dir);
  o.http.keep_alive_timeout = milliseconds(200);
  start(o);
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("GET /api/reports HTTP/1.1\r\nHost: " + host() + "\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(c.wait_closed(answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(answer.find("Connection: close"), std::string::npos) << "kept alive, then closed when idle";
}

// A body nobody asked for is answered at once and never read in full: the
// server closes while the client is still sending.
TEST_F(BoundsTest, UnexpectedBodiesAreRefusedUnread) {
  CollectorOptions o = test_options(dir);
  o.site_dir = demo_site_dir();
  start(o);
  const std::size_t huge = std::size_t{256} << 20;
  struct Case {
    std::string method, path;
    bool chunked;
    int status;
  };
  const Case cases[] = {
      {"POST", "/nothing", true, 405},        {"POST", "/nothing", false, 405},
      {"PUT", "/api/reports", true, 405},     {"POST", "/inbox", true, 405},
      {"GET", "/inbox", false, 413},          {"DELETE", "/api/reports", false, 405},
      {"OPTIONS", "/api/reports", true, 413}, {"POST", "/api/reports", true, 413},
      {"POST", "/api/reports", false, 413},
  };
  for (const Case& c : cases) {
    const std::string framing =
        c.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + std::to_string(huge) + "\r\n";
    const std::string head = c.method + " " + c.path + " HTTP/1.1\r\nHost: " + host() + "\r\n" + framing + "\r\n";
    RawConnection conn(server->port());
    const RawConnection::Flood f = conn.flood(head, huge, c.chunked);
    const std::string what = c.method + " " + c.path + (c.chunked ? " chunked" : " sized");
    EXPECT_TRUE(f.closed) << what;
    EXPECT_LT(f.sent, huge / 8) << what;
    EXPECT_EQ(f.response.rfind("HTTP/1.1 " + std::to_string(c.status), 0), 0u) << what << ": " << f.response;
    EXPECT_NE(f.response.find("Connection: close"), std::string::npos) << what;
  }
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(client->Get("/api/reports")->status, 200);
}

TEST_F(BoundsTest, AnOversizedChunkedReportIsA413TheWidgetCanRead) {
  CollectorOptions o = test_options(dir);
  o.allowed_origins = {"https://news.example"};
  start(o);
  RawConnection conn(server->port());
  const RawConnection::Flood f = conn.flood(
      post_head("/api/reports", "Transfer-Encoding: chunked\r\n", "Origin: https://news.example\r\n"), 64 << 20, true);
  EXPECT_TRUE(f.closed);
  ASSERT_EQ(f.response.rfind("HTTP/1.1 413", 0), 0u) << f.response;
  EXPECT_NE(f.response.find("Access-Control-Allow-Origin: https://news.example"), std::string::npos);
  EXPECT_EQ(body_of(body_of_answer(f.response))["errors"][0]["code"], "input.too_large");
}

TEST_F(BoundsTest, ContentEncodingIsRefused) {
  start(test_options(dir));
  const std::string report = dump_json(typical_report());
  // A gzip member's header, then anything: the server must not inflate it.
  const std::string body = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + report;
  auto r = client->Post("/api/reports", {{"Content-Encoding", "gzip"}}, body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_EQ(body_of(r->body)["errors"][0]["code"], "request.content_encoding");
  auto identity = client->Post("/api/reports", {{"Content-Encoding", "identity"}}, report, "application/json");
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->status, 415);
  EXPECT_EQ(stored(), 0);
}

TEST_F(BoundsTest, StaticFilesTakeOneRangeAtMost) {
  CollectorOptions o = test_options(dir);
  std::filesystem::create_directories(dir.file("site"));
  std::string content;
  for (int i = 0; i < 4096; ++i) content += static_cast<char>('a' + i % 26);
  write_file(dir.file("site/file.txt"), content);
  o.site_dir = dir.file("site");
  start(o);

  auto one = client->Get("/file.txt", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 206);
  EXPECT_EQ(one->body, content.substr(10, 10));
  EXPECT_EQ(one->get_header_value("Content-Range"), "bytes 10-19/4096");
  auto tail = client->Get("/file.txt", {{"Range", "bytes=-5"}});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->status, 206);
  EXPECT_EQ(tail->body, content.substr(4091));

  // A thousand overlapping ranges in a 3 KB request: the whole file, once.
  std::string many = "bytes=0-";
  for (int i = 1; i < 1000; ++i) many += ",0-";
  auto amplified = client->Get("/file.txt", {{"Range", many}});
  ASSERT_TRUE(amplified);
  EXPECT_EQ(amplified->status, 200);
  EXPECT_EQ(amplified->body.size(), content.size());
  EXPECT_EQ(amplified->get_header_value("Content-Range"), "");

  auto past = client->Get("/file.txt", {{"Range", "bytes=5000-"}});
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 416);
  EXPECT_EQ(past->get_header_value("Content-Range"), "bytes */4096");
}

TEST_F(BoundsTest, ConflictingFramingIs400) {
  start(test_options(dir));
  const std::string body = dump_json(typical_report());
  const std::string n = std::to_string(body.size());
  const std::string heads[] = {
      post_head("/api/reports",
                "Content-Length: " + n + "\r\nContent-Length: " + std::to_string(body.size() - 1) + "\r\n"),
      post_head("/api/reports", "Content-Length: " + n + ", 5\r\n"),
      post_head("/api/reports", "Content-Length: " + n + "\r\nTransfer-Encoding: chunked\r\n"),
  };
  for (const std::string& head : heads) {
    RawConnection conn(server->port());
    conn.send(head + body);
    const std::string answer = conn.read_until_closed();
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << head << answer;
  }
  EXPECT_EQ(stored(), 0);
}

TEST_F(BoundsTest, TheAllowListComparesTheRawOrigin) {
  CollectorOptions o = test_options(dir);
  o.allowed_origins = {"https://news.example"};
  start(o);
  // Each of these reads "https://news.example" once percent-decoded or cut at the NUL.
  for (const char* origin :
       {"https://news%2Eexample", "https://news.example%00.evil.example", "https%3A//news.example"}) {
    auto r = post_report(*client, dump_json(typical_report()), {{"Origin", origin}});
    ASSERT_TRUE(r) << origin;
    EXPECT_EQ(r->status, 403) << origin;
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin")) << origin;
    auto preflight = client->Options("/api/reports", {{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
    ASSERT_TRUE(preflight);
    EXPECT_EQ(preflight->status, 403) << origin;
  }
  // A raw NUL is no header value at all.
  const std::string body = dump_json(typical_report());
  RawConnection conn(server->port());
  conn.send(post_head("/api/reports", "Content-Length: " + std::to_string(body.size()) + "\r\n",
                      std::string("Origin: https://news.example\0.evil.example\r\n", 44)) +
            body);
  EXPECT_EQ(conn.read_until_closed().rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(post_report(*client, body, {{"Origin", "https://news.example"}})->status, 201);
}

TEST_F(BoundsTest, AStalledBodyGetsARetryableStatus) {
  CollectorOptions o = test_options(dir);
  o.http.body_timeout = milliseconds(300);
  start(o);
  const std::string body = dump_json(typical_report());
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.send(post_head("/api/reports", "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                        body.substr(0, body.size() / 2)));
  const std::string answer = conn.read_until_closed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer;
  EXPECT_EQ(body_of(body_of_answer(answer))["errors"][0]["code"], "request.timeout");
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(post_report(*client, body)->status, 201) << "the retry goes through";
}

TEST_F(BoundsTest, ExpectContinueGetsA100BeforeTheBody) {
  start(test_options(dir));
  const std::string body = dump_json(typical_report());
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.send(post_head("/api/reports", "Content-Length: " + std::to_string(body.size()) + "\r\n",
                                  "Expect: 100-continue\r\n")));
  EXPECT_EQ(conn.read_some(), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(conn.send(body));
  EXPECT_EQ(conn.read_some().rfind("HTTP/1.1 201", 0), 0u);
}

TEST_F(BoundsTest, ThePortIsBoundExclusively) {
  start(test_options(dir));
  CollectorOptions second = test_options(dir);
  second.port = server->port();
  second.db_path = dir.file("second.sqlite");
  std::string error;
  std::unique_ptr<Collector> other = Collector::create(second, &error);
  ASSERT_TRUE(other) << error;
  EXPECT_EQ(other->bind(&error), -1);
  EXPECT_NE(error.find("in use"), std::string::npos) << error;
  EXPECT_EQ(client->Get("/api/reports")->status, 200) << "the first one still answers";
}

}  // namespace
}  // namespace erratum::collector::testing
