#include "editor_auth.hpp"

#include "host_guard.hpp"
#include "http_text.hpp"
#include "secrets.hpp"

namespace erratum::collector {

std::optional<EditorAccessMode> editor_access_mode(const EditorAccessSettings& settings, std::string* error) {
  if (settings.has_token_file && settings.insecure_no_auth) {
    if (error) *error = "--editor-token-file and --insecure-no-auth exclude each other: give one";
    return std::nullopt;
  }
  if (settings.has_token_file) return EditorAccessMode::Tokens;
  if (settings.insecure_no_auth) return EditorAccessMode::Anyone;
  if (is_loopback_host(settings.listen_host)) return EditorAccessMode::LoopbackPeers;
  if (error)
    *error = "--host " + settings.listen_host +
             " would show reporters' names, e-mails and comments to anyone who reaches it. Give "
             "--editor-token-file FILE (editors then sign in with a token from FILE), or --insecure-no-auth "
             "when an authenticating reverse proxy stands in front";
  return std::nullopt;
}

std::string bearer_token(std::string_view authorization) {
  if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ") return "";
  std::string_view token = authorization.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return std::string(token);
}

EditorAuth::EditorAuth(EditorAuthSettings settings, std::function<EditorSessions::Clock::time_point()> now)
    : mode_(settings.mode),
      tokens_(std::move(settings.tokens)),
      sessions_(settings.session_lifetime, std::move(now)),
      secure_cookies_(settings.secure_cookies),
      public_origin_(lower(settings.public_origin)) {}

std::string EditorAuth::session_cookie_name() const {
  // The __Host- prefix makes the browser refuse the cookie unless it is
  // Secure, host-only and Path=/: a sibling subdomain cannot plant one.
  return secure_cookies_ ? "__Host-erratum_session" : "erratum_session";
}

std::string EditorAuth::login_cookie_name() const { return secure_cookies_ ? "__Host-erratum_login" : "erratum_login"; }

std::string EditorAuth::cookie(const std::string& name, const std::string& value, long long max_age_seconds) const {
  return name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict" +
         (secure_cookies_ ? "; Secure" : "");
}

std::optional<Editor> EditorAuth::session_editor(const EditorRequest& request) {
  const std::string id = cookie_value(request.cookie, session_cookie_name());
  const std::optional<EditorSessions::Session> session = sessions_.find(id);
  if (!session) return std::nullopt;
  return Editor{Credential::Session, session->label, id, session->csrf_token};
}

AccessDecision EditorAuth::check_read(const EditorRequest& request) {
  switch (mode_) {
    case EditorAccessMode::Anyone: return {Verdict::Allowed, Editor{Credential::Network, "proxy", "", ""}};
    case EditorAccessMode::LoopbackPeers:
      if (!is_loopback_peer(request.peer_address)) return {Verdict::Forbidden, {}};
      return {Verdict::Allowed, Editor{Credential::Network, "loopback", "", ""}};
    case EditorAccessMode::Tokens: break;
  }
  // A wrong Authorization header is refused even beside a good cookie: the
  // client said what it wanted to be checked.
  if (!request.authorization.empty()) {
    const std::optional<std::string> label = tokens_.label_of(bearer_token(request.authorization));
    if (!label) return {Verdict::Unauthenticated, {}};
    return {Verdict::Allowed, Editor{Credential::Bearer, *label, "", ""}};
  }
  if (std::optional<Editor> editor = session_editor(request)) return {Verdict::Allowed, std::move(*editor)};
  return {Verdict::Unauthenticated, {}};
}

bool EditorAuth::from_own_pages(const EditorRequest& request) const {
  // Fetch metadata, where the browser sends it, says where the request
  // started; "none" (typed in the address bar) is no form of ours either.
  if (!request.sec_fetch_site.empty() && lower(request.sec_fetch_site) != "same-origin") return false;
  if (request.origin.empty()) return true;  // not a browser, or one too old to send it: the CSRF token decides
  const std::string origin = lower(request.origin);
  const std::string host = lower(request.host);
  if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
  return !public_origin_.empty() && origin == public_origin_;
}

bool EditorAuth::write_allowed(const EditorRequest& request, const Editor& editor,
                               std::string_view submitted_csrf) const {
  if (editor.credential == Credential::Bearer) return true;
  if (!from_own_pages(request)) return false;
  if (editor.credential == Credential::Network) return true;
  return !submitted_csrf.empty() && same_secret(submitted_csrf, editor.csrf_token);
}

LoginChallenge EditorAuth::login_challenge() const {
  const std::string token = random_secret();
  if (token.empty()) return {};
  return {token, cookie(login_cookie_name(), token, 3600)};
}

FormOutcome EditorAuth::login(const EditorRequest& request, std::string_view submitted_token,
                              std::string_view submitted_csrf) {
  if (mode_ != EditorAccessMode::Tokens || !from_own_pages(request)) return {Verdict::Forbidden, {}};
  const std::string expected_csrf = cookie_value(request.cookie, login_cookie_name());
  if (expected_csrf.empty() || submitted_csrf.empty() || !same_secret(submitted_csrf, expected_csrf))
    return {Verdict::Forbidden, {}};
  const std::optional<std::string> label = tokens_.label_of(submitted_token);
  if (!label) return {Verdict::Unauthenticated, {}};
  const std::optional<EditorSessions::Opened> opened = sessions_.open(*label);
  if (!opened) return {Verdict::Unauthenticated, {}};
  // A session left by an earlier sign-in in this browser ends here.
  sessions_.close(cookie_value(request.cookie, session_cookie_name()));
  return {
      Verdict::Allowed,
      {cookie(session_cookie_name(), opened->id, sessions_.lifetime().count()), cookie(login_cookie_name(), "", 0)}};
}

FormOutcome EditorAuth::logout(const EditorRequest& request, std::string_view submitted_csrf) {
  if (!from_own_pages(request)) return {Verdict::Forbidden, {}};
  const std::optional<Editor> editor = session_editor(request);
  if (editor) {
    if (submitted_csrf.empty() || !same_secret(submitted_csrf, editor->csrf_token)) return {Verdict::Forbidden, {}};
    sessions_.close(editor->session_id);
  }
  return {Verdict::Allowed, {cookie(session_cookie_name(), "", 0)}};
}

}  // namespace erratum::collector
