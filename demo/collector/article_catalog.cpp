#include "article_catalog.hpp"

#include "vocabulary.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace erratum::collector {
namespace {

std::string strip_fragment(const std::string& url) { return url.substr(0, url.find('#')); }

std::string strip_query(const std::string& url) { return strip_fragment(url).substr(0, url.find('?')); }

// "https://host:8080/a/b?x#y" -> "/a/b"; a path is returned without query and fragment.
std::string path_of(const std::string& url) {
  const std::string bare = strip_query(url);
  const std::size_t scheme = bare.find("://");
  if (scheme == std::string::npos) return bare;
  const std::size_t slash = bare.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : bare.substr(slash);
}

bool is_path(const std::string& key) { return !key.empty() && key.front() == '/'; }

std::string key_for(const std::string& url) { return is_path(url) ? path_of(url) : strip_fragment(url); }

// Adds one article under each of its URLs.
void add_article(std::map<std::string, std::shared_ptr<const std::string>>& out, const Json& article,
                 const std::vector<std::string>& urls) {
  const Json* blocks = article.is_array() ? &article : member(article, "blocks");
  if (!blocks || !blocks->is_array()) return;
  auto text = std::make_shared<const std::string>(dump_json(Json{{"blocks", *blocks}}));
  for (const std::string& url : urls)
    if (!url.empty()) out[key_for(url)] = text;
}

std::vector<std::string> urls_of(const Json& article) {
  std::vector<std::string> urls;
  if (const std::string* url = string_member(article, "url")) urls.push_back(*url);
  if (const Json* list = member(article, "urls"); list && list->is_array())
    for (const Json& u : *list)
      if (u.is_string()) urls.push_back(as_string(u));
  return urls;
}

}  // namespace

std::vector<std::string> article_keys_for(const std::string& url) {
  std::vector<std::string> keys;
  if (url.empty()) return keys;
  const bool absolute = url.find("://") != std::string::npos;
  if (absolute) {
    keys.push_back(strip_fragment(url));
    if (strip_query(url) != keys.back()) keys.push_back(strip_query(url));
  }
  keys.push_back(path_of(url));
  return keys;
}

ArticleCatalog::ArticleCatalog(std::string path) : path_(std::move(path)) {}

void ArticleCatalog::reload_if_changed() {
  if (path_.empty()) return;
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    problem_ = "cannot read " + path_;
    return;
  }
  if (entries_ && st.st_size == loaded_size_ && st.st_mtim.tv_sec == loaded_mtime_.tv_sec &&
      st.st_mtim.tv_nsec == loaded_mtime_.tv_nsec)
    return;
  loaded_mtime_ = st.st_mtim;
  loaded_size_ = static_cast<long long>(st.st_size);

  std::ifstream in(path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::optional<Json> doc = parse_json(text.str());
  if (!doc) {
    problem_ = path_ + " is not valid JSON";
    return;
  }
  auto entries = std::make_shared<Entries>();
  if (doc->is_array()) {
    for (const Json& article : *doc) add_article(entries->by_url, article, urls_of(article));
  } else if (member(*doc, "blocks")) {
    add_article(entries->by_url, *doc, urls_of(*doc));
  } else if (doc->is_object()) {
    for (const auto& [url, article] : doc->items()) add_article(entries->by_url, article, {url});
  }
  problem_ = entries->by_url.empty() ? path_ + " holds no article" : "";
  entries_ = std::move(entries);
}

std::shared_ptr<const std::string> ArticleCatalog::find(const std::string& page_url, const std::string& canonical_url) {
  std::shared_ptr<const Entries> entries;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reload_if_changed();
    entries = entries_;
  }
  if (!entries) return nullptr;
  for (const std::string* url : {&canonical_url, &page_url}) {
    for (const std::string& key : article_keys_for(*url)) {
      auto it = entries->by_url.find(key);
      if (it != entries->by_url.end()) return it->second;
    }
  }
  return nullptr;
}

std::string ArticleCatalog::problem() {
  std::lock_guard<std::mutex> lock(mutex_);
  reload_if_changed();
  return problem_;
}

}  // namespace erratum::collector
