// Hostile input: SQL and HTML injection, floods, foreign origins, garbage.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <random>

namespace erratum::collector::testing {
namespace {

Json body_of(const httplib::Result& r) {
  std::optional<Json> j = r ? parse_json(r->body) : std::nullopt;
  return j ? *j : Json();
}

class SecurityTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void start(const CollectorOptions& options) {
    server = std::make_unique<RunningCollector>(options);
    client = server->client();
  }
};

constexpr const char* kSqlName = "Robert'); DROP TABLE reports;--";
constexpr const char* kSqlComment = "' OR '1'='1' -- \"; DELETE FROM reports WHERE 1=1; /*";
constexpr const char* kHtmlComment = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"quoted\"";
constexpr const char* kHtmlName = "\"><b>Mallory</b>";

TEST_F(SecurityTest, SqlInjectionIsStoredVerbatim) {
  start(test_options(dir));
  ReportDraft d;
  d.reporter_name = kSqlName;
  d.items[0].comment = kSqlComment;
  const Json report = compose_report(d);
  auto r = post_report(*client, dump_json(report));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  // The page filter is a bound parameter too.
  auto filtered = client->Get("/api/reports?page=" + httplib::detail::encode_query_param("' OR 1=1 --"));
  ASSERT_TRUE(filtered);
  EXPECT_EQ(body_of(filtered)["total"], 0);

  auto stored = body_of(client->Get("/api/reports/" + d.id));
  EXPECT_EQ(stored["report"]["reporter"]["name"], kSqlName);
  EXPECT_EQ(stored["report"]["items"][0]["comment"], kSqlComment);
  EXPECT_EQ(body_of(client->Get("/api/reports"))["total"], 1);
}

TEST_F(SecurityTest, HtmlInjectionIsEscapedInTheInbox) {
  CollectorOptions o = test_options(dir);
  use_demo_articles(o);
  start(o);
  ReportDraft d;
  d.reporter_name = kHtmlName;
  d.reporter_email = "a@example.org";
  d.items[0].comment = kHtmlComment;
  const std::string article_text = demo_block_text("p1");
  d.items[0].corrected = article_text + " <i>injected</i>";
  ASSERT_EQ(post_report(*client, dump_json(compose_report(d)))->status, 201);

  // Stored verbatim...
  auto stored = body_of(client->Get("/api/reports/" + d.id));
  EXPECT_EQ(stored["report"]["items"][0]["comment"], kHtmlComment);

  // ...shown as text.
  auto inbox = client->Get("/inbox");
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->status, 200);
  const std::string& html = inbox->body;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>Mallory"), std::string::npos);
  EXPECT_EQ(html.find("<i>injected"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; "
                      "&quot;quoted&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;b&gt;Mallory&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;injected&lt;/i&gt;</ins>"), std::string::npos) << html;

  const std::string csp = inbox->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("style=\""), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
}

TEST_F(SecurityTest, FloodFromOneAddressGets429WithRetryAfter) {
  CollectorOptions o = test_options(dir);
  o.rate_limit.max_requests = 3;
  o.rate_limit.window = std::chrono::seconds(60);
  start(o);
  for (int i = 0; i < 3; ++i) {
    auto r = post_report(*client, dump_json(typical_report()));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201);
  }
  auto refused = post_report(*client, dump_json(typical_report()));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  const int retry_after = std::atoi(refused->get_header_value("Retry-After").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_EQ(body_of(refused)["errors"][0]["code"], "request.rate_limited");
  EXPECT_EQ(body_of(refused)["errors"][0]["params"]["retryAfter"], retry_after);
  // Garbage counts too, and reading is not limited.
  EXPECT_EQ(post_report(*client, "garbage")->status, 429);
  EXPECT_EQ(body_of(client->Get("/api/reports"))["total"], 3);
}

TEST_F(SecurityTest, CorsAnswersOnlyAllowListedOrigins) {
  CollectorOptions o = test_options(dir);
  o.allowed_origins = {"https://news.example"};
  start(o);

  httplib::Headers preflight{{"Origin", "https://news.example"},
                             {"Access-Control-Request-Method", "POST"},
                             {"Access-Control-Request-Headers", "content-type, idempotency-key"}};
  auto ok = client->Options("/api/reports", preflight);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "https://news.example");
  EXPECT_NE(ok->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_NE(ok->get_header_value("Access-Control-Allow-Headers").find("Idempotency-Key"), std::string::npos);
  EXPECT_NE(ok->get_header_value("Vary").find("Origin"), std::string::npos);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Credentials"), "");

  httplib::Headers evil_preflight{{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}};
  auto denied = client->Options("/api/reports", evil_preflight);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_FALSE(denied->has_header("Access-Control-Allow-Origin"));

  const Json report = typical_report();
  auto allowed_post = post_report(*client, dump_json(report), {{"Origin", "https://news.example"}});
  ASSERT_TRUE(allowed_post);
  EXPECT_EQ(allowed_post->status, 201);
  EXPECT_EQ(allowed_post->get_header_value("Access-Control-Allow-Origin"), "https://news.example");
  EXPECT_EQ(allowed_post->get_header_value("Vary"), "Origin");

  // A page elsewhere may not post (a plain form post needs no preflight).
  const Json other = typical_report();
  auto evil_post = post_report(*client, dump_json(other), {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(evil_post);
  EXPECT_EQ(evil_post->status, 403);
  EXPECT_FALSE(evil_post->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(client->Get("/api/reports/" + other["id"].get<std::string>())->status, 404);

  // The collector's own pages (same origin) and non-browser clients may.
  const std::string self = "http://127.0.0.1:" + std::to_string(server->port());
  EXPECT_EQ(post_report(*client, dump_json(typical_report()), {{"Origin", self}})->status, 201);
  EXPECT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
}

TEST_F(SecurityTest, RandomGarbageNeverCrashesTheServer) {
  CollectorOptions o = test_options(dir);
  start(o);
  std::mt19937 rng(12345);
  const std::string valid = dump_json(typical_report());
  const char* types[] = {"application/json",
                         "application/x-www-form-urlencoded",
                         "text/plain",
                         "",
                         "application/json; charset=\"utf-8\"",
                         "multipart/form-data; boundary=x"};
  for (int i = 0; i < 300; ++i) {
    std::string body;
    switch (i % 3) {
      case 0: {  // random bytes
        body.resize(rng() % 2000);
        for (char& c : body) c = static_cast<char>(rng() & 0xff);
        break;
      }
      case 1: {  // a valid report with bytes flipped
        body = valid;
        for (int k = 0; k < 1 + static_cast<int>(rng() % 8); ++k)
          body[rng() % body.size()] = static_cast<char>(rng() & 0xff);
        break;
      }
      default: {  // "report=" + truncated or mangled JSON
        body = "report=" + valid.substr(0, rng() % valid.size());
      }
    }
    auto r = post_report(*client, body, {}, types[rng() % 6]);
    ASSERT_TRUE(r) << "no answer for case " << i;
    // A flipped byte may leave a valid report (201), or hit an id already
    // stored (200 or 409): anything but a 5xx or silence.
    EXPECT_TRUE(r->status == 200 || r->status == 201 || (r->status >= 400 && r->status < 500))
        << r->status << " for case " << i;
  }
  auto alive = client->Get("/api/reports");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

TEST_F(SecurityTest, UnknownApiRoutesAnswerJson404) {
  start(test_options(dir));
  auto r = client->Get("/api/nothing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body_of(r)["ok"], false);
  auto missing = client->Get("/api/reports/" + random_uuid());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body_of(missing)["errors"][0]["code"], "report.not_found");
}

}  // namespace
}  // namespace erratum::collector::testing
