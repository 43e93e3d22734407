// Who may read reporters' data and act on it: the editor routes (/inbox,
// GET /api/reports...) ask the decisions here, which take plain header
// values and answer plain verdicts, so they hold no HTTP library type.
//
// Three modes, chosen at start-up (editor_access_mode):
//   Tokens        --editor-token-file: an API client sends
//                 "Authorization: Bearer <token>"; a browser signs in on
//                 /login with the token and then carries a session cookie
//                 (HttpOnly, SameSite=Strict, Path=/, Secure over https).
//   LoopbackPeers no token file, loopback --host: editor routes answer
//                 requests whose TCP peer is this machine, without a token.
//   Anyone        --insecure-no-auth: an authenticating proxy is in front.
//
// Browser write actions (sign-in, sign-out, and any later editing route)
// are refused unless they come from the collector's own pages: the
// Origin / Sec-Fetch-Site headers must say so, and a session's forms carry
// its CSRF token back (sign-in, before any session, uses a double-submit
// cookie instead).
#pragma once

#include "editor_sessions.hpp"
#include "editor_tokens.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

enum class EditorAccessMode { Tokens, LoopbackPeers, Anyone };

// What the collector is started with, as far as editor access goes.
struct EditorAccessSettings {
  std::string listen_host;
  bool has_token_file = false;
  bool insecure_no_auth = false;
};

// The mode, or "" and `error` naming both ways out when the collector would
// show reporters' data to the network without any check.
std::optional<EditorAccessMode> editor_access_mode(const EditorAccessSettings& settings, std::string* error);

// The header values the decisions read, "" when absent.
struct EditorRequest {
  std::string authorization;
  std::string cookie;
  std::string origin;
  std::string sec_fetch_site;
  std::string host;
  std::string peer_address;
};

// How a request proved who it acts for.
enum class Credential {
  Bearer,   // an Authorization header: no browser sends it on its own
  Session,  // a cookie, which a browser attaches to forged requests too
  Network,  // no credential: the peer's address (LoopbackPeers) or a proxy (Anyone)
};

// The editor a request acts for.
struct Editor {
  Credential credential = Credential::Network;
  std::string label;       // the token's label; "loopback" / "proxy" without tokens
  std::string session_id;  // set when signed in through the browser
  std::string csrf_token;  // the session's: forms must send it back
};

enum class Verdict {
  Allowed,
  Unauthenticated,  // 401: no credentials, or wrong ones
  Forbidden,        // 403: not from this machine (LoopbackPeers), or a forged write
};

struct AccessDecision {
  Verdict verdict = Verdict::Unauthenticated;
  Editor editor;
};

// Set-Cookie values and where to go next, for sign-in and sign-out.
struct FormOutcome {
  Verdict verdict = Verdict::Forbidden;
  std::vector<std::string> set_cookies;
};

// The sign-in form's double-submit token and the cookie that holds it.
struct LoginChallenge {
  std::string csrf_token;
  std::string set_cookie;
};

struct EditorAuthSettings {
  EditorAccessMode mode = EditorAccessMode::LoopbackPeers;
  std::vector<EditorToken> tokens;
  std::chrono::seconds session_lifetime{12 * 3600};
  bool secure_cookies = false;  // --public-url is https
  std::string public_origin;    // "https://reports.example.org", or ""
};

class EditorAuth {
 public:
  explicit EditorAuth(EditorAuthSettings settings,
                      std::function<EditorSessions::Clock::time_point()> now = EditorSessions::Clock::now);

  EditorAccessMode mode() const { return mode_; }

  // A request for reporters' data: a bearer token, or a session cookie.
  AccessDecision check_read(const EditorRequest& request);

  // A browser write by an editor `check_read` allowed: from the collector's
  // own pages, and, for a session, with its CSRF token in `submitted_csrf`.
  // Bearer clients are no browser form and need neither.
  bool write_allowed(const EditorRequest& request, const Editor& editor, std::string_view submitted_csrf) const;

  // For the sign-in form; empty values when the CSPRNG fails.
  LoginChallenge login_challenge() const;

  // POST /login: Allowed (with the session cookie) for a right token,
  // Unauthenticated for a wrong one, Forbidden for a forged form.
  FormOutcome login(const EditorRequest& request, std::string_view submitted_token, std::string_view submitted_csrf);

  // POST /logout: Allowed (the session is gone, its cookie cleared), or
  // Forbidden for a forged form.
  FormOutcome logout(const EditorRequest& request, std::string_view submitted_csrf);

  std::string session_cookie_name() const;
  std::string login_cookie_name() const;

 private:
  std::optional<Editor> session_editor(const EditorRequest& request);
  bool from_own_pages(const EditorRequest& request) const;
  std::string cookie(const std::string& name, const std::string& value, long long max_age_seconds) const;

  EditorAccessMode mode_;
  EditorTokens tokens_;
  EditorSessions sessions_;
  bool secure_cookies_;
  std::string public_origin_;
};

// "Bearer abc" -> "abc" (the scheme is case-insensitive); "" otherwise.
std::string bearer_token(std::string_view authorization);

}  // namespace erratum::collector
