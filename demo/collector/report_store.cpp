#include "report_store.hpp"

#include <sqlite3.h>

#include <cstdlib>

namespace erratum::collector {
namespace {

constexpr int kSchemaVersion = 2;

// json_valid() keeps anything but JSON out of the JSON columns, whatever
// writes to the file.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS reports (
  id           TEXT PRIMARY KEY NOT NULL,
  received_at  TEXT NOT NULL,
  page_url     TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('new', 'spam')),
  spam_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(spam_reasons)),
  body         TEXT NOT NULL CHECK (json_valid(body))
);
CREATE INDEX IF NOT EXISTS reports_by_page ON reports (page_url, received_at);
CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, received_at);
CREATE INDEX IF NOT EXISTS reports_by_time ON reports (received_at);
)sql";
// Version 2: when the reporter's contact data was removed (--retention-days).
constexpr const char* kSchemaV2 = "ALTER TABLE reports ADD COLUMN contact_removed_at TEXT;";

constexpr const char* kFind =
    "SELECT id, received_at, page_url, status, spam_reasons, body, contact_removed_at FROM reports WHERE id = ?1";
constexpr const char* kInsert =
    "INSERT INTO reports (id, received_at, page_url, status, spam_reasons, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (id) DO NOTHING";
// NULL parameters mean "no filter".
constexpr const char* kList =
    "SELECT id, received_at, page_url, status, spam_reasons, body, contact_removed_at FROM reports "
    "WHERE (?1 IS NULL OR page_url = ?1) AND (?2 IS NULL OR status = ?2) "
    "ORDER BY received_at DESC, rowid DESC LIMIT ?3 OFFSET ?4";
constexpr const char* kCount =
    "SELECT count(*) FROM reports WHERE (?1 IS NULL OR page_url = ?1) AND (?2 IS NULL OR status = ?2)";
// The report stays; only its `reporter` member (name, e-mail) goes.
constexpr const char* kRemoveContact =
    "UPDATE reports SET body = json_remove(body, '$.reporter'), contact_removed_at = ?2 "
    "WHERE received_at < ?1 AND json_type(body, '$.reporter') IS NOT NULL";

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
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

bool bind_text(sqlite3_stmt* stmt, int index, const std::string& value) {
  return sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) == SQLITE_OK;
}

bool bind_optional_text(sqlite3_stmt* stmt, int index, const std::optional<std::string>& value) {
  return value ? bind_text(stmt, index, *value) : sqlite3_bind_null(stmt, index) == SQLITE_OK;
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

bool exec(sqlite3* db, const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  if (error) *error = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

// Runs a one-row pragma and returns its first column as text.
std::optional<std::string> pragma_value(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<std::string> value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = column_text(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

}  // namespace

ReportStore::ReportStore(sqlite3* db) : db_(db) {}

ReportStore::~ReportStore() { close(); }

std::unique_ptr<ReportStore> ReportStore::open(const std::string& path, std::string* error) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    if (error) *error = db ? sqlite3_errmsg(db) : "cannot allocate the database";
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<ReportStore> store(new ReportStore(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);

  const std::optional<std::string> mode = pragma_value(db, "PRAGMA journal_mode=WAL");
  if (!mode || *mode != "wal") {
    if (error) *error = "cannot switch " + path + " to WAL mode (" + mode.value_or(sqlite3_errmsg(db)) + ")";
    return nullptr;
  }
  if (!exec(db, "PRAGMA synchronous=FULL", error)) return nullptr;

  // The version is read inside the write transaction, so that two
  // collectors opening one file cannot both migrate it.
  if (!exec(db, "BEGIN IMMEDIATE", error)) return nullptr;
  const auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    exec(db, "ROLLBACK", nullptr);
    return nullptr;
  };
  const std::optional<std::string> version = pragma_value(db, "PRAGMA user_version");
  if (!version) return fail(sqlite3_errmsg(db));
  const long from = std::strtol(version->c_str(), nullptr, 10);
  if (from > kSchemaVersion) return fail(path + " was written by a newer collector (schema " + *version + ")");
  std::string migrate = kSchema;
  if (from < 2) migrate += kSchemaV2;
  migrate += "PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";COMMIT;";
  std::string why;
  if (!exec(db, migrate.c_str(), &why)) return fail(why);
  if (!store->prepare_all()) {
    if (error) *error = sqlite3_errmsg(db);
    return nullptr;
  }
  return store;
}

bool ReportStore::prepare_all() {
  return sqlite3_prepare_v2(db_, kFind, -1, &find_, nullptr) == SQLITE_OK &&
         sqlite3_prepare_v2(db_, kInsert, -1, &insert_, nullptr) == SQLITE_OK &&
         sqlite3_prepare_v2(db_, kList, -1, &list_, nullptr) == SQLITE_OK &&
         sqlite3_prepare_v2(db_, kCount, -1, &count_, nullptr) == SQLITE_OK &&
         sqlite3_prepare_v2(db_, kRemoveContact, -1, &remove_contact_, nullptr) == SQLITE_OK;
}

void ReportStore::finalize_all() {
  for (sqlite3_stmt** stmt : {&find_, &insert_, &list_, &count_, &remove_contact_}) {
    sqlite3_finalize(*stmt);
    *stmt = nullptr;
  }
}

void ReportStore::set_error_locked() { last_error_ = db_ ? sqlite3_errmsg(db_) : "the database is closed"; }

InsertOutcome ReportStore::insert(const StoredReport& report, const SameReport& same) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    set_error_locked();
    return InsertOutcome::Failed;
  }
  {
    StatementUse use(insert_);
    if (!bind_text(insert_, 1, report.id) || !bind_text(insert_, 2, report.received_at) ||
        !bind_text(insert_, 3, report.page_url) || !bind_text(insert_, 4, report.status) ||
        !bind_text(insert_, 5, report.spam_reasons) || !bind_text(insert_, 6, report.body) ||
        sqlite3_step(insert_) != SQLITE_DONE) {
      set_error_locked();
      return InsertOutcome::Failed;
    }
    if (sqlite3_changes(db_) == 1) return InsertOutcome::Created;
  }
  // The id exists. The mutex is still held, so the row cannot change between
  // the insert and this read.
  StatementUse use(find_);
  if (!bind_text(find_, 1, report.id) || sqlite3_step(find_) != SQLITE_ROW) {
    set_error_locked();
    return InsertOutcome::Failed;
  }
  return same(read_row(find_)) ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
}

std::optional<StoredReport> ReportStore::find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return std::nullopt;
  StatementUse use(find_);
  if (!bind_text(find_, 1, id)) return std::nullopt;
  if (sqlite3_step(find_) != SQLITE_ROW) return std::nullopt;
  return read_row(find_);
}

std::optional<ReportPage> ReportStore::list(const ReportQuery& query) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    set_error_locked();
    return std::nullopt;
  }
  ReportPage page;
  {
    StatementUse use(count_);
    if (!bind_optional_text(count_, 1, query.page_url) || !bind_optional_text(count_, 2, query.status) ||
        sqlite3_step(count_) != SQLITE_ROW) {
      set_error_locked();
      return std::nullopt;
    }
    page.total = sqlite3_column_int64(count_, 0);
  }
  StatementUse use(list_);
  if (!bind_optional_text(list_, 1, query.page_url) || !bind_optional_text(list_, 2, query.status) ||
      sqlite3_bind_int(list_, 3, query.limit) != SQLITE_OK || sqlite3_bind_int64(list_, 4, query.offset) != SQLITE_OK) {
    set_error_locked();
    return std::nullopt;
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(list_)) == SQLITE_ROW) page.reports.push_back(read_row(list_));
  if (rc != SQLITE_DONE) {
    set_error_locked();
    return std::nullopt;
  }
  return page;
}

std::optional<long long> ReportStore::remove_contact_before(const std::string& cutoff, const std::string& now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) {
    set_error_locked();
    return std::nullopt;
  }
  StatementUse use(remove_contact_);
  if (!bind_text(remove_contact_, 1, cutoff) || !bind_text(remove_contact_, 2, now) ||
      sqlite3_step(remove_contact_) != SQLITE_DONE) {
    set_error_locked();
    return std::nullopt;
  }
  return sqlite3_changes(db_);
}

void ReportStore::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_) return;
  finalize_all();
  // Folds the WAL back into the main file, so the .sqlite file alone holds
  // every report once the collector has stopped.
  exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr);
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

std::string ReportStore::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

}  // namespace erratum::collector
