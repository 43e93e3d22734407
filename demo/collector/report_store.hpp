// Durable storage of received reports in one SQLite file.
//
// WAL journal (readers do not block the writer) with synchronous=FULL: a
// report acknowledged with 201 has reached the disk. Every statement is
// prepared once with bound parameters; no SQL is ever built from input. One
// connection is shared behind a mutex: the collector writes a few reports a
// minute, not thousands a second.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace erratum::collector {

struct StoredReport {
  std::string id;
  std::string received_at;  // ISO 8601 UTC
  std::string page_url;
  std::string status;              // "new" or "spam"
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

struct ReportQuery {
  std::optional<std::string> page_url;  // exact match
  std::optional<std::string> status;
  int limit = 50;
  long long offset = 0;
};

struct ReportPage {
  std::vector<StoredReport> reports;  // newest first
  long long total = 0;                // matching reports, all pages
};

class ReportStore {
 public:
  // Opens (creating if needed) and migrates the database; nullptr and
  // `error` set on failure.
  static std::unique_ptr<ReportStore> open(const std::string& path, std::string* error);
  ~ReportStore();
  ReportStore(const ReportStore&) = delete;
  ReportStore& operator=(const ReportStore&) = delete;

  // Stores `report` unless its id exists; then asks `same` about the stored
  // row, under the store's lock (the row cannot change meanwhile).
  InsertOutcome insert(const StoredReport& report, const SameReport& same);
  std::optional<StoredReport> find(const std::string& id);
  std::optional<ReportPage> list(const ReportQuery& query);

  // Removes the reporter's contact data (the body's `reporter`: name and
  // e-mail) from the reports received before `cutoff`, keeping the rest of
  // each, and notes `now` as when. Timestamps as in received_at. Returns the
  // number of reports changed.
  std::optional<long long> remove_contact_before(const std::string& cutoff, const std::string& now);

  // Checkpoints the WAL into the main file and closes. Idempotent; later
  // calls fail with Failed / nullopt.
  void close();

  std::string last_error() const;

 private:
  explicit ReportStore(sqlite3* db);
  bool prepare_all();
  void finalize_all();
  void set_error_locked();

  mutable std::mutex mutex_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* list_ = nullptr;
  sqlite3_stmt* count_ = nullptr;
  sqlite3_stmt* remove_contact_ = nullptr;
  std::string last_error_;
};

}  // namespace erratum::collector
