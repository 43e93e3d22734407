// --retention-days: readers' names and e-mails leave reports older than N
// days, the reports stay. Rows are back-dated through received_at and the
// clock is injected, so no test waits for days.

#include "retention.hpp"
#include "http_text.hpp"
#include "options.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>

namespace erratum::collector::testing {
namespace {

using std::chrono::hours;
using std::chrono::system_clock;

constexpr hours kDay{24};
// A fixed "now" for the injected clocks.
const system_clock::time_point kNow = system_clock::from_time_t(1800000000);  // 2027-01-15T08:00:00Z

std::unique_ptr<ReportStore> open_store(const TempDir& dir, StoreKind kind = StoreKind::Sqlite) {
  std::string error;
  auto store = ReportStore::open(test_database(dir, kind), &error);
  EXPECT_TRUE(store) << error;
  return store;
}

// Retention on each store.
class RetentionTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  TempDir dir;
};

// A stored row for `report`, received at `at`.
StoredReport row(const Json& report, system_clock::time_point at) {
  StoredReport r;
  r.id = report["id"];
  r.received_at = utc_timestamp(at);
  r.page_url = report["page"]["url"];
  r.status = "new";
  r.spam_reasons = "[]";
  r.body = dump_json(report);
  return r;
}

const SameReport kSameText = [](const StoredReport&) { return true; };

Json report_with_contact() {
  ReportDraft d;
  d.reporter_name = "Ana";
  d.reporter_email = "ana@example.fr";
  d.items[0].comment = "Accord du participe.";
  return compose_report(d);
}

Json stored_body(ReportStore& store, const std::string& id) {
  const std::optional<StoredReport> r = store.find(id);
  EXPECT_TRUE(r) << id;
  std::optional<Json> body = r ? parse_json(r->body) : std::nullopt;
  return body ? *body : Json();
}

TEST_P(RetentionTest, RemovesNameAndEmailFromOldReportsOnlyAndKeepsTheRest) {
  auto store = open_store(dir, GetParam());
  ASSERT_TRUE(store);
  const Json old_report = report_with_contact();
  const Json recent_report = report_with_contact();
  Json old_anonymous = report_with_contact();
  old_anonymous.erase("reporter");
  ASSERT_EQ(store->insert(row(old_report, kNow - 31 * kDay), kSameText), InsertOutcome::Created);
  ASSERT_EQ(store->insert(row(recent_report, kNow - 29 * kDay), kSameText), InsertOutcome::Created);
  ASSERT_EQ(store->insert(row(old_anonymous, kNow - 400 * kDay), kSameText), InsertOutcome::Created);

  Retention retention(*store, 30, [] { return kNow; });
  EXPECT_EQ(retention.sweep(), 1);

  Json expected = old_report;
  expected.erase("reporter");
  EXPECT_EQ(stored_body(*store, old_report["id"]), expected);
  EXPECT_EQ(store->find(old_report["id"])->contact_removed_at, utc_timestamp(kNow));
  EXPECT_EQ(store->find(old_report["id"])->received_at, utc_timestamp(kNow - 31 * kDay));
  EXPECT_EQ(stored_body(*store, recent_report["id"]), recent_report);
  EXPECT_EQ(store->find(recent_report["id"])->contact_removed_at, "");
  EXPECT_EQ(stored_body(*store, old_anonymous["id"]), old_anonymous);
  EXPECT_EQ(store->find(old_anonymous["id"])->contact_removed_at, "");

  // A second pass finds nothing more; two days later the recent one goes too.
  EXPECT_EQ(retention.sweep(), 0);
  Retention later(*store, 30, [] { return kNow + 2 * kDay; });
  EXPECT_EQ(later.sweep(), 1);
  EXPECT_FALSE(member(stored_body(*store, recent_report["id"]), "reporter"));
  EXPECT_EQ(stored_body(*store, recent_report["id"])["items"], recent_report["items"]);
}

TEST_P(RetentionTest, TheBackgroundPassRunsOnItsIntervalAndStopsAtOnce) {
  auto store = open_store(dir, GetParam());
  ASSERT_TRUE(store);
  std::atomic<int> passes{0};
  Retention retention(*store, 1, [&] {
    ++passes;
    return kNow;
  });
  retention.start(std::chrono::milliseconds(20));
  const Json report = report_with_contact();
  ASSERT_EQ(store->insert(row(report, kNow - 2 * kDay), kSameText), InsertOutcome::Created);
  for (int i = 0; i < 500 && member(stored_body(*store, report["id"]), "reporter"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(member(stored_body(*store, report["id"]), "reporter"));
  retention.stop();
  const int after_stop = passes;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(passes, after_stop);

  // With the real hourly interval, stop() does not wait for the hour.
  Retention hourly(*store, 1, [] { return kNow; });
  hourly.start(kRetentionInterval);
  const auto before = std::chrono::steady_clock::now();
  hourly.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
}

TEST_P(RetentionTest, AFailedPassSaysWhyAndReturnsNothing) {
  auto store = open_store(dir, GetParam());
  ASSERT_TRUE(store);
  std::vector<std::string> lines;
  Retention retention(
      *store, 30, [] { return kNow; }, [&](const std::string& line) { lines.push_back(line); });
  store->close();
  EXPECT_EQ(retention.sweep(), std::nullopt);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("cannot remove contact data"), std::string::npos) << lines[0];
}

TEST(Retention, ADatabaseOfTheFirstSchemaGainsTheColumnAndKeepsItsReports) {
  TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("reports.sqlite").c_str(), &db), SQLITE_OK);
  const char* v1 =
      "CREATE TABLE reports (id TEXT PRIMARY KEY NOT NULL, received_at TEXT NOT NULL, page_url TEXT NOT NULL,"
      " status TEXT NOT NULL CHECK (status IN ('new', 'spam')),"
      " spam_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(spam_reasons)),"
      " body TEXT NOT NULL CHECK (json_valid(body)));"
      "INSERT INTO reports VALUES ('r1', '2020-01-01T00:00:00.000Z', 'https://example.org/', 'new', '[]',"
      " '{\"reporter\":{\"name\":\"Ana\",\"email\":\"ana@example.fr\"},\"items\":[]}');"
      "PRAGMA user_version=1;";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->find("r1"));
  EXPECT_EQ(store->find("r1")->contact_removed_at, "");
  Retention retention(*store, 30, [] { return kNow; });
  EXPECT_EQ(retention.sweep(), 1);
  EXPECT_EQ(stored_body(*store, "r1"), Json({{"items", Json::array()}}));
  store.reset();
  // Opening it again migrates nothing twice.
  EXPECT_TRUE(open_store(dir));
}

TEST_P(RetentionTest, ARetryOfAReportWhoseContactWasRemovedIsStillTheSameReport) {
  RunningCollector server(test_options(dir, GetParam()));
  auto client = server.client();
  const Json report = report_with_contact();
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);

  {
    auto store = open_store(dir, GetParam());
    ASSERT_TRUE(store);
    // A clock 31 days ahead makes the report old enough.
    Retention retention(*store, 30, [] { return system_clock::now() + 31 * kDay; });
    EXPECT_EQ(retention.sweep(), 1);
  }

  auto retry = post_report(*client, dump_json(report));
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200) << retry->body;
  Json changed = report;
  changed["items"][0]["comment"] = "Autre commentaire";
  EXPECT_EQ(post_report(*client, dump_json(changed))->status, 409);

  auto stored = client->Get("/api/reports/" + report["id"].get<std::string>());
  ASSERT_TRUE(stored);
  const std::optional<Json> answer = parse_json(stored->body);
  ASSERT_TRUE(answer);
  EXPECT_FALSE((*answer)["report"].contains("reporter"));
  EXPECT_EQ((*answer)["report"]["items"], report["items"]);
}

TEST(Retention, TheOptionTakesDaysAndIsOffByDefault) {
  EXPECT_EQ(parse_args({}).options.retention_days, 0);
  const ParsedArgs p = parse_args({"--retention-days", "30"});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.retention_days, 30);
  EXPECT_EQ(parse_args({"--retention-days=0"}).options.retention_days, 0);
  for (const char* bad : {"-1", "x", "30d", "", "36501"}) {
    const ParsedArgs refused = parse_args({"--retention-days", bad});
    EXPECT_FALSE(refused.ok) << bad;
    EXPECT_NE(refused.error.find("--retention-days"), std::string::npos) << refused.error;
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, RetentionTest, ::testing::ValuesIn(kStoreKinds), store_kind_name);

}  // namespace
}  // namespace erratum::collector::testing
