// The SQLite report store: one file, WAL journal (readers do not block the
// writer) with synchronous=FULL, so a report acknowledged with 201 has
// reached the disk. Every statement is prepared once with bound parameters;
// no SQL is ever built from input. One connection is shared behind a mutex:
// the collector writes a few reports a minute, not thousands a second.
#include "report_items.hpp"
#include "report_store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>

#include "http_text.hpp"

namespace erratum::collector {

bool is_report_status(std::string_view status) {
  for (const char* known : kReportStatuses)
    if (status == known) return true;
  return false;
}

namespace {

// A step of the schema. Versions only grow; a released step never changes,
// so a file tells its schema by the steps it has applied (schema_migrations).
struct Migration {
  int version;
  const char* name;
  const char* sql;
  bool (*after)(sqlite3* db, std::string* error);  // data the SQL cannot compute, or nullptr
};

bool backfill_items(sqlite3* db, std::string* error);

// json_valid() keeps anything but JSON out of the JSON columns, whatever
// writes to the file.
constexpr const char* kV1 = R"sql(
CREATE TABLE reports (
  id           TEXT PRIMARY KEY NOT NULL,
  received_at  TEXT NOT NULL,
  page_url     TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('new', 'spam')),
  spam_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(spam_reasons)),
  body         TEXT NOT NULL CHECK (json_valid(body))
);
CREATE INDEX reports_by_page ON reports (page_url, received_at);
CREATE INDEX reports_by_status ON reports (status, received_at);
CREATE INDEX reports_by_time ON reports (received_at);
)sql";

constexpr const char* kV2 = "ALTER TABLE reports ADD COLUMN contact_removed_at TEXT;";

// SQLite cannot widen a CHECK constraint: the table is rebuilt. `seq` is an
// explicit INTEGER PRIMARY KEY, which VACUUM keeps (a bare rowid it may
// renumber), because exports page through reports by it.
constexpr const char* kV3 = R"sql(
CREATE TABLE reports_v3 (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  received_at        TEXT NOT NULL,
  page_url           TEXT NOT NULL,
  status             TEXT NOT NULL
                     CHECK (status IN ('new', 'accepted', 'rejected', 'fixed', 'duplicate', 'spam')),
  spam_reasons       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(spam_reasons)),
  body               TEXT NOT NULL CHECK (json_valid(body)),
  contact_removed_at TEXT
);
INSERT INTO reports_v3 (seq, id, received_at, page_url, status, spam_reasons, body, contact_removed_at)
  SELECT rowid, id, received_at, page_url, status, spam_reasons, body, contact_removed_at FROM reports ORDER BY rowid;
DROP TABLE reports;
ALTER TABLE reports_v3 RENAME TO reports;
CREATE INDEX reports_by_page ON reports (page_url, received_at);
CREATE INDEX reports_by_status ON reports (status, received_at);
CREATE INDEX reports_by_time ON reports (received_at);
CREATE TABLE report_items (
  report_id   TEXT NOT NULL REFERENCES reports (id),
  position    INTEGER NOT NULL,
  paragraph   TEXT NOT NULL,
  block_index INTEGER NOT NULL,
  element_id  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  error_type  TEXT NOT NULL,
  corrected   TEXT NOT NULL,
  changed     INTEGER NOT NULL,
  inserted    TEXT NOT NULL,
  deleted     TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
) WITHOUT ROWID;
CREATE INDEX report_items_by_paragraph ON report_items (paragraph, report_id);
CREATE INDEX report_items_by_type ON report_items (error_type, report_id);
CREATE TABLE status_changes (
  seq         INTEGER PRIMARY KEY,
  report_id   TEXT NOT NULL REFERENCES reports (id),
  changed_at  TEXT NOT NULL,
  editor      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX status_changes_by_report ON status_changes (report_id, seq);
)sql";

// The key (url, version) is the newest-version lookup's index too.
constexpr const char* kV4 = R"sql(
CREATE TABLE article_versions (
  url          TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  created_at   TEXT NOT NULL,
  editor       TEXT NOT NULL,
  article_hash TEXT NOT NULL,
  article      TEXT NOT NULL CHECK (json_valid(article)),
  PRIMARY KEY (url, version)
);
)sql";

// The webhook queue. A row is queued with its report, in the insert's
// transaction, and keeps its payload as sent so every attempt signs the same
// bytes. The partial index holds the pending rows only: the lines per
// target and page that the dispatcher reads.
constexpr const char* kV5 = R"sql(
CREATE TABLE webhook_deliveries (
  seq             INTEGER PRIMARY KEY,
  delivery_id     TEXT NOT NULL UNIQUE,
  report_id       TEXT NOT NULL REFERENCES reports (id),
  page_url        TEXT NOT NULL,
  target          TEXT NOT NULL,
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (target, page_url, seq) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_by_report ON webhook_deliveries (report_id, seq);
)sql";

constexpr Migration kMigrations[] = {
    {1, "reports", kV1, nullptr},
    {2, "contact removal time", kV2, nullptr},
    {3, "triage statuses, audit trail, report items", kV3, backfill_items},
    {4, "article versions", kV4, nullptr},
    {5, "webhook deliveries", kV5, nullptr},
};
constexpr int kLatestVersion = 5;

constexpr const char* kColumns =
    "r.id, r.received_at, r.page_url, r.status, r.spam_reasons, r.body, r.contact_removed_at";

// ReportFilter as parameters ?1 to ?5; NULL means "no filter".
constexpr const char* kFilter =
    " (?1 IS NULL OR r.page_url = ?1)"
    " AND (?2 IS NULL OR r.status = ?2"
    "      OR (?2 = 'handled' AND r.status IN ('accepted', 'rejected', 'fixed', 'duplicate')))"
    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM report_items t WHERE t.report_id = r.id AND t.error_type = ?3))"
    " AND (?4 IS NULL OR r.received_at >= ?4)"
    " AND (?5 IS NULL OR substr(r.received_at, 1, 10) <= ?5) ";
// The paragraph group: page ?6, paragraph keys ?7 (a JSON array).
constexpr const char* kInGroup =
    " AND r.page_url = ?6 AND EXISTS (SELECT 1 FROM report_items g WHERE g.report_id = r.id"
    " AND g.paragraph IN (SELECT value FROM json_each(?7))) ";

std::string list_sql(const char* order) {
  return std::string("SELECT ") + kColumns + " FROM reports r WHERE" + kFilter + "ORDER BY " + order +
         " LIMIT ?6 OFFSET ?7";
}

const std::string kFind = std::string("SELECT ") + kColumns + " FROM reports r WHERE r.id = ?1";
constexpr const char* kInsert =
    "INSERT INTO reports (id, received_at, page_url, status, spam_reasons, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (id) DO NOTHING";
constexpr const char* kInsertItem =
    "INSERT INTO report_items (report_id, position, paragraph, block_index, element_id, kind, error_type, corrected, "
    "changed, inserted, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const std::string kCount = std::string("SELECT count(*) FROM reports r WHERE") + kFilter;
const std::string kListNewest = list_sql("r.received_at DESC, r.seq DESC");
const std::string kListOldest = list_sql("r.received_at ASC, r.seq ASC");
// The first item's place in the article, then its paragraph, so that the
// reports on one paragraph come together.
const std::string kListByPage = list_sql(
    "r.page_url ASC,"
    " (SELECT f.block_index FROM report_items f WHERE f.report_id = r.id AND f.position = 0) ASC,"
    " (SELECT f.paragraph FROM report_items f WHERE f.report_id = r.id AND f.position = 0) ASC,"
    " r.received_at DESC, r.seq DESC");
const std::string kListAfter = std::string("SELECT ") + kColumns + ", r.seq FROM reports r WHERE" + kFilter +
                               "AND r.seq > ?6 ORDER BY r.seq LIMIT ?7";
constexpr const char* kNewestArticle =
    "SELECT url, version, created_at, editor, article_hash, article FROM article_versions WHERE url = ?1 "
    "ORDER BY version DESC LIMIT 1";
constexpr const char* kSameArticle =
    "SELECT url, version, created_at, editor, article_hash, article FROM article_versions WHERE url = ?1 "
    "AND article = ?2 ORDER BY version DESC LIMIT 1";
constexpr const char* kInsertArticle =
    "INSERT INTO article_versions (url, version, created_at, editor, article_hash, article) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kStatusOf = "SELECT status FROM reports WHERE id = ?1";
constexpr const char* kUpdateStatus = "UPDATE reports SET status = ?2 WHERE id = ?1";
constexpr const char* kInsertChange =
    "INSERT INTO status_changes (report_id, changed_at, editor, from_status, to_status, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kHistory =
    "SELECT report_id, changed_at, editor, from_status, to_status, note FROM status_changes "
    "WHERE report_id = ?1 ORDER BY seq";
const std::string kGroupCount = std::string("SELECT count(*) FROM reports r WHERE") + kFilter + kInGroup;
const std::string kGroupIds = std::string("SELECT r.id FROM reports r WHERE") + kFilter + kInGroup +
                              "ORDER BY r.received_at DESC, r.seq DESC LIMIT ?8";
// At most this many distinct corrections per paragraph: the most proposed.
constexpr int kMaxCorrections = 20;
const std::string kGroupCorrections =
    std::string(
        "SELECT i.corrected, min(i.inserted), min(i.deleted), count(DISTINCT r.id) AS n "
        "FROM reports r JOIN report_items i ON i.report_id = r.id WHERE") +
    kFilter +
    " AND r.page_url = ?6 AND i.paragraph IN (SELECT value FROM json_each(?7)) AND i.changed = 1 "
    "GROUP BY i.corrected ORDER BY n DESC, min(r.seq) ASC LIMIT " +
    std::to_string(kMaxCorrections);
// The report stays; only its `reporter` member (name, e-mail) goes.
constexpr const char* kRemoveContact =
    "UPDATE reports SET body = json_remove(body, '$.reporter'), contact_removed_at = ?2 "
    "WHERE received_at < ?1 AND json_type(body, '$.reporter') IS NOT NULL";

constexpr const char* kDeliveryColumns =
    "d.seq, d.delivery_id, d.report_id, d.page_url, d.target, d.payload, d.created_at, d.attempts, "
    "d.next_attempt_ms, d.last_error, d.delivered_at";
constexpr const char* kInsertDelivery =
    "INSERT INTO webhook_deliveries (delivery_id, report_id, page_url, target, payload, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// The first pending row of each page's line for a target.
constexpr const char* kLineHeads =
    " FROM webhook_deliveries d WHERE d.target = ?1 AND d.delivered_at IS NULL"
    " AND d.seq = (SELECT min(e.seq) FROM webhook_deliveries e"
    "              WHERE e.target = d.target AND e.page_url = d.page_url AND e.delivered_at IS NULL)";
const std::string kDueDeliveries =
    std::string("SELECT ") + kDeliveryColumns + kLineHeads + " AND d.next_attempt_ms <= ?2 ORDER BY d.seq LIMIT ?3";
const std::string kNextDelivery = std::string("SELECT min(d.next_attempt_ms)") + kLineHeads;
constexpr const char* kMarkDelivered =
    "UPDATE webhook_deliveries SET delivered_at = ?2 WHERE seq = ?1 AND delivered_at IS NULL";
constexpr const char* kMarkFailed =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?2, next_attempt_ms = ?3 "
    "WHERE seq = ?1 AND delivered_at IS NULL";
const std::string kDeliveriesOf =
    std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries d WHERE d.report_id = ?1 ORDER BY d.seq";

// Resets a statement on every exit path so the next use starts clean and
// no read transaction stays open.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementUse() {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

bool bind_text(sqlite3_stmt* stmt, int index, const std::string& value) {
  return sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) == SQLITE_OK;
}

bool bind_optional_text(sqlite3_stmt* stmt, int index, const std::optional<std::string>& value) {
  return value ? bind_text(stmt, index, *value) : sqlite3_bind_null(stmt, index) == SQLITE_OK;
}

bool bind_filter(sqlite3_stmt* stmt, const ReportFilter& f) {
  return bind_optional_text(stmt, 1, f.page_url) && bind_optional_text(stmt, 2, f.status) &&
         bind_optional_text(stmt, 3, f.error_type) && bind_optional_text(stmt, 4, f.received_from) &&
         bind_optional_text(stmt, 5, f.received_to);
}

std::string column_text(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))) : std::string();
}

StoredReport read_row(sqlite3_stmt* stmt) {
  StoredReport r;
  r.id = column_text(stmt, 0);
  r.received_at = column_text(stmt, 1);
  r.page_url = column_text(stmt, 2);
  r.status = column_text(stmt, 3);
  r.spam_reasons = column_text(stmt, 4);
  r.body = column_text(stmt, 5);
  r.contact_removed_at = column_text(stmt, 6);
  return r;
}

QueuedDelivery read_delivery(sqlite3_stmt* stmt) {
  QueuedDelivery d;
  d.seq = sqlite3_column_int64(stmt, 0);
  d.delivery_id = column_text(stmt, 1);
  d.report_id = column_text(stmt, 2);
  d.page_url = column_text(stmt, 3);
  d.target = column_text(stmt, 4);
  d.payload = column_text(stmt, 5);
  d.created_at = column_text(stmt, 6);
  d.attempts = sqlite3_column_int(stmt, 7);
  d.next_attempt_ms = sqlite3_column_int64(stmt, 8);
  d.last_error = column_text(stmt, 9);
  d.delivered_at = column_text(stmt, 10);
  return d;
}

bool exec(sqlite3* db, const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  if (error) *error = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

// Runs a one-row query and returns its first column as text.
std::optional<std::string> single_value(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<std::string> value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = column_text(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

bool table_exists(sqlite3* db, const char* name) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &stmt, nullptr) !=
      SQLITE_OK)
    return false;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  const bool found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return found;
}

bool insert_items(sqlite3_stmt* stmt, const std::string& report_id, const std::string& body) {
  for (const ItemFacts& f : item_facts(body)) {
    StatementUse use(stmt);
    if (!bind_text(stmt, 1, report_id) || sqlite3_bind_int(stmt, 2, f.position) != SQLITE_OK ||
        !bind_text(stmt, 3, f.paragraph) || sqlite3_bind_int64(stmt, 4, f.block_index) != SQLITE_OK ||
        !bind_text(stmt, 5, f.element_id) || !bind_text(stmt, 6, f.kind) || !bind_text(stmt, 7, f.error_type) ||
        !bind_text(stmt, 8, f.corrected) || sqlite3_bind_int(stmt, 9, f.changed ? 1 : 0) != SQLITE_OK ||
        !bind_text(stmt, 10, f.inserted) || !bind_text(stmt, 11, f.deleted) || sqlite3_step(stmt) != SQLITE_DONE)
      return false;
  }
  return true;
}

// Version 3's item rows for the reports already stored: the facts come from
// parsing each body, which SQL cannot do.
bool backfill_items(sqlite3* db, std::string* error) {
  sqlite3_stmt* read = nullptr;
  sqlite3_stmt* write = nullptr;
  bool ok = sqlite3_prepare_v2(db, "SELECT id, body FROM reports ORDER BY seq", -1, &read, nullptr) == SQLITE_OK &&
            sqlite3_prepare_v2(db, kInsertItem, -1, &write, nullptr) == SQLITE_OK;
  int rc = SQLITE_ROW;
  while (ok && (rc = sqlite3_step(read)) == SQLITE_ROW)
    ok = insert_items(write, column_text(read, 0), column_text(read, 1));
  ok = ok && rc == SQLITE_DONE;
  if (!ok && error) *error = sqlite3_errmsg(db);
  sqlite3_finalize(read);
  sqlite3_finalize(write);
  return ok;
}

// The version a file is at. Files from before schema_migrations kept it in
// user_version (1 or 2).
std::optional<int> applied_version(sqlite3* db) {
  if (table_exists(db, "schema_migrations")) {
    const std::optional<std::string> v = single_value(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!v) return std::nullopt;
    return static_cast<int>(std::strtol(v->c_str(), nullptr, 10));
  }
  const std::optional<std::string> v = single_value(db, "PRAGMA user_version");
  if (!v) return std::nullopt;
  int version = static_cast<int>(std::strtol(v->c_str(), nullptr, 10));
  if (version == 0 && table_exists(db, "reports")) version = 1;
  return version;
}

// Applies every migration the file lacks, in one transaction: a file is at
// one version or the next, never in between. The version is read inside the
// write transaction, so that two collectors opening one file cannot both
// migrate it.
bool migrate(sqlite3* db, const std::string& path, std::string* error) {
  if (!exec(db, "BEGIN IMMEDIATE", error)) return false;
  const auto fail = [&](const std::string& message) {
    if (error) *error = message;
    exec(db, "ROLLBACK", nullptr);
    return false;
  };
  const bool had_table = table_exists(db, "schema_migrations");
  const std::optional<int> from = applied_version(db);
  if (!from) return fail(sqlite3_errmsg(db));
  if (*from > kLatestVersion)
    return fail(path + " was written by a newer collector (schema " + std::to_string(*from) + ")");
  std::string why;
  if (!had_table &&
      !exec(db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT);",
            &why))
    return fail(why);
  sqlite3_stmt* record = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)", -1,
                         &record, nullptr) != SQLITE_OK)
    return fail(sqlite3_errmsg(db));
  const std::string now = utc_timestamp_now();
  bool ok = true;
  for (const Migration& m : kMigrations) {
    if (m.version <= *from && had_table) continue;
    // A file from before the table: its earlier steps are noted, with no
    // time, as applied.
    const bool earlier = m.version <= *from;
    if (!earlier) {
      ok = exec(db, m.sql, &why) && (!m.after || m.after(db, &why));
      if (!ok) break;
    }
    StatementUse use(record);
    ok = sqlite3_bind_int(record, 1, m.version) == SQLITE_OK &&
         sqlite3_bind_text(record, 2, m.name, -1, SQLITE_STATIC) == SQLITE_OK &&
         (earlier ? sqlite3_bind_null(record, 3) == SQLITE_OK : bind_text(record, 3, now)) &&
         sqlite3_step(record) == SQLITE_DONE;
    if (!ok) {
      why = sqlite3_errmsg(db);
      break;
    }
  }
  sqlite3_finalize(record);
  if (!ok) return fail(why);
  // user_version as well, so that collectors from before schema_migrations
  // refuse a file they no longer understand.
  const std::string finish = "PRAGMA user_version=" + std::to_string(kLatestVersion) + ";COMMIT;";
  if (!exec(db, finish.c_str(), &why)) return fail(why);
  return true;
}

class SqliteReportStore final : public ReportStore {
 public:
  explicit SqliteReportStore(sqlite3* db) : db_(db) {}
  ~SqliteReportStore() override { close(); }

  bool prepare_all();

  int schema_version() override;
  using ReportStore::insert;
  InsertOutcome insert(const StoredReport& report, const SameReport& same,
                       const std::vector<NewDelivery>& deliveries) override;
  std::optional<StoredReport> find(const std::string& id) override;
  std::optional<ReportPage> list(const ReportQuery& query) override;
  std::optional<ReportBatch> list_after(const ReportFilter& filter, long long cursor, int limit) override;
  StatusResult set_status(const StatusUpdate& update) override;
  std::optional<std::vector<StatusChange>> history(const std::string& id) override;
  std::optional<ParagraphGroup> paragraph_group(const ParagraphGroupKey& key, const ReportFilter& filter,
                                                int id_limit) override;
  std::optional<long long> remove_contact_before(const std::string& cutoff, const std::string& now) override;
  ArticlePut put_article(const ArticleVersion& article, ArticleRepeat repeat) override;
  ArticleLookup newest_article(const std::string& url) override;
  std::optional<std::vector<QueuedDelivery>> due_deliveries(const std::string& target, long long now_ms,
                                                            int limit) override;
  std::optional<long long> next_delivery_ms(const std::string& target) override;
  bool mark_delivered(long long seq, const std::string& now) override;
  bool mark_failed(long long seq, const std::string& error, long long next_attempt_ms) override;
  std::optional<std::vector<QueuedDelivery>> deliveries_of(const std::string& report_id) override;
  void close() override;
  std::string last_error() const override;

 private:
  struct Statement {
    sqlite3_stmt** slot;
    const char* sql;
  };
  void finalize_all();
  bool fail_locked() {
    last_error_ = db_ ? sqlite3_errmsg(db_) : "the database is closed";
    return false;
  }

  // Every row `stmt` (bound, in use) answers, each made by `read`; nullopt
  // when stepping fails. Called with mutex_ held.
  template <class Row, class Read>
  std::optional<std::vector<Row>> all_rows(sqlite3_stmt* stmt, Read read) {
    std::vector<Row> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out.push_back(read(stmt));
    if (rc != SQLITE_DONE) {
      fail_locked();
      return std::nullopt;
    }
    return out;
  }
  // Ends a write transaction: COMMIT when `ok`, else ROLLBACK.
  bool end_transaction(bool ok);

  mutable std::mutex mutex_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* insert_item_ = nullptr;
  sqlite3_stmt* count_ = nullptr;
  sqlite3_stmt* list_newest_ = nullptr;
  sqlite3_stmt* list_oldest_ = nullptr;
  sqlite3_stmt* list_by_page_ = nullptr;
  sqlite3_stmt* list_after_ = nullptr;
  sqlite3_stmt* status_of_ = nullptr;
  sqlite3_stmt* update_status_ = nullptr;
  sqlite3_stmt* insert_change_ = nullptr;
  sqlite3_stmt* history_ = nullptr;
  sqlite3_stmt* group_count_ = nullptr;
  sqlite3_stmt* group_ids_ = nullptr;
  sqlite3_stmt* group_corrections_ = nullptr;
  sqlite3_stmt* remove_contact_ = nullptr;
  sqlite3_stmt* newest_article_ = nullptr;
  sqlite3_stmt* same_article_ = nullptr;
  sqlite3_stmt* insert_article_ = nullptr;
  sqlite3_stmt* insert_delivery_ = nullptr;
  sqlite3_stmt* due_deliveries_ = nullptr;
  sqlite3_stmt* next_delivery_ = nullptr;
  sqlite3_stmt* mark_delivered_ = nullptr;
  sqlite3_stmt* mark_failed_ = nullptr;
  sqlite3_stmt* deliveries_of_ = nullptr;
  std::string last_error_;

  // The newest version of `url`, or with `article` the newest holding it
  // (lock held); false when the database refused.
  bool read_article(const std::string& url, const std::string* article, std::optional<ArticleVersion>& out);

  std::vector<Statement> statements() {
    return {{&find_, kFind.c_str()},
            {&insert_, kInsert},
            {&insert_item_, kInsertItem},
            {&count_, kCount.c_str()},
            {&list_newest_, kListNewest.c_str()},
            {&list_oldest_, kListOldest.c_str()},
            {&list_by_page_, kListByPage.c_str()},
            {&list_after_, kListAfter.c_str()},
            {&status_of_, kStatusOf},
            {&update_status_, kUpdateStatus},
            {&insert_change_, kInsertChange},
            {&history_, kHistory},
            {&group_count_, kGroupCount.c_str()},
            {&group_ids_, kGroupIds.c_str()},
            {&group_corrections_, kGroupCorrections.c_str()},
            {&remove_contact_, kRemoveContact},
            {&newest_article_, kNewestArticle},
            {&same_article_, kSameArticle},
            {&insert_article_, kInsertArticle},
            {&insert_delivery_, kInsertDelivery},
            {&due_deliveries_, kDueDeliveries.c_str()},
            {&next_delivery_, kNextDelivery.c_str()},
            {&mark_delivered_, kMarkDelivered},
            {&mark_failed_, kMarkFailed},
            {&deliveries_of_, kDeliveriesOf.c_str()}};
  }
};

bool SqliteReportStore::prepare_all() {
  for (const Statement& s : statements())
    if (sqlite3_prepare_v2(db_, s.sql, -1, s.slot, nullptr) != SQLITE_OK) return false;
  return true;
}

void SqliteReportStore::finalize_all() {
  for (const Statement& s : statements()) {
    sqlite3_finalize(*s.slot);
    *s.slot = nullptr;
  }
}

bool SqliteReportStore::end_transaction(bool ok) {
  if (ok && exec(db_, "COMMIT", &last_error_)) return true;
  if (ok) last_error_ = sqlite3_errmsg(db_);
  exec(db_, "ROLLBACK", nullptr);
  return false;
}

int SqliteReportStore::schema_version() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return 0;
  return applied_version(db_).value_or(0);
}

InsertOutcome SqliteReportStore::insert(const StoredReport& report, const SameReport& same,
                                        const std::vector<NewDelivery>& deliveries) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return InsertOutcome::Failed;
  }
  if (!exec(db_, "BEGIN IMMEDIATE", &last_error_)) return InsertOutcome::Failed;
  bool created = false;
  bool ok = false;
  {
    StatementUse use(insert_);
    ok = bind_text(insert_, 1, report.id) && bind_text(insert_, 2, report.received_at) &&
         bind_text(insert_, 3, report.page_url) && bind_text(insert_, 4, report.status) &&
         bind_text(insert_, 5, report.spam_reasons) && bind_text(insert_, 6, report.body) &&
         sqlite3_step(insert_) == SQLITE_DONE;
    created = ok && sqlite3_changes(db_) == 1;
  }
  if (created) ok = insert_items(insert_item_, report.id, report.body);
  for (std::size_t i = 0; created && ok && i < deliveries.size(); ++i) {
    const NewDelivery& d = deliveries[i];
    StatementUse use(insert_delivery_);
    ok = bind_text(insert_delivery_, 1, d.delivery_id) && bind_text(insert_delivery_, 2, report.id) &&
         bind_text(insert_delivery_, 3, report.page_url) && bind_text(insert_delivery_, 4, d.target) &&
         bind_text(insert_delivery_, 5, d.payload) && bind_text(insert_delivery_, 6, report.received_at) &&
         sqlite3_step(insert_delivery_) == SQLITE_DONE;
  }
  if (!ok) fail_locked();
  if (!end_transaction(ok)) return InsertOutcome::Failed;
  if (created) return InsertOutcome::Created;
  // The id exists. The mutex is still held, so the row cannot change between
  // the insert and this read.
  StatementUse use(find_);
  if (!bind_text(find_, 1, report.id) || sqlite3_step(find_) != SQLITE_ROW) {
    fail_locked();
    return InsertOutcome::Failed;
  }
  return same(read_row(find_)) ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
}

std::optional<StoredReport> SqliteReportStore::find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return std::nullopt;
  StatementUse use(find_);
  if (!bind_text(find_, 1, id)) return std::nullopt;
  if (sqlite3_step(find_) != SQLITE_ROW) return std::nullopt;
  return read_row(find_);
}

std::optional<ReportPage> SqliteReportStore::list(const ReportQuery& query) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  ReportPage page;
  {
    StatementUse use(count_);
    if (!bind_filter(count_, query) || sqlite3_step(count_) != SQLITE_ROW) {
      fail_locked();
      return std::nullopt;
    }
    page.total = sqlite3_column_int64(count_, 0);
  }
  sqlite3_stmt* list = query.order == ReportOrder::Oldest ? list_oldest_
                       : query.order == ReportOrder::Page ? list_by_page_
                                                          : list_newest_;
  StatementUse use(list);
  if (!bind_filter(list, query) || sqlite3_bind_int(list, 6, query.limit) != SQLITE_OK ||
      sqlite3_bind_int64(list, 7, query.offset) != SQLITE_OK) {
    fail_locked();
    return std::nullopt;
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(list)) == SQLITE_ROW) page.reports.push_back(read_row(list));
  if (rc != SQLITE_DONE) {
    fail_locked();
    return std::nullopt;
  }
  return page;
}

std::optional<ReportBatch> SqliteReportStore::list_after(const ReportFilter& filter, long long cursor, int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(list_after_);
  if (!bind_filter(list_after_, filter) || sqlite3_bind_int64(list_after_, 6, cursor) != SQLITE_OK ||
      sqlite3_bind_int(list_after_, 7, limit) != SQLITE_OK) {
    fail_locked();
    return std::nullopt;
  }
  ReportBatch batch;
  batch.cursor = cursor;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(list_after_)) == SQLITE_ROW) {
    batch.reports.push_back(read_row(list_after_));
    batch.cursor = sqlite3_column_int64(list_after_, 7);
  }
  if (rc != SQLITE_DONE) {
    fail_locked();
    return std::nullopt;
  }
  return batch;
}

StatusResult SqliteReportStore::set_status(const StatusUpdate& update) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatusResult result;
  if (!db_) {
    fail_locked();
    return result;
  }
  if (!exec(db_, "BEGIN IMMEDIATE", &last_error_)) return result;
  bool ok = true;
  std::set<std::string> seen;
  for (const std::string& id : update.ids) {
    if (!seen.insert(id).second) continue;
    std::string from;
    {
      StatementUse use(status_of_);
      if (!bind_text(status_of_, 1, id)) {
        ok = fail_locked();
        break;
      }
      const int rc = sqlite3_step(status_of_);
      if (rc == SQLITE_DONE) {
        result.outcome = StatusResult::Outcome::NotFound;
        result.missing_id = id;
        break;
      }
      if (rc != SQLITE_ROW) {
        ok = fail_locked();
        break;
      }
      from = column_text(status_of_, 0);
    }
    if (from == update.status) continue;
    {
      StatementUse use(update_status_);
      ok = bind_text(update_status_, 1, id) && bind_text(update_status_, 2, update.status) &&
           sqlite3_step(update_status_) == SQLITE_DONE;
    }
    if (ok) {
      StatementUse use(insert_change_);
      ok = bind_text(insert_change_, 1, id) && bind_text(insert_change_, 2, update.now) &&
           bind_text(insert_change_, 3, update.editor) && bind_text(insert_change_, 4, from) &&
           bind_text(insert_change_, 5, update.status) && bind_text(insert_change_, 6, update.note) &&
           sqlite3_step(insert_change_) == SQLITE_DONE;
    }
    if (!ok) {
      fail_locked();
      break;
    }
    result.changes.push_back({id, update.now, update.editor, from, update.status, update.note});
  }
  if (result.outcome == StatusResult::Outcome::NotFound) {
    exec(db_, "ROLLBACK", nullptr);
    result.changes.clear();
    return result;
  }
  if (!end_transaction(ok)) {
    result.changes.clear();
    return result;
  }
  result.outcome = StatusResult::Outcome::Done;
  return result;
}

std::optional<std::vector<StatusChange>> SqliteReportStore::history(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(history_);
  if (!bind_text(history_, 1, id)) {
    fail_locked();
    return std::nullopt;
  }
  return all_rows<StatusChange>(history_, [](sqlite3_stmt* row) {
    return StatusChange{column_text(row, 0), column_text(row, 1), column_text(row, 2),
                        column_text(row, 3), column_text(row, 4), column_text(row, 5)};
  });
}

std::optional<ParagraphGroup> SqliteReportStore::paragraph_group(const ParagraphGroupKey& key,
                                                                 const ReportFilter& filter, int id_limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  // The keys as a JSON array of strings, for json_each: hex digests need no
  // escaping, but any text is escaped all the same.
  std::string keys = "[";
  for (const std::string& p : key.paragraphs) {
    if (keys.size() > 1) keys += ",";
    keys += "\"";
    for (const char c : p) {
      if (c == '"' || c == '\\') keys += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) keys += c;
    }
    keys += "\"";
  }
  keys += "]";
  const auto bind_group = [&](sqlite3_stmt* stmt) {
    return bind_filter(stmt, filter) && bind_text(stmt, 6, key.page_url) && bind_text(stmt, 7, keys);
  };
  ParagraphGroup group;
  {
    StatementUse use(group_count_);
    if (!bind_group(group_count_) || sqlite3_step(group_count_) != SQLITE_ROW) {
      fail_locked();
      return std::nullopt;
    }
    group.reports = sqlite3_column_int64(group_count_, 0);
  }
  {
    StatementUse use(group_ids_);
    if (!bind_group(group_ids_) || sqlite3_bind_int(group_ids_, 8, id_limit) != SQLITE_OK) {
      fail_locked();
      return std::nullopt;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(group_ids_)) == SQLITE_ROW) group.ids.push_back(column_text(group_ids_, 0));
    if (rc != SQLITE_DONE) {
      fail_locked();
      return std::nullopt;
    }
  }
  StatementUse use(group_corrections_);
  if (!bind_group(group_corrections_)) {
    fail_locked();
    return std::nullopt;
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(group_corrections_)) == SQLITE_ROW)
    group.corrections.push_back({column_text(group_corrections_, 0), column_text(group_corrections_, 1),
                                 column_text(group_corrections_, 2), sqlite3_column_int64(group_corrections_, 3)});
  if (rc != SQLITE_DONE) {
    fail_locked();
    return std::nullopt;
  }
  return group;
}

std::optional<long long> SqliteReportStore::remove_contact_before(const std::string& cutoff, const std::string& now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(remove_contact_);
  if (!bind_text(remove_contact_, 1, cutoff) || !bind_text(remove_contact_, 2, now) ||
      sqlite3_step(remove_contact_) != SQLITE_DONE) {
    fail_locked();
    return std::nullopt;
  }
  return sqlite3_changes(db_);
}

bool SqliteReportStore::read_article(const std::string& url, const std::string* article,
                                     std::optional<ArticleVersion>& out) {
  sqlite3_stmt* stmt = article ? same_article_ : newest_article_;
  StatementUse use(stmt);
  if (!bind_text(stmt, 1, url) || (article && !bind_text(stmt, 2, *article))) return fail_locked();
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) return true;
  if (rc != SQLITE_ROW) return fail_locked();
  out = ArticleVersion{column_text(stmt, 0), sqlite3_column_int64(stmt, 1), column_text(stmt, 2),
                       column_text(stmt, 3), column_text(stmt, 4),          column_text(stmt, 5)};
  return true;
}

ArticlePut SqliteReportStore::put_article(const ArticleVersion& article, ArticleRepeat repeat) {
  std::lock_guard<std::mutex> lock(mutex_);
  ArticlePut result;
  if (!db_) {
    fail_locked();
    return result;
  }
  // IMMEDIATE: two pushes of one URL cannot both read version N and both write N + 1.
  if (!exec(db_, "BEGIN IMMEDIATE", &last_error_)) return result;
  std::optional<ArticleVersion> newest;
  std::optional<ArticleVersion> same;
  bool ok = read_article(article.url, nullptr, newest);
  if (ok && repeat == ArticleRepeat::Newest && newest && newest->article == article.article) same = newest;
  if (ok && repeat == ArticleRepeat::Any) ok = read_article(article.url, &article.article, same);
  if (ok && same) {
    exec(db_, "ROLLBACK", nullptr);
    result.outcome = ArticlePut::Outcome::Unchanged;
    result.stored = std::move(*same);
    return result;
  }
  ArticleVersion stored = article;
  stored.version = newest ? newest->version + 1 : 1;
  if (ok) {
    StatementUse use(insert_article_);
    ok = bind_text(insert_article_, 1, stored.url) &&
         sqlite3_bind_int64(insert_article_, 2, stored.version) == SQLITE_OK &&
         bind_text(insert_article_, 3, stored.created_at) && bind_text(insert_article_, 4, stored.editor) &&
         bind_text(insert_article_, 5, stored.article_hash) && bind_text(insert_article_, 6, stored.article) &&
         sqlite3_step(insert_article_) == SQLITE_DONE;
    if (!ok) fail_locked();
  }
  if (!end_transaction(ok)) return result;
  result.outcome = ArticlePut::Outcome::Created;
  result.stored = std::move(stored);
  return result;
}

ArticleLookup SqliteReportStore::newest_article(const std::string& url) {
  std::lock_guard<std::mutex> lock(mutex_);
  ArticleLookup lookup;
  if (!db_) {
    lookup.failed = !fail_locked();
    return lookup;
  }
  lookup.failed = !read_article(url, nullptr, lookup.newest);
  return lookup;
}

std::optional<std::vector<QueuedDelivery>> SqliteReportStore::due_deliveries(const std::string& target,
                                                                             long long now_ms, int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(due_deliveries_);
  if (!bind_text(due_deliveries_, 1, target) || sqlite3_bind_int64(due_deliveries_, 2, now_ms) != SQLITE_OK ||
      sqlite3_bind_int(due_deliveries_, 3, limit) != SQLITE_OK) {
    fail_locked();
    return std::nullopt;
  }
  return all_rows<QueuedDelivery>(due_deliveries_, read_delivery);
}

std::optional<long long> SqliteReportStore::next_delivery_ms(const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(next_delivery_);
  if (!bind_text(next_delivery_, 1, target) || sqlite3_step(next_delivery_) != SQLITE_ROW) {
    fail_locked();
    return std::nullopt;
  }
  if (sqlite3_column_type(next_delivery_, 0) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(next_delivery_, 0);
}

bool SqliteReportStore::mark_delivered(long long seq, const std::string& now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return fail_locked();
  StatementUse use(mark_delivered_);
  if (sqlite3_bind_int64(mark_delivered_, 1, seq) != SQLITE_OK || !bind_text(mark_delivered_, 2, now) ||
      sqlite3_step(mark_delivered_) != SQLITE_DONE)
    return fail_locked();
  return true;
}

bool SqliteReportStore::mark_failed(long long seq, const std::string& error, long long next_attempt_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return fail_locked();
  StatementUse use(mark_failed_);
  if (sqlite3_bind_int64(mark_failed_, 1, seq) != SQLITE_OK || !bind_text(mark_failed_, 2, error) ||
      sqlite3_bind_int64(mark_failed_, 3, next_attempt_ms) != SQLITE_OK || sqlite3_step(mark_failed_) != SQLITE_DONE)
    return fail_locked();
  return true;
}

std::optional<std::vector<QueuedDelivery>> SqliteReportStore::deliveries_of(const std::string& report_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    fail_locked();
    return std::nullopt;
  }
  StatementUse use(deliveries_of_);
  if (!bind_text(deliveries_of_, 1, report_id)) {
    fail_locked();
    return std::nullopt;
  }
  return all_rows<QueuedDelivery>(deliveries_of_, read_delivery);
}

void SqliteReportStore::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return;
  finalize_all();
  // Folds the WAL back into the main file, so the .sqlite file alone holds
  // every report once the collector has stopped.
  exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr);
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

std::string SqliteReportStore::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

}  // namespace

std::unique_ptr<ReportStore> ReportStore::open(const std::string& path, std::string* error) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    if (error) *error = db ? sqlite3_errmsg(db) : "cannot allocate the database";
    sqlite3_close(db);
    return nullptr;
  }
  auto store = std::make_unique<SqliteReportStore>(db);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);

  const std::optional<std::string> mode = single_value(db, "PRAGMA journal_mode=WAL");
  if (!mode || *mode != "wal") {
    if (error) *error = "cannot switch " + path + " to WAL mode (" + mode.value_or(sqlite3_errmsg(db)) + ")";
    return nullptr;
  }
  if (!exec(db, "PRAGMA synchronous=FULL", error)) return nullptr;
  if (!migrate(db, path, error)) return nullptr;
  if (!store->prepare_all()) {
    if (error) *error = sqlite3_errmsg(db);
    return nullptr;
  }
  return store;
}

}  // namespace erratum::collector
