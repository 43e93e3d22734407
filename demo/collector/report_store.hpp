// Durable storage of received reports, their triage status and its audit
// trail, behind one interface that the routes and the inbox use. The only
// implementation is SQLite (sqlite_report_store.cpp); another database
// implements the same members with its own versioned migrations, applied
// when it opens, and derives its item rows with report_items.hpp.
//
// Every store keeps, per report, the body as received and its status; per
// item, the facts of ItemFacts (paragraph, error type, correction); per
// status change, who made it, when, from what to what, and the note; per
// article, the numbered versions of its text that re-anchoring reads.
// webhook delivery, its payload and how its attempts went (the queue that
// webhook_dispatcher.hpp reads).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// The triage statuses. Reports arrive as "new" (or "spam" when the core
// flags them); editors move them to any other, back to "new" included.
inline constexpr const char* kReportStatuses[] = {"new", "accepted", "rejected", "fixed", "duplicate", "spam"};
// A filter value meaning every status an editor has dealt with: accepted,
// rejected, fixed and duplicate.
inline constexpr const char* kHandledStatus = "handled";
bool is_report_status(std::string_view status);

struct StoredReport {
  std::string id;
  std::string received_at;  // ISO 8601 UTC
  std::string page_url;
  std::string status;              // one of kReportStatuses
  std::string spam_reasons;        // JSON array of issue codes
  std::string body;                // the report as received, compact JSON
  std::string contact_removed_at;  // ISO 8601 UTC; "" while the reporter's name and e-mail are kept
};

enum class InsertOutcome {
  Created,    // first time this id is seen
  Duplicate,  // same id, same report: a retry
  Conflict,   // same id, another report
  Failed,     // the database refused; see ReportStore::last_error()
};

// Whether the stored row and the report being inserted under its id are the
// same report. The store keeps bodies; what makes two of them one report is
// the caller's rule (report_intake.cpp).
using SameReport = std::function<bool(const StoredReport& stored)>;

// Which reports: every member set narrows the selection.
struct ReportFilter {
  std::optional<std::string> page_url;       // exact match
  std::optional<std::string> status;         // one of kReportStatuses, or kHandledStatus
  std::optional<std::string> error_type;     // at least one item of this type
  std::optional<std::string> received_from;  // "YYYY-MM-DD": received on that UTC day or later
  std::optional<std::string> received_to;    // "YYYY-MM-DD": received on that UTC day or earlier
};

enum class ReportOrder {
  Newest,  // received_at descending
  Oldest,  // received_at ascending
  Page,    // page URL, then the first item's block in the article, then newest
};

struct ReportQuery : ReportFilter {
  ReportOrder order = ReportOrder::Newest;
  int limit = 50;
  long long offset = 0;
};

struct ReportPage {
  std::vector<StoredReport> reports;  // in the query's order
  long long total = 0;                // matching reports, all pages
};

// Reports in arrival order after a cursor: what an export reads, a batch at
// a time, so it never holds more than one batch.
struct ReportBatch {
  std::vector<StoredReport> reports;
  long long cursor = 0;  // pass it back for the next batch
};

struct StatusChange {
  std::string report_id;
  std::string changed_at;  // ISO 8601 UTC
  std::string editor;      // the token's label ("loopback" / "proxy" without tokens)
  std::string from;
  std::string to;
  std::string note;
};

struct StatusUpdate {
  std::vector<std::string> ids;  // distinct report ids
  std::string status;            // one of kReportStatuses
  std::string editor;
  std::string note;
  std::string now;  // ISO 8601 UTC
};

struct StatusResult {
  enum class Outcome { Done, NotFound, Failed } outcome = Outcome::Failed;
  std::vector<StatusChange> changes;  // one per report whose status changed (others already had it)
  std::string missing_id;             // for NotFound: the first id without a report
};

// One paragraph of one page: the reports with an item on it.
struct ParagraphGroupKey {
  std::string page_url;
  std::vector<std::string> paragraphs;  // ItemFacts::paragraph values (several when re-anchoring joins versions)
};

struct CorrectionCount {
  std::string corrected;  // the proposed paragraph text
  std::string inserted;   // what it adds and removes (ItemFacts), to show it briefly
  std::string deleted;
  long long reports = 0;  // how many reports propose exactly this text
};

struct ParagraphGroup {
  long long reports = 0;                     // matching reports with an item on the paragraph
  std::vector<std::string> ids;              // their ids, newest first, at most `id_limit`
  std::vector<CorrectionCount> corrections;  // most proposed first
};

// One version of an article's text: the blocks as the core normalised them
// (article_versions.hpp), under the page's absolute URL.
struct ArticleVersion {
  std::string url;           // article_url_key(): absolute, without fragment
  long long version = 0;     // 1, 2, ... per URL
  std::string created_at;    // ISO 8601 UTC
  std::string editor;        // who pushed it: the token's label, or "--articles" for the bulk import
  std::string article_hash;  // the core's articleHash of the normalised text
  std::string article;       // {"blocks":[{"text","kind","id"}]}, compact JSON
};

// Which stored versions make a push no change.
enum class ArticleRepeat {
  Newest,  // the newest version holds the same article (a CMS push)
  Any,     // some version does (the --articles import: a file read again at
           // start-up does not undo later pushes)
};

struct ArticlePut {
  enum class Outcome {
    Created,    // a new version
    Unchanged,  // a version already holds this article (ArticleRepeat): none is added
    Failed,     // see ReportStore::last_error()
  } outcome = Outcome::Failed;
  ArticleVersion stored;  // the new version, or the one holding the article when Unchanged
};

struct ArticleLookup {
  bool failed = false;                   // the database refused
  std::optional<ArticleVersion> newest;  // absent when no version exists for the URL
};

// A webhook delivery to queue with a new report (webhook_dispatcher.hpp).
struct NewDelivery {
  std::string delivery_id;  // random, sent as X-Erratum-Delivery so receivers can drop a repeat
  std::string target;       // the webhook URL
  std::string payload;      // the exact body to POST, compact JSON
};

// A queued delivery. Per target and page URL the rows form a line: only the
// oldest undelivered one is sent, so a page's reports arrive in order.
struct QueuedDelivery {
  long long seq = 0;  // queue order
  std::string delivery_id;
  std::string report_id;
  std::string page_url;
  std::string target;
  std::string payload;
  std::string created_at;         // ISO 8601 UTC
  int attempts = 0;               // failed attempts so far
  long long next_attempt_ms = 0;  // milliseconds since the Unix epoch
  std::string last_error;         // of the latest failed attempt
  std::string delivered_at;       // ISO 8601 UTC; "" while pending
};

class ReportStore {
 public:
  // Opens (creating if needed) the SQLite file at `path` and applies the
  // migrations it lacks; nullptr and `error` set on failure.
  static std::unique_ptr<ReportStore> open(const std::string& path, std::string* error);
  virtual ~ReportStore() = default;

  // The schema version after the migrations.
  virtual int schema_version() = 0;

  // Stores `report`, its items and `deliveries` (in one transaction) unless
  // its id exists; then asks `same` about the stored row, while the row
  // cannot change, and queues nothing.
  virtual InsertOutcome insert(const StoredReport& report, const SameReport& same,
                               const std::vector<NewDelivery>& deliveries) = 0;
  InsertOutcome insert(const StoredReport& report, const SameReport& same) { return insert(report, same, {}); }
  virtual std::optional<StoredReport> find(const std::string& id) = 0;
  virtual std::optional<ReportPage> list(const ReportQuery& query) = 0;
  // Up to `limit` reports matching `filter` that arrived after `cursor` (0
  // for the first batch), in arrival order.
  virtual std::optional<ReportBatch> list_after(const ReportFilter& filter, long long cursor, int limit) = 0;

  // Sets the status of every report in `update.ids`, all or none, with one
  // audit row per report whose status changes.
  virtual StatusResult set_status(const StatusUpdate& update) = 0;
  // The status changes of a report, oldest first.
  virtual std::optional<std::vector<StatusChange>> history(const std::string& id) = 0;

  // The reports matching `filter` with an item on the paragraph `key`.
  virtual std::optional<ParagraphGroup> paragraph_group(const ParagraphGroupKey& key, const ReportFilter& filter,
                                                        int id_limit) = 0;

  // Removes the reporter's contact data (the body's `reporter`: name and
  // e-mail) from the reports received before `cutoff`, keeping the rest of
  // each, and notes `now` as when. Timestamps as in received_at. Returns the
  // number of reports changed.
  virtual std::optional<long long> remove_contact_before(const std::string& cutoff, const std::string& now) = 0;

  // Adds `article` (url, created_at, editor, article_hash, article) as the
  // next version of its URL, unless `repeat`'s versions hold the same `article`.
  virtual ArticlePut put_article(const ArticleVersion& article, ArticleRepeat repeat) = 0;
  // The newest version stored for exactly this URL.
  virtual ArticleLookup newest_article(const std::string& url) = 0;
  // The webhook queue. Up to `limit` deliveries to `target` that are due at
  // `now_ms` (epoch milliseconds) and first in line for their page, oldest
  // first.
  virtual std::optional<std::vector<QueuedDelivery>> due_deliveries(const std::string& target, long long now_ms,
                                                                    int limit) = 0;
  // When the first of those lines is next due: nullopt with nothing pending
  // (or on failure).
  virtual std::optional<long long> next_delivery_ms(const std::string& target) = 0;
  // A 2xx answer: the row leaves the line, and the next of its page is due.
  virtual bool mark_delivered(long long seq, const std::string& now) = 0;
  // Any other outcome: one more attempt, its error, and when to try again.
  virtual bool mark_failed(long long seq, const std::string& error, long long next_attempt_ms) = 0;
  // Every delivery of a report, in queue order.
  virtual std::optional<std::vector<QueuedDelivery>> deliveries_of(const std::string& report_id) = 0;

  // Writes everything to the main file and closes. Idempotent; later calls
  // fail with Failed / nullopt.
  virtual void close() = 0;

  virtual std::string last_error() const = 0;
};

}  // namespace erratum::collector
