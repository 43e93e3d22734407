// Articles a CMS pushes with PUT /api/articles: who may push, what is
// refused and how, versions (a new one only when the text changed), the
// inbox re-anchoring on the newest version of exactly the report's page
// (host included) and saying which, and the article_versions migration.

#include "raw_socket.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>

namespace erratum::collector::testing {
namespace {

constexpr const char* kToken = "YXJ0aWNsZXMtZWRpdG9yLXRva2VuLTAwMQ";
constexpr const char* kPage = "https://news.example/2024/fichier-tes";

std::string article_body(const Json& blocks) { return dump_json(Json{{"blocks", blocks}}); }

// The demo article without the paragraph "p1" the tests' reports are on.
Json blocks_without_p1() {
  Json blocks = Json::array();
  for (const Json& b : demo_article_blocks())
    if (b["id"] != "p1") blocks.push_back(b);
  return blocks;
}

Json report_on(const std::string& page_url, const std::string& comment) {
  ReportDraft d;
  d.page_url = page_url;
  d.items[0].comment = comment;
  return compose_report(d);
}

class ArticlesTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void SetUp() override {
    CollectorOptions o = test_options(dir);
    o.editor_token_file = dir.file("editor-tokens");
    write_file(o.editor_token_file, std::string("cms:") + kToken + "\n");
    ::chmod(o.editor_token_file.c_str(), 0600);
    server = std::make_unique<RunningCollector>(o);
    client = server->client();
  }

  static httplib::Headers bearer(httplib::Headers more = {}) {
    more.emplace("Authorization", std::string("Bearer ") + kToken);
    return more;
  }

  httplib::Result put(const std::string& url, const std::string& body, httplib::Headers headers = bearer(),
                      const std::string& type = "application/json") {
    return client->Put("/api/articles?url=" + httplib::detail::encode_query_param(url), headers, body, type);
  }

  // The PUT's answer, expecting `status`.
  Json put_ok(const std::string& url, const Json& blocks, int status) {
    auto r = put(url, article_body(blocks));
    EXPECT_TRUE(r);
    if (!r) return Json();
    EXPECT_EQ(r->status, status) << r->body;
    return parse_json(r->body).value_or(Json());
  }

  std::string inbox(const httplib::Headers& more = {}) {
    auto r = client->Get("/inbox", bearer(more));
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return r->body;
  }

  void post(const Json& report) {
    auto r = post_report(*client, dump_json(report));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }
};

TEST_F(ArticlesTest, PushingNeedsAnEditorToken) {
  auto none = put(kPage, article_body(demo_article_blocks()), {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"erratum\"");
  EXPECT_EQ((*parse_json(none->body))["errors"][0]["code"], "request.unauthorized");
  auto wrong =
      put(kPage, article_body(demo_article_blocks()), {{"Authorization", "Bearer not-the-right-token-at-all"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  // Nothing was stored: the first accepted push is version 1.
  EXPECT_EQ(put_ok(kPage, demo_article_blocks(), 201)["version"], 1);
}

TEST_F(ArticlesTest, AClientWithoutATokenHasItsBodyLeftUnread) {
  // The fields announce a large body that never comes: the answer does not
  // wait for it, and the connection closes.
  RawConnection raw(server->port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.send("PUT /api/articles?url=https%3A%2F%2Fnews.example%2Fa HTTP/1.1\r\nHost: 127.0.0.1:" +
                       std::to_string(server->port()) +
                       "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(raw.wait_closed(answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer;
  EXPECT_NE(answer.find("request.unauthorized"), std::string::npos) << answer;
}

TEST_F(ArticlesTest, BadRequestsAreRefusedWithAMessage) {
  const auto refused = [&](const httplib::Result& r, int status, const std::string& code, const std::string& path) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    const Json body = *parse_json(r->body);
    EXPECT_EQ(body["ok"], false);
    ASSERT_FALSE(body["errors"].empty()) << r->body;
    EXPECT_EQ(body["errors"][0]["code"], code) << r->body;
    EXPECT_EQ(body["errors"][0]["path"], path) << r->body;
    EXPECT_FALSE(body["errors"][0]["message"].get<std::string>().empty());
    EXPECT_NE(body["errors"][0]["message"], code);
  };
  const std::string good = article_body(demo_article_blocks());
  refused(put(kPage, "{\"blocks\": [", bearer()), 400, "json.invalid", "");
  refused(put(kPage, R"({"blocks":[{"text":"A","kind":"poem"}]})"), 400, "value.not_allowed", "blocks[0].kind");
  refused(put(kPage, R"({"blocks":[{"kind":"paragraph"}]})"), 400, "type.expected", "blocks[0].text");
  refused(put(kPage, R"({"url":"x","blocks":[]})"), 400, "request.unknown_field", "url");
  refused(put(kPage, R"({"blocks":[{"text":"   "}]})"), 400, "article.empty", "blocks");
  refused(put("", good), 400, "article.url_invalid", "url");
  // A path names no host: it would match a page of any site.
  refused(put("/2024/fichier-tes", good), 400, "article.url_invalid", "url");
  refused(put(kPage, good, bearer(), "text/plain"), 415, "request.unsupported_media_type", "");
  refused(put(kPage, std::string(3 * 1024 * 1024, ' '), bearer()), 413, "request.body_too_large", "");

  // In the editor's language.
  auto fr = put("ftp://news.example/a", good, bearer({{"Accept-Language", "fr-FR,fr;q=0.9"}}));
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->status, 400);
  EXPECT_EQ((*parse_json(fr->body))["errors"][0]["message"],
            "Donnez l'adresse absolue de la page\u00a0: ?url=https://www.example.org/article.");
  auto fr_core = put(kPage, "nope", bearer({{"Accept-Language", "fr"}}));
  ASSERT_TRUE(fr_core);
  EXPECT_EQ((*parse_json(fr_core->body))["errors"][0]["message"], "Les donn\u00e9es ne sont pas un JSON valide.");

  // None of them stored anything.
  EXPECT_EQ(put_ok(kPage, demo_article_blocks(), 201)["version"], 1);
}

TEST_F(ArticlesTest, VersionsGrowOnlyWhenTheTextChanges) {
  const Json first = put_ok(kPage + std::string("#top"), demo_article_blocks(), 201);
  EXPECT_EQ(first["ok"], true);
  EXPECT_EQ(first["url"], kPage);  // without the fragment
  EXPECT_EQ(first["version"], 1);
  EXPECT_EQ(first["changed"], true);
  EXPECT_EQ(first["articleHash"].get<std::string>().rfind("sha256:", 0), 0u);

  const Json again = put_ok(kPage, demo_article_blocks(), 200);
  EXPECT_EQ(again["version"], 1);
  EXPECT_EQ(again["changed"], false);
  EXPECT_EQ(again["createdAt"], first["createdAt"]);

  // What the core's normalisation removes is no change either.
  Json spaced = demo_article_blocks();
  spaced[0]["text"] = "  " + spaced[0]["text"].get<std::string>() + "\n ";
  EXPECT_EQ(put_ok(kPage, spaced, 200)["version"], 1);

  const Json edited = put_ok(kPage, blocks_without_p1(), 201);
  EXPECT_EQ(edited["version"], 2);
  EXPECT_EQ(edited["changed"], true);
  EXPECT_NE(edited["articleHash"], first["articleHash"]);
  // Back to the first text: a new version, the newest being another.
  EXPECT_EQ(put_ok(kPage, demo_article_blocks(), 201)["version"], 3);
  // Each URL counts its own versions; the host is part of the URL.
  EXPECT_EQ(put_ok("https://other.example/2024/fichier-tes", demo_article_blocks(), 201)["version"], 1);
}

TEST_F(ArticlesTest, TheInboxReanchorsOnTheNewestVersionAndSaysWhich) {
  post(report_on(kPage, "coquille"));
  EXPECT_NE(inbox().find(">unknown article<"), std::string::npos);
  EXPECT_NE(inbox({{"Accept-Language", "fr"}}).find(">article inconnu<"), std::string::npos);

  put_ok(kPage, demo_article_blocks(), 201);
  std::string html = inbox();
  EXPECT_NE(html.find("found (exact)"), std::string::npos) << html;
  EXPECT_NE(html.find(">version 1 ("), std::string::npos) << html;

  put_ok(kPage, blocks_without_p1(), 201);
  html = inbox();
  EXPECT_NE(html.find(">orphaned<"), std::string::npos) << html;
  EXPECT_NE(html.find(">version 2 ("), std::string::npos) << html;
  EXPECT_EQ(html.find(">version 1 ("), std::string::npos) << html;
  EXPECT_NE(inbox({{"Accept-Language", "fr"}}).find(">orphelin<"), std::string::npos);
}

TEST_F(ArticlesTest, AReportFromAnotherHostNeverMatches) {
  put_ok(kPage, blocks_without_p1(), 201);  // would make the report orphaned, if it matched
  post(report_on("https://mirror.example/2024/fichier-tes", "miroir"));
  // Claiming the article's page as canonical URL from another host changes nothing.
  Json claiming = report_on("http://127.0.0.1/2024/fichier-tes", "canonique");
  claiming["page"]["canonicalUrl"] = kPage;
  post(claiming);
  const std::string html = inbox();
  EXPECT_EQ(html.find(">orphaned<"), std::string::npos) << html;
  EXPECT_EQ(html.find(">version "), std::string::npos) << html;
  const std::string label = ">unknown article<";
  std::size_t unknown = 0;
  for (std::size_t at = html.find(label); at != std::string::npos; at = html.find(label, at + 1)) ++unknown;
  EXPECT_EQ(unknown, 2u) << html;
}

TEST(ArticlesFile, PathsNeedThePublicUrl) {
  TempDir dir;
  CollectorOptions o = test_options(dir);
  o.articles_path = demo_articles_path();  // its URLs are paths: "/", "/index.html"
  std::string error;
  EXPECT_FALSE(Collector::create(o, &error));
  EXPECT_NE(error.find("\"/index.html\" is a path"), std::string::npos) << error;
  EXPECT_NE(error.find("--public-url"), std::string::npos) << error;
}

TEST(ArticlesFile, IsImportedAsVersionsThatPushesFollow) {
  TempDir dir;
  CollectorOptions o = test_options(dir);
  use_demo_articles(o);
  {
    RunningCollector server(o);
    auto client = server.client();
    ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);  // on http://127.0.0.1/index.html
    auto html = client->Get("/inbox");
    ASSERT_TRUE(html);
    EXPECT_NE(html->body.find("found (exact)"), std::string::npos);
    EXPECT_NE(html->body.find(">version 1 ("), std::string::npos);
    // A push (loopback editor, no token file) supersedes the file's version.
    auto pushed = client->Put("/api/articles?url=http%3A%2F%2F127.0.0.1%2Findex.html",
                              article_body(blocks_without_p1()), "application/json");
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->status, 201) << pushed->body;
    html = client->Get("/inbox");
    ASSERT_TRUE(html);
    EXPECT_NE(html->body.find(">orphaned<"), std::string::npos);
    EXPECT_NE(html->body.find(">version 2 ("), std::string::npos);
  }
  // Restarted with the same file: its text is version 1 already, so the
  // push stays the newest.
  {
    RunningCollector again(o);
    auto html = again.client()->Get("/inbox");
    ASSERT_TRUE(html);
    EXPECT_NE(html->body.find(">version 2 ("), std::string::npos);
  }
  // An edited file is a new version.
  const std::string edited = dir.file("articles.json");
  Json file = *parse_json(read_file(demo_articles_path()));
  file["blocks"].push_back(Json{{"text", "Un paragraphe ajout\u00e9."}, {"kind", "paragraph"}});
  write_file(edited, file.dump());
  use_demo_articles(o, edited);
  RunningCollector third(o);
  auto html = third.client()->Get("/inbox");
  ASSERT_TRUE(html);
  EXPECT_NE(html->body.find("found (exact)"), std::string::npos);
  EXPECT_NE(html->body.find(">version 3 ("), std::string::npos);
}

// A file as collectors of schema 3 leave it: migrations 1 to 3, reports, no
// article_versions table.
TEST(ArticleStore, ASchema3FileGainsArticleVersions) {
  TempDir dir;
  const Json report = typical_report();
  {
    std::string error;
    auto store = ReportStore::open(dir.file("reports.sqlite"), &error);
    ASSERT_TRUE(store) << error;
    ASSERT_EQ(store->insert(
                  {report["id"], "2024-03-01T10:00:00.000Z", report["page"]["url"], "new", "[]", dump_json(report), ""},
                  [](const StoredReport&) { return true; }),
              InsertOutcome::Created);
    store->close();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("reports.sqlite").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "BEGIN; DROP TABLE article_versions; DROP TABLE webhook_deliveries;"
                           " DELETE FROM schema_migrations WHERE version > 3;"
                           "PRAGMA user_version=3; COMMIT;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  std::string error;
  auto store = ReportStore::open(dir.file("reports.sqlite"), &error);
  ASSERT_TRUE(store) << error;
  EXPECT_EQ(store->schema_version(), 5);
  ASSERT_TRUE(store->find(report["id"]));
  const ArticleLookup none = store->newest_article(kPage);
  EXPECT_FALSE(none.failed);
  EXPECT_FALSE(none.newest);
  const ArticleVersion v{kPage, 0, "2024-03-02T00:00:00.000Z", "cms", "sha256:00", R"({"blocks":[]})"};
  const ArticlePut first = store->put_article(v, ArticleRepeat::Newest);
  EXPECT_EQ(first.outcome, ArticlePut::Outcome::Created);
  EXPECT_EQ(first.stored.version, 1);
  EXPECT_EQ(store->put_article(v, ArticleRepeat::Newest).outcome, ArticlePut::Outcome::Unchanged);
  ArticleVersion w = v;
  w.article = R"({"blocks":[{"text":"W","kind":"paragraph","id":""}]})";
  EXPECT_EQ(store->put_article(w, ArticleRepeat::Newest).stored.version, 2);
  // v is not the newest any more: a new version, unless any version will do.
  const ArticlePut any = store->put_article(v, ArticleRepeat::Any);
  EXPECT_EQ(any.outcome, ArticlePut::Outcome::Unchanged);
  EXPECT_EQ(any.stored.version, 1);
  EXPECT_EQ(store->put_article(v, ArticleRepeat::Newest).stored.version, 3);
  const ArticleLookup found = store->newest_article(kPage);
  ASSERT_TRUE(found.newest);
  EXPECT_EQ(found.newest->editor, "cms");
  EXPECT_EQ(found.newest->article, v.article);
  EXPECT_FALSE(store->newest_article("https://news.example/other").newest);
}

}  // namespace
}  // namespace erratum::collector::testing
