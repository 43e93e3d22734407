// CSV and JSON Lines exports: RFC 4180 quoting, the spreadsheet formula
// guard, the inbox's filters, and streaming (a chunked body produced a
// batch at a time, which a report arriving mid-export joins at its end).

#include "report_export.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <sstream>

namespace erratum::collector::testing {
namespace {

constexpr const char* kToken = "ZXhwb3J0LWVkaXRvci10b2tlbi0wMDE";

const SameReport kSame = [](const StoredReport&) { return true; };

std::vector<std::string> lines_of(const std::string& text, const std::string& end = "\n") {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at = text.find(end); at != std::string::npos; at = text.find(end, start)) {
    out.push_back(text.substr(start, at - start));
    start = at + end.size();
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// Reads RFC 4180 CSV back into rows of fields (quoted fields, "" for ").
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (!field.empty() || quoted) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(Export, CsvFieldsAreQuotedAndFormulasDisarmed) {
  EXPECT_EQ(csv_field("plain"), "\"plain\"");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(csv_field(""), "\"\"");
  for (const char* formula : {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
    EXPECT_EQ(csv_field(formula).substr(0, 2), "\"'") << formula;
  EXPECT_EQ(csv_field("a=b"), "\"a=b\"");  // only a leading sign is a formula
}

class ExportTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  TempDir dir;

  CollectorOptions token_options() {
    const std::string path = dir.file("editor-tokens");
    write_file(path, std::string("camille:") + kToken + "\n");
    CollectorOptions o = test_options(dir, GetParam());
    o.editor_token_file = path;
    return o;
  }
  static httplib::Headers bearer() { return {{"Authorization", std::string("Bearer ") + kToken}}; }
};

TEST_P(ExportTest, CsvHasOneQuotedRowPerItemAndGuardsFormulas) {
  RunningCollector server(token_options());
  auto client = server.client();
  ReportDraft d;
  d.reporter_name = "=cmd|' /C calc'!A0";
  d.reporter_email = "ana@example.fr";
  d.items = {ItemDraft{demo_block("p1"), "", "Il manque \"une\" virgule,\nici.", "grammar"},
             ItemDraft{demo_block("p2"), "", "+33 1 23 45 67 89", "fact"}};
  const Json report = compose_report(d);
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);

  auto none = client->Get("/api/reports.csv");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);

  auto r = client->Get("/api/reports.csv", bearer());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(r->get_header_value("Content-Disposition"), "attachment; filename=\"erratum-reports.csv\"");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(r->has_header("Content-Length"));

  const auto rows = read_csv(r->body);
  ASSERT_EQ(rows.size(), 3u) << r->body;  // the header, one row per item
  const std::vector<std::string>& header = rows[0];
  const auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("comment"), header.size());
  for (std::size_t i = 1; i < rows.size(); ++i) ASSERT_EQ(rows[i].size(), header.size());
  EXPECT_EQ(rows[1][column("id")], report["id"]);
  EXPECT_EQ(rows[1][column("item")], "1");
  EXPECT_EQ(rows[2][column("item")], "2");
  EXPECT_EQ(rows[1][column("comment")], "Il manque \"une\" virgule,\nici.");
  EXPECT_EQ(rows[1][column("errorType")], "grammar");
  EXPECT_EQ(rows[1][column("reporterName")], "'=cmd|' /C calc'!A0");
  EXPECT_EQ(rows[2][column("comment")], "'+33 1 23 45 67 89");
  EXPECT_EQ(rows[1][column("reporterEmail")], "ana@example.fr");
  EXPECT_EQ(rows[1][column("original")], report["items"][0]["original"]);
}

TEST_P(ExportTest, JsonLinesFollowTheInboxFilters) {
  RunningCollector server(token_options());
  auto client = server.client();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const Json r = typical_report();
    ids.push_back(r["id"]);
    ASSERT_EQ(post_report(*client, dump_json(r))->status, 201);
  }
  auto changed =
      client->Post("/api/reports/" + ids[1] + "/status", bearer(), R"({"status":"fixed"})", "application/json");
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200) << changed->body;

  auto all = client->Get("/api/reports.jsonl", bearer());
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200);
  EXPECT_EQ(all->get_header_value("Content-Type"), "application/jsonl; charset=utf-8");
  const std::vector<std::string> lines = lines_of(all->body);
  ASSERT_EQ(lines.size(), 3u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::optional<Json> record = parse_json(lines[i]);
    ASSERT_TRUE(record) << lines[i];
    EXPECT_EQ((*record)["id"], ids[i]);  // arrival order
    EXPECT_TRUE((*record)["report"].is_object());
  }
  auto fixed = client->Get("/api/reports.jsonl?status=fixed", bearer());
  ASSERT_TRUE(fixed);
  ASSERT_EQ(lines_of(fixed->body).size(), 1u);
  EXPECT_EQ((*parse_json(lines_of(fixed->body)[0]))["status"], "fixed");
  EXPECT_EQ(lines_of(client->Get("/api/reports.jsonl?type=fact", bearer())->body).size(), 0u);
  auto bad = client->Get("/api/reports.jsonl?status=handeld", bearer());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ((*parse_json(bad->body))["errors"][0]["path"], "status");
}

// Many reports, written straight into a file of the previous schema (one
// transaction), which the store then migrates.
void write_many(const std::string& path, const Json& model, int count) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const std::string sql = std::string("BEGIN;") + kSchema2Sql;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "INSERT INTO reports VALUES (?1, ?2, ?3, 'new', '[]', ?4, NULL)", -1, &insert, nullptr),
      SQLITE_OK);
  for (int i = 0; i < count; ++i) {
    Json r = model;
    r["id"] = random_uuid();
    const std::string id = r["id"], body = dump_json(r), page = r["page"]["url"];
    sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, "2024-03-01T10:00:00.000Z", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, page.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 4, body.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=2; COMMIT;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

// `count` reports like `model`, each its own id, through the store.
void insert_many(ReportStore& store, const Json& model, int count) {
  for (int i = 0; i < count; ++i) {
    Json r = model;
    r["id"] = random_uuid();
    ASSERT_EQ(
        store.insert(StoredReport{r["id"], "2024-03-01T10:00:00.000Z", r["page"]["url"], "new", "[]", dump_json(r), ""},
                     kSame),
        InsertOutcome::Created);
  }
}

TEST_P(ExportTest, TheStreamReadsABatchAtATimeSoALateReportJoinsItsEnd) {
  constexpr int kCount = 1000;
  const std::string db = test_database(dir, GetParam());
  // SQLite: a file of the schema before migrations, which the store upgrades.
  if (GetParam() == StoreKind::Sqlite) write_many(db, typical_report(), kCount);
  std::string error;
  auto store = ReportStore::open(db, &error);
  ASSERT_TRUE(store) << error;
  if (GetParam() == StoreKind::Postgres) insert_many(*store, typical_report(), kCount);

  BodyStream stream = export_stream(*store, {}, ExportFormat::JsonLines, 100);
  std::string chunk;
  ASSERT_EQ(stream(chunk), StreamStep::More);
  // The first part holds one batch, not the export.
  EXPECT_EQ(lines_of(chunk).size(), 100u);
  std::size_t lines = lines_of(chunk).size();
  std::size_t largest = chunk.size();

  // A report stored once the export has begun is still read: the rows were
  // not all fetched up front.
  const Json late = typical_report();
  ASSERT_EQ(store->insert(StoredReport{late["id"], "2024-03-02T10:00:00.000Z", late["page"]["url"], "new", "[]",
                                       dump_json(late), ""},
                          kSame),
            InsertOutcome::Created);
  std::string last;
  StreamStep step = StreamStep::More;
  int parts = 1;
  while (step == StreamStep::More) {
    chunk.clear();
    step = stream(chunk);
    ASSERT_NE(step, StreamStep::Failed);
    const std::vector<std::string> part = lines_of(chunk);
    EXPECT_LE(part.size(), 100u);
    lines += part.size();
    largest = std::max(largest, chunk.size());
    if (!part.empty()) last = part.back();
    ++parts;
  }
  EXPECT_EQ(lines, static_cast<std::size_t>(kCount) + 1);
  EXPECT_GE(parts, 11);
  EXPECT_EQ((*parse_json(last))["id"], late["id"]);
  std::printf("export: %zu lines in %d parts, largest part %zu bytes\n", lines, parts, largest);
  store->close();
  // And over HTTP, the whole of it, chunked.
  RunningCollector server(token_options());
  auto client = server.client();
  auto r = client->Get("/api/reports.csv", bearer());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(read_csv(r->body).size(), static_cast<std::size_t>(kCount) + 2);  // the header and the late one
}

TEST_P(ExportTest, AStoreFailureCutsTheStreamShort) {
  auto store = ReportStore::open(test_database(dir, GetParam()), nullptr);
  ASSERT_TRUE(store);
  BodyStream stream = export_stream(*store, {}, ExportFormat::Csv);
  store->close();
  std::string chunk;
  EXPECT_EQ(stream(chunk), StreamStep::Failed);
}

INSTANTIATE_TEST_SUITE_P(Stores, ExportTest, ::testing::ValuesIn(kStoreKinds), store_kind_name);

}  // namespace
}  // namespace erratum::collector::testing
