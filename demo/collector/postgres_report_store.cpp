// The PostgreSQL report store, for several collectors sharing one database.
// Every statement goes through PQexecParams with its values as parameters;
// no SQL is ever built from input. A libpq connection serves one thread at a
// time, so the store keeps a small pool: at most kMaxConnections per store,
// opened when needed, and a caller waits at most kPoolWait for one. Every
// session has a statement, lock and idle-transaction timeout, so neither a
// slow query nor a stuck peer holds a worker. Uniqueness of report ids, the
// status audit trail and the migrations hold across collectors because the
// database enforces them (constraints, row locks, an advisory lock), not
// this process.
#include "postgres_report_store.hpp"

#include "database_url.hpp"
#include "http_text.hpp"
#include "report_items.hpp"
#include "vocabulary.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

namespace erratum::collector {
namespace {

constexpr int kMaxConnections = 4;
constexpr auto kPoolWait = std::chrono::seconds(15);
// Per session: no statement runs longer, no lock is awaited longer, and a
// transaction left idle (a peer that died mid-way) is ended by the server.
constexpr const char* kSessionSettings =
    "SET statement_timeout = '15s'; SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '60s'; "
    "SET client_min_messages = 'warning'";
// The advisory lock that serialises migrations across collectors starting at
// once: any constant unique to this schema ("Erratum" in ASCII).
constexpr const char* kMigrationLock = "75826098829845357";
// The reports a retention pass rewrites per transaction.
constexpr int kContactBatch = 200;

// A step of the schema, at the same version numbers as the SQLite store's.
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// COLLATE "C" on what is compared or sorted: byte order, as in SQLite,
// whatever the database's locale. The casts to json keep anything but JSON
// out of the JSON columns, whatever writes to the database. `seq` is the
// arrival order that exports page through.
constexpr const char* kV1 = R"sql(
CREATE TABLE reports (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text COLLATE "C" NOT NULL UNIQUE,
  received_at  text COLLATE "C" NOT NULL,
  page_url     text COLLATE "C" NOT NULL,
  status       text COLLATE "C" NOT NULL CHECK (status IN ('new', 'spam')),
  spam_reasons text NOT NULL DEFAULT '[]' CHECK (spam_reasons::json IS NOT NULL),
  body         text NOT NULL CHECK (body::json IS NOT NULL)
);
CREATE INDEX reports_by_page ON reports (page_url, received_at);
CREATE INDEX reports_by_status ON reports (status, received_at);
CREATE INDEX reports_by_time ON reports (received_at);
)sql";

constexpr const char* kV2 = R"sql(ALTER TABLE reports ADD COLUMN contact_removed_at text COLLATE "C";)sql";

constexpr const char* kV3 = R"sql(
ALTER TABLE reports DROP CONSTRAINT reports_status_check;
ALTER TABLE reports ADD CONSTRAINT reports_status_check
  CHECK (status IN ('new', 'accepted', 'rejected', 'fixed', 'duplicate', 'spam'));
CREATE TABLE report_items (
  report_id   text COLLATE "C" NOT NULL REFERENCES reports (id),
  position    integer NOT NULL,
  paragraph   text COLLATE "C" NOT NULL,
  block_index bigint NOT NULL,
  element_id  text NOT NULL,
  kind        text NOT NULL,
  error_type  text COLLATE "C" NOT NULL,
  corrected   text COLLATE "C" NOT NULL,
  changed     boolean NOT NULL,
  inserted    text COLLATE "C" NOT NULL,
  deleted     text COLLATE "C" NOT NULL,
  PRIMARY KEY (report_id, position)
);
CREATE INDEX report_items_by_paragraph ON report_items (paragraph, report_id);
CREATE INDEX report_items_by_type ON report_items (error_type, report_id);
CREATE TABLE status_changes (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id   text COLLATE "C" NOT NULL REFERENCES reports (id),
  changed_at  text NOT NULL,
  editor      text NOT NULL,
  from_status text NOT NULL,
  to_status   text NOT NULL,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX status_changes_by_report ON status_changes (report_id, seq);
)sql";

constexpr const char* kV4 = R"sql(
CREATE TABLE article_versions (
  url          text COLLATE "C" NOT NULL,
  version      bigint NOT NULL CHECK (version >= 1),
  created_at   text NOT NULL,
  editor       text NOT NULL,
  article_hash text NOT NULL,
  article      text NOT NULL CHECK (article::json IS NOT NULL),
  PRIMARY KEY (url, version)
);
)sql";

// The webhook queue, as in the SQLite store. next_attempt_ms is also the
// claim (claim_delivery): a collector about to post a row sets it past the
// time the attempt may last, so that no other collector's lane posts it too.
constexpr const char* kV5 = R"sql(
CREATE TABLE webhook_deliveries (
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id     text NOT NULL UNIQUE,
  report_id       text COLLATE "C" NOT NULL REFERENCES reports (id),
  page_url        text COLLATE "C" NOT NULL,
  target          text COLLATE "C" NOT NULL,
  payload         text NOT NULL CHECK (payload::json IS NOT NULL),
  created_at      text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_ms bigint NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT '',
  delivered_at    text
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (target, page_url, seq) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_by_report ON webhook_deliveries (report_id, seq);
)sql";

// The shared rate limit's sliding log: one row per counted attempt, kept
// for one window (count_attempt).
constexpr const char* kV6 = R"sql(
CREATE TABLE rate_limit_attempts (
  client text COLLATE "C" NOT NULL,
  at_ms  bigint NOT NULL
);
CREATE INDEX rate_limit_attempts_by_client ON rate_limit_attempts (client, at_ms);
CREATE INDEX rate_limit_attempts_by_time ON rate_limit_attempts (at_ms);
)sql";

constexpr Migration kMigrations[] = {
    {1, "reports", kV1},
    {2, "contact removal time", kV2},
    {3, "triage statuses, audit trail, report items", kV3},
    {4, "article versions", kV4},
    {5, "webhook deliveries", kV5},
    {6, "rate limit attempts", kV6},
};
constexpr int kLatestVersion = 6;

constexpr const char* kColumns =
    "r.id, r.received_at, r.page_url, r.status, r.spam_reasons, r.body, coalesce(r.contact_removed_at, '')";

// ReportFilter as parameters $1 to $5; NULL means "no filter".
constexpr const char* kFilter =
    " ($1::text IS NULL OR r.page_url = $1)"
    " AND ($2::text IS NULL OR r.status = $2"
    "      OR ($2 = 'handled' AND r.status IN ('accepted', 'rejected', 'fixed', 'duplicate')))"
    " AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM report_items t WHERE t.report_id = r.id AND t.error_type = $3))"
    " AND ($4::text IS NULL OR r.received_at >= $4)"
    " AND ($5::text IS NULL OR substr(r.received_at, 1, 10) <= $5) ";
// The paragraph group: page $6, paragraph keys $7 (a JSON array).
constexpr const char* kInGroup =
    " AND r.page_url = $6 AND EXISTS (SELECT 1 FROM report_items g WHERE g.report_id = r.id"
    " AND g.paragraph IN (SELECT json_array_elements_text($7::json))) ";

std::string list_sql(const char* order) {
  return std::string("SELECT ") + kColumns + " FROM reports r WHERE" + kFilter + "ORDER BY " + order +
         " LIMIT $6 OFFSET $7";
}

const std::string kFind = std::string("SELECT ") + kColumns + " FROM reports r WHERE r.id = $1";
// FOR SHARE: the row cannot change while the caller compares it.
const std::string kFindLocked = kFind + " FOR SHARE";
constexpr const char* kInsert =
    "INSERT INTO reports (id, received_at, page_url, status, spam_reasons, body) VALUES ($1, $2, $3, $4, $5, $6) "
    "ON CONFLICT (id) DO NOTHING RETURNING seq";
constexpr const char* kInsertItem =
    "INSERT INTO report_items (report_id, position, paragraph, block_index, element_id, kind, error_type, corrected, "
    "changed, inserted, deleted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
const std::string kCount = std::string("SELECT count(*) FROM reports r WHERE") + kFilter;
const std::string kListNewest = list_sql("r.received_at DESC, r.seq DESC");
const std::string kListOldest = list_sql("r.received_at ASC, r.seq ASC");
// The first item's place in the article, then its paragraph, so that the
// reports on one paragraph come together; reports without items first, as
// SQLite sorts NULL.
const std::string kListByPage = list_sql(
    "r.page_url ASC,"
    " (SELECT f.block_index FROM report_items f WHERE f.report_id = r.id AND f.position = 0) ASC NULLS FIRST,"
    " (SELECT f.paragraph FROM report_items f WHERE f.report_id = r.id AND f.position = 0) ASC NULLS FIRST,"
    " r.received_at DESC, r.seq DESC");
const std::string kListAfter = std::string("SELECT ") + kColumns + ", r.seq FROM reports r WHERE" + kFilter +
                               "AND r.seq > $6 ORDER BY r.seq LIMIT $7";
// FOR UPDATE: a collector changing the same report waits for this one.
constexpr const char* kStatusOf = "SELECT status FROM reports WHERE id = $1 FOR UPDATE";
constexpr const char* kUpdateStatus = "UPDATE reports SET status = $2 WHERE id = $1";
constexpr const char* kInsertChange =
    "INSERT INTO status_changes (report_id, changed_at, editor, from_status, to_status, note) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kHistory =
    "SELECT report_id, changed_at, editor, from_status, to_status, note FROM status_changes "
    "WHERE report_id = $1 ORDER BY seq";
const std::string kGroupCount = std::string("SELECT count(*) FROM reports r WHERE") + kFilter + kInGroup;
const std::string kGroupIds = std::string("SELECT r.id FROM reports r WHERE") + kFilter + kInGroup +
                              "ORDER BY r.received_at DESC, r.seq DESC LIMIT $8";
// At most this many distinct corrections per paragraph: the most proposed.
constexpr int kMaxCorrections = 20;
const std::string kGroupCorrections =
    std::string(
        "SELECT i.corrected, min(i.inserted), min(i.deleted), count(DISTINCT r.id) AS n "
        "FROM reports r JOIN report_items i ON i.report_id = r.id WHERE") +
    kFilter +
    " AND r.page_url = $6 AND i.paragraph IN (SELECT json_array_elements_text($7::json)) AND i.changed "
    "GROUP BY i.corrected ORDER BY n DESC, min(r.seq) ASC LIMIT " +
    std::to_string(kMaxCorrections);
// The reports whose reporter (name, e-mail) is to go, a batch at a time; the
// body is rewritten here, not in SQL, so that it stays the compact JSON the
// collector stored, members in their order, as the SQLite store keeps it.
const std::string kWithContact =
    "SELECT seq, body FROM reports WHERE received_at < $1 AND body::jsonb ? 'reporter' "
    "ORDER BY seq LIMIT " +
    std::to_string(kContactBatch) + " FOR UPDATE";
constexpr const char* kRemoveContact = "UPDATE reports SET body = $2, contact_removed_at = $3 WHERE seq = $1";

constexpr const char* kArticleColumns = "url, version, created_at, editor, article_hash, article";
const std::string kNewestArticle =
    std::string("SELECT ") + kArticleColumns + " FROM article_versions WHERE url = $1 ORDER BY version DESC LIMIT 1";
const std::string kSameArticle = std::string("SELECT ") + kArticleColumns +
                                 " FROM article_versions WHERE url = $1 AND article = $2 ORDER BY version DESC LIMIT 1";
constexpr const char* kInsertArticle =
    "INSERT INTO article_versions (url, version, created_at, editor, article_hash, article) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
// A lock per key (its hash: two keys sharing one merely wait for each
// other), in one of the spaces below, held until the transaction ends.
constexpr const char* kLockKey = "SELECT pg_advisory_xact_lock($1::integer, hashtext($2))";
// Pushes of one URL take turns, whichever collector receives them, so that
// two cannot both read version N and both write N + 1 ("Arti" in ASCII).
constexpr const char* kArticleLockSpace = "1098019945";
// Attempts of one client take turns, so that two collectors cannot both
// count the last one the window allows ("Rate" in ASCII).
constexpr const char* kRateLockSpace = "1382118501";

constexpr const char* kForgetClientAttempts = "DELETE FROM rate_limit_attempts WHERE client = $1 AND at_ms <= $2";
constexpr const char* kClientAttempts =
    "SELECT count(*), coalesce(min(at_ms), 0) FROM rate_limit_attempts WHERE client = $1";
constexpr const char* kAddAttempt = "INSERT INTO rate_limit_attempts (client, at_ms) VALUES ($1, $2)";
constexpr const char* kForgetIdleAttempts = "DELETE FROM rate_limit_attempts WHERE at_ms <= $1";
// Idle clients' attempts are removed every this many counted attempts, so
// the table follows the clients active within one window.
constexpr int kSweepEvery = 1024;

constexpr const char* kDeliveryColumns =
    "d.seq, d.delivery_id, d.report_id, d.page_url, d.target, d.payload, d.created_at, d.attempts, "
    "d.next_attempt_ms, d.last_error, coalesce(d.delivered_at, '')";
constexpr const char* kInsertDelivery =
    "INSERT INTO webhook_deliveries (delivery_id, report_id, page_url, target, payload, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
// The first pending row of each page's line for a target.
constexpr const char* kLineHeads =
    " FROM webhook_deliveries d WHERE d.target = $1 AND d.delivered_at IS NULL"
    " AND d.seq = (SELECT min(e.seq) FROM webhook_deliveries e"
    "              WHERE e.target = d.target AND e.page_url = d.page_url AND e.delivered_at IS NULL)";
const std::string kDueDeliveries =
    std::string("SELECT ") + kDeliveryColumns + kLineHeads + " AND d.next_attempt_ms <= $2 ORDER BY d.seq LIMIT $3";
const std::string kNextDelivery = std::string("SELECT min(d.next_attempt_ms)") + kLineHeads;
constexpr const char* kMarkDelivered =
    "UPDATE webhook_deliveries SET delivered_at = $2 WHERE seq = $1 AND delivered_at IS NULL";
constexpr const char* kMarkFailed =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_ms = $3 "
    "WHERE seq = $1 AND delivered_at IS NULL";
// The row lock makes one of two collectors claiming a row at once wait,
// then find it no longer due.
constexpr const char* kClaimDelivery =
    "UPDATE webhook_deliveries SET next_attempt_ms = $3 WHERE seq = $1 AND delivered_at IS NULL "
    "AND next_attempt_ms <= $2";
constexpr const char* kReleaseDelivery =
    "UPDATE webhook_deliveries SET next_attempt_ms = $2 WHERE seq = $1 AND delivered_at IS NULL";
const std::string kDeliveriesOf =
    std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries d WHERE d.report_id = $1 ORDER BY d.seq";

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

// Text parameters of one statement; a null one is SQL NULL.
class Params {
 public:
  Params& text(const std::string& value) {
    values_.push_back(value);
    nulls_.push_back(false);
    return *this;
  }
  Params& optional(const std::optional<std::string>& value) {
    values_.push_back(value.value_or(""));
    nulls_.push_back(!value);
    return *this;
  }
  Params& number(long long value) { return text(std::to_string(value)); }
  Params& filter(const ReportFilter& f) {
    return optional(f.page_url)
        .optional(f.status)
        .optional(f.error_type)
        .optional(f.received_from)
        .optional(f.received_to);
  }
  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    for (std::size_t i = 0; i < values_.size(); ++i) out.push_back(nulls_[i] ? nullptr : values_[i].c_str());
    return out;
  }

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
};

Result run(PGconn* conn, const std::string& sql, const Params& params = {}) {
  const std::vector<const char*> values = params.pointers();
  return Result(
      PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
}

bool succeeded(const Result& r) {
  const ExecStatusType s = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

std::string text_at(const Result& r, int row, int column) {
  return std::string(PQgetvalue(r.get(), row, column), static_cast<std::size_t>(PQgetlength(r.get(), row, column)));
}

long long number_at(const Result& r, int row, int column) {
  return std::strtoll(PQgetvalue(r.get(), row, column), nullptr, 10);
}

StoredReport read_row(const Result& r, int row) {
  return StoredReport{text_at(r, row, 0), text_at(r, row, 1), text_at(r, row, 2), text_at(r, row, 3),
                      text_at(r, row, 4), text_at(r, row, 5), text_at(r, row, 6)};
}

// The connection's last error, on one line, without the URL's password.
std::string describe(PGconn* conn, const std::string& url) {
  std::string message = conn ? PQerrorMessage(conn) : "out of memory";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::replace(message.begin(), message.end(), '\n', ' ');
  return scrub_password(message, url);
}

bool insert_items(PGconn* conn, const std::string& report_id, const std::string& body) {
  for (const ItemFacts& f : item_facts(body)) {
    Params p;
    p.text(report_id)
        .number(f.position)
        .text(f.paragraph)
        .number(f.block_index)
        .text(f.element_id)
        .text(f.kind)
        .text(f.error_type)
        .text(f.corrected)
        .text(f.changed ? "true" : "false")
        .text(f.inserted)
        .text(f.deleted);
    if (!succeeded(run(conn, kInsertItem, p))) return false;
  }
  return true;
}

// Item rows for reports stored before version 3 had them: the facts come
// from parsing each body, which SQL cannot do.
bool backfill_items(PGconn* conn) {
  const Result rows = run(conn,
                          "SELECT r.id, r.body FROM reports r WHERE NOT EXISTS "
                          "(SELECT 1 FROM report_items i WHERE i.report_id = r.id) ORDER BY r.seq");
  if (!succeeded(rows)) return false;
  for (int i = 0; i < PQntuples(rows.get()); ++i)
    if (!insert_items(conn, text_at(rows, i, 0), text_at(rows, i, 1))) return false;
  return true;
}

// Applies every migration the database lacks, in one transaction: it is at
// one version or the next, never in between. The advisory lock makes a
// second collector starting at the same time wait, then find nothing to do.
bool migrate(PGconn* conn, const std::string& url, std::string* error) {
  const auto fail = [&](const std::string& message) {
    if (error) *error = message;
    PQclear(PQexec(conn, "ROLLBACK"));
    return false;
  };
  const auto failed_with = [&]() {
    return fail("cannot migrate " + redact_database_url(url) + ": " + describe(conn, url));
  };
  if (!succeeded(Result(PQexec(conn, "BEGIN")))) return failed_with();
  if (!succeeded(run(conn, "SELECT pg_advisory_xact_lock($1::bigint)", Params().text(kMigrationLock))))
    return failed_with();
  if (!succeeded(Result(PQexec(conn,
                               "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version integer PRIMARY KEY, name text NOT NULL, applied_at text)"))))
    return failed_with();
  const Result current = run(conn, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!succeeded(current)) return failed_with();
  const long long from = number_at(current, 0, 0);
  if (from > kLatestVersion)
    return fail(redact_database_url(url) + " was written by a newer collector (schema " + std::to_string(from) + ")");
  const std::string now = utc_timestamp_now();
  for (const Migration& m : kMigrations) {
    if (m.version <= from) continue;
    if (!succeeded(Result(PQexec(conn, m.sql)))) return failed_with();
    if (m.version == 3 && !backfill_items(conn)) return failed_with();
    if (!succeeded(run(conn, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                       Params().number(m.version).text(m.name).text(now))))
      return failed_with();
  }
  if (!succeeded(Result(PQexec(conn, "COMMIT")))) return failed_with();
  return true;
}

PGconn* connect(const std::string& url, std::string* error) {
  // The URL's own settings win over the first two; the encoding is the
  // store's, whatever the URL says.
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
  const char* const values[] = {"10", "erratum-collector", url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    if (error)
      *error = "cannot connect to the PostgreSQL database " + redact_database_url(url) + ": " + describe(conn, url) +
               " (check that the server runs and that --db names its host, port, database, user and password)";
    PQfinish(conn);
    return nullptr;
  }
  // The server's notices (a session it ends, a warning) would go to stderr
  // unprefixed; what matters reaches the caller as an error result instead.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (!succeeded(Result(PQexec(conn, kSessionSettings)))) {
    if (error) *error = "cannot configure the PostgreSQL session: " + describe(conn, url);
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

// At most kMaxConnections connections, each lent to one caller at a time.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::string url) : url_(std::move(url)) {}
  ~ConnectionPool() { close(); }

  // Hands back its connection when it goes.
  class Lease {
   public:
    Lease(ConnectionPool* pool, PGconn* conn) : pool_(pool), conn_(conn) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(other.conn_) { other.conn_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->release(conn_);
    }
    PGconn* get() const { return conn_; }

   private:
    ConnectionPool* pool_;
    PGconn* conn_;
  };

  // The first connection, made by open(): it migrates the schema.
  void adopt(PGconn* conn) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++open_;
    idle_.push_back(conn);
  }

  std::optional<Lease> acquire(std::string* error) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!ready_.wait_for(lock, kPoolWait, [&] { return closed_ || !idle_.empty() || open_ < kMaxConnections; })) {
      *error = "every connection to the database is busy";
      return std::nullopt;
    }
    if (closed_) {
      *error = "the database is closed";
      return std::nullopt;
    }
    PGconn* conn = nullptr;
    if (!idle_.empty()) {
      conn = idle_.back();
      idle_.pop_back();
      // A server that restarted or ended the session has sent its last
      // message and closed the socket: reading what is there, without
      // waiting, tells (the second read meets the end of the stream), and a
      // new connection takes its place instead of failing the request.
      if (PQconsumeInput(conn) == 1 && PQconsumeInput(conn) == 1 && PQstatus(conn) == CONNECTION_OK)
        return Lease(this, conn);
      PQfinish(conn);
    } else {
      ++open_;
    }
    lock.unlock();
    conn = connect(url_, error);
    if (!conn) {
      lock.lock();
      --open_;
      ready_.notify_one();
      return std::nullopt;
    }
    return Lease(this, conn);
  }

  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    for (PGconn* conn : idle_) PQfinish(conn);
    open_ -= static_cast<int>(idle_.size());
    idle_.clear();
    ready_.notify_all();
  }

  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }

 private:
  // A connection goes back clean: no transaction left open. One the server
  // dropped is ended, and a later caller connects anew.
  void release(PGconn* conn) {
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE) PQclear(PQexec(conn, "ROLLBACK"));
    const bool usable = PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
    std::lock_guard<std::mutex> lock(mutex_);
    if (usable && !closed_) {
      idle_.push_back(conn);
    } else {
      PQfinish(conn);
      --open_;
    }
    ready_.notify_one();
  }

  const std::string url_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<PGconn*> idle_;
  int open_ = 0;
  bool closed_ = false;
};

class PostgresReportStore final : public ReportStore {
 public:
  PostgresReportStore(std::string url, PGconn* first) : url_(url), pool_(std::move(url)) { pool_.adopt(first); }
  ~PostgresReportStore() override { close(); }

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
  bool claim_delivery(long long seq, long long now_ms, long long until_ms) override;
  bool release_delivery(long long seq, long long due_ms) override;
  bool mark_delivered(long long seq, const std::string& now) override;
  bool mark_failed(long long seq, const std::string& error, long long next_attempt_ms) override;
  std::optional<std::vector<QueuedDelivery>> deliveries_of(const std::string& report_id) override;
  std::optional<long long> count_attempt(const RateAttempt& attempt) override;
  void close() override { pool_.close(); }
  std::string last_error() const override {
    std::lock_guard<std::mutex> lock(error_mutex_);
    return last_error_;
  }

 private:
  std::optional<ConnectionPool::Lease> lease() {
    std::string error;
    std::optional<ConnectionPool::Lease> l = pool_.acquire(&error);
    if (!l) note_error(error);
    return l;
  }
  void note_error(const std::string& message) {
    std::lock_guard<std::mutex> lock(error_mutex_);
    last_error_ = message;
  }
  // Notes the connection's error; false, for `return fail(...)`.
  bool fail(PGconn* conn) {
    note_error(describe(conn, url_));
    return false;
  }
  // Runs `sql` and notes the error when it fails.
  Result exec(PGconn* conn, const std::string& sql, const Params& params = {}) {
    Result r = run(conn, sql, params);
    if (!succeeded(r)) fail(conn);
    return r;
  }
  bool command(PGconn* conn, const char* sql) { return succeeded(exec(conn, sql)); }
  // Runs an UPDATE of one row by seq: true when it succeeded, whether or not
  // a row matched; `changed` (when given) tells whether one did.
  bool update(const std::string& sql, const Params& params, bool* changed = nullptr) {
    auto l = lease();
    if (!l) return false;
    const Result r = exec(l->get(), sql, params);
    if (!succeeded(r)) return false;
    if (changed) *changed = std::strtoll(PQcmdTuples(r.get()), nullptr, 10) > 0;
    return true;
  }
  std::optional<std::vector<QueuedDelivery>> deliveries(const std::string& sql, const Params& params);

  const std::string url_;
  ConnectionPool pool_;
  std::atomic<int> attempts_since_sweep_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

int PostgresReportStore::schema_version() {
  auto l = lease();
  if (!l) return 0;
  const Result r = exec(l->get(), "SELECT coalesce(max(version), 0) FROM schema_migrations");
  return succeeded(r) ? static_cast<int>(number_at(r, 0, 0)) : 0;
}

InsertOutcome PostgresReportStore::insert(const StoredReport& report, const SameReport& same,
                                          const std::vector<NewDelivery>& deliveries) {
  auto l = lease();
  if (!l) return InsertOutcome::Failed;
  PGconn* conn = l->get();
  if (!command(conn, "BEGIN")) return InsertOutcome::Failed;
  // A collector inserting the same id at the same time makes this statement
  // wait for its transaction, then do nothing: one row, one Created.
  const Result inserted = exec(conn, kInsert,
                               Params()
                                   .text(report.id)
                                   .text(report.received_at)
                                   .text(report.page_url)
                                   .text(report.status)
                                   .text(report.spam_reasons)
                                   .text(report.body));
  if (!succeeded(inserted)) return InsertOutcome::Failed;
  if (PQntuples(inserted.get()) == 1) {
    if (!insert_items(conn, report.id, report.body)) {
      fail(conn);
      return InsertOutcome::Failed;
    }
    for (const NewDelivery& d : deliveries)
      if (!succeeded(exec(conn, kInsertDelivery,
                          Params()
                              .text(d.delivery_id)
                              .text(report.id)
                              .text(report.page_url)
                              .text(d.target)
                              .text(d.payload)
                              .text(report.received_at))))
        return InsertOutcome::Failed;  // the lease rolls the report back with it
    return command(conn, "COMMIT") ? InsertOutcome::Created : InsertOutcome::Failed;
  }
  const Result stored = exec(conn, kFindLocked, Params().text(report.id));
  if (!succeeded(stored)) return InsertOutcome::Failed;
  if (PQntuples(stored.get()) != 1) {
    note_error("the report " + report.id + " vanished during its insert");
    return InsertOutcome::Failed;
  }
  const bool is_same = same(read_row(stored, 0));
  if (!command(conn, "COMMIT")) return InsertOutcome::Failed;
  return is_same ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
}

std::optional<StoredReport> PostgresReportStore::find(const std::string& id) {
  auto l = lease();
  if (!l) return std::nullopt;
  const Result r = exec(l->get(), kFind, Params().text(id));
  if (!succeeded(r) || PQntuples(r.get()) != 1) return std::nullopt;
  return read_row(r, 0);
}

std::optional<ReportPage> PostgresReportStore::list(const ReportQuery& query) {
  auto l = lease();
  if (!l) return std::nullopt;
  PGconn* conn = l->get();
  // One snapshot for the count and the page, so they agree.
  if (!command(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) return std::nullopt;
  const Result count = exec(conn, kCount, Params().filter(query));
  if (!succeeded(count)) return std::nullopt;
  const std::string& sql = query.order == ReportOrder::Oldest ? kListOldest
                           : query.order == ReportOrder::Page ? kListByPage
                                                              : kListNewest;
  const Result rows = exec(conn, sql, Params().filter(query).number(query.limit).number(query.offset));
  if (!succeeded(rows) || !command(conn, "COMMIT")) return std::nullopt;
  ReportPage page;
  page.total = number_at(count, 0, 0);
  for (int i = 0; i < PQntuples(rows.get()); ++i) page.reports.push_back(read_row(rows, i));
  return page;
}

std::optional<ReportBatch> PostgresReportStore::list_after(const ReportFilter& filter, long long cursor, int limit) {
  auto l = lease();
  if (!l) return std::nullopt;
  const Result rows = exec(l->get(), kListAfter, Params().filter(filter).number(cursor).number(limit));
  if (!succeeded(rows)) return std::nullopt;
  ReportBatch batch;
  batch.cursor = cursor;
  for (int i = 0; i < PQntuples(rows.get()); ++i) {
    batch.reports.push_back(read_row(rows, i));
    batch.cursor = number_at(rows, i, 7);
  }
  return batch;
}

StatusResult PostgresReportStore::set_status(const StatusUpdate& update) {
  StatusResult result;
  auto l = lease();
  if (!l) return result;
  PGconn* conn = l->get();
  if (!command(conn, "BEGIN")) return result;
  // The rows are locked in id order, whatever order each request lists them
  // in, so that two collectors changing overlapping sets never deadlock.
  const std::set<std::string> ids(update.ids.begin(), update.ids.end());
  std::map<std::string, std::string> from;
  for (const std::string& id : ids) {
    const Result r = exec(conn, kStatusOf, Params().text(id));
    if (!succeeded(r)) return result;
    if (PQntuples(r.get()) == 1) from[id] = text_at(r, 0, 0);
  }
  for (const std::string& id : update.ids) {
    if (from.count(id)) continue;
    result.outcome = StatusResult::Outcome::NotFound;
    result.missing_id = id;
    return result;  // the lease rolls the transaction back
  }
  std::set<std::string> seen;
  for (const std::string& id : update.ids) {
    if (!seen.insert(id).second || from[id] == update.status) continue;
    if (!succeeded(exec(conn, kUpdateStatus, Params().text(id).text(update.status))) ||
        !succeeded(exec(conn, kInsertChange,
                        Params()
                            .text(id)
                            .text(update.now)
                            .text(update.editor)
                            .text(from[id])
                            .text(update.status)
                            .text(update.note)))) {
      result.changes.clear();
      return result;
    }
    result.changes.push_back({id, update.now, update.editor, from[id], update.status, update.note});
  }
  if (!command(conn, "COMMIT")) {
    result.changes.clear();
    return result;
  }
  result.outcome = StatusResult::Outcome::Done;
  return result;
}

std::optional<std::vector<StatusChange>> PostgresReportStore::history(const std::string& id) {
  auto l = lease();
  if (!l) return std::nullopt;
  const Result r = exec(l->get(), kHistory, Params().text(id));
  if (!succeeded(r)) return std::nullopt;
  std::vector<StatusChange> out;
  for (int i = 0; i < PQntuples(r.get()); ++i)
    out.push_back(
        {text_at(r, i, 0), text_at(r, i, 1), text_at(r, i, 2), text_at(r, i, 3), text_at(r, i, 4), text_at(r, i, 5)});
  return out;
}

std::optional<ParagraphGroup> PostgresReportStore::paragraph_group(const ParagraphGroupKey& key,
                                                                   const ReportFilter& filter, int id_limit) {
  Json keys = Json::array();
  for (const std::string& p : key.paragraphs) keys.push_back(p);
  const auto group_params = [&]() { return Params().filter(filter).text(key.page_url).text(dump_json(keys)); };
  auto l = lease();
  if (!l) return std::nullopt;
  PGconn* conn = l->get();
  if (!command(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) return std::nullopt;
  const Result count = exec(conn, kGroupCount, group_params());
  if (!succeeded(count)) return std::nullopt;
  const Result ids = exec(conn, kGroupIds, group_params().number(id_limit));
  if (!succeeded(ids)) return std::nullopt;
  const Result corrections = exec(conn, kGroupCorrections, group_params());
  if (!succeeded(corrections) || !command(conn, "COMMIT")) return std::nullopt;
  ParagraphGroup group;
  group.reports = number_at(count, 0, 0);
  for (int i = 0; i < PQntuples(ids.get()); ++i) group.ids.push_back(text_at(ids, i, 0));
  for (int i = 0; i < PQntuples(corrections.get()); ++i)
    group.corrections.push_back({text_at(corrections, i, 0), text_at(corrections, i, 1), text_at(corrections, i, 2),
                                 number_at(corrections, i, 3)});
  return group;
}

std::optional<long long> PostgresReportStore::remove_contact_before(const std::string& cutoff, const std::string& now) {
  auto l = lease();
  if (!l) return std::nullopt;
  PGconn* conn = l->get();
  long long changed = 0;
  for (;;) {
    if (!command(conn, "BEGIN")) return std::nullopt;
    const Result rows = exec(conn, kWithContact, Params().text(cutoff));
    if (!succeeded(rows)) return std::nullopt;
    const int n = PQntuples(rows.get());
    for (int i = 0; i < n; ++i) {
      std::optional<Json> body = api::parse_json(text_at(rows, i, 1));
      if (!body || !body->is_object()) {
        note_error("report " + text_at(rows, i, 0) + " has a body that is not a JSON object");
        return std::nullopt;
      }
      body->erase("reporter");
      if (!succeeded(exec(conn, kRemoveContact, Params().text(text_at(rows, i, 0)).text(dump_json(*body)).text(now))))
        return std::nullopt;
    }
    if (!command(conn, "COMMIT")) return std::nullopt;
    changed += n;
    if (n < kContactBatch) return changed;
  }
}

ArticleVersion read_article(const Result& r) {
  return ArticleVersion{text_at(r, 0, 0), number_at(r, 0, 1), text_at(r, 0, 2),
                        text_at(r, 0, 3), text_at(r, 0, 4),   text_at(r, 0, 5)};
}

ArticlePut PostgresReportStore::put_article(const ArticleVersion& article, ArticleRepeat repeat) {
  ArticlePut result;
  auto l = lease();
  if (!l) return result;
  PGconn* conn = l->get();
  if (!command(conn, "BEGIN")) return result;
  if (!succeeded(exec(conn, kLockKey, Params().text(kArticleLockSpace).text(article.url)))) return result;
  const Result newest = exec(conn, kNewestArticle, Params().text(article.url));
  if (!succeeded(newest)) return result;
  std::optional<ArticleVersion> same;
  if (PQntuples(newest.get()) == 1 && repeat == ArticleRepeat::Newest && text_at(newest, 0, 5) == article.article)
    same = read_article(newest);
  if (repeat == ArticleRepeat::Any) {
    const Result any = exec(conn, kSameArticle, Params().text(article.url).text(article.article));
    if (!succeeded(any)) return result;
    if (PQntuples(any.get()) == 1) same = read_article(any);
  }
  if (same) {
    result.outcome = ArticlePut::Outcome::Unchanged;
    result.stored = std::move(*same);
    return result;  // the lease ends the transaction, which wrote nothing
  }
  ArticleVersion stored = article;
  stored.version = PQntuples(newest.get()) == 1 ? number_at(newest, 0, 1) + 1 : 1;
  if (!succeeded(exec(conn, kInsertArticle,
                      Params()
                          .text(stored.url)
                          .number(stored.version)
                          .text(stored.created_at)
                          .text(stored.editor)
                          .text(stored.article_hash)
                          .text(stored.article))) ||
      !command(conn, "COMMIT"))
    return result;
  result.outcome = ArticlePut::Outcome::Created;
  result.stored = std::move(stored);
  return result;
}

ArticleLookup PostgresReportStore::newest_article(const std::string& url) {
  ArticleLookup lookup;
  auto l = lease();
  if (!l) {
    lookup.failed = true;
    return lookup;
  }
  const Result r = exec(l->get(), kNewestArticle, Params().text(url));
  if (!succeeded(r)) {
    lookup.failed = true;
    return lookup;
  }
  if (PQntuples(r.get()) == 1) lookup.newest = read_article(r);
  return lookup;
}

std::optional<std::vector<QueuedDelivery>> PostgresReportStore::deliveries(const std::string& sql,
                                                                           const Params& params) {
  auto l = lease();
  if (!l) return std::nullopt;
  const Result r = exec(l->get(), sql, params);
  if (!succeeded(r)) return std::nullopt;
  std::vector<QueuedDelivery> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    QueuedDelivery d;
    d.seq = number_at(r, i, 0);
    d.delivery_id = text_at(r, i, 1);
    d.report_id = text_at(r, i, 2);
    d.page_url = text_at(r, i, 3);
    d.target = text_at(r, i, 4);
    d.payload = text_at(r, i, 5);
    d.created_at = text_at(r, i, 6);
    d.attempts = static_cast<int>(number_at(r, i, 7));
    d.next_attempt_ms = number_at(r, i, 8);
    d.last_error = text_at(r, i, 9);
    d.delivered_at = text_at(r, i, 10);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<std::vector<QueuedDelivery>> PostgresReportStore::due_deliveries(const std::string& target,
                                                                               long long now_ms, int limit) {
  return deliveries(kDueDeliveries, Params().text(target).number(now_ms).number(limit));
}

std::optional<long long> PostgresReportStore::next_delivery_ms(const std::string& target) {
  auto l = lease();
  if (!l) return std::nullopt;
  const Result r = exec(l->get(), kNextDelivery, Params().text(target));
  if (!succeeded(r) || PQntuples(r.get()) != 1 || PQgetisnull(r.get(), 0, 0)) return std::nullopt;
  return number_at(r, 0, 0);
}

bool PostgresReportStore::claim_delivery(long long seq, long long now_ms, long long until_ms) {
  bool claimed = false;
  return update(kClaimDelivery, Params().number(seq).number(now_ms).number(until_ms), &claimed) && claimed;
}

bool PostgresReportStore::release_delivery(long long seq, long long due_ms) {
  return update(kReleaseDelivery, Params().number(seq).number(due_ms));
}

bool PostgresReportStore::mark_delivered(long long seq, const std::string& now) {
  return update(kMarkDelivered, Params().number(seq).text(now));
}

bool PostgresReportStore::mark_failed(long long seq, const std::string& error, long long next_attempt_ms) {
  return update(kMarkFailed, Params().number(seq).text(error).number(next_attempt_ms));
}

std::optional<std::vector<QueuedDelivery>> PostgresReportStore::deliveries_of(const std::string& report_id) {
  return deliveries(kDeliveriesOf, Params().text(report_id));
}

std::optional<long long> PostgresReportStore::count_attempt(const RateAttempt& attempt) {
  auto l = lease();
  if (!l) return std::nullopt;
  PGconn* conn = l->get();
  const long long expired = attempt.now_ms - attempt.window_ms;
  if (++attempts_since_sweep_ >= kSweepEvery) {
    attempts_since_sweep_ = 0;
    if (!succeeded(exec(conn, kForgetIdleAttempts, Params().number(expired)))) return std::nullopt;
  }
  if (!command(conn, "BEGIN") || !succeeded(exec(conn, kLockKey, Params().text(kRateLockSpace).text(attempt.client))) ||
      !succeeded(exec(conn, kForgetClientAttempts, Params().text(attempt.client).number(expired))))
    return std::nullopt;
  const Result counted = exec(conn, kClientAttempts, Params().text(attempt.client));
  if (!succeeded(counted)) return std::nullopt;
  if (number_at(counted, 0, 0) >= attempt.max_attempts) {
    if (!command(conn, "COMMIT")) return std::nullopt;  // keeps the removal of expired attempts
    return std::max(1LL, number_at(counted, 0, 1) + attempt.window_ms - attempt.now_ms);
  }
  if (!succeeded(exec(conn, kAddAttempt, Params().text(attempt.client).number(attempt.now_ms))) ||
      !command(conn, "COMMIT"))
    return std::nullopt;
  return 0;
}

}  // namespace

std::unique_ptr<ReportStore> open_postgres_report_store(const std::string& url, std::string* error) {
  std::string why;
  PGconn* conn = connect(url, &why);
  if (!conn || !migrate(conn, url, &why)) {
    PQfinish(conn);
    if (error) *error = why;
    return nullptr;
  }
  return std::make_unique<PostgresReportStore>(url, conn);
}

}  // namespace erratum::collector
