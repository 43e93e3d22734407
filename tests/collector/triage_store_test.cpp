// The store under triage: versioned migrations (files of every earlier
// schema upgrade in place, nothing lost), statuses and their audit trail,
// filters and orders, paragraph groups and their correction counts.

#include "report_items.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <set>

namespace erratum::collector::testing {
namespace {

std::unique_ptr<ReportStore> open_store(const TempDir& dir) {
  std::string error;
  auto store = ReportStore::open(dir.file("reports.sqlite"), &error);
  EXPECT_TRUE(store) << error;
  return store;
}

const SameReport kSame = [](const StoredReport&) { return true; };

StoredReport row_of(const Json& report, const std::string& received_at, const std::string& status = "new") {
  return StoredReport{report["id"], received_at, report["page"]["url"], status, "[]", dump_json(report), ""};
}

std::vector<std::string> ids_of(const ReportPage& page) {
  std::vector<std::string> out;
  for (const StoredReport& r : page.reports) out.push_back(r.id);
  return out;
}

std::string sql_value(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
      sqlite3_column_text(stmt, 0))
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return value;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// A file of the schema before versioned migrations (kSchema2Sql) holding
// `rows`.
void write_schema_2_file(const std::string& path, const std::vector<StoredReport>& rows) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql = std::string("BEGIN;") + kSchema2Sql;
  for (const StoredReport& r : rows)
    sql += "INSERT INTO reports VALUES (" + quoted(r.id) + "," + quoted(r.received_at) + "," + quoted(r.page_url) +
           "," + quoted(r.status) + "," + quoted(r.spam_reasons) + "," + quoted(r.body) + "," +
           (r.contact_removed_at.empty() ? "NULL" : quoted(r.contact_removed_at)) + ");";
  sql += "PRAGMA user_version=2; COMMIT;";
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

TEST(TriageStore, AFreshFileRecordsEveryMigration) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), 5);
  store->close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("reports.sqlite").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sql_value(db, "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY 1)"),
            "1,2,3,4,5");
  EXPECT_EQ(sql_value(db, "SELECT count(*) FROM schema_migrations WHERE applied_at IS NULL"), "0");
  EXPECT_EQ(sql_value(db, "PRAGMA user_version"), "5");
  sqlite3_close(db);
}

TEST(TriageStore, ASchema2FileIsMigratedInPlaceWithoutLoss) {
  TempDir dir;
  const Json spam = [] {
    ReportDraft d;
    d.items[0].comment = "robot";
    d.honeypot = "x";
    return compose_report(d);
  }();
  const Json two_items = [] {
    ReportDraft d;
    d.reporter_name = "Ana";
    d.reporter_email = "ana@example.fr";
    d.items = {ItemDraft{demo_block("p1"), "", "premier", "fact"}, ItemDraft{demo_block("p2"), "", "second", "other"}};
    return compose_report(d);
  }();
  const Json typo = typical_report();
  std::vector<StoredReport> rows = {row_of(typo, "2024-03-01T10:00:00.000Z"),
                                    row_of(two_items, "2024-03-02T10:00:00.000Z"),
                                    row_of(spam, "2024-03-03T10:00:00.000Z", "spam")};
  rows[2].spam_reasons = "[\"spam.honeypot\"]";
  rows[0].contact_removed_at = "2024-04-01T00:00:00.000Z";
  write_schema_2_file(dir.file("reports.sqlite"), rows);

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), 5);
  for (const StoredReport& before : rows) {
    const std::optional<StoredReport> after = store->find(before.id);
    ASSERT_TRUE(after) << before.id;
    EXPECT_EQ(after->received_at, before.received_at);
    EXPECT_EQ(after->page_url, before.page_url);
    EXPECT_EQ(after->status, before.status);
    EXPECT_EQ(after->spam_reasons, before.spam_reasons);
    EXPECT_EQ(after->body, before.body);
    EXPECT_EQ(after->contact_removed_at, before.contact_removed_at);
  }
  // The items were derived from the bodies: the filters and groups see them.
  ReportQuery facts;
  facts.error_type = "fact";
  EXPECT_EQ(ids_of(*store->list(facts)), std::vector<std::string>{two_items["id"]});
  const std::string p1 = item_facts(dump_json(typo))[0].paragraph;
  const std::optional<ParagraphGroup> group = store->paragraph_group({"http://127.0.0.1/index.html", {p1}}, {}, 10);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->reports, 3);  // the typo, the first item of two_items, the spam
  // Arrival order is kept through the rebuild.
  const std::optional<ReportBatch> all = store->list_after({}, 0, 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->reports.size(), 3u);
  EXPECT_EQ(all->reports[0].id, typo["id"]);
  EXPECT_EQ(all->reports[2].id, spam["id"]);
  // The new statuses are accepted by the rebuilt table.
  EXPECT_EQ(store->set_status({{typo["id"]}, "fixed", "camille", "", "2024-05-01T00:00:00.000Z"}).outcome,
            StatusResult::Outcome::Done);
  store->close();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("reports.sqlite").c_str(), &db), SQLITE_OK);
  // Steps 1 and 2 were applied before the table existed: no time for them.
  EXPECT_EQ(sql_value(db,
                      "SELECT group_concat(version || ':' || (applied_at IS NULL)) FROM "
                      "(SELECT version, applied_at FROM schema_migrations ORDER BY version)"),
            "1:1,2:1,3:0,4:0,5:0");
  EXPECT_EQ(sql_value(db, "PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
  // Opened again, nothing is applied twice.
  auto again = open_store(dir);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->find(typo["id"])->status, "fixed");
}

TEST(TriageStore, AFileFromANewerCollectorIsRefused) {
  TempDir dir;
  open_store(dir).reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("reports.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 'future', '2099-01-01')", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  std::string error;
  EXPECT_FALSE(ReportStore::open(dir.file("reports.sqlite"), &error));
  EXPECT_NE(error.find("newer collector (schema 99)"), std::string::npos) << error;
}

TEST(TriageStore, StatusChangesAreAllOrNoneAndAudited) {
  TempDir dir;
  auto store = open_store(dir);
  const Json a = typical_report(), b = typical_report();
  ASSERT_EQ(store->insert(row_of(a, "2024-03-01T10:00:00.000Z"), kSame), InsertOutcome::Created);
  ASSERT_EQ(store->insert(row_of(b, "2024-03-01T11:00:00.000Z"), kSame), InsertOutcome::Created);

  // An unknown id among them: nothing changes.
  StatusResult missing = store->set_status({{a["id"], "no-such-id"}, "accepted", "camille", "", "t1"});
  EXPECT_EQ(missing.outcome, StatusResult::Outcome::NotFound);
  EXPECT_EQ(missing.missing_id, "no-such-id");
  EXPECT_EQ(store->find(a["id"])->status, "new");
  EXPECT_TRUE(store->history(a["id"])->empty());

  StatusResult done = store->set_status({{a["id"], b["id"], a["id"]}, "accepted", "camille", "vu", "t2"});
  ASSERT_EQ(done.outcome, StatusResult::Outcome::Done);
  EXPECT_EQ(done.changes.size(), 2u);  // the repeated id counts once
  // Setting the status a report already has writes no audit row.
  done = store->set_status({{a["id"]}, "accepted", "dominique", "", "t3"});
  EXPECT_TRUE(done.changes.empty());
  done = store->set_status({{a["id"]}, "fixed", "dominique", "corrig\u00e9 en ligne", "t4"});
  ASSERT_EQ(done.changes.size(), 1u);

  const std::vector<StatusChange> history = *store->history(a["id"]);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].editor, "camille");
  EXPECT_EQ(history[0].changed_at, "t2");
  EXPECT_EQ(history[0].from, "new");
  EXPECT_EQ(history[0].to, "accepted");
  EXPECT_EQ(history[0].note, "vu");
  EXPECT_EQ(history[1].from, "accepted");
  EXPECT_EQ(history[1].to, "fixed");
  EXPECT_EQ(history[1].note, "corrig\u00e9 en ligne");
  EXPECT_EQ(store->find(b["id"])->status, "accepted");
  EXPECT_EQ(store->history(b["id"])->size(), 1u);
}

TEST(TriageStore, FiltersByStatusTypeAndDayAndSortsByPage) {
  TempDir dir;
  auto store = open_store(dir);
  const Json r1 = correcting("p1", "privil\u00e9gi\u00e9e", "privil\u00e9gi\u00e9");
  const Json r2 = correcting("p2", "petit monde", "petit milieu", "grammar");
  const Json r3 = correcting("p1", "privil\u00e9gi\u00e9e", "privil\u00e9gi\u00e9", "typo", "http://127.0.0.1/a.html");
  ASSERT_EQ(store->insert(row_of(r1, "2024-03-01T23:59:59.000Z"), kSame), InsertOutcome::Created);
  ASSERT_EQ(store->insert(row_of(r2, "2024-03-02T00:00:00.000Z"), kSame), InsertOutcome::Created);
  ASSERT_EQ(store->insert(row_of(r3, "2024-03-03T08:00:00.000Z"), kSame), InsertOutcome::Created);
  ASSERT_EQ(store->set_status({{r2["id"]}, "rejected", "c", "", "t"}).outcome, StatusResult::Outcome::Done);

  ReportQuery q;
  EXPECT_EQ(ids_of(*store->list(q)), (std::vector<std::string>{r3["id"], r2["id"], r1["id"]}));
  q.order = ReportOrder::Oldest;
  EXPECT_EQ(ids_of(*store->list(q)), (std::vector<std::string>{r1["id"], r2["id"], r3["id"]}));
  q.order = ReportOrder::Page;  // a.html first; on index.html, p1 comes before p2
  EXPECT_EQ(ids_of(*store->list(q)), (std::vector<std::string>{r3["id"], r1["id"], r2["id"]}));

  ReportQuery handled;
  handled.status = "handled";
  EXPECT_EQ(ids_of(*store->list(handled)), std::vector<std::string>{r2["id"]});
  ReportQuery fresh;
  fresh.status = "new";
  EXPECT_EQ(store->list(fresh)->total, 2);
  ReportQuery grammar;
  grammar.error_type = "grammar";
  EXPECT_EQ(ids_of(*store->list(grammar)), std::vector<std::string>{r2["id"]});
  ReportQuery day;  // whole UTC days, both ends included
  day.received_from = "2024-03-02";
  day.received_to = "2024-03-02";
  EXPECT_EQ(ids_of(*store->list(day)), std::vector<std::string>{r2["id"]});
  day.received_from = "2024-03-01";
  EXPECT_EQ(store->list(day)->total, 2);
  ReportQuery paged;
  paged.limit = 1;
  paged.offset = 1;
  const ReportPage page = *store->list(paged);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(ids_of(page), std::vector<std::string>{r2["id"]});
}

TEST(TriageStore, ParagraphGroupsCountIdenticalCorrections) {
  TempDir dir;
  auto store = open_store(dir);
  std::vector<Json> same;
  for (int i = 0; i < 3; ++i) same.push_back(correcting("p1", "privil\u00e9gi\u00e9e", "privil\u00e9gi\u00e9"));
  const Json other = correcting("p1", "privil\u00e9gi\u00e9e", "favorite");
  ReportDraft comment_only;
  comment_only.items[0].comment = "Source ?";
  const Json remark = compose_report(comment_only);
  const Json elsewhere = correcting("p2", "petit monde", "petit milieu");
  int minute = 10;
  for (const Json& r : {same[0], same[1], same[2], other, remark, elsewhere})
    ASSERT_EQ(store->insert(row_of(r, "2024-03-01T10:" + std::to_string(minute++) + ":00.000Z"), kSame),
              InsertOutcome::Created);

  const std::vector<ItemFacts> facts = item_facts(dump_json(same[0]));
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].paragraph, same[0]["items"][0]["anchor"]["contentHash"]);
  // Without a contentHash, the paragraph is the hash of the original text: the same key.
  Json bare = same[0];
  bare["items"][0]["anchor"].erase("contentHash");
  EXPECT_EQ(item_facts(dump_json(bare))[0].paragraph, facts[0].paragraph);
  EXPECT_EQ(facts[0].inserted, "privil\u00e9gi\u00e9");
  EXPECT_EQ(facts[0].deleted, "privil\u00e9gi\u00e9e");

  const std::optional<ParagraphGroup> group =
      store->paragraph_group({"http://127.0.0.1/index.html", {facts[0].paragraph}}, {}, 2);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->reports, 5);      // 3 + other + the comment; not the report on p2
  EXPECT_EQ(group->ids.size(), 2u);  // capped, newest first
  EXPECT_EQ(group->ids[0], remark["id"]);
  ASSERT_EQ(group->corrections.size(), 2u);  // a comment proposes no text
  EXPECT_EQ(group->corrections[0].reports, 3);
  EXPECT_EQ(group->corrections[0].inserted, "privil\u00e9gi\u00e9");
  EXPECT_EQ(group->corrections[1].reports, 1);
  EXPECT_EQ(group->corrections[1].inserted, "favorite");

  // The same paragraph on another page is another group.
  EXPECT_EQ(store->paragraph_group({"http://127.0.0.1/other.html", {facts[0].paragraph}}, {}, 10)->reports, 0);
  // Filters apply to the group: the three once accepted are not new any more.
  ASSERT_EQ(store->set_status({{same[0]["id"], same[1]["id"], same[2]["id"]}, "accepted", "c", "", "t"}).outcome,
            StatusResult::Outcome::Done);
  ReportFilter fresh;
  fresh.status = "new";
  const ParagraphGroup still_new =
      *store->paragraph_group({"http://127.0.0.1/index.html", {facts[0].paragraph}}, fresh, 10);
  EXPECT_EQ(still_new.reports, 2);
  ASSERT_EQ(still_new.corrections.size(), 1u);
  EXPECT_EQ(still_new.corrections[0].inserted, "favorite");
}

TEST(TriageStore, ListAfterReadsInArrivalOrderABatchAtATime) {
  TempDir dir;
  auto store = open_store(dir);
  std::vector<std::string> sent;
  for (int i = 0; i < 5; ++i) {
    const Json r = typical_report();
    sent.push_back(r["id"]);
    // Arrival order, whatever the timestamps say.
    ASSERT_EQ(store->insert(row_of(r, "2024-03-0" + std::to_string(9 - i) + "T10:00:00.000Z"), kSame),
              InsertOutcome::Created);
  }
  std::vector<std::string> read;
  long long cursor = 0;
  for (int round = 0; round < 10; ++round) {
    const std::optional<ReportBatch> batch = store->list_after({}, cursor, 2);
    ASSERT_TRUE(batch);
    EXPECT_LE(batch->reports.size(), 2u);
    for (const StoredReport& r : batch->reports) read.push_back(r.id);
    cursor = batch->cursor;
    if (batch->reports.size() < 2) break;
  }
  EXPECT_EQ(read, sent);
}

}  // namespace
}  // namespace erratum::collector::testing
