// An article's text as the collector keeps it for re-anchoring: the blocks a
// CMS pushes (PUT /api/articles) or the --articles file holds, normalised and
// hashed by the core's own load_article (the widget's code path), under the
// page's absolute URL. The store numbers the versions (report_store.hpp).
#pragma once

#include "vocabulary.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// PUT /api/articles takes at most this much: a very long article is a few
// hundred KiB of text.
inline constexpr std::size_t kArticleBodyLimit = 2 * 1024 * 1024;

// The key an article is stored and looked up by: an absolute http(s) URL,
// scheme and host in lower case, without the default port and the fragment,
// "/" for an empty path. nullopt for anything else (a path alone, another
// scheme, no host, spaces or control characters), so that a page is only
// ever matched with its own host.
std::optional<std::string> article_url_key(std::string_view url);

// The keys to try for a report's page, most specific first: the canonical
// URL when it is on the page's own origin (a report cannot point at another
// site's article), then the page URL, each also without its query. Empty
// when the page URL is not absolute.
std::vector<std::string> article_lookup_keys(std::string_view page_url, std::string_view canonical_url);

struct NormalizedArticle {
  std::string article_hash;  // the core's articleHash
  std::string article;       // {"blocks":[{"text","kind","id"}]}: normalised text, compact JSON
};

// The blocks ([{"text","kind","id"}], as the core's load_article takes them)
// normalised by the core; nullopt with `errors` (the core's codes, or
// article.empty when no block has text).
std::optional<NormalizedArticle> normalize_article(const Json& blocks, Issues& errors);

// The body of PUT /api/articles: {"blocks":[...]} and nothing else; the
// blocks array, or nullopt with `errors`.
std::optional<Json> parse_article_body(std::string_view body, Issues& errors);

}  // namespace erratum::collector
