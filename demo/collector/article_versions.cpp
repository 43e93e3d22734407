#include "article_versions.hpp"

#include "error_envelope.hpp"
#include "http_text.hpp"

namespace erratum::collector {
namespace {

// "https://Ex.org:443/a?b#c" -> {"https://ex.org", "/a?b"}.
struct SplitUrl {
  std::string origin;
  std::string rest;  // path and query
};

std::optional<SplitUrl> split_url(std::string_view url) {
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return std::nullopt;
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string scheme = lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  const std::string_view after = url.substr(colon + 3);
  const std::size_t end = after.find_first_of("/?#");
  std::string host = lower(after.substr(0, end));
  if (host.empty() || host.find('@') != std::string::npos) return std::nullopt;
  const std::string default_port = scheme == "http" ? ":80" : ":443";
  if (host.size() > default_port.size() &&
      host.compare(host.size() - default_port.size(), std::string::npos, default_port) == 0)
    host.resize(host.size() - default_port.size());
  std::string_view rest = end == std::string_view::npos ? std::string_view() : after.substr(end);
  rest = rest.substr(0, rest.find('#'));
  SplitUrl out{scheme + "://" + host, std::string(rest)};
  if (out.rest.empty() || out.rest.front() == '?') out.rest.insert(0, "/");
  return out;
}

}  // namespace

std::optional<std::string> article_url_key(std::string_view url) {
  const std::optional<SplitUrl> split = split_url(url);
  if (!split) return std::nullopt;
  return split->origin + split->rest;
}

std::vector<std::string> article_lookup_keys(std::string_view page_url, std::string_view canonical_url) {
  std::vector<std::string> keys;
  const std::optional<SplitUrl> page = split_url(page_url);
  if (!page) return keys;
  const auto add = [&keys](const SplitUrl& url) {
    for (const std::string& key : {url.origin + url.rest, url.origin + url.rest.substr(0, url.rest.find('?'))}) {
      bool known = false;
      for (const std::string& k : keys) known = known || k == key;
      if (!known) keys.push_back(key);
    }
  };
  if (const std::optional<SplitUrl> canonical = split_url(canonical_url);
      canonical && canonical->origin == page->origin)
    add(*canonical);
  add(*page);
  return keys;
}

std::optional<NormalizedArticle> normalize_article(const Json& blocks, Issues& errors) {
  api::Session session;
  const std::optional<Json> answer = parse_json(session.load_article(dump_json(Json{{"blocks", blocks}})));
  const Json* ok = answer ? member(*answer, "ok") : nullptr;
  if (!ok || !ok->is_boolean() || !as_bool(*ok)) {
    const Json* found = answer ? member(*answer, "errors") : nullptr;
    if (found && found->is_array())
      for (const Json& e : *found) {
        const Json* params = member(e, "params");
        errors.push_back({string_at(e, "code"), string_at(e, "path"), params ? *params : Json::object()});
      }
    if (errors.empty()) errors.push_back({codes::kInternal, ""});
    return std::nullopt;
  }
  if (index_member(*answer, "length") <= 0) {
    errors.push_back({codes::kArticleEmpty, "blocks"});
    return std::nullopt;
  }
  Json kept = Json::array();
  if (const Json* normalized = member(*answer, "blocks"); normalized && normalized->is_array())
    for (const Json& b : *normalized)
      kept.push_back(Json{{"text", string_at(b, "text")}, {"kind", string_at(b, "kind")}, {"id", string_at(b, "id")}});
  return NormalizedArticle{string_at(*answer, "articleHash"), dump_json(Json{{"blocks", std::move(kept)}})};
}

std::optional<Json> parse_article_body(std::string_view body, Issues& errors) {
  if (!is_valid_utf8(body)) {
    errors.push_back({"text.invalid_encoding", ""});
    return std::nullopt;
  }
  api::ReadProblem problem = api::ReadProblem::None;
  std::optional<Json> parsed = parse_json(body, &problem);
  if (!parsed) {
    errors.push_back({problem == api::ReadProblem::TooDeep ? "json.too_deep" : "json.invalid", ""});
    return std::nullopt;
  }
  if (!parsed->is_object()) {
    errors.push_back({"type.expected", "", Json{{"expected", "object"}}});
    return std::nullopt;
  }
  for (const auto& [key, value] : parsed->items())
    if (key != "blocks") errors.push_back({codes::kUnknownField, key, Json{{"field", key}}});
  const Json* blocks = member(*parsed, "blocks");
  if (!blocks)
    errors.push_back({"value.required", "blocks"});
  else if (!blocks->is_array())
    errors.push_back({"type.expected", "blocks", Json{{"expected", "array"}}});
  if (!errors.empty()) return std::nullopt;
  return *blocks;
}

}  // namespace erratum::collector
