#include "article_catalog.hpp"

#include "host_guard.hpp"
#include "http_text.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace erratum::collector {
namespace {

struct RawArticle {
  std::vector<std::string> urls;
  const Json* blocks = nullptr;
};

// An entry of the list shapes: {"url","urls","blocks"}.
RawArticle raw_article(const Json& article) {
  RawArticle raw;
  if (const std::string* url = string_member(article, "url")) raw.urls.push_back(*url);
  if (const Json* list = member(article, "urls"); list && list->is_array())
    for (const Json& u : *list)
      if (u.is_string()) raw.urls.push_back(as_string(u));
  raw.blocks = member(article, "blocks");
  return raw;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

std::optional<std::vector<ArticleFileEntry>> read_article_file(const std::string& path, const std::string& public_url,
                                                               std::string* problem) {
  const auto fail = [&](const std::string& why) {
    if (problem) *problem = "--articles " + path + ": " + why;
    return std::nullopt;
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  const std::optional<Json> doc = parse_json(text.str());
  if (!doc) return fail("not valid JSON");

  std::vector<RawArticle> raws;
  if (doc->is_array()) {
    for (const Json& article : *doc) raws.push_back(raw_article(article));
  } else if (member(*doc, "blocks")) {
    raws.push_back(raw_article(*doc));
  } else if (doc->is_object()) {
    for (const auto& [url, article] : doc->items())
      raws.push_back({{url}, article.is_array() ? &article : member(article, "blocks")});
  }

  const std::optional<PublicUrl> site = parse_public_url(public_url);
  std::vector<ArticleFileEntry> entries;
  for (const RawArticle& raw : raws) {
    if (raw.urls.empty()) return fail("an article has no \"url\"");
    if (!raw.blocks) return fail("the article of " + quoted(raw.urls.front()) + " has no \"blocks\" list");
    Issues errors;
    const std::optional<NormalizedArticle> article = normalize_article(*raw.blocks, errors);
    if (!article) {
      const Issue& e = errors.front();
      return fail("the article of " + quoted(raw.urls.front()) + ": " + e.path + ": " +
                  api::issue_message(e.code, e.params, "en"));
    }
    for (const std::string& url : raw.urls) {
      std::string absolute = url;
      if (!url.empty() && url.front() == '/' && (url.size() < 2 || url[1] != '/')) {
        if (!site)
          return fail(quoted(url) +
                      " is a path, which says nothing of the site: write absolute URLs "
                      "(\"https://www.example.org" +
                      url + "\"), or give --public-url when the collector serves the site itself");
        absolute = site->origin + url;
      }
      const std::optional<std::string> key = article_url_key(absolute);
      if (!key) return fail(quoted(url) + " is not an http(s) URL (\"https://www.example.org/article\")");
      entries.push_back({*key, *article});
    }
  }
  if (entries.empty()) return fail("the file holds no article");
  return entries;
}

ArticleCatalog::ArticleCatalog(ReportStore& store, std::string file, std::string public_url)
    : store_(store), file_(std::move(file)), public_url_(std::move(public_url)) {}

std::string ArticleCatalog::import_if_changed() {
  if (file_.empty()) return "";
  std::lock_guard<std::mutex> lock(mutex_);
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) {
    problem_ = "--articles " + file_ + ": cannot read the file";
  } else if (st.st_size != imported_size_ || st.st_mtim.tv_sec != imported_mtime_.tv_sec ||
             st.st_mtim.tv_nsec != imported_mtime_.tv_nsec) {
    imported_mtime_ = st.st_mtim;
    imported_size_ = static_cast<long long>(st.st_size);
    problem_.clear();
    if (const auto entries = read_article_file(file_, public_url_, &problem_)) {
      const std::string now = utc_timestamp_now();
      for (const ArticleFileEntry& e : *entries) {
        const ArticlePut put = store_.put_article(
            {e.url, 0, now, kArticleFileEditor, e.article.article_hash, e.article.article}, ArticleRepeat::Any);
        if (put.outcome == ArticlePut::Outcome::Failed) {
          problem_ =
              "--articles " + file_ + ": cannot store the article of " + quoted(e.url) + ": " + store_.last_error();
          imported_size_ = -1;  // tried again on the next look-up
          break;
        }
      }
    }
  }
  // At start-up the caller reports the problem (and stops). Later, a broken
  // file leaves the inbox on the versions stored before: said once on
  // stderr, not on every page.
  if (started_ && !problem_.empty() && problem_ != reported_)
    std::fprintf(stderr, "%s; the articles stored before stay in use\n", problem_.c_str());
  reported_ = problem_;
  started_ = true;
  return problem_;
}

ArticleLookup ArticleCatalog::find(const std::string& page_url, const std::string& canonical_url) {
  import_if_changed();
  for (const std::string& key : article_lookup_keys(page_url, canonical_url)) {
    ArticleLookup lookup = store_.newest_article(key);
    if (lookup.failed || lookup.newest) return lookup;
  }
  return {};
}

}  // namespace erratum::collector
