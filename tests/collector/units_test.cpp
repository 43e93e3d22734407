// The collector's small pure pieces, tested directly: flags, header and form
// parsing, escaping, the rate limiter's window, connection counts, route
// admission, article URL keys and the --articles file, and the error catalog.

#include "article_catalog.hpp"
#include "article_versions.hpp"
#include "connection_limits.hpp"
#include "error_envelope.hpp"
#include "html_escape.hpp"
#include "http_routes.hpp"
#include "http_text.hpp"
#include "inbox_view.hpp"
#include "options.hpp"
#include "rate_limiter.hpp"

#include "vocabulary.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

namespace erratum::collector {
namespace {

TEST(Options, DefaultsAndEveryFlag) {
  const ParsedArgs defaults = parse_args({});
  ASSERT_TRUE(defaults.ok);
  EXPECT_EQ(defaults.options.host, "127.0.0.1");
  EXPECT_EQ(defaults.options.port, 8080);
  EXPECT_EQ(defaults.options.db_path, "./erratum-reports.sqlite");
  EXPECT_EQ(defaults.options.body_limit, 64u * 1024u);
  EXPECT_EQ(defaults.options.rate_limit.max_requests, 20);
  EXPECT_EQ(defaults.options.rate_limit.window, std::chrono::seconds(60));

  const ParsedArgs p = parse_args({"--host",
                                   "::1",
                                   "--port=0",
                                   "--db",
                                   "/tmp/x.sqlite",
                                   "--site",
                                   "demo/site",
                                   "--assets",
                                   "js,dist",
                                   "--assets=more",
                                   "--allow-origin",
                                   "https://A.example/",
                                   "--allow-origin=https://b.example,https://c.example",
                                   "--rate-limit",
                                   "5/1m",
                                   "--body-limit",
                                   "128k",
                                   "--articles",
                                   "a.json",
                                   "--config",
                                   "c.json",
                                   "--max-connections",
                                   "100",
                                   "--max-connections-per-address=0",
                                   "--header-timeout",
                                   "2s",
                                   "--body-timeout=500ms",
                                   "--keep-alive-timeout",
                                   "3",
                                   "--listen-backlog",
                                   "64",
                                   "--quiet"});
  ASSERT_TRUE(p.ok) << p.error;
  const CollectorOptions& o = p.options;
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.db_path, "/tmp/x.sqlite");
  EXPECT_EQ(o.site_dir, "demo/site");
  EXPECT_EQ(o.asset_dirs, (std::vector<std::string>{"js", "dist", "more"}));
  EXPECT_EQ(o.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example", "https://c.example"}));
  EXPECT_EQ(o.rate_limit.max_requests, 5);
  EXPECT_EQ(o.rate_limit.window, std::chrono::seconds(60));
  EXPECT_EQ(o.body_limit, 128u * 1024u);
  EXPECT_EQ(o.articles_path, "a.json");
  EXPECT_EQ(o.config_path, "c.json");
  EXPECT_FALSE(o.log_requests);
  EXPECT_EQ(o.http.max_connections, 100u);
  EXPECT_EQ(o.http.max_connections_per_address, 0u);
  EXPECT_EQ(o.http.header_timeout, std::chrono::seconds(2));
  EXPECT_EQ(o.http.body_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(o.http.keep_alive_timeout, std::chrono::seconds(3));
  EXPECT_EQ(o.http.listen_backlog, 64);
  EXPECT_EQ(defaults.options.http.keep_alive_timeout, std::chrono::seconds(1));
}

TEST(Options, RefusesBadValues) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{"--port", "65536"},
                                                                                    {"--port", "-1"},
                                                                                    {"--port"},
                                                                                    {"--rate-limit", "20"},
                                                                                    {"--rate-limit", "20/0"},
                                                                                    {"--rate-limit", "x/60"},
                                                                                    {"--body-limit", "0"},
                                                                                    {"--body-limit", "12q"},
                                                                                    {"--bogus"},
                                                                                    {"--header-timeout", "0"},
                                                                                    {"--body-timeout", "2h"},
                                                                                    {"--keep-alive-timeout", "1m"},
                                                                                    {"--listen-backlog", "0"},
                                                                                    {"--max-connections", "x"},
                                                                                    {"--db", ""}}) {
    const ParsedArgs p = parse_args(args);
    EXPECT_FALSE(p.ok) << args[0];
    EXPECT_FALSE(p.error.empty());
  }
  RateLimit off;
  ASSERT_TRUE(parse_rate_limit("off", off));
  EXPECT_EQ(off.max_requests, 0);
  RateLimit hourly;
  ASSERT_TRUE(parse_rate_limit("100/1h", hourly));
  EXPECT_EQ(hourly.window, std::chrono::hours(1));
  std::size_t bytes = 0;
  ASSERT_TRUE(parse_byte_size("1M", bytes));
  EXPECT_EQ(bytes, 1024u * 1024u);
}

TEST(HttpText, PreferredLanguageFollowsQValues) {
  using Tags = std::vector<std::string>;
  EXPECT_EQ(accepted_languages("fr-CH, fr;q=0.9, en;q=0.8"), (Tags{"fr-CH", "fr", "en"}));
  EXPECT_EQ(accepted_languages("en;q=0.5, fr;q=0.9"), (Tags{"fr", "en"}));
  EXPECT_EQ(accepted_languages("de;q=0, en"), (Tags{"en"}));
  EXPECT_EQ(accepted_languages("es, pt;q=0.8, ja;q=0.8, *;q=0.1"), (Tags{"es", "pt", "ja"}));
  EXPECT_EQ(accepted_languages("*"), Tags{});
  EXPECT_EQ(accepted_languages(""), Tags{});
  EXPECT_EQ(accepted_languages("  ,;,q=,"), Tags{});
  // The answer's language: the first accepted one that has a message table.
  EXPECT_EQ(answer_language("sv-SE, de-CH;q=0.9, fr;q=0.8").tag, "de");
  EXPECT_EQ(answer_language("pt-BR").tag, "pt");
  EXPECT_EQ(answer_language("sv, fi;q=0.5").tag, "en");
  EXPECT_EQ(answer_language("").tag, "en");
}

TEST(HttpText, MediaTypeAndFormFields) {
  EXPECT_EQ(parse_media_type("Application/JSON; Charset=\"UTF-8\"").type, "application/json");
  EXPECT_EQ(parse_media_type("application/json; charset=\"UTF-8\"").charset, "utf-8");
  EXPECT_EQ(parse_media_type("").type, "");
  EXPECT_EQ(form_field("a=1&report=%7B%22x%22%3A+1%7D&report=2", "report"), "{\"x\": 1}");
  EXPECT_EQ(form_field("report", "report"), "");
  EXPECT_EQ(form_field("a=1", "report"), std::nullopt);
  EXPECT_EQ(form_field("report=100%+%zz%4", "report"), "100% %zz%4");  // malformed escapes kept
  EXPECT_EQ(form_field("", "report"), std::nullopt);
}

TEST(HttpText, TimestampsAreIsoUtc) {
  // Shape "2024-05-01T12:34:56.789Z": digits everywhere but the separators.
  const std::string now = utc_timestamp_now();
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  ASSERT_EQ(now.size(), shape.size()) << now;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd')
      EXPECT_TRUE(now[i] >= '0' && now[i] <= '9') << now;
    else
      EXPECT_EQ(now[i], shape[i]) << now;
  }
}

TEST(HttpText, PathsAndQueries) {
  EXPECT_EQ(decode_path("/a%20b+c/%2e%2e"), "/a b+c/..");
  EXPECT_EQ(decode_path("/bad%zz%4"), "/bad%zz%4");
  const auto q = parse_query("page=%2Fa+b&status=new&&flag&page=2");
  EXPECT_EQ(q.count("page"), 2u);
  EXPECT_EQ(q.find("page")->second, "/a b");
  EXPECT_EQ(q.find("status")->second, "new");
  EXPECT_EQ(q.find("flag")->second, "");
}

TEST(HttpText, OneRangeAtMost) {
  using Kind = RangeRequest::Kind;
  auto part = [](std::string_view header, std::uint64_t size) {
    const RangeRequest r = parse_range(header, size);
    return r.kind == Kind::Part    ? std::to_string(r.first) + "-" + std::to_string(r.last)
           : r.kind == Kind::Whole ? "whole"
                                   : "416";
  };
  EXPECT_EQ(part("bytes=0-9", 100), "0-9");
  EXPECT_EQ(part("bytes=90-", 100), "90-99");
  EXPECT_EQ(part("bytes=90-500", 100), "90-99");
  EXPECT_EQ(part("bytes=-10", 100), "90-99");
  EXPECT_EQ(part("bytes=-500", 100), "0-99");
  EXPECT_EQ(part("bytes=100-", 100), "416");
  EXPECT_EQ(part("bytes=-0", 100), "416");
  EXPECT_EQ(part("bytes=0-1,2-3", 100), "whole");  // a list: never multiplied
  EXPECT_EQ(part("bytes=9-1", 100), "whole");      // invalid: ignored
  EXPECT_EQ(part("items=0-1", 100), "whole");
  EXPECT_EQ(part("", 100), "whole");
  EXPECT_EQ(part("bytes=x-1", 100), "whole");
}

TEST(ConnectionLimits, InAllAndPerAddress) {
  ConnectionLimits limits(3, 2);
  EXPECT_TRUE(limits.admit("a"));
  EXPECT_TRUE(limits.admit("a"));
  EXPECT_FALSE(limits.admit("a"));
  EXPECT_TRUE(limits.admit("b"));
  EXPECT_FALSE(limits.admit("c"));  // 3 in all
  limits.release("a");
  EXPECT_EQ(limits.open(), 2u);
  EXPECT_TRUE(limits.admit("c"));
  limits.release("unknown");
  EXPECT_EQ(limits.open(), 3u);
  ConnectionLimits none(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(none.admit("a"));
}

TEST(HttpRoutes, AdmissionBeforeAnyBody) {
  HttpRoutes routes(1000);
  routes.Get("/inbox", [](const Request&, Response&) {});
  routes.Post("/api/reports", [](const Request&, Response&) {});
  routes.Post("/small", 10, [](const Request&, Response&) {});
  routes.Get(R"(/api/reports/([^/]+))", [](const Request&, Response&) {});
  auto admit = [&](const char* method, const char* path) {
    Request req;
    req.method = method;
    req.path = path;
    return routes.admit(req);
  };
  EXPECT_EQ(admit("GET", "/inbox").status, 0);
  EXPECT_FALSE(admit("GET", "/inbox").takes_body);
  EXPECT_EQ(admit("HEAD", "/inbox").status, 0);
  EXPECT_EQ(admit("POST", "/inbox").status, 405);
  EXPECT_EQ(admit("POST", "/inbox").allow, "GET, HEAD");
  EXPECT_EQ(admit("PUT", "/api/reports").status, 405);
  EXPECT_EQ(admit("PUT", "/api/reports").allow, "POST");
  EXPECT_EQ(admit("GET", "/nothing").status, 404);
  EXPECT_TRUE(admit("POST", "/api/reports").takes_body);
  EXPECT_EQ(admit("POST", "/api/reports").body_limit, 1000u);
  EXPECT_EQ(admit("POST", "/small").body_limit, 10u);

  Request one;
  one.method = "GET";
  one.path = "/api/reports/abc";
  ASSERT_EQ(routes.admit(one).status, 0);
  EXPECT_EQ(one.matches[1], "abc");
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("caf\u00e9"), "caf\u00e9");
  EXPECT_EQ(url_encode_component("a b&c=\u00e9/"), "a%20b%26c%3D%C3%A9%2F");
}

TEST(RateLimiter, SlidingWindowPerClient) {
  RateLimiter limiter(2, std::chrono::seconds(10));
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_TRUE(limiter.attempt("a", t0).allowed);
  EXPECT_TRUE(limiter.attempt("a", t0 + std::chrono::seconds(4)).allowed);
  const auto refused = limiter.attempt("a", t0 + std::chrono::seconds(5));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 5);  // the first attempt leaves the window at t0+10
  EXPECT_TRUE(limiter.attempt("b", t0 + std::chrono::seconds(5)).allowed);  // per client
  const auto almost = limiter.attempt("a", t0 + std::chrono::milliseconds(9500));
  EXPECT_FALSE(almost.allowed);
  EXPECT_EQ(almost.retry_after_seconds, 1);  // rounded up, never 0
  EXPECT_TRUE(limiter.attempt("a", t0 + std::chrono::seconds(10)).allowed);
  EXPECT_FALSE(limiter.attempt("a", t0 + std::chrono::seconds(11)).allowed);

  RateLimiter off(0, std::chrono::seconds(1));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(off.attempt("a", t0).allowed);
}

TEST(RateLimiter, ForgetsIdleClients) {
  RateLimiter limiter(1, std::chrono::seconds(1));
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3000; ++i) limiter.attempt("client-" + std::to_string(i), t0 + std::chrono::seconds(i));
  EXPECT_LT(limiter.tracked_clients(), 1100u);
}

TEST(ArticleVersions, UrlKeysKeepTheHost) {
  EXPECT_EQ(article_url_key("HTTPS://Ex.ORG:443/a/B?x=1#f"), "https://ex.org/a/B?x=1");
  EXPECT_EQ(article_url_key("http://ex.org"), "http://ex.org/");
  EXPECT_EQ(article_url_key("http://ex.org?q"), "http://ex.org/?q");
  EXPECT_EQ(article_url_key("http://ex.org:8080/a"), "http://ex.org:8080/a");
  for (const char* bad : {"", "/a", "//ex.org/a", "ftp://ex.org/a", "http:///a", "http://u@ex.org/",
                          "http://ex.org/a b", "javascript:alert(1)"})
    EXPECT_FALSE(article_url_key(bad)) << bad;

  EXPECT_EQ(article_lookup_keys("https://ex.org/a/b?x=1#f", ""),
            (std::vector<std::string>{"https://ex.org/a/b?x=1", "https://ex.org/a/b"}));
  // A canonical URL on the page's own origin comes first; on another, it is ignored.
  EXPECT_EQ(article_lookup_keys("https://ex.org/a?utm=1", "https://EX.org/a"),
            (std::vector<std::string>{"https://ex.org/a", "https://ex.org/a?utm=1"}));
  EXPECT_EQ(article_lookup_keys("https://ex.org/a", "https://other.org/a"),
            (std::vector<std::string>{"https://ex.org/a"}));
  EXPECT_TRUE(article_lookup_keys("/a", "https://ex.org/a").empty());
}

TEST(ArticleVersions, TheCoreNormalisesAndHashes) {
  Issues errors;
  const auto a =
      normalize_article(*parse_json(R"([{"text":"  Un\u00a0 texte  ","kind":"paragraph","id":"p1"}])"), errors);
  ASSERT_TRUE(a) << (errors.empty() ? "" : errors[0].code);
  EXPECT_EQ(a->article, R"({"blocks":[{"text":"Un texte","kind":"paragraph","id":"p1"}]})");
  EXPECT_EQ(a->article_hash.rfind("sha256:", 0), 0u);
  const auto same = normalize_article(*parse_json(R"([{"text":"Un texte","kind":"paragraph","id":"p1"}])"), errors);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->article_hash, a->article_hash);

  EXPECT_FALSE(normalize_article(*parse_json(R"([{"text":"A","kind":"poem"}])"), errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "value.not_allowed");
  EXPECT_EQ(errors[0].path, "blocks[0].kind");
  errors.clear();
  EXPECT_FALSE(normalize_article(*parse_json(R"([{"text":"  "}])"), errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "article.empty");

  errors.clear();
  EXPECT_TRUE(parse_article_body(R"({"blocks":[]})", errors));
  EXPECT_FALSE(parse_article_body(R"({"blocks":{},"url":"x"})", errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "request.unknown_field");
  EXPECT_EQ(errors[1].code, "type.expected");
  errors.clear();
  EXPECT_FALSE(parse_article_body("[1]", errors));
  EXPECT_FALSE(parse_article_body("{", errors));
  EXPECT_FALSE(parse_article_body(R"({})", errors));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[2].code, "value.required");
}

TEST(ArticleFile, ShapesAndPaths) {
  const std::string path = ::testing::TempDir() + "/erratum-articles-test.json";
  const auto write = [&](const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  std::string problem;
  write(R"({"https://ex.org/a#top": {"blocks": [{"text": "A"}]}, "https://ex.org/b": [{"text": "B"}]})");
  auto map_shape = read_article_file(path, "", &problem);
  ASSERT_TRUE(map_shape) << problem;
  ASSERT_EQ(map_shape->size(), 2u);
  EXPECT_EQ((*map_shape)[0].url, "https://ex.org/a");
  EXPECT_NE((*map_shape)[1].article.article.find("\"B\""), std::string::npos);

  // A path names no host: refused, with the fix, unless --public-url gives the site.
  write(R"([{"urls": ["/x", "https://ex.org/y"], "blocks": [{"text": "X"}]}])");
  EXPECT_FALSE(read_article_file(path, "", &problem));
  EXPECT_NE(problem.find("\"/x\" is a path"), std::string::npos) << problem;
  EXPECT_NE(problem.find("--public-url"), std::string::npos) << problem;
  auto list_shape = read_article_file(path, "https://news.example:8443", &problem);
  ASSERT_TRUE(list_shape) << problem;
  ASSERT_EQ(list_shape->size(), 2u);
  EXPECT_EQ((*list_shape)[0].url, "https://news.example:8443/x");
  EXPECT_EQ((*list_shape)[1].url, "https://ex.org/y");

  write(R"({"url": "https://ex.org/z", "blocks": [{"text": "Z", "kind": "poem"}]})");
  EXPECT_FALSE(read_article_file(path, "", &problem));
  EXPECT_NE(problem.find("blocks[0].kind"), std::string::npos) << problem;
  write("not json");
  EXPECT_FALSE(read_article_file(path, "", &problem));
  EXPECT_NE(problem.find("not valid JSON"), std::string::npos) << problem;
  std::remove(path.c_str());
}

TEST(ErrorEnvelope, EveryCollectorCodeHasEnglishAndFrench) {
  std::set<std::string> seen;
  for (const std::string& code : collector_issue_codes()) {
    EXPECT_TRUE(seen.insert(code).second) << code;
    const std::string en = issue_message_any({code, ""}, Lang{"en"});
    const std::string fr = issue_message_any({code, ""}, Lang{"fr"});
    EXPECT_NE(en, code);
    EXPECT_NE(fr, en) << code;
  }
  const std::string with_param = issue_message_any({"request.rate_limited", "", Json{{"retryAfter", 7}}}, Lang{"en"});
  EXPECT_NE(with_param.find("7 seconds"), std::string::npos) << with_param;
  const std::optional<Json> envelope = parse_json(error_envelope(Issue{"json.invalid", ""}, Lang{"fr"}));
  ASSERT_TRUE(envelope);
  EXPECT_EQ((*envelope)["ok"], false);
  EXPECT_EQ((*envelope)["errors"][0]["message"], "Les donn\u00e9es ne sont pas un JSON valide.");
  // The core's codes speak every language of its tables; the collector's own
  // fall back to English.
  EXPECT_EQ(issue_message_any({"json.invalid", ""}, Lang{"ja"}),
            "\u30c7\u30fc\u30bf\u304c\u6b63\u3057\u3044JSON\u3067\u306f\u3042\u308a\u307e\u305b\u3093\u3002");
  EXPECT_EQ(issue_message_any({"report.not_found", ""}, Lang{"ja"}),
            issue_message_any({"report.not_found", ""}, Lang{"en"}));
}

TEST(InboxView, AnchorStatusTexts) {
  EXPECT_EQ(anchor_status_text({AnchorState::Exact, 1.0}, Lang{"en"}), "found (exact)");
  EXPECT_EQ(anchor_status_text({AnchorState::Moved, 0.8712}, Lang{"en"}), "found (moved/edited, score 0.87)");
  EXPECT_EQ(anchor_status_text({AnchorState::Orphaned, 0}, Lang{"en"}), "orphaned");
  EXPECT_EQ(anchor_status_text({AnchorState::ArticleUnknown, 0}, Lang{"en"}), "unknown article");
  EXPECT_EQ(anchor_status_text({AnchorState::ArticleUnknown, 0}, Lang{"fr"}), "article inconnu");
}

}  // namespace
}  // namespace erratum::collector
