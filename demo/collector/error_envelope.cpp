#include "error_envelope.hpp"

#include "http_text.hpp"
#include "vocabulary.hpp"

#include "erratum/builtin_messages.hpp"

#include <string_view>

namespace erratum::collector {
namespace {

struct Entry {
  const char* code;
  const char* en;
  const char* fr;
};

// French typography as in the core's catalog: no-break space before : ; ? !
constexpr Entry kCatalog[] = {
    {codes::kUnsupportedMediaType, "Send the report as application/json.",
     "Envoyez le signalement au format application/json."},
    {codes::kRateLimited, "Too many reports from your connection. Try again in {retryAfter} seconds.",
     "Trop de signalements depuis votre connexion. R\u00e9essayez dans {retryAfter}\u00a0secondes."},
    {codes::kOriginNotAllowed, "This site may not send reports here.",
     "Ce site n'est pas autoris\u00e9 \u00e0 envoyer des signalements ici."},
    {codes::kIdempotencyKeyMismatch, "The Idempotency-Key header must equal the report id.",
     "L'en-t\u00eate Idempotency-Key doit \u00eatre \u00e9gal \u00e0 l'identifiant du signalement."},
    {codes::kConflict, "Another report was already sent with this id.",
     "Un autre signalement a d\u00e9j\u00e0 \u00e9t\u00e9 envoy\u00e9 avec cet identifiant."},
    {codes::kNotFound, "No report has this id.", "Aucun signalement ne porte cet identifiant."},
    {codes::kRouteNotFound, "Nothing here.", "Il n'y a rien ici."},
    {codes::kBadRequest, "The request is not valid.", "La requ\u00eate n'est pas valide."},
    {codes::kMethodNotAllowed, "This address does not take this method.",
     "Cette adresse n'accepte pas cette m\u00e9thode."},
    {codes::kRequestTimeout, "The request arrived too slowly. Please try again.",
     "La requ\u00eate est arriv\u00e9e trop lentement. Veuillez r\u00e9essayer."},
    {codes::kBodyTooLarge, "This address takes no request body this large.",
     "Cette adresse n'accepte pas un corps de requ\u00eate aussi grand."},
    {codes::kContentEncoding, "Send the body without Content-Encoding.", "Envoyez le corps sans Content-Encoding."},
    {codes::kStorageFailed, "The report could not be saved. Please try again later.",
     "Le signalement n'a pas pu \u00eatre enregistr\u00e9. Veuillez r\u00e9essayer plus tard."},
    {codes::kInternal, "Something went wrong on the server.", "Une erreur s'est produite sur le serveur."},
    {codes::kUnauthorized, "Send an editor token: Authorization: Bearer <token>.",
     "Envoyez un jeton d'\u00e9dition\u00a0: Authorization: Bearer <jeton>."},
    {codes::kLoopbackOnly,
     "Without editor tokens, this collector shows reports to its own machine only (see --editor-token-file).",
     "Sans jetons d'\u00e9dition, ce collecteur ne montre les signalements qu'\u00e0 sa propre machine "
     "(voir --editor-token-file)."},
    {codes::kMisdirected, "This server does not answer for this host name (see --allowed-host).",
     "Ce serveur ne r\u00e9pond pas pour ce nom d'h\u00f4te (voir --allowed-host)."},
    {codes::kForged, "The form expired or came from another page. Please reload it and try again.",
     "Le formulaire a expir\u00e9 ou vient d'une autre page. Veuillez le recharger et r\u00e9essayer."},
    {codes::kInvalidDay, "Must be a day written YYYY-MM-DD.", "Doit \u00eatre un jour au format AAAA-MM-JJ."},
    {codes::kUnknownStatus, "Unknown status \u201c{status}\u201d. Use one of: {allowed}.",
     "\u00c9tat inconnu\u00a0: \u00ab\u00a0{status}\u00a0\u00bb. Valeurs possibles\u00a0: {allowed}."},
    {codes::kUnknownField, "Unknown field \u201c{field}\u201d.",
     "Champ inconnu\u00a0: \u00ab\u00a0{field}\u00a0\u00bb."},
    {codes::kNothingSelected, "Select at least one report.", "S\u00e9lectionnez au moins un signalement."},
    {codes::kTooManySelected, "Select at most {max} reports at once.",
     "S\u00e9lectionnez au plus {max}\u00a0signalements \u00e0 la fois."},
    {codes::kArticleUrl, "Give the page's absolute address: ?url=https://www.example.org/article.",
     "Donnez l'adresse absolue de la page\u00a0: ?url=https://www.example.org/article."},
    {codes::kArticleEmpty, "The article has no block with text.", "L'article n'a aucun bloc avec du texte."},
};

const Entry* find(std::string_view code) {
  for (const auto& e : kCatalog)
    if (code == e.code) return &e;
  return nullptr;
}

}  // namespace

Lang answer_language(std::string_view accept_language) {
  api::load_builtin_messages();
  for (const std::string& tag : accepted_languages(accept_language)) {
    std::string served = api::catalog_language(tag);
    if (!served.empty()) return Lang{std::move(served)};
  }
  return Lang{};
}

std::string issue_message_any(const Issue& issue, const Lang& lang) {
  const Entry* e = find(issue.code);
  if (!e) {
    api::load_builtin_messages();
    return api::issue_message(issue.code, issue.params, lang.tag);
  }
  // The collector's own codes, filled by the core's rule for placeholders.
  return api::fill_message(lang.french() ? e->fr : e->en, issue.params);
}

std::string error_envelope(const Issues& issues, const Lang& lang) {
  Json errors = Json::array();
  for (const Issue& issue : issues)
    errors.push_back(Json{{"code", issue.code},
                          {"path", issue.path},
                          {"params", issue.params},
                          {"message", issue_message_any(issue, lang)}});
  return dump_json(Json{{"ok", false}, {"errors", std::move(errors)}});
}

std::string error_envelope(const Issue& issue, const Lang& lang) { return error_envelope(Issues{issue}, lang); }

std::vector<std::string> collector_issue_codes() {
  std::vector<std::string> out;
  for (const auto& e : kCatalog) out.emplace_back(e.code);
  return out;
}

}  // namespace erratum::collector
