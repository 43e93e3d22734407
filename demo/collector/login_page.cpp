#include "login_page.hpp"

#include "html_escape.hpp"
#include "inbox_page.hpp"

namespace erratum::collector {
namespace {

struct Labels {
  const char* lang;
  const char* title;
  const char* explanation;
  const char* token;
  const char* sign_in;
  const char* sign_out;
  const char* wrong_token;
  const char* form_expired;
  const char* unavailable;
};

constexpr Labels kEnglish = {
    "en",
    "Erratum inbox: sign in",
    "Readers' reports hold their names and e-mail addresses. Sign in with your editor token.",
    "Editor token",
    "Sign in",
    "Sign out",
    "This token is not valid.",
    "The form expired or came from another page. Please try again.",
    "Signing in is not possible right now. Please try again later.",
};
constexpr Labels kFrench = {
    "fr",
    "Signalements Erratum\u00a0: connexion",
    "Les signalements des lecteurs contiennent leurs noms et adresses \u00e9lectroniques. "
    "Connectez-vous avec votre jeton d'\u00e9dition.",
    "Jeton d'\u00e9dition",
    "Se connecter",
    "Se d\u00e9connecter",
    "Ce jeton n'est pas valide.",
    "Le formulaire a expir\u00e9 ou vient d'une autre page. Veuillez r\u00e9essayer.",
    "La connexion est impossible pour le moment. Veuillez r\u00e9essayer plus tard.",
};

const Labels& labels(const Lang& lang) { return lang.french() ? kFrench : kEnglish; }

const char* notice_text(LoginNotice notice, const Labels& l) {
  switch (notice) {
    case LoginNotice::WrongToken: return l.wrong_token;
    case LoginNotice::FormExpired: return l.form_expired;
    case LoginNotice::Unavailable: return l.unavailable;
    case LoginNotice::None: break;
  }
  return "";
}

}  // namespace

std::string render_login(const LoginView& view) {
  const Labels& l = labels(view.lang);
  std::string out;
  out += "<!doctype html>\n<html lang=\"" + std::string(l.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"same-origin\">\n";
  out += "<title>" + std::string(l.title) + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(kInboxCssPath) + "\">\n</head>\n<body>\n";
  out += "<main class=\"login\">\n<h1>" + std::string(l.title) + "</h1>\n<p>" + l.explanation + "</p>\n";
  if (view.notice != LoginNotice::None)
    out += "<p class=\"notice\" role=\"alert\">" + std::string(notice_text(view.notice, l)) + "</p>\n";
  out += "<form method=\"post\" action=\"" + std::string(kLoginPath) + "\">\n";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(view.csrf_token) + "\">\n";
  out += "<label>" + std::string(l.token) +
         " <input type=\"password\" name=\"token\" autocomplete=\"current-password\" required autofocus></label>\n";
  out += "<button type=\"submit\">" + std::string(l.sign_in) + "</button>\n</form>\n</main>\n</body>\n</html>\n";
  return out;
}

std::string render_logout_form(const Lang& lang, const std::string& csrf_token) {
  return "<form class=\"logout\" method=\"post\" action=\"" + std::string(kLogoutPath) +
         "\">\n<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(csrf_token) +
         "\">\n<button type=\"submit\">" + labels(lang).sign_out + "</button>\n</form>\n";
}

}  // namespace erratum::collector
