// The pieces of editor access, tested directly: the token file, secrets,
// sessions on a test clock, the Host allow-list, the decisions, and the
// flags that set them up.

#include "editor_auth.hpp"
#include "editor_sessions.hpp"
#include "editor_tokens.hpp"
#include "host_guard.hpp"
#include "http_text.hpp"
#include "options.hpp"
#include "secrets.hpp"

#include <gtest/gtest.h>

#include <set>

namespace erratum::collector {
namespace {

constexpr const char* kToken = "Zm9vYmFyLXRva2VuLWZvci10ZXN0cw";

TEST(EditorTokens, ReadsLabelledAndBareTokensAndSkipsComments) {
  const TokenFile file =
      parse_token_lines(std::string("# who\r\n\ncamille : ") + kToken + "\r\n  abcdefghijklmnopqrst  \n");
  ASSERT_EQ(file.error, "");
  ASSERT_EQ(file.tokens.size(), 2u);
  EXPECT_EQ(file.tokens[0].label, "camille");
  EXPECT_EQ(file.tokens[1].label, "editor 4");
  EXPECT_EQ(file.tokens[0].digest, sha256(kToken));  // only the digest is kept

  const EditorTokens tokens(file.tokens);
  EXPECT_EQ(tokens.label_of(kToken), "camille");
  EXPECT_EQ(tokens.label_of("abcdefghijklmnopqrst"), "editor 4");
  EXPECT_EQ(tokens.label_of(""), std::nullopt);
  EXPECT_EQ(tokens.label_of(std::string(kToken).substr(1)), std::nullopt);
  EXPECT_EQ(tokens.label_of(std::string(kToken) + "="), std::nullopt);
}

TEST(EditorTokens, RefusesEmptyShortAndMalformedFilesWithoutQuotingThem) {
  EXPECT_NE(parse_token_lines("").error, "");
  EXPECT_NE(parse_token_lines("# nothing\n").error, "");
  EXPECT_EQ(parse_token_lines("a:0123456789abcde\n").error, "line 1: the token is shorter than 16 characters");
  EXPECT_EQ(parse_token_lines("\nsecret with spaces inside\n").error,
            "line 2: a token is letters, digits and - . _ ~ + / = only");
  EXPECT_NE(parse_token_lines("label:\n").error, "");
}

TEST(Secrets, RandomSecretsAreBase64UrlAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string s = random_secret();
    ASSERT_EQ(s.size(), 43u);
    for (char c : s) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "abcd"));
  EXPECT_FALSE(same_digest("", ""));  // a failed hash matches nothing
}

struct TestClock {
  EditorSessions::Clock::time_point now{};
  std::function<EditorSessions::Clock::time_point()> fn() {
    return [this] { return now; };
  }
};

TEST(EditorSessions, ExpireAfterTheirLifetimeAndClose) {
  TestClock clock;
  EditorSessions sessions(std::chrono::seconds(60), clock.fn());
  const auto opened = sessions.open("camille");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->id.size(), 43u);
  EXPECT_NE(opened->id, opened->session.csrf_token);
  ASSERT_TRUE(sessions.find(opened->id));
  EXPECT_EQ(sessions.find(opened->id)->label, "camille");
  EXPECT_FALSE(sessions.find(""));
  EXPECT_FALSE(sessions.find(opened->session.csrf_token));

  clock.now += std::chrono::seconds(59);
  EXPECT_TRUE(sessions.find(opened->id));
  clock.now += std::chrono::seconds(1);
  EXPECT_FALSE(sessions.find(opened->id));

  const auto other = sessions.open("dominique");
  ASSERT_TRUE(other);
  sessions.close(other->id);
  EXPECT_FALSE(sessions.find(other->id));
}

TEST(EditorSessions, KeepAtMostTheirCapacityDroppingTheOldest) {
  TestClock clock;
  EditorSessions sessions(std::chrono::seconds(60), clock.fn(), 2);
  const auto a = sessions.open("a");
  clock.now += std::chrono::seconds(1);
  const auto b = sessions.open("b");
  clock.now += std::chrono::seconds(1);
  const auto c = sessions.open("c");
  EXPECT_FALSE(sessions.find(a->id));
  EXPECT_TRUE(sessions.find(b->id));
  EXPECT_TRUE(sessions.find(c->id));
}

TEST(HostGuard, AnswersItsOwnNamesOnly) {
  const HostGuard guard(default_allowed_hosts("127.0.0.1", 8080, parse_public_url("https://Reports.example.org/x")));
  for (const char* ok : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "reports.example.org",
                         "reports.example.org:443"})
    EXPECT_TRUE(guard.allows(ok)) << ok;
  for (const char* no : {"", "evil.example", "evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "localhost",
                         "127.0.0.1:8080.evil.example", "reports.example.org.evil.example", "reports.example.org:x"})
    EXPECT_FALSE(guard.allows(no)) << no;

  EXPECT_TRUE(HostGuard({"[::1]:9000", "intranet"}).allows("intranet:1234"));
  EXPECT_TRUE(HostGuard({"*"}).allows("anything"));
  const std::vector<std::string> v6 = default_allowed_hosts("::", 9000, std::nullopt);
  EXPECT_TRUE(HostGuard(v6).allows("[::]:9000"));
}

TEST(HostGuard, LoopbackAddressesAndPublicUrls) {
  for (const char* h : {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h : {"0.0.0.0", "::", "192.168.1.2", "example.org"}) EXPECT_FALSE(is_loopback_host(h)) << h;
  for (const char* p : {"127.0.0.1", "::1", "::ffff:127.0.0.1"}) EXPECT_TRUE(is_loopback_peer(p)) << p;
  for (const char* p : {"192.0.2.1", "::ffff:192.0.2.1", "", "2001:db8::1"}) EXPECT_FALSE(is_loopback_peer(p)) << p;

  const auto url = parse_public_url("HTTPS://Reports.Example.org:8443/erratum/");
  ASSERT_TRUE(url);
  EXPECT_TRUE(url->https);
  EXPECT_EQ(url->origin, "https://reports.example.org:8443");
  EXPECT_EQ(url->host, "reports.example.org:8443");
  EXPECT_FALSE(parse_public_url("http://localhost")->https);
  for (const char* bad :
       {"", "ftp://x", "https://", "https://user@host", "https://host:", "https://host:80x", "https://ho st/"})
    EXPECT_FALSE(parse_public_url(bad)) << bad;
}

TEST(EditorAccessMode, PublicHostsNeedTokensOrAnExplicitOptOut) {
  std::string error;
  EXPECT_EQ(editor_access_mode({"127.0.0.1", false, false}, &error), EditorAccessMode::LoopbackPeers);
  EXPECT_EQ(editor_access_mode({"0.0.0.0", true, false}, &error), EditorAccessMode::Tokens);
  EXPECT_EQ(editor_access_mode({"127.0.0.1", true, false}, &error), EditorAccessMode::Tokens);
  EXPECT_EQ(editor_access_mode({"0.0.0.0", false, true}, &error), EditorAccessMode::Anyone);
  EXPECT_EQ(editor_access_mode({"0.0.0.0", false, false}, &error), std::nullopt);
  EXPECT_NE(error.find("--editor-token-file"), std::string::npos);
  EXPECT_NE(error.find("--insecure-no-auth"), std::string::npos);
  EXPECT_EQ(editor_access_mode({"0.0.0.0", true, true}, &error), std::nullopt);
}

EditorAuthSettings token_settings() {
  EditorAuthSettings s;
  s.mode = EditorAccessMode::Tokens;
  s.tokens = parse_token_lines(std::string("camille:") + kToken).tokens;
  return s;
}

TEST(EditorAuth, LoopbackModeChecksThePeerNotTheBindAddress) {
  EditorAuthSettings s;
  s.mode = EditorAccessMode::LoopbackPeers;
  EditorAuth auth(s);
  EditorRequest r;
  r.peer_address = "127.0.0.1";
  EXPECT_EQ(auth.check_read(r).verdict, Verdict::Allowed);
  r.peer_address = "192.0.2.7";
  EXPECT_EQ(auth.check_read(r).verdict, Verdict::Forbidden);
  r.authorization = std::string("Bearer ") + kToken;  // tokens mean nothing here
  EXPECT_EQ(auth.check_read(r).verdict, Verdict::Forbidden);
}

TEST(EditorAuth, BearerBeatsCookieAndWritesNeedTheSessionsCsrf) {
  EditorAuth auth(token_settings());
  EditorRequest r;
  r.host = "127.0.0.1:8080";
  r.authorization = std::string("bearer  ") + kToken;
  const AccessDecision bearer = auth.check_read(r);
  ASSERT_EQ(bearer.verdict, Verdict::Allowed);
  EXPECT_EQ(bearer.editor.label, "camille");
  EXPECT_EQ(bearer.editor.credential, Credential::Bearer);
  EXPECT_TRUE(auth.write_allowed(r, bearer.editor, ""));

  // Sign in through the form.
  const LoginChallenge challenge = auth.login_challenge();
  EditorRequest form;
  form.host = r.host;
  form.cookie = "erratum_login=" + challenge.csrf_token;
  const FormOutcome in = auth.login(form, kToken, challenge.csrf_token);
  ASSERT_EQ(in.verdict, Verdict::Allowed);
  EditorRequest browser;
  browser.host = r.host;
  browser.cookie = in.set_cookies[0].substr(0, in.set_cookies[0].find(';'));
  const AccessDecision session = auth.check_read(browser);
  ASSERT_EQ(session.verdict, Verdict::Allowed);
  EXPECT_EQ(session.editor.credential, Credential::Session);
  EXPECT_EQ(session.editor.label, "camille");

  // A later write route: the session's token, from the collector's own pages.
  EXPECT_TRUE(auth.write_allowed(browser, session.editor, session.editor.csrf_token));
  EXPECT_FALSE(auth.write_allowed(browser, session.editor, ""));
  EXPECT_FALSE(auth.write_allowed(browser, session.editor, challenge.csrf_token));
  browser.origin = "http://127.0.0.1:8080";
  browser.sec_fetch_site = "same-origin";
  EXPECT_TRUE(auth.write_allowed(browser, session.editor, session.editor.csrf_token));
  browser.sec_fetch_site = "same-site";
  EXPECT_FALSE(auth.write_allowed(browser, session.editor, session.editor.csrf_token));
  browser.sec_fetch_site = "";
  browser.origin = "null";
  EXPECT_FALSE(auth.write_allowed(browser, session.editor, session.editor.csrf_token));

  // A wrong Authorization header is not rescued by the cookie.
  browser.origin = "";
  browser.authorization = "Bearer nope";
  EXPECT_EQ(auth.check_read(browser).verdict, Verdict::Unauthenticated);
}

TEST(EditorAuth, CookiesCarryTheirAttributes) {
  EditorAuthSettings s = token_settings();
  s.secure_cookies = true;
  s.session_lifetime = std::chrono::seconds(3600);
  s.public_origin = "https://Reports.example.org";
  EditorAuth auth(s);
  const LoginChallenge challenge = auth.login_challenge();
  EXPECT_EQ(challenge.set_cookie, "__Host-erratum_login=" + challenge.csrf_token +
                                      "; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure");
  EditorRequest form;
  form.host = "127.0.0.1:8080";  // behind the TLS proxy
  form.origin = "https://reports.example.org";
  form.cookie = "__Host-erratum_login=" + challenge.csrf_token;
  const FormOutcome in = auth.login(form, kToken, challenge.csrf_token);
  ASSERT_EQ(in.verdict, Verdict::Allowed);
  ASSERT_EQ(in.set_cookies.size(), 2u);
  EXPECT_EQ(in.set_cookies[0].rfind("__Host-erratum_session=", 0), 0u);
  EXPECT_NE(in.set_cookies[0].find("; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure"), std::string::npos);
  EXPECT_EQ(in.set_cookies[1], "__Host-erratum_login=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

TEST(HttpText, CookieValue) {
  EXPECT_EQ(cookie_value("a=1; erratum_session=xyz; b=2", "erratum_session"), "xyz");
  EXPECT_EQ(cookie_value("erratum_session=xyz", "erratum_session"), "xyz");
  EXPECT_EQ(cookie_value("xerratum_session=no; erratum_session=yes", "erratum_session"), "yes");
  EXPECT_EQ(cookie_value("a=1", "erratum_session"), "");
  EXPECT_EQ(cookie_value("", "erratum_session"), "");
}

TEST(Options, EditorAccessFlags) {
  const ParsedArgs defaults = parse_args({});
  EXPECT_EQ(defaults.options.session_lifetime, std::chrono::hours(12));
  EXPECT_FALSE(defaults.options.insecure_no_auth);
  const ParsedArgs p = parse_args({"--editor-token-file", "/etc/erratum/tokens", "--session-lifetime=30m",
                                   "--public-url", "https://reports.example.org", "--allowed-host",
                                   "a.example,b.example:81", "--allowed-host=c.example", "--insecure-no-auth"});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.editor_token_file, "/etc/erratum/tokens");
  EXPECT_EQ(p.options.session_lifetime, std::chrono::minutes(30));
  EXPECT_EQ(p.options.public_url, "https://reports.example.org");
  EXPECT_EQ(p.options.allowed_hosts, (std::vector<std::string>{"a.example", "b.example:81", "c.example"}));
  EXPECT_TRUE(p.options.insecure_no_auth);
  EXPECT_FALSE(parse_args({"--session-lifetime", "0"}).ok);
  EXPECT_FALSE(parse_args({"--session-lifetime", "31d"}).ok);
  EXPECT_FALSE(parse_args({"--public-url", "reports.example.org"}).ok);
  EXPECT_FALSE(parse_args({"--editor-token-file", ""}).ok);
}

}  // namespace
}  // namespace erratum::collector
