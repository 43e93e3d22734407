#include "erratum/core/issues.hpp"

#include <algorithm>
#include <cctype>

namespace erratum {
namespace {

// Every code the core answers with. The messages are not here: each
// language's table is data (wasm/messages/<lang>.json) given at run time.
constexpr const char* kCodes[] = {
    "json.invalid",         "json.too_deep",         "input.too_large",       "type.expected",
    "value.required",       "value.unknown_key",     "value.not_allowed",     "value.out_of_range",
    "value.invalid_date",   "value.invalid_uuid",    "text.invalid_encoding", "text.control_character",
    "text.too_long",        "url.invalid",           "endpoint.insecure",     "metadata.too_large",
    "report.schema",        "items.too_few",         "items.too_many",        "item.no_change",
    "diff.mismatch",        "item.duplicate",        "email.invalid",         "email.required",
    "spam.honeypot",        "spam.too_fast",         "article.not_loaded",    "article.too_large",
    "block.out_of_range",   "selection.empty_block", "selection.max",         "selection.not_selected",
    "anchor.invalid_range", "anchor.invalid",
};

// {language: {code: template}}, filled by set_message_table().
Json& message_tables() {
  static Json tables = empty_object();
  return tables;
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
  std::string code;
  for (const char c : tag.substr(0, tag.find_first_of("-_"))) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    code.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return {code.size() >= 2 && code.size() <= 8 ? code : std::string()};
}

void set_message_table(const Lang& lang, Json table) { message_tables()[lang.code] = std::move(table); }

std::string_view serving_language(const Lang& lang) {
  const Json& tables = message_tables();
  if (!lang.code.empty() && member(tables, lang.code)) return lang.code;
  return member(tables, "en") ? "en" : "";
}

std::string issue_message(const Issue& issue, const Lang& lang) {
  const Json& tables = message_tables();
  for (const std::string_view language : {std::string_view(lang.code), std::string_view("en")}) {
    const Json* table = language.empty() ? nullptr : member(tables, language);
    if (const std::string* tmpl = table ? string_member(*table, issue.code) : nullptr)
      return fill_message(*tmpl, issue.params);
  }
  return issue.code;
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

Json issue_to_json(const Issue& issue, const Lang& lang) {
  return json_object(
      {{"code", issue.code}, {"path", issue.path}, {"params", issue.params}, {"message", issue_message(issue, lang)}});
}

Json issues_to_json(const Issues& issues, const Lang& lang) {
  Json out = empty_array();
  for (const auto& i : issues) out.push_back(issue_to_json(i, lang));
  return out;
}

Issue type_expected(std::string path, const char* type) {
  return {"type.expected", std::move(path), json_object({{"expected", type}})};
}

void add_issue(Issues& issues, std::string_view code, std::string_view path) {
  issues.push_back({std::string(code), std::string(path)});
}

void add_issue(Issues& issues, std::string_view code, std::string_view path, Json params) {
  issues.push_back({std::string(code), std::string(path), std::move(params)});
}

void add_type_expected(Issues& issues, std::string_view path, const char* type) {
  issues.push_back(type_expected(std::string(path), type));
}

std::vector<std::string> known_issue_codes() {
  std::vector<std::string> out;
  for (const char* code : kCodes) out.emplace_back(code);
  return out;
}

std::string path_join(std::string_view base, std::string_view key) {
  std::string out(base);
  if (!out.empty()) out.push_back('.');
  out.append(key);
  return out;
}

std::string path_index(std::string_view base, std::size_t index) {
  std::string out(base);
  out.push_back('[');
  append_integer(out, static_cast<std::ptrdiff_t>(index));
  out.push_back(']');
  return out;
}

}  // namespace erratum
