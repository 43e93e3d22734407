// The editor's inbox: what it shows of each report, and whether each anchor
// still finds its paragraph as the article changes.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace erratum::collector::testing {
namespace {

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

class InboxTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;
  std::string articles;  // a copy of the demo article the tests edit

  void SetUp() override {
    articles = dir.file("articles.json");
    write_file(articles, read_file(demo_articles_path()));
    CollectorOptions o = test_options(dir);
    use_demo_articles(o, articles);
    server = std::make_unique<RunningCollector>(o);
    client = server->client();
  }

  std::string inbox(const std::string& query = "", const httplib::Headers& headers = {}) {
    auto r = client->Get("/inbox" + query, headers);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
    return r->body;
  }

  // Rewrites block `index` of the served article.
  void edit_article_block(std::size_t index, const std::string& text) {
    Json article = *parse_json(read_file(articles));
    article["blocks"][index]["text"] = text;
    write_file(articles, article.dump(2));
  }
};

TEST_F(InboxTest, ShowsTheReportWithItsDiffAndAnExactAnchor) {
  const Json report = typical_report();
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  const std::string html = inbox();
  EXPECT_NE(html.find("1 report<"), std::string::npos);
  EXPECT_NE(html.find("http://127.0.0.1/index.html"), std::string::npos);
  EXPECT_NE(html.find("Amesys est une soci\u00e9t\u00e9 sp\u00e9cialis\u00e9e"), std::string::npos);  // the original
  EXPECT_NE(html.find("<del>privil\u00e9gi\u00e9e</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<ins>privil\u00e9gi\u00e9</ins>"), std::string::npos) << html;
  EXPECT_NE(html.find("Accord du participe."), std::string::npos);
  EXPECT_NE(html.find(">typo<"), std::string::npos);
  EXPECT_NE(html.find(">anonymous<"), std::string::npos);
  EXPECT_NE(html.find("found (exact)"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/inbox/inbox.css\""), std::string::npos);

  auto css = client->Get("/inbox/inbox.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(InboxTest, AnchorFollowsTheArticleAsItIsEdited) {
  ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
  ASSERT_NE(inbox().find("found (exact)"), std::string::npos);

  // Blocks numbered differently (a byline counted in the file only) do not
  // matter: the passage is still verbatim in the same element.
  Json article = *parse_json(read_file(articles));
  article["blocks"].insert(article["blocks"].begin() + 1,
                           Json{{"text", "Par la r\u00e9daction"}, {"kind", "paragraph"}});
  write_file(articles, article.dump(2));
  EXPECT_NE(inbox().find("found (exact)"), std::string::npos);

  // The same text under another element id has moved.
  write_file(articles, read_file(demo_articles_path()));
  Json moved = *parse_json(read_file(articles));
  moved["blocks"][static_cast<std::size_t>(demo_block("p1"))]["id"] = "p-elsewhere";
  write_file(articles, moved.dump(2));
  EXPECT_NE(inbox().find("found (moved/edited, score"), std::string::npos);
  write_file(articles, read_file(demo_articles_path()));

  // The editor fixes the typo: the passage is still found, no longer verbatim.
  std::string text = demo_block_text("p1");
  text.replace(text.find("privil\u00e9gi\u00e9e"), std::string("privil\u00e9gi\u00e9e").size(), "privil\u00e9gi\u00e9");
  edit_article_block(static_cast<std::size_t>(demo_block("p1")), text);
  const std::string edited = inbox();
  // "found (moved/edited, score 0.87)"
  const std::string label = "found (moved/edited, score ";
  const std::size_t at = edited.find(label);
  ASSERT_NE(at, std::string::npos) << edited;
  const std::string digits = edited.substr(at + label.size(), 5);
  ASSERT_EQ(digits.size(), 5u);
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(digits[0])) && digits[1] == '.' &&
              std::isdigit(static_cast<unsigned char>(digits[2])) &&
              std::isdigit(static_cast<unsigned char>(digits[3])) && digits[4] == ')')
      << digits;
  const double score = std::stod(digits.substr(0, 4));
  EXPECT_LE(score, 1.0);
  EXPECT_GT(score, 0.5);
  EXPECT_EQ(edited.find("found (exact)"), std::string::npos);

  // The paragraph is gone: the report is orphaned.
  write_file(articles,
             dump_json(Json{
                 {"url", "/index.html"},
                 {"blocks", Json::array({Json{{"text", "Un tout autre article."}, {"kind", "title"}},
                                         Json{{"text", "Sans rapport avec le premier."}, {"kind", "paragraph"}}})}}));
  EXPECT_NE(inbox().find(">orphaned<"), std::string::npos);
}

TEST_F(InboxTest, PagesWithoutAKnownArticleSaySo) {
  ReportDraft d;
  d.page_url = "http://127.0.0.1/elsewhere.html";
  d.items[0].comment = "ailleurs";
  ASSERT_EQ(post_report(*client, dump_json(compose_report(d)))->status, 201);
  EXPECT_NE(inbox().find(">unknown article<"), std::string::npos);
}

TEST_F(InboxTest, SpeaksFrenchAndFiltersAndPages) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
  ReportDraft spam;
  spam.items[0].comment = "spam";
  spam.honeypot = "filled";
  ASSERT_EQ(post_report(*client, dump_json(compose_report(spam)))->status, 201);

  const std::string fr = inbox("", {{"Accept-Language", "fr-FR,fr;q=0.9"}});
  EXPECT_NE(fr.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(fr.find("trouv\u00e9 (tel quel)"), std::string::npos);
  EXPECT_NE(fr.find("4 signalements"), std::string::npos);

  const std::string all = inbox();
  EXPECT_EQ(count_of(all, "<article class=\"report"), 4u);
  EXPECT_EQ(count_of(all, "<article class=\"report spam\""), 1u);
  EXPECT_NE(all.find("A field meant to stay empty was filled in."), std::string::npos);  // the spam reason

  const std::string only_spam = inbox("?status=spam");
  EXPECT_EQ(count_of(only_spam, "<article class=\"report"), 1u);
  EXPECT_NE(only_spam.find("<option value=\"spam\" selected>"), std::string::npos);

  const std::string page1 = inbox("?status=new&limit=2");
  EXPECT_EQ(count_of(page1, "<article class=\"report"), 2u);
  EXPECT_NE(page1.find("href=\"/inbox?offset=2&amp;limit=2&amp;status=new\""), std::string::npos) << page1;
  const std::string page2 = inbox("?status=new&limit=2&offset=2");
  EXPECT_EQ(count_of(page2, "<article class=\"report"), 1u);
  EXPECT_NE(page2.find("rel=\"prev\""), std::string::npos);

  auto bad = client->Get("/inbox?limit=0");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(InboxTest, ApiListsPagesAndFilters) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const Json r = typical_report();
    ids.push_back(r["id"]);
    ASSERT_EQ(post_report(*client, dump_json(r))->status, 201);
  }
  ReportDraft other;
  other.page_url = "http://127.0.0.1/other.html";
  other.items[0].comment = "x";
  ASSERT_EQ(post_report(*client, dump_json(compose_report(other)))->status, 201);

  Json page = *parse_json(client->Get("/api/reports?limit=2&offset=1")->body);
  EXPECT_EQ(page["ok"], true);
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 1);
  EXPECT_EQ(page["reports"].size(), 2u);

  Json by_page = *parse_json(
      client->Get("/api/reports?page=" + httplib::detail::encode_query_param("http://127.0.0.1/other.html"))->body);
  EXPECT_EQ(by_page["total"], 1);
  EXPECT_EQ(by_page["reports"][0]["id"], other.id);
  EXPECT_EQ(by_page["reports"][0]["pageUrl"], "http://127.0.0.1/other.html");

  for (const char* bad : {"?limit=abc", "?limit=501", "?offset=-1", "?status=deleted"}) {
    auto r = client->Get(std::string("/api/reports") + bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
  EXPECT_EQ(client->Get("/api/reports")->get_header_value("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace erratum::collector::testing
