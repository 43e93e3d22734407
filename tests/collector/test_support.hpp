// Shared plumbing for the collector's HTTP tests: a private temp folder, a
// collector running in-process on a free port, and valid reports composed by
// the core itself from the demo article (so the tests do not hard-code the
// report schema they then check the server against).
#pragma once

#include "collector.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace erratum::collector::testing {

// The tests read and write JSON with plain nlohmann/json, independently of
// the core's reading rules (erratum/core/document.hpp) that the collector uses.
using Json = nlohmann::json;
std::optional<Json> parse_json(std::string_view text);
std::string dump_json(const Json& value);
const Json* member(const Json& object, const char* key);  // nullptr when absent

// A fresh folder under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// Options for a test server: a database in `dir`, no request log, no rate
// limit (tests that need one set it).
CollectorOptions test_options(const TempDir& dir);

// A collector serving on 127.0.0.1 from a background thread.
class RunningCollector {
 public:
  explicit RunningCollector(const CollectorOptions& options);
  ~RunningCollector();  // stops and joins
  void stop();          // idempotent
  int port() const { return port_; }
  std::unique_ptr<httplib::Client> client() const;

 private:
  std::unique_ptr<Collector> collector_;
  std::thread thread_;
  int port_ = -1;
  bool stopped_ = false;
};

std::string random_uuid();

// The demo article (demo/site/article.json) and reports on it.
std::string demo_site_dir();
std::string demo_articles_path();
Json demo_article_blocks();  // [{"text","kind","id"}, ...]
// Index of the block with element id `id` ("p1" is the first paragraph, the
// one with the "prestataire privilégiée" typo); block numbers follow the
// widget's discovery and may change, ids do not.
int demo_block(const std::string& id);
// Re-anchoring against the demo article file (or a copy at `path`): its
// paths ("/index.html") are pages of http://127.0.0.1 (--public-url), the
// site of ReportDraft's page_url.
void use_demo_articles(CollectorOptions& o, const std::string& path = demo_articles_path());
std::string demo_block_text(const std::string& id);

struct ItemDraft {
  int block = demo_block("p1");
  std::string corrected;  // "" keeps the paragraph's text
  std::string comment;
  std::string error_type = "typo";
};

struct ReportDraft {
  std::string id = random_uuid();
  std::string page_url = "http://127.0.0.1/index.html";
  std::vector<ItemDraft> items = {ItemDraft{}};
  std::string reporter_name;
  std::string reporter_email;
  std::string honeypot;
  double elapsed_ms = 12000;
  Json blocks;  // the article the reader saw, [{"text","kind","id"}...]; null: the demo article
};

// The reports table of collectors before migrations were versioned in a
// table (schema version 2: version 1 plus contact_removed_at), which the
// store must upgrade in place. Statements only: no transaction, no version.
inline constexpr const char* kSchema2Sql =
    "CREATE TABLE reports (id TEXT PRIMARY KEY NOT NULL, received_at TEXT NOT NULL, page_url TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('new', 'spam')),"
    " spam_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(spam_reasons)),"
    " body TEXT NOT NULL CHECK (json_valid(body)));"
    "CREATE INDEX reports_by_page ON reports (page_url, received_at);"
    "CREATE INDEX reports_by_status ON reports (status, received_at);"
    "CREATE INDEX reports_by_time ON reports (received_at);"
    "ALTER TABLE reports ADD COLUMN contact_removed_at TEXT;";

// Composes the report with the core's Session (the widget's code path);
// fails the current test if the core refuses the draft.
Json compose_report(const ReportDraft& draft);

// A one-item report correcting a typo of the demo article, ready to send.
Json typical_report();

// A one-item report on block `id` of the demo article whose text has `to`
// in place of `from`'s first occurrence (the test fails if there is none).
Json correcting(const std::string& id, const std::string& from, const std::string& to, const std::string& type = "typo",
                const std::string& page = "http://127.0.0.1/index.html");

// The value of `name`'s hidden or visible field in an HTML form; "" if none.
std::string field_value(const std::string& html, const std::string& name);

// POSTs JSON to /api/reports with optional extra headers.
httplib::Result post_report(httplib::Client& client, const std::string& body, const httplib::Headers& headers = {},
                            const std::string& content_type = "application/json");

}  // namespace erratum::collector::testing
