// The current text of the articles readers report on, so the inbox can tell
// whether each report's anchor still finds its passage after edits.
//
// The --articles file holds one of:
//   {"url": "/index.html", "urls": ["/", ...], "blocks": [{"text","kind","id"}, ...]}
//   [ <article as above>, ... ]
//   {"<page url>": {"blocks": [...]}, "<page url>": [...blocks], ...}
// A URL is either absolute ("https://example.org/a") or a path ("/a"); a
// path matches a report's page URL on any host. The file is read again when
// it changes, so fixing the article shows up in the inbox without a restart.
#pragma once

#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace erratum::collector {

class ArticleCatalog {
 public:
  explicit ArticleCatalog(std::string path);  // "" = no articles

  // The article JSON ({"blocks":[...]}) for a report's page, or nullptr when
  // no article is known for it.
  std::shared_ptr<const std::string> find(const std::string& page_url, const std::string& canonical_url);

  // Why the last load failed ("" if it did not).
  std::string problem();

 private:
  struct Entries {
    std::map<std::string, std::shared_ptr<const std::string>> by_url;
  };
  void reload_if_changed();

  const std::string path_;
  std::mutex mutex_;
  std::shared_ptr<const Entries> entries_;
  struct timespec loaded_mtime_ {};
  long long loaded_size_ = -1;
  std::string problem_;
};

// Lookup keys for a page URL, most specific first: without the fragment,
// without the query, then the path alone.
std::vector<std::string> article_keys_for(const std::string& url);

}  // namespace erratum::collector
