// Triage over HTTP: the status route (who may call it, what it accepts,
// the audit trail it leaves), the inbox's bulk and group forms, its
// filters, paragraph groups with their counts, and its presentation
// (languages, dates, links, favicon, CSP).

#include "http_text.hpp"
#include "inbox_page.hpp"
#include "report_queries.hpp"
#include "test_support.hpp"
#include "triage_routes.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <regex>

namespace erratum::collector::testing {
namespace {

constexpr const char* kToken = "dHJpYWdlLWVkaXRvci10b2tlbi0wMDE";

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string cookie_named(const httplib::Result& r, const std::string& name) {
  for (std::size_t i = 0; r && i < r->get_header_value_count("Set-Cookie"); ++i) {
    const std::string c = r->get_header_value("Set-Cookie", i);
    if (c.rfind(name + "=", 0) == 0) return c.substr(0, c.find(';'));
  }
  return "";
}

std::string form_body(const httplib::Params& fields) { return httplib::detail::params_to_query_str(fields); }

// The section of `html` about the group whose heading block contains `needle`.
std::string group_with(const std::string& html, const std::string& needle) {
  const std::size_t at = html.find(needle);
  if (at == std::string::npos) return "";
  const std::size_t start = html.rfind("<section class=\"group\"", at);
  const std::size_t end = html.find("</section>", at);
  return start == std::string::npos || end == std::string::npos ? "" : html.substr(start, end - start);
}

class TriageTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void start(bool tokens = true, bool articles = true) {
    CollectorOptions o = test_options(dir);
    if (tokens) {
      o.editor_token_file = dir.file("editor-tokens");
      write_file(o.editor_token_file, std::string("camille:") + kToken + "\n");
      ::chmod(o.editor_token_file.c_str(), 0600);
    }
    if (articles) use_demo_articles(o);
    server = std::make_unique<RunningCollector>(o);
    client = server->client();
  }

  static httplib::Headers bearer(httplib::Headers more = {}) {
    more.emplace("Authorization", std::string("Bearer ") + kToken);
    return more;
  }

  std::string post(const Json& report) {
    auto r = post_report(*client, dump_json(report));
    EXPECT_TRUE(r && r->status == 201);
    return report["id"];
  }

  httplib::Result set_status(const std::string& id, const std::string& body, httplib::Headers headers = bearer(),
                             const std::string& type = "application/json") {
    return client->Post(("/api/reports/" + id + "/status").c_str(), headers, body, type.c_str());
  }

  Json record(const std::string& id) {
    auto r = client->Get("/api/reports/" + id, bearer());
    EXPECT_TRUE(r && r->status == 200);
    return r ? parse_json(r->body).value_or(Json()) : Json();
  }

  // Signs in through the form; the session's cookie.
  std::string sign_in() {
    auto login = client->Get("/inbox");
    EXPECT_TRUE(login);
    if (!login) return "";
    const httplib::Headers cookie = {{"Cookie", cookie_named(login, "erratum_login")}};
    auto r = client->Post("/login", cookie, form_body({{"csrf", field_value(login->body, "csrf")}, {"token", kToken}}),
                          "application/x-www-form-urlencoded");
    EXPECT_TRUE(r && r->status == 303);
    return cookie_named(r, "erratum_session");
  }

  std::string inbox(const std::string& query, const httplib::Headers& headers = bearer()) {
    auto r = client->Get("/inbox" + query, headers);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return r->body;
  }
};

TEST_F(TriageTest, TheStatusRouteIsForEditors) {
  start();
  const std::string id = post(typical_report());
  auto none = set_status(id, R"({"status":"accepted"})", {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"erratum\"");
  auto wrong = set_status(id, R"({"status":"accepted"})", {{"Authorization", "Bearer not-the-right-token-at-all"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(record(id)["status"], "new");
  EXPECT_TRUE(record(id)["history"].empty());
}

TEST_F(TriageTest, TheStatusRouteValidatesStrictlyInTheEditorsLanguage) {
  start();
  const std::string id = post(typical_report());
  auto unknown = set_status(id, R"({"status":"handled"})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  const Json error = (*parse_json(unknown->body))["errors"][0];
  EXPECT_EQ(error["code"], "status.unknown");
  EXPECT_EQ(error["path"], "status");
  EXPECT_EQ(error["message"],
            "Unknown status \u201chandled\u201d. Use one of: new, accepted, rejected, fixed, duplicate, spam.");
  auto fr = set_status(id, R"({"status":"trait\u00e9"})", bearer({{"Accept-Language", "fr-FR"}}));
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->status, 400);
  EXPECT_EQ((*parse_json(fr->body))["errors"][0]["message"],
            "\u00c9tat inconnu\u00a0: \u00ab\u00a0trait\u00e9\u00a0\u00bb. Valeurs possibles\u00a0: new, accepted, "
            "rejected, fixed, duplicate, spam.");

  struct Bad {
    std::string body;
    const char* code;
  };
  for (const Bad& bad :
       {Bad{"{}", "value.required"}, Bad{R"({"status":"fixed","by":"me"})", "request.unknown_field"},
        Bad{R"({"status":3})", "type.expected"}, Bad{R"({"status":"fixed","note":null})", "type.expected"},
        Bad{R"({"status":"fixed","note":")" + std::string(2001, 'a') + "\"}", "text.too_long"},
        Bad{R"({"status":"fixed","note":"a\u0007b"})", "text.control_character"}, Bad{"[\"fixed\"]", "type.expected"},
        Bad{"{status:fixed}", "json.invalid"}}) {
    auto r = set_status(id, bad.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad.body;
    const std::optional<Json> answer = parse_json(r->body);
    ASSERT_TRUE(answer) << r->body;
    EXPECT_EQ((*answer)["errors"][0]["code"], bad.code) << bad.body;
  }
  auto text = set_status(id, R"({"status":"fixed"})", bearer(), "text/plain");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  auto missing = set_status("00000000-0000-4000-8000-000000000000", R"({"status":"fixed"})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ((*parse_json(missing->body))["errors"][0]["code"], "report.not_found");
  EXPECT_EQ(record(id)["status"], "new");  // none of those changed anything
  EXPECT_TRUE(record(id)["history"].empty());
}

TEST_F(TriageTest, EveryChangeIsAuditedWithTheTokensLabel) {
  start();
  const std::string id = post(typical_report());
  auto accepted = set_status(id, R"({"status":"accepted","note":"\u00e0 corriger"})");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  const Json answer = *parse_json(accepted->body);
  EXPECT_EQ(answer["changed"], true);
  EXPECT_EQ(answer["status"], "accepted");
  ASSERT_EQ(answer["history"].size(), 1u);
  const Json change = answer["history"][0];
  EXPECT_EQ(change["editor"], "camille");
  EXPECT_EQ(change["from"], "new");
  EXPECT_EQ(change["to"], "accepted");
  EXPECT_EQ(change["note"], "\u00e0 corriger");
  EXPECT_EQ(change["changedAt"].get<std::string>().size(), 24u);  // 2024-03-01T10:00:00.000Z

  auto again = set_status(id, R"({"status":"accepted"})");
  ASSERT_TRUE(again);
  EXPECT_EQ((*parse_json(again->body))["changed"], false);
  for (const char* next : {"fixed", "new", "spam", "duplicate", "rejected"})
    ASSERT_EQ(set_status(id, std::string(R"({"status":")") + next + "\"}")->status, 200) << next;
  const Json stored = record(id);
  EXPECT_EQ(stored["status"], "rejected");
  ASSERT_EQ(stored["history"].size(), 6u);
  EXPECT_EQ(stored["history"][5]["from"], "duplicate");
  EXPECT_EQ(stored["history"][5]["to"], "rejected");

  const Json handled = *parse_json(client->Get("/api/reports?status=handled", bearer())->body);
  EXPECT_EQ(handled["total"], 1);
  EXPECT_EQ((*parse_json(client->Get("/api/reports?status=new", bearer())->body))["total"], 0);
}

TEST_F(TriageTest, ABrowserSessionNeedsItsCsrfTokenAndOwnOrigin) {
  start();
  const std::string id = post(typical_report());
  const std::string session = sign_in();
  ASSERT_FALSE(session.empty());
  const std::string csrf = field_value(inbox("", {{"Cookie", session}}), "csrf");
  ASSERT_FALSE(csrf.empty());
  const std::string own = "http://127.0.0.1:" + std::to_string(server->port());

  for (const httplib::Headers& forged :
       {httplib::Headers{{"Cookie", session}}, httplib::Headers{{"Cookie", session}, {"X-CSRF-Token", "x" + csrf}},
        httplib::Headers{{"Cookie", session}, {"X-CSRF-Token", csrf}, {"Origin", "https://evil.example"}},
        httplib::Headers{{"Cookie", session}, {"X-CSRF-Token", csrf}, {"Sec-Fetch-Site", "cross-site"}}}) {
    auto r = set_status(id, R"({"status":"spam"})", forged);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ((*parse_json(r->body))["errors"][0]["code"], "request.forged");
  }
  auto form_forged =
      set_status(id, form_body({{"status", "spam"}, {"csrf", csrf}}),
                 {{"Cookie", session}, {"Origin", "https://evil.example"}}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(form_forged);
  EXPECT_EQ(form_forged->status, 403);
  EXPECT_EQ(record(id)["status"], "new");

  auto fetched =
      set_status(id, R"({"status":"accepted"})",
                 {{"Cookie", session}, {"X-CSRF-Token", csrf}, {"Origin", own}, {"Sec-Fetch-Site", "same-origin"}});
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->status, 200) << fetched->body;
  auto form = set_status(id, form_body({{"status", "fixed"}, {"csrf", csrf}, {"return", "/inbox?status=fixed"}}),
                         {{"Cookie", session}, {"Origin", own}}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 303);
  EXPECT_EQ(form->get_header_value("Location"), "/inbox?status=fixed");
  const Json stored = record(id);
  EXPECT_EQ(stored["status"], "fixed");
  EXPECT_EQ(stored["history"][1]["editor"], "camille");
}

TEST_F(TriageTest, TheBulkFormChangesTheChosenReportsAndComesBack) {
  start();
  const std::string a = post(typical_report()), b = post(typical_report()), c = post(typical_report());
  const std::string session = sign_in();
  const std::string html = inbox("?status=new", {{"Cookie", session}});
  const std::string csrf = field_value(html, "csrf");
  EXPECT_NE(html.find("<form id=\"bulk\" class=\"bulk\" method=\"post\" action=\"/inbox/status\">"), std::string::npos);
  EXPECT_EQ(count_of(html, "form=\"bulk\""), 3u);
  const auto bulk = [&](const httplib::Params& fields, httplib::Headers headers) {
    return client->Post("/inbox/status", headers, form_body(fields), "application/x-www-form-urlencoded");
  };
  const httplib::Headers as_editor = {{"Cookie", session}};

  auto none = bulk({{"csrf", csrf}, {"status", "accepted"}}, as_editor);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 400);
  EXPECT_NE(none->body.find("Select at least one report."), std::string::npos);
  auto bad =
      bulk({{"csrf", csrf}, {"status", "archived"}, {"id", a}}, {{"Cookie", session}, {"Accept-Language", "fr"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("\u00c9tat inconnu"), std::string::npos) << bad->body;
  auto forged = bulk({{"status", "accepted"}, {"id", a}}, as_editor);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  auto unknown = bulk({{"csrf", csrf}, {"status", "accepted"}, {"id", a}, {"id", "nope"}}, as_editor);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto signed_out = bulk({{"csrf", csrf}, {"status", "accepted"}, {"id", a}}, {});
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 401);
  EXPECT_NE(signed_out->body.find("action=\"/login\""), std::string::npos);
  EXPECT_EQ(record(a)["status"], "new");

  auto done = bulk({{"csrf", csrf},
                    {"status", "duplicate"},
                    {"note", "m\u00eame coquille"},
                    {"id", a},
                    {"id", c},
                    {"return", "/inbox?status=new"}},
                   as_editor);
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 303) << done->body;
  EXPECT_EQ(done->get_header_value("Location"), "/inbox?status=new&changed=2");
  for (const std::string& id : {a, c}) {
    const Json stored = record(id);
    EXPECT_EQ(stored["status"], "duplicate");
    ASSERT_EQ(stored["history"].size(), 1u);
    EXPECT_EQ(stored["history"][0]["note"], "m\u00eame coquille");
  }
  EXPECT_EQ(record(b)["status"], "new");
  const std::string after = inbox("?status=new&changed=2", {{"Cookie", session}});
  EXPECT_NE(after.find("2 reports changed."), std::string::npos);
  EXPECT_EQ(count_of(after, "<article class=\"report"), 1u);

  // The way back is the inbox, never elsewhere.
  auto away = bulk({{"csrf", csrf}, {"status", "new"}, {"id", a}, {"return", "https://evil.example/"}}, as_editor);
  ASSERT_TRUE(away);
  EXPECT_EQ(away->get_header_value("Location"), "/inbox?changed=1");
  EXPECT_EQ(inbox_return_path("//evil.example"), "/inbox");
  EXPECT_EQ(inbox_return_path("/inboxes"), "/inbox");
  EXPECT_EQ(inbox_return_path("/inbox?status=new\r\nSet-Cookie: x"), "/inbox");
  EXPECT_EQ(inbox_return_path("/inbox?page=a&status=new"), "/inbox?page=a&status=new");
}

TEST_F(TriageTest, ReportsOnOneParagraphAreGroupedWithTheirCountsAndChangeTogether) {
  start();
  std::vector<std::string> p1;
  for (int i = 0; i < 3; ++i) p1.push_back(post(correcting("p1", "privil\u00e9gi\u00e9e", "privil\u00e9gi\u00e9")));
  p1.push_back(post(correcting("p1", "privil\u00e9gi\u00e9e", "favori")));
  const std::string p2 = post(correcting("p2", "petit monde", "petit milieu"));

  const std::string html = inbox("");
  EXPECT_EQ(count_of(html, "<section class=\"group\""), 2u);
  const std::string group = group_with(html, "Amesys est une soci\u00e9t\u00e9");
  ASSERT_FALSE(group.empty()) << html;
  EXPECT_NE(group.find("<strong>4</strong> reports on this paragraph"), std::string::npos) << group;
  EXPECT_NE(group.find("<span class=\"votes\">3</span> readers propose \u201c<ins>privil\u00e9gi\u00e9</ins>\u201d"),
            std::string::npos)
      << group;
  EXPECT_NE(group.find("<span class=\"votes\">1</span> reader proposes \u201c<ins>favori</ins>\u201d"),
            std::string::npos);
  EXPECT_EQ(count_of(group, "<article class=\"report"), 4u);
  EXPECT_NE(group.find("href=\"http://127.0.0.1/index.html#p1\""), std::string::npos);
  EXPECT_EQ(count_of(group, "type=\"hidden\" name=\"id\""), 4u);
  for (const std::string& id : p1) EXPECT_NE(group.find("name=\"id\" value=\"" + id + "\""), std::string::npos);

  const std::string fr = inbox("", bearer({{"Accept-Language", "fr"}}));
  EXPECT_NE(group_with(fr, "Amesys est une soci\u00e9t\u00e9")
                .find("<span class=\"votes\">3</span> lecteurs proposent "
                      "\u00ab\u00a0<ins>privil\u00e9gi\u00e9</ins>\u00a0\u00bb"),
            std::string::npos)
      << fr;

  // The group's own form: every report in it, an audit row each (sent here
  // with the bearer token, which needs no CSRF field).
  httplib::Params fields = {{"csrf", ""}, {"status", "accepted"}, {"note", "group\u00e9"}, {"return", "/inbox"}};
  for (const std::string& id : p1) fields.emplace("id", id);
  auto r = client->Post("/inbox/status", bearer(), form_body(fields), "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  for (const std::string& id : p1) {
    const Json stored = record(id);
    EXPECT_EQ(stored["status"], "accepted");
    ASSERT_EQ(stored["history"].size(), 1u);
    EXPECT_EQ(stored["history"][0]["editor"], "camille");
  }
  EXPECT_EQ(record(p2)["status"], "new");
  const std::string accepted = inbox("?status=accepted");
  EXPECT_EQ(count_of(accepted, "<article class=\"report"), 4u);
  EXPECT_NE(accepted.find("<option value=\"accepted\" selected>"), std::string::npos);
  EXPECT_NE(accepted.find("<summary>History (1)</summary>"), std::string::npos);
  EXPECT_NE(accepted.find("<span class=\"editor\">camille</span>"), std::string::npos);
  EXPECT_NE(accepted.find("<q class=\"note\">group\u00e9</q>"), std::string::npos);
  EXPECT_EQ(count_of(inbox("?status=new"), "<article class=\"report"), 1u);
}

TEST_F(TriageTest, ReportsOnTwoVersionsOfAParagraphMeetWhereItIsNow) {
  // A reader saw an earlier version of the paragraph: another contentHash.
  Json blocks = demo_article_blocks();
  const std::size_t p1 = static_cast<std::size_t>(demo_block("p1"));
  std::string old_text = blocks[p1]["text"];
  old_text.replace(old_text.find("soci\u00e9t\u00e9"), std::string("soci\u00e9t\u00e9").size(), "entreprise");
  blocks[p1]["text"] = old_text;
  ReportDraft earlier;
  earlier.blocks = blocks;
  std::string corrected = old_text;
  corrected.replace(corrected.find("privil\u00e9gi\u00e9e"), std::string("privil\u00e9gi\u00e9e").size(),
                    "privil\u00e9gi\u00e9");
  earlier.items = {ItemDraft{static_cast<int>(p1), corrected, "", "typo"}};
  const Json old_report = compose_report(earlier);
  const Json new_report = typical_report();
  ASSERT_NE(old_report["items"][0]["anchor"]["contentHash"], new_report["items"][0]["anchor"]["contentHash"]);

  // Without the current article nothing says they are one paragraph.
  start(true, false);
  post(old_report);
  post(new_report);
  EXPECT_EQ(count_of(inbox(""), "<section class=\"group\""), 2u);
  server.reset();

  start(true, true);
  const std::string html = inbox("");
  EXPECT_EQ(count_of(html, "<section class=\"group\""), 1u) << html;
  EXPECT_NE(html.find("<strong>2</strong> reports on this paragraph"), std::string::npos);
}

TEST_F(TriageTest, TheInboxFiltersSortsAndPages) {
  start();
  post(correcting("p1", "privil\u00e9gi\u00e9e", "privil\u00e9gi\u00e9"));
  ReportDraft grammar;
  grammar.items[0].comment = "accord";
  grammar.items[0].error_type = "grammar";
  post(compose_report(grammar));
  post(correcting("p2", "petit monde", "petit milieu", "typo", "http://127.0.0.1/a.html"));

  EXPECT_EQ(count_of(inbox("?type=grammar"), "<article class=\"report"), 1u);
  EXPECT_EQ(count_of(inbox("?status=handled"), "<article class=\"report"), 0u);
  const std::string today = utc_timestamp_now().substr(0, 10);
  EXPECT_EQ(count_of(inbox("?from=" + today + "&to=" + today), "<article class=\"report"), 3u);
  EXPECT_EQ(count_of(inbox("?to=2000-01-01"), "<article class=\"report"), 0u);
  const std::string by_page = inbox("?sort=page");
  EXPECT_LT(by_page.find("http://127.0.0.1/a.html"), by_page.find("http://127.0.0.1/index.html"));
  EXPECT_NE(by_page.find("<option value=\"page\" selected>"), std::string::npos);
  const std::string page1 = inbox("?type=typo&limit=1");
  EXPECT_EQ(count_of(page1, "<article class=\"report"), 1u);
  EXPECT_NE(page1.find("href=\"/inbox?offset=1&amp;limit=1&amp;type=typo\""), std::string::npos) << page1;
  EXPECT_NE(page1.find("href=\"/api/reports.csv?type=typo\""), std::string::npos);
  for (const char* bad : {"?status=archived", "?type=spelling", "?from=2024-02-30", "?to=yesterday", "?sort=best"}) {
    auto r = client->Get(std::string("/inbox") + bad, bearer());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
  auto fr = client->Get("/inbox?from=2024-13-01", bearer({{"Accept-Language", "fr"}}));
  ASSERT_TRUE(fr);
  EXPECT_NE(fr->body.find("Doit \u00eatre un jour au format AAAA-MM-JJ."), std::string::npos) << fr->body;
}

TEST_F(TriageTest, TheInboxSpeaksTheEditorsLanguageWithLinksAndNoScript) {
  start(false);
  ReportDraft d;
  d.reporter_name = "Ana";
  d.reporter_email = "ana+erratum@example.fr";
  d.items[0].comment = "Source ?";
  d.items[0].error_type = "fact";
  post(compose_report(d));

  auto r = client->Get("/inbox", {{"Accept-Language", "fr-CH, en;q=0.5"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Security-Policy"), kInboxCsp);
  // Not no-referrer: browsers then post the page's forms with "Origin: null".
  EXPECT_EQ(r->get_header_value("Referrer-Policy"), "same-origin");
  const std::string& html = r->body;
  EXPECT_NE(html.find("<meta name=\"referrer\" content=\"same-origin\">"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(" on[a-z]+="))) << "an event handler attribute";
  EXPECT_NE(html.find("<span class=\"tag error-type\" title=\"Type d'erreur\">fait</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"tag kind\">paragraphe</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"status status-new\">nouveau</span>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"fixed\">corrig\u00e9</option>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"mailto:ana%2Berratum@example.fr\">ana+erratum@example.fr</a>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<link rel=\"icon\" href=\"/favicon.ico\">"), std::string::npos);
  // The date in French, in UTC: "<time datetime="2024-...Z">5 mars 2024, 10:05 UTC</time>".
  const std::size_t time = html.find("<time datetime=\"");
  ASSERT_NE(time, std::string::npos);
  const std::string shown =
      html.substr(html.find('>', time) + 1, html.find("</time>", time) - html.find('>', time) - 1);
  EXPECT_TRUE(
      std::regex_match(shown, std::regex("[0-9]{1,2}(er)? [a-z\xc3\xa9\xbb]+ 20[0-9]{2}, [0-9]{2}:[0-9]{2} UTC")))
      << shown;

  auto icon = client->Get("/favicon.ico");
  ASSERT_TRUE(icon);
  EXPECT_EQ(icon->status, 200);
  EXPECT_EQ(icon->get_header_value("Content-Type"), "image/x-icon");
  ASSERT_EQ(icon->body.size(), 6u + 16 + 40 + 16 * 16 * 4 + 16 * 4);
  EXPECT_EQ(icon->body.substr(0, 4), std::string("\0\0\1\0", 4));
  auto css = client->Get("/inbox/inbox.css");
  ASSERT_TRUE(css);
  EXPECT_NE(css->body.find(".filters"), std::string::npos);
}

TEST(TriagePresentation, DatesAndWords) {
  EXPECT_EQ(display_time("2024-03-01T10:05:09.123Z", Lang{"fr"}), "1er mars 2024, 10:05 UTC");
  EXPECT_EQ(display_time("2024-08-17T23:00:00.000Z", Lang{"fr"}), "17 ao\u00fbt 2024, 23:00 UTC");
  EXPECT_EQ(display_time("2024-03-01T10:05:09.123Z", Lang{"en"}), "1 March 2024, 10:05 UTC");
  EXPECT_EQ(display_time("not a date", Lang{"en"}), "not a date");
  EXPECT_EQ(display_time("2024-13-01T10:05:09Z", Lang{"en"}), "2024-13-01T10:05:09Z");
  EXPECT_EQ(status_label("duplicate", Lang{"fr"}), "doublon");
  EXPECT_EQ(status_label("duplicate", Lang{"en"}), "duplicate");
  EXPECT_EQ(error_type_label("typo", Lang{"fr"}), "coquille");
  EXPECT_EQ(kind_label("listItem", Lang{"en"}), "list item");
  EXPECT_EQ(kind_label("unknownKind", Lang{"fr"}), "unknownKind");
}

TEST(TriageParsing, StatusBodies) {
  Issues errors;
  const std::optional<StatusRequest> ok = parse_status_json(R"({"note":"vu","status":"fixed"})", errors);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(ok->status, "fixed");
  EXPECT_EQ(ok->note, "vu");
  EXPECT_FALSE(parse_status_json("{\"status\":\"fixed\",\"note\":\"\xff\"}", errors));
  EXPECT_EQ(errors[0].code, "text.invalid_encoding");
  errors.clear();
  check_status_request({"fixed", std::string(2000, 'a')}, errors);
  EXPECT_TRUE(errors.empty());
  check_status_request({"fixed", "\u00e9" + std::string(1999, 'a')}, errors);  // characters, not bytes
  EXPECT_TRUE(errors.empty());
  check_status_request({"fixed", "a\xc2\x85z"}, errors);  // U+0085, a C1 control
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "text.control_character");
}

}  // namespace
}  // namespace erratum::collector::testing
