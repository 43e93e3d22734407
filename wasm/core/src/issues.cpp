#include "erratum/core/issues.hpp"

#include <algorithm>
#include <cctype>

namespace erratum {
namespace {

struct CatalogEntry {
  const char* code;
  const char* en;
  const char* fr;
};

// One catalog for the whole core. Placeholders are {name} and are filled from
// the issue's params. French typography: non-breaking space before « : ; ? ! ».
constexpr CatalogEntry kCatalog[] = {
    {"json.invalid", "The data is not valid JSON.", "Les données ne sont pas un JSON valide."},
    {"json.too_deep", "The data is nested too deeply.", "Les données sont trop imbriquées."},
    {"input.too_large", "The data is too large ({size} bytes, {max} at most).",
     "Les données sont trop volumineuses ({size} octets, {max} au maximum)."},
    {"type.expected", "Expected a value of type {expected}.", "Une valeur de type {expected} est attendue."},
    {"value.required", "This field is required.", "Ce champ est obligatoire."},
    {"value.unknown_key", "Unknown option \u201c{key}\u201d.", "Option inconnue\u00a0: \u00ab\u00a0{key}\u00a0\u00bb."},
    {"value.not_allowed", "Must be one of: {allowed}.", "Valeurs possibles\u00a0: {allowed}."},
    {"value.out_of_range", "Must be between {min} and {max}.", "Doit \u00eatre compris entre {min} et {max}."},
    {"value.invalid_date", "Must be a date and time in ISO 8601 format.",
     "Doit \u00eatre une date et une heure au format ISO 8601."},
    {"value.invalid_uuid", "Must be a UUID.", "Doit \u00eatre un UUID."},
    {"text.invalid_encoding", "Contains invalid characters (broken text encoding).",
     "Contient des caract\u00e8res invalides (encodage du texte incorrect)."},
    {"text.control_character", "Contains invisible control characters.",
     "Contient des caract\u00e8res de contr\u00f4le invisibles."},
    {"text.too_long", "Too long: {length} characters, {max} at most.",
     "Trop long\u00a0: {length}\u00a0caract\u00e8res, {max} au maximum."},
    {"url.invalid", "Must be a valid absolute URL.", "Doit \u00eatre une URL absolue valide."},
    {"endpoint.insecure", "The endpoint must use https: (http: is allowed only on localhost).",
     "L'adresse d'envoi doit utiliser https: (http: n'est permis que sur localhost)."},
    {"metadata.too_large", "Site metadata is too large ({size} bytes, {max} at most).",
     "Les m\u00e9tadonn\u00e9es du site sont trop volumineuses ({size}\u00a0octets, {max} au maximum)."},
    {"report.schema", "Unknown report format \u201c{schema}\u201d.",
     "Format de signalement inconnu\u00a0: \u00ab\u00a0{schema}\u00a0\u00bb."},
    {"items.too_few", "Select at least {min} paragraph.", "S\u00e9lectionnez au moins {min}\u00a0paragraphe."},
    {"items.too_many", "Select at most {max} paragraphs.", "S\u00e9lectionnez au plus {max}\u00a0paragraphes."},
    {"item.no_change", "Correct the text or add a comment.", "Corrigez le texte ou ajoutez un commentaire."},
    {"diff.mismatch", "The diff does not match the original and corrected texts.",
     "Le diff ne correspond pas aux textes d'origine et corrig\u00e9."},
    {"item.duplicate", "This paragraph is already in the report.",
     "Ce paragraphe figure d\u00e9j\u00e0 dans le signalement."},
    {"email.invalid", "Enter an email address in the correct format, like name@example.com.",
     "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."},
    {"email.required", "Enter your email address.", "Saisissez votre adresse e-mail."},
    {"spam.honeypot", "A field meant to stay empty was filled in.",
     "Un champ qui devait rester vide a \u00e9t\u00e9 rempli."},
    {"spam.too_fast", "The form was sent too quickly ({elapsedMs} ms, {minMs} ms at least).",
     "Le formulaire a \u00e9t\u00e9 envoy\u00e9 trop vite ({elapsedMs}\u00a0ms, {minMs}\u00a0ms au minimum)."},
    {"article.not_loaded", "No article is loaded.", "Aucun article n'est charg\u00e9."},
    {"article.too_large", "The article is too long ({count} blocks, {max} at most).",
     "L'article est trop long ({count}\u00a0blocs, {max} au maximum)."},
    {"block.out_of_range", "There is no paragraph number {index}.", "Il n'y a pas de paragraphe num\u00e9ro {index}."},
    {"selection.empty_block", "This block has no text to correct.",
     "Ce bloc ne contient pas de texte \u00e0 corriger."},
    {"selection.max", "You can pick up to {max} paragraphs.",
     "Vous pouvez choisir jusqu'\u00e0 {max}\u00a0paragraphes."},
    {"selection.not_selected", "This paragraph is not selected.", "Ce paragraphe n'est pas s\u00e9lectionn\u00e9."},
    {"anchor.invalid_range", "The selected passage is outside the paragraph.",
     "Le passage s\u00e9lectionn\u00e9 est en dehors du paragraphe."},
    {"anchor.invalid", "The anchor has no quote to look for.",
     "L'ancre ne contient aucune citation \u00e0 rechercher."},
};

const CatalogEntry* find_entry(std::string_view code) {
  for (const auto& e : kCatalog)
    if (code == e.code) return &e;
  return nullptr;
}

std::string param_text(const Json& v) {
  if (v.is_string()) return as_string(v);
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) {
      if (!out.empty()) out += ", ";
      out += param_text(x);
    }
    return out;
  }
  return dump_json(v);
}

}  // namespace

Lang parse_lang(std::string_view tag) {
  if (tag.size() >= 2 && std::tolower(static_cast<unsigned char>(tag[0])) == 'f' &&
      std::tolower(static_cast<unsigned char>(tag[1])) == 'r' && (tag.size() == 2 || tag[2] == '-' || tag[2] == '_'))
    return Lang::Fr;
  return Lang::En;
}

std::string issue_message(const Issue& issue, Lang lang) {
  const CatalogEntry* e = find_entry(issue.code);
  if (!e) return issue.code;
  return fill_message(lang == Lang::Fr ? e->fr : e->en, issue.params);
}

std::string fill_message(std::string_view tmpl, const Json& params) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      const std::size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        const std::string name(tmpl.substr(i + 1, close - i - 1));
        const Json* v = member(params, name);
        out += v ? param_text(*v) : "{" + name + "}";
        i = close;
        continue;
      }
    }
    out.push_back(tmpl[i]);
  }
  return out;
}

Json issue_to_json(const Issue& issue, Lang lang) {
  return json_object(
      {{"code", issue.code}, {"path", issue.path}, {"params", issue.params}, {"message", issue_message(issue, lang)}});
}

Json issues_to_json(const Issues& issues, Lang lang) {
  Json out = Json::array();
  for (const auto& i : issues) out.push_back(issue_to_json(i, lang));
  return out;
}

Issue type_expected(std::string path, const char* type) {
  return {"type.expected", std::move(path), json_object({{"expected", type}})};
}

std::vector<std::string> known_issue_codes() {
  std::vector<std::string> out;
  for (const auto& e : kCatalog) out.emplace_back(e.code);
  return out;
}

std::string path_join(std::string_view base, std::string_view key) {
  std::string out(base);
  if (!out.empty()) out.push_back('.');
  out.append(key);
  return out;
}

std::string path_index(std::string_view base, std::size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

}  // namespace erratum
