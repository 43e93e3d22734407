// The articles the inbox re-anchors reports against: the newest version the
// store holds for exactly the report's page (article_versions.hpp), whether a
// CMS pushed it (PUT /api/articles) or the --articles file brought it.
//
// The --articles file is a bulk import into the same store. It holds one of:
//   {"url": "https://www.example.org/a", "urls": [...], "blocks": [{"text","kind","id"}, ...]}
//   [ <article as above>, ... ]
//   {"<page url>": {"blocks": [...]}, "<page url>": [...blocks], ...}
// URLs are absolute. A path ("/a") names a page of --public-url's site, for a
// collector that serves the site itself (the demo); without --public-url it
// is refused, since it would say nothing of the host. The file is imported at
// start, where any problem stops the collector, and again when it changes;
// an article becomes a new version only when no version of its URL has its
// text yet, so reading the same file at a restart does not undo a push.
#pragma once

#include "article_versions.hpp"
#include "report_store.hpp"

#include "vocabulary.hpp"

#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace erratum::collector {

// The label of versions the file brought, where a pushed version has the
// editor's token label.
inline constexpr const char* kArticleFileEditor = "--articles";

struct ArticleFileEntry {
  std::string url;  // article_url_key()
  NormalizedArticle article;
};

// Reads and checks the whole file; nullopt with `problem` (naming the file,
// the URL and the fix) when any part of it is wrong.
std::optional<std::vector<ArticleFileEntry>> read_article_file(const std::string& path, const std::string& public_url,
                                                               std::string* problem);

class ArticleCatalog {
 public:
  // `file`: the --articles path ("" = none); `public_url`: --public-url, for its paths.
  ArticleCatalog(ReportStore& store, std::string file, std::string public_url);

  // Imports the file when it changed since the last import; "" or the problem
  // (the versions stored before stay in use).
  std::string import_if_changed();

  // The newest version for a report's page, by article_lookup_keys().
  ArticleLookup find(const std::string& page_url, const std::string& canonical_url);

 private:
  ReportStore& store_;
  const std::string file_;
  const std::string public_url_;
  std::mutex mutex_;  // one import at a time
  struct timespec imported_mtime_ {};
  long long imported_size_ = -1;
  std::string problem_;
  std::string reported_;  // the problem last written to stderr
  bool started_ = false;  // past the start-up import
};

}  // namespace erratum::collector
