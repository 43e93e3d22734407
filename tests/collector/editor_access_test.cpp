// Editor access over real sockets: the bearer token on the API, the inbox's
// sign-in form and session cookie, CSRF on sign-in and sign-out, session
// expiry, the Host allow-list, and what stays open (readers posting,
// the site's files, loopback without a token file).

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <thread>

namespace erratum::collector::testing {
namespace {

constexpr const char* kToken = "Zm9vYmFyLXRva2VuLWZvci10ZXN0cw";
constexpr const char* kOtherToken = "c2Vjb25kLWVkaXRvci10b2tlbi14eA";

// Every Set-Cookie header of a response.
std::vector<std::string> set_cookies(const httplib::Result& r) {
  std::vector<std::string> out;
  if (!r) return out;
  for (std::size_t i = 0; i < r->get_header_value_count("Set-Cookie"); ++i)
    out.push_back(r->get_header_value("Set-Cookie", i));
  return out;
}

// The Set-Cookie header setting `name`, or "".
std::string set_cookie_named(const httplib::Result& r, const std::string& name) {
  for (const std::string& c : set_cookies(r))
    if (c.rfind(name + "=", 0) == 0) return c;
  return "";
}

// "name=value" of a Set-Cookie header, for a Cookie header.
std::string cookie_pair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

std::string form_body(const httplib::Params& fields) { return httplib::detail::params_to_query_str(fields); }

class EditorAccessTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  CollectorOptions token_options() {
    const std::string path = dir.file("editor-tokens");
    write_file(path, std::string("# editors\ncamille:") + kToken + "\n" + kOtherToken + "\n");
    ::chmod(path.c_str(), 0600);
    CollectorOptions o = test_options(dir);
    o.editor_token_file = path;
    return o;
  }

  void start(const CollectorOptions& o) {
    server = std::make_unique<RunningCollector>(o);
    client = server->client();
  }

  std::string host() const { return "127.0.0.1:" + std::to_string(server->port()); }

  struct LoginForm {
    std::string cookie;  // "erratum_login=..."
    std::string csrf;
  };
  LoginForm login_form(const std::string& login_cookie_name = "erratum_login") {
    auto r = client->Get("/inbox");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 401);
    return {cookie_pair(set_cookie_named(r, login_cookie_name)), field_value(r->body, "csrf")};
  }

  httplib::Result post_form(const std::string& path, const httplib::Params& fields, const std::string& cookie,
                            httplib::Headers headers = {}) {
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return client->Post(path.c_str(), headers, form_body(fields), "application/x-www-form-urlencoded");
  }

  // Signs in with `token`; returns the session's "name=value" cookie.
  std::string sign_in(const std::string& token = kToken, const std::string& prefix = "") {
    const LoginForm form = login_form(prefix + "erratum_login");
    auto r = post_form("/login", {{"csrf", form.csrf}, {"token", token}}, form.cookie);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 303) << r->body;
    return cookie_pair(set_cookie_named(r, prefix + "erratum_session"));
  }

  httplib::Result get(const std::string& path, const httplib::Headers& headers) {
    return client->Get(path.c_str(), headers);
  }
};

TEST_F(EditorAccessTest, TheApiAsksForABearerToken) {
  start(token_options());
  const Json report = typical_report();
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);  // readers need no token
  const std::string one = "/api/reports/" + report["id"].get<std::string>();

  for (const std::string& path : {std::string("/api/reports"), one}) {
    auto none = client->Get(path);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401) << path;
    EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"erratum\"");
    EXPECT_EQ((*parse_json(none->body))["errors"][0]["code"], "request.unauthorized");
    EXPECT_EQ(none->body.find("prestataire"), std::string::npos);

    // Wrong: another token, a prefix of the right one, the right one plus a
    // character, another scheme.
    for (const std::string& wrong :
         {std::string("Bearer wrong-token-of-some-length"), "Bearer " + std::string(kToken).substr(0, 20),
          "Bearer " + std::string(kToken) + "x", "Basic " + std::string(kToken), std::string("Bearer ")}) {
      auto r = get(path, {{"Authorization", wrong}});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 401) << path << " " << wrong;
    }
    for (const char* token : {kToken, kOtherToken}) {
      auto r = get(path, {{"Authorization", std::string("Bearer ") + token}});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << path;
      EXPECT_NE(r->body.find(report["id"].get<std::string>()), std::string::npos);
    }
  }
}

TEST_F(EditorAccessTest, TheInboxShowsASignInFormInTheReadersLanguage) {
  start(token_options());
  ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
  auto r = client->Get("/inbox");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(r->body.find("<form method=\"post\" action=\"/login\">"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("type=\"password\" name=\"token\""), std::string::npos);
  EXPECT_EQ(r->body.find("prestataire"), std::string::npos);  // nothing of the report
  const std::string login_cookie = set_cookie_named(r, "erratum_login");
  EXPECT_NE(login_cookie.find("; HttpOnly"), std::string::npos) << login_cookie;
  EXPECT_NE(login_cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie_pair(login_cookie), "erratum_login=" + field_value(r->body, "csrf"));
  EXPECT_GE(field_value(r->body, "csrf").size(), 43u);

  auto fr = get("/inbox", {{"Accept-Language", "fr-FR"}});
  ASSERT_TRUE(fr);
  EXPECT_NE(fr->body.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(fr->body.find("Se connecter"), std::string::npos);
}

TEST_F(EditorAccessTest, SigningInSetsAStrictHttpOnlySessionCookieThatOpensTheInbox) {
  start(token_options());
  ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
  const LoginForm form = login_form();
  auto r = post_form("/login", {{"csrf", form.csrf}, {"token", kToken}}, form.cookie);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  EXPECT_EQ(r->get_header_value("Location"), "/inbox");
  const std::string session = set_cookie_named(r, "erratum_session");
  EXPECT_NE(session.find("; Path=/"), std::string::npos) << session;
  EXPECT_NE(session.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(session.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(session.find("; Max-Age=43200"), std::string::npos);                         // 12 h
  EXPECT_EQ(session.find("Secure"), std::string::npos);                                  // plain http
  EXPECT_NE(set_cookie_named(r, "erratum_login").find("Max-Age=0"), std::string::npos);  // used up

  auto inbox = get("/inbox", {{"Cookie", "theme=dark; " + cookie_pair(session)}});
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200);
  EXPECT_NE(inbox->body.find("prestataire"), std::string::npos);
  EXPECT_NE(inbox->body.find("action=\"/logout\""), std::string::npos);
  auto api = get("/api/reports", {{"Cookie", cookie_pair(session)}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);

  auto forged = get("/inbox", {{"Cookie", "erratum_session=" + std::string(43, 'A')}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
}

TEST_F(EditorAccessTest, AWrongTokenAtSignInOpensNoSession) {
  start(token_options());
  const LoginForm form = login_form();
  auto r = post_form("/login", {{"csrf", form.csrf}, {"token", "not-the-token-at-all"}}, form.cookie);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("This token is not valid."), std::string::npos);
  EXPECT_EQ(set_cookie_named(r, "erratum_session"), "");
}

TEST_F(EditorAccessTest, ASignInFormOverItsBodyLimitIs413AndOpensNoSession) {
  start(token_options());
  const LoginForm form = login_form();
  // Far over what a CSRF token and an editor token take, yet under --body-limit.
  auto r = post_form("/login", {{"csrf", form.csrf}, {"token", std::string(20000, 'a')}}, form.cookie);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(set_cookie_named(r, "erratum_session"), "");
  EXPECT_EQ(r->get_header_value("Connection"), "close");  // the body was left unread
}

TEST_F(EditorAccessTest, SignInWithoutTheFormsCsrfTokenOrFromAnotherSiteIs403) {
  start(token_options());
  const LoginForm form = login_form();
  const LoginForm other = login_form();
  struct Case {
    const char* what;
    httplib::Params fields;
    std::string cookie;
    httplib::Headers headers;
  };
  const std::vector<Case> cases = {
      {"no csrf field", {{"token", kToken}}, form.cookie, {}},
      {"no csrf cookie", {{"csrf", form.csrf}, {"token", kToken}}, "", {}},
      {"wrong csrf", {{"csrf", other.csrf}, {"token", kToken}}, form.cookie, {}},
      {"foreign Origin", {{"csrf", form.csrf}, {"token", kToken}}, form.cookie, {{"Origin", "https://evil.example"}}},
      {"cross-site fetch", {{"csrf", form.csrf}, {"token", kToken}}, form.cookie, {{"Sec-Fetch-Site", "cross-site"}}},
  };
  for (const Case& c : cases) {
    auto r = post_form("/login", c.fields, c.cookie, c.headers);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << c.what;
    EXPECT_EQ(set_cookie_named(r, "erratum_session"), "") << c.what;
  }
  // The same form from the collector's own page goes through.
  auto own = post_form("/login", {{"csrf", form.csrf}, {"token", kToken}}, form.cookie,
                       {{"Origin", "http://" + host()}, {"Sec-Fetch-Site", "same-origin"}});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 303);
}

TEST_F(EditorAccessTest, SigningOutNeedsTheSessionsCsrfTokenAndEndsTheSession) {
  start(token_options());
  const std::string session = sign_in();
  auto inbox = get("/inbox", {{"Cookie", session}});
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->status, 200);
  const std::string csrf = field_value(inbox->body, "csrf");
  ASSERT_FALSE(csrf.empty());

  for (const std::string& wrong : {std::string(), std::string(csrf.size(), 'x')}) {
    auto r = post_form("/logout", wrong.empty() ? httplib::Params{} : httplib::Params{{"csrf", wrong}}, session);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
  }
  auto foreign = post_form("/logout", {{"csrf", csrf}}, session, {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  auto still = get("/inbox", {{"Cookie", session}});
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);  // none of those signed the editor out

  auto out = post_form("/logout", {{"csrf", csrf}}, session);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_NE(set_cookie_named(out, "erratum_session").find("Max-Age=0"), std::string::npos);
  auto after = get("/inbox", {{"Cookie", session}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);  // the old cookie, replayed, opens nothing
}

TEST_F(EditorAccessTest, AnExpiredSessionIsRefused) {
  CollectorOptions o = token_options();
  o.session_lifetime = std::chrono::seconds(1);
  start(o);
  const std::string session = sign_in();
  auto fresh = get("/inbox", {{"Cookie", session}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto stale = get("/inbox", {{"Cookie", session}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 401);
}

TEST_F(EditorAccessTest, AnHttpsPublicUrlMakesTheCookiesSecureAndHostOnly) {
  CollectorOptions o = token_options();
  o.public_url = "https://reports.example.org";
  start(o);
  const std::string session = sign_in(kToken, "__Host-");
  ASSERT_FALSE(session.empty());
  const LoginForm form = login_form("__Host-erratum_login");
  auto r = post_form("/login", {{"csrf", form.csrf}, {"token", kToken}}, form.cookie,
                     {{"Origin", "https://reports.example.org"}, {"Host", "reports.example.org"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303);
  const std::string cookie = set_cookie_named(r, "__Host-erratum_session");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
}

TEST_F(EditorAccessTest, AForeignHostIs421OnEveryRoute) {
  CollectorOptions o = token_options();
  o.site_dir = demo_site_dir();
  o.allowed_hosts = {"reports.example.org"};
  start(o);
  const httplib::Headers evil = {{"Host", "evil.example:" + std::to_string(server->port())}};
  for (const char* path : {"/inbox", "/api/reports", "/index.html", "/inbox/inbox.css", "/nothing"}) {
    auto r = get(path, evil);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 421) << path;
  }
  auto api = get("/api/reports", evil);
  EXPECT_EQ((*parse_json(api->body))["errors"][0]["code"], "request.misdirected");
  auto posted = client->Post("/api/reports", evil, dump_json(typical_report()), "application/json");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 421);
  auto login = post_form("/login", {{"token", kToken}}, "", evil);
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 421);

  const std::string port = std::to_string(server->port());
  for (const std::string& own : {host(), "localhost:" + port, "[::1]:" + port, std::string("Reports.Example.org")}) {
    auto r = get("/index.html", {{"Host", own}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << own;
  }
  auto other_port = get("/index.html", {{"Host", "127.0.0.1:1"}});
  ASSERT_TRUE(other_port);
  EXPECT_EQ(other_port->status, 421);
}

TEST_F(EditorAccessTest, ReadersAndTheSiteNeedNoToken) {
  CollectorOptions o = token_options();
  o.site_dir = demo_site_dir();
  o.allowed_origins = {"https://www.example.org"};
  start(o);
  auto posted = post_report(*client, dump_json(typical_report()), {{"Origin", "https://www.example.org"}});
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 201);
  auto preflight = client->Options("/api/reports",
                                   {{"Origin", "https://www.example.org"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  auto page = client->Get("/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  auto css = client->Get("/inbox/inbox.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
}

TEST_F(EditorAccessTest, OnLoopbackWithoutATokenFileTheInboxStaysOpenToThisMachine) {
  start(test_options(dir));
  ASSERT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
  auto inbox = client->Get("/inbox");
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200);
  EXPECT_NE(inbox->body.find("prestataire"), std::string::npos);
  EXPECT_EQ(inbox->body.find("action=\"/logout\""), std::string::npos);  // nobody signed in
  auto api = client->Get("/api/reports");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  auto login = post_form("/login", {{"token", kToken}}, "");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303);  // nothing to sign in to: back to the inbox
  EXPECT_EQ(set_cookie_named(login, "erratum_session"), "");
}

TEST_F(EditorAccessTest, StartingRefusesAPublicHostWithoutTokensAndBadTokenFiles) {
  CollectorOptions o = test_options(dir);
  o.host = "0.0.0.0";
  std::string error;
  EXPECT_FALSE(Collector::create(o, &error));
  EXPECT_NE(error.find("--editor-token-file"), std::string::npos) << error;
  EXPECT_NE(error.find("--insecure-no-auth"), std::string::npos) << error;

  o.insecure_no_auth = true;
  error.clear();
  std::unique_ptr<Collector> open = Collector::create(o, &error);
  ASSERT_TRUE(open) << error;
  ASSERT_FALSE(open->notices().empty());
  EXPECT_NE(open->notices()[0].find("--insecure-no-auth"), std::string::npos);
  open.reset();

  CollectorOptions t = token_options();
  t.host = "0.0.0.0";
  error.clear();
  EXPECT_TRUE(Collector::create(t, &error)) << error;

  struct Bad {
    const char* content;
    const char* message;
  };
  for (const Bad& bad : {Bad{"", "holds no token"}, Bad{"# only a comment\n\n", "holds no token"},
                         Bad{"camille:short\n", "shorter than 16"}, Bad{"camille:has space inside it\n", "letters"}}) {
    write_file(t.editor_token_file, bad.content);
    error.clear();
    EXPECT_FALSE(Collector::create(t, &error)) << bad.content;
    EXPECT_NE(error.find(bad.message), std::string::npos) << error;
    EXPECT_EQ(error.find("has space"), std::string::npos);  // a token never shows in a message
  }
  t.editor_token_file = dir.file("missing");
  error.clear();
  EXPECT_FALSE(Collector::create(t, &error));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;

  t = token_options();
  ::chmod(t.editor_token_file.c_str(), 0644);
  std::unique_ptr<Collector> readable = Collector::create(t, &error);
  ASSERT_TRUE(readable) << error;
  ASSERT_EQ(readable->notices().size(), 1u);
  EXPECT_NE(readable->notices()[0].find("chmod 600"), std::string::npos);
}

}  // namespace
}  // namespace erratum::collector::testing
