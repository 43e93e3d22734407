// What only the PostgreSQL store has: a database shared by several
// collectors (migrations, inserts and status changes at once from several
// connections), a bounded connection pool, and a URL whose password no error
// shows. The behaviour it shares with SQLite is in triage_store_test.cpp.

#include "database_url.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace erratum::collector::testing {
namespace {

// The first column of the first row of `sql` on the database at `url`.
std::string sql_value(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  std::string value;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
    value = PQgetvalue(r, 0, 0);
  else
    ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  return value;
}

std::unique_ptr<ReportStore> open_url(const std::string& url) {
  std::string error;
  auto store = ReportStore::open(url, &error);
  EXPECT_TRUE(store) << error;
  return store;
}

StoredReport row_of(const Json& report) {
  return StoredReport{
      report["id"], "2024-03-01T10:00:00.000Z", report["page"]["url"], "new", "[]", dump_json(report), ""};
}

const SameReport kSame = [](const StoredReport&) { return true; };

TEST(PostgresStore, AFreshDatabaseRecordsEveryMigrationOnce) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  ASSERT_FALSE(url.empty());
  for (int round = 0; round < 2; ++round) {
    auto store = open_url(url);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schema_version(), 6);
  }
  EXPECT_EQ(sql_value(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"),
            "1,2,3,4,5,6");
  EXPECT_EQ(sql_value(url, "SELECT count(*) FROM schema_migrations WHERE applied_at IS NULL"), "0");
}

TEST(PostgresStore, CollectorsStartingAtOnceMigrateOnce) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  ASSERT_FALSE(url.empty());
  std::atomic<int> opened{0};
  std::vector<std::thread> starts;
  for (int i = 0; i < 4; ++i)
    starts.emplace_back([&] {
      std::string error;
      if (ReportStore::open(url, &error))
        ++opened;
      else
        ADD_FAILURE() << error;
    });
  for (std::thread& t : starts) t.join();
  EXPECT_EQ(opened, 4);
  EXPECT_EQ(sql_value(url, "SELECT count(*) FROM schema_migrations"), "6");
}

TEST(PostgresStore, ADatabaseFromANewerCollectorIsRefused) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  ASSERT_TRUE(open_url(url));
  sql_value(url, "INSERT INTO schema_migrations VALUES (99, 'future', '2099-01-01') RETURNING version");
  std::string error;
  EXPECT_FALSE(ReportStore::open(url, &error));
  EXPECT_NE(error.find("newer collector (schema 99)"), std::string::npos) << error;
  const std::string password = url.substr(url.find(':', 12) + 1, url.find('@') - url.find(':', 12) - 1);
  EXPECT_EQ(error.find(password), std::string::npos) << "the error shows the password";
}

// Two stores are two collectors: each its own connections, one database.
TEST(PostgresStore, TwoCollectorsInsertingTheSameIdsKeepOneRowEach) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto first = open_url(url);
  auto second = open_url(url);
  ASSERT_TRUE(first && second);
  std::vector<StoredReport> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(row_of(typical_report()));
  std::atomic<int> created{0}, duplicate{0}, other{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t)
    senders.emplace_back([&, t] {
      ReportStore& store = t % 2 ? *second : *first;
      for (const StoredReport& r : rows) {
        const InsertOutcome outcome = store.insert(r, kSame);
        (outcome == InsertOutcome::Created ? created : outcome == InsertOutcome::Duplicate ? duplicate : other)++;
      }
    });
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(created, 40);
  EXPECT_EQ(duplicate, 120);
  EXPECT_EQ(other, 0) << first->last_error() << second->last_error();
  EXPECT_EQ(sql_value(url, "SELECT count(*) FROM reports"), "40");
  EXPECT_EQ(sql_value(url, "SELECT count(*) FROM report_items"), "40");
}

// Pushes of one article to two collectors at once: each a version of its
// own, numbered 1 to 20 without a gap or a repeat.
TEST(PostgresStore, ArticlePushesFromTwoCollectorsAtOnceNumberEachVersionOnce) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto first = open_url(url);
  auto second = open_url(url);
  ASSERT_TRUE(first && second);
  std::atomic<int> created{0};
  std::vector<std::thread> pushers;
  for (int t = 0; t < 4; ++t)
    pushers.emplace_back([&, t] {
      ReportStore& store = t % 2 ? *second : *first;
      for (int i = 0; i < 5; ++i) {
        const std::string text = "push " + std::to_string(t) + "." + std::to_string(i);
        const ArticleVersion v{
            "https://news.example/a",   0,
            "2024-03-02T00:00:00.000Z", "cms",
            "sha256:" + text,           R"({"blocks":[{"text":")" + text + R"(","kind":"paragraph","id":""}]})"};
        if (store.put_article(v, ArticleRepeat::Newest).outcome == ArticlePut::Outcome::Created) ++created;
      }
    });
  for (std::thread& t : pushers) t.join();
  EXPECT_EQ(created, 20) << first->last_error() << second->last_error();
  EXPECT_EQ(sql_value(url,
                      "SELECT count(DISTINCT version) || ',' || min(version) || ',' || max(version) "
                      "FROM article_versions"),
            "20,1,20");
}

// Attempts of one client on two collectors at once: exactly the limit is
// let through, whichever collector counts them.
TEST(PostgresStore, RateLimitAttemptsFromTwoCollectorsAtOnceLetExactlyTheLimitThrough) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto first = open_url(url);
  auto second = open_url(url);
  ASSERT_TRUE(first && second);
  std::atomic<int> allowed{0}, refused{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t)
    clients.emplace_back([&, t] {
      ReportStore& store = t % 2 ? *second : *first;
      for (int i = 0; i < 10; ++i) {
        const std::optional<long long> wait = store.count_attempt(RateAttempt{"client", 1000 + i, 25, 60000});
        (!wait ? failed : *wait == 0 ? allowed : refused)++;
      }
    });
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failed, 0) << first->last_error() << second->last_error();
  EXPECT_EQ(allowed, 25);
  EXPECT_EQ(refused, 35);
  EXPECT_EQ(sql_value(url, "SELECT count(*) FROM rate_limit_attempts"), "25");
}

TEST(PostgresStore, OverlappingStatusChangesFromTwoCollectorsAreAllAudited) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto first = open_url(url);
  auto second = open_url(url);
  ASSERT_TRUE(first && second);
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    const StoredReport r = row_of(typical_report());
    ASSERT_EQ(first->insert(r, kSame), InsertOutcome::Created);
    ids.push_back(r.id);
  }
  const std::vector<std::string> reversed(ids.rbegin(), ids.rend());
  // The same reports, listed in opposite orders, toggled from both sides:
  // row locks taken in one order never deadlock.
  std::atomic<int> done{0};
  std::thread a([&] {
    for (int i = 0; i < 10; ++i)
      if (first->set_status({ids, i % 2 ? "new" : "accepted", "a", "", "t"}).outcome == StatusResult::Outcome::Done)
        ++done;
  });
  std::thread b([&] {
    for (int i = 0; i < 10; ++i)
      if (second->set_status({reversed, i % 2 ? "new" : "rejected", "b", "", "t"}).outcome ==
          StatusResult::Outcome::Done)
        ++done;
  });
  a.join();
  b.join();
  EXPECT_EQ(done, 20) << first->last_error() << second->last_error();
  // Each audit row follows the one before it: from is the previous to.
  for (const std::string& id : ids) {
    const std::vector<StatusChange> history = *first->history(id);
    std::string status = "new";
    for (const StatusChange& c : history) {
      EXPECT_EQ(c.from, status) << id;
      EXPECT_NE(c.from, c.to);
      status = c.to;
    }
    EXPECT_EQ(first->find(id)->status, status);
  }
}

TEST(PostgresStore, ManyThreadsShareAFewConnections) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto store = open_url(url);
  ASSERT_TRUE(store);
  ASSERT_EQ(store->insert(row_of(typical_report()), kSame), InsertOutcome::Created);
  std::atomic<int> answered{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 12; ++t)
    readers.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (store->list(ReportQuery{}) && store->list_after({}, 0, 10)) ++answered;
    });
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(answered, 240) << store->last_error();
  const int connections = std::stoi(sql_value(url,
                                              "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                              "current_database() AND application_name = 'erratum-collector'"));
  EXPECT_GE(connections, 1);
  EXPECT_LE(connections, 4);
  store->close();
  EXPECT_FALSE(store->list(ReportQuery{}));
  EXPECT_EQ(store->last_error(), "the database is closed");
}

TEST(PostgresStore, ASessionTheServerEndedIsReplacedWithoutFailingARequest) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  auto store = open_url(url);
  ASSERT_TRUE(store);
  const StoredReport r = row_of(typical_report());
  ASSERT_EQ(store->insert(r, kSame), InsertOutcome::Created);
  const std::string sessions =
      "FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'erratum-collector'";
  EXPECT_NE(sql_value(url, "SELECT count(*) " + sessions), "0");
  // What a server restart or an administrator does to the collector's sessions.
  sql_value(url, "SELECT count(pg_terminate_backend(pid)) " + sessions);
  for (int i = 0; i < 500 && sql_value(url, "SELECT count(*) " + sessions) != "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(sql_value(url, "SELECT count(*) " + sessions), "0");
  const std::optional<StoredReport> found = store->find(r.id);
  ASSERT_TRUE(found) << store->last_error();
  EXPECT_EQ(found->body, r.body);
}

TEST(PostgresStore, AWrongPasswordSaysWhatToCheckAndNeverShowsIt) {
  const std::string server = postgres_test_url();
  ASSERT_FALSE(server.empty());
  const std::size_t colon = server.find(':', std::string("postgresql://").size());
  const std::size_t at = server.find('@');
  const std::string wrong = server.substr(0, colon + 1) + "Wr0ng%40pass" + server.substr(at);
  std::string error;
  EXPECT_FALSE(ReportStore::open(wrong, &error));
  EXPECT_NE(error.find("cannot connect to the PostgreSQL database"), std::string::npos) << error;
  EXPECT_NE(error.find("password"), std::string::npos) << error;  // the server's reason
  EXPECT_NE(error.find("--db"), std::string::npos) << error;
  EXPECT_EQ(error.find("Wr0ng"), std::string::npos) << error;
}

TEST(DatabaseUrl, TellsUrlsFromFilesAndRedactsPasswords) {
  EXPECT_TRUE(is_postgres_url("postgres://h/db"));
  EXPECT_TRUE(is_postgres_url("postgresql://u:p@h:5432/db"));
  EXPECT_FALSE(is_postgres_url("./erratum-reports.sqlite"));
  EXPECT_FALSE(is_postgres_url("postgres.sqlite"));
  EXPECT_EQ(redact_database_url("postgresql://erratum:s3cr%40t@db.example:5432/news?sslmode=require"),
            "postgresql://erratum:***@db.example:5432/news?sslmode=require");
  EXPECT_EQ(redact_database_url("postgres://u@h/db?password=abc&sslmode=require"),
            "postgres://u@h/db?password=***&sslmode=require");
  EXPECT_EQ(redact_database_url("postgres://h/db"), "postgres://h/db");
  EXPECT_EQ(redact_database_url("/srv/a:b@c.sqlite"), "/srv/a:b@c.sqlite");
  EXPECT_EQ(scrub_password("bad token \"s3cr@t\" and s3cr%40t", "postgres://u:s3cr%40t@h/db"),
            "bad token \"***\" and ***");
}

}  // namespace
}  // namespace erratum::collector::testing
