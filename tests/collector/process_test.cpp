// The erratum-collector binary as a process: its command line, the
// "listening on" line tests and scripts parse, and a clean stop on SIGTERM
// and SIGINT while reports are arriving; --retention-days at start-up; two
// collectors sharing one PostgreSQL database and one webhook receiver.

#include "http_text.hpp"
#include "report_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>

namespace erratum::collector::testing {
namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  int err = -1;  // its stderr, when asked for
};

Child spawn(const std::vector<std::string>& args, bool read_stderr = false) {
  int pipe_fds[2];
  int err_fds[2] = {-1, -1};
  if (pipe(pipe_fds) != 0) return {};
  if (read_stderr && pipe(err_fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    if (read_stderr) {
      dup2(err_fds[1], STDERR_FILENO);
      close(err_fds[0]);
      close(err_fds[1]);
    }
    std::vector<char*> argv;
    std::string bin = ERRATUM_COLLECTOR_BIN;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  if (read_stderr) close(err_fds[1]);
  return {pid, pipe_fds[0], err_fds[0]};
}

// Everything until end of file, waiting at most `timeout_ms` for each piece.
std::string read_all(int fd, int timeout_ms) {
  std::string text;
  char buffer[512];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

// Reads up to the first newline, waiting at most `timeout_ms` in total.
std::string read_line(int fd, int timeout_ms) {
  std::string line;
  char c = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    if (read(fd, &c, 1) != 1 || c == '\n') break;
    line.push_back(c);
  }
  return line;
}

// Waits for the child to exit; returns its wait status, or -1 on timeout
// (the child is then killed).
int wait_exit(pid_t pid, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 10) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

// "listening on http://127.0.0.1:PORT" -> PORT, or -1.
int port_of(const std::string& line) {
  const std::string prefix = "listening on http://127.0.0.1:";
  if (line.rfind(prefix, 0) != 0 || line.size() == prefix.size() || line.size() > prefix.size() + 5) return -1;
  int port = 0;
  for (std::size_t i = prefix.size(); i < line.size(); ++i) {
    if (line[i] < '0' || line[i] > '9') return -1;
    port = port * 10 + (line[i] - '0');
  }
  return port;
}

std::string pragma(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return value;
}

bool row_exists(sqlite3* db, const std::string& id) {
  sqlite3_stmt* stmt = nullptr;
  bool found = false;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM reports WHERE id = ?1", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    found = sqlite3_step(stmt) == SQLITE_ROW;
  }
  sqlite3_finalize(stmt);
  return found;
}

TEST(CollectorProcess, HelpAndBadFlags) {
  Child help = spawn({"--help"});
  ASSERT_GT(help.pid, 0);
  EXPECT_NE(read_line(help.out, 5000).find("Usage"), std::string::npos);
  int status = wait_exit(help.pid, 5000);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(help.out);

  Child bad = spawn({"--port", "99999"});
  ASSERT_GT(bad.pid, 0);
  status = wait_exit(bad.pid, 5000);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  close(bad.out);
}

class ShutdownTest : public ::testing::TestWithParam<int> {};

TEST_P(ShutdownTest, StopsCleanlyWhileReportsArriveAndLosesNone) {
  const int signal_number = GetParam();
  TempDir dir;
  const std::string db_path = dir.file("reports.sqlite");
  Child child = spawn({"--port", "0", "--db", db_path, "--quiet", "--rate-limit", "off"});
  ASSERT_GT(child.pid, 0);
  const std::string line = read_line(child.out, 10000);
  const int port = port_of(line);
  ASSERT_GT(port, 0) << "first line: " << line;

  // Four clients post until the server goes away; every 201 must survive.
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::mutex ids_mutex;
  std::vector<std::string> ids;
  std::vector<Json> reports;
  for (int i = 0; i < 200; ++i) reports.push_back(typical_report());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(10);
      while (!stop) {
        const std::size_t i = next++;
        if (i >= reports.size()) break;
        auto r = post_report(client, dump_json(reports[i]));
        if (!r) continue;  // the server is stopping
        if (r->status == 201) {
          std::lock_guard<std::mutex> lock(ids_mutex);
          ids.push_back(reports[i]["id"]);
          ++acknowledged;
        }
      }
    });
  }
  while (acknowledged < 20 && next < reports.size()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_EQ(kill(child.pid, signal_number), 0);
  const int status = wait_exit(child.pid, 20000);
  stop = true;
  for (auto& c : clients) c.join();
  close(child.out);

  ASSERT_NE(status, -1) << "the collector did not stop within 20 s";
  EXPECT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The WAL was folded back: the main file alone holds everything.
  const std::string wal = db_path + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(pragma(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(pragma(db, "PRAGMA journal_mode"), "wal");
  EXPECT_GE(ids.size(), 20u);
  for (const std::string& id : ids) EXPECT_TRUE(row_exists(db, id)) << id;
  EXPECT_GE(std::stoll(pragma(db, "SELECT count(*) FROM reports")), static_cast<long long>(ids.size()));
  sqlite3_close(db);
}

INSTANTIATE_TEST_SUITE_P(Signals, ShutdownTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == SIGTERM ? std::string("SIGTERM") : std::string("SIGINT");
                         });

// Two collectors behind one load balancer, on one PostgreSQL database, each
// with --webhook to one receiver (and one with a second store for
// retention): 200 reports on one page, each sent to both at once, are stored
// once each, each answered 201 by one collector and 200 by the other, and
// notified exactly once, in the order of their page's line; a SIGTERM to
// each loses nothing.
TEST(CollectorProcess, TwoCollectorsOnOnePostgresDatabaseStoreAndNotifyEachReportOnce) {
  TempDir dir;
  const std::string url = test_database(dir, StoreKind::Postgres);
  ASSERT_FALSE(url.empty());

  struct Hit {
    std::string delivery;
    std::string report;
  };
  std::mutex hits_mutex;
  std::condition_variable hits_changed;
  std::vector<Hit> hits;
  std::size_t unsigned_hits = 0;
  httplib::Server receiver;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    const std::optional<Json> body = parse_json(req.body);
    {
      std::lock_guard<std::mutex> lock(hits_mutex);
      if (req.get_header_value("X-Erratum-Signature").rfind("sha256=", 0) != 0) ++unsigned_hits;
      hits.push_back({req.get_header_value("X-Erratum-Delivery"),
                      body && member(*body, "report") ? (*body)["report"]["id"].get<std::string>() : ""});
    }
    hits_changed.notify_all();
    res.status = 204;
  });
  const int receiver_port = receiver.bind_to_any_port("127.0.0.1");
  ASSERT_GT(receiver_port, 0);
  std::thread receiving([&] { receiver.listen_after_bind(); });
  const std::string hook = "http://127.0.0.1:" + std::to_string(receiver_port) + "/hook";
  write_file(dir.file("webhook.secret"), "process-test-secret-0123456789abcdef\n");

  const std::vector<std::string> common = {"--port",
                                           "0",
                                           "--db",
                                           url,
                                           "--quiet",
                                           "--rate-limit",
                                           "off",
                                           "--webhook",
                                           hook,
                                           "--webhook-secret-file",
                                           dir.file("webhook.secret"),
                                           "--webhook-timeout",
                                           "5s"};
  std::vector<std::string> with_retention = common;
  with_retention.insert(with_retention.end(), {"--retention-days", "30"});
  Child collectors[2] = {spawn(common), spawn(with_retention)};
  int ports[2] = {-1, -1};
  for (int c = 0; c < 2; ++c) {
    ASSERT_GT(collectors[c].pid, 0);
    const std::string line = read_line(collectors[c].out, 20000);
    ports[c] = port_of(line);
    ASSERT_GT(ports[c], 0) << "first line of collector " << c << ": " << line;
  }

  constexpr int kReports = 200;
  std::vector<Json> reports;
  for (int i = 0; i < kReports; ++i) reports.push_back(typical_report());
  std::atomic<int> created{0}, retried{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c)
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", ports[c]);
      client.set_read_timeout(20);
      for (const Json& report : reports) {
        auto r = post_report(client, dump_json(report));
        (r && r->status == 201 ? created : r && r->status == 200 ? retried : other)++;
      }
    });
  for (std::thread& c : clients) c.join();
  EXPECT_EQ(created, kReports);
  EXPECT_EQ(retried, kReports);
  EXPECT_EQ(other, 0);

  {
    std::unique_lock<std::mutex> lock(hits_mutex);
    EXPECT_TRUE(hits_changed.wait_for(lock, std::chrono::seconds(60), [&] { return hits.size() >= kReports; }))
        << hits.size() << " notifications";
  }
  // Nothing more comes: every delivery is marked as such.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (Child& child : collectors) {
    ASSERT_EQ(kill(child.pid, SIGTERM), 0);
    const int status = wait_exit(child.pid, 20000);
    close(child.out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  receiver.stop();
  receiving.join();

  std::string error;
  auto store = ReportStore::open(url, &error);
  ASSERT_TRUE(store) << error;
  const std::optional<ReportBatch> all = store->list_after({}, 0, 2 * kReports);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->reports.size(), static_cast<std::size_t>(kReports));
  EXPECT_EQ(unsigned_hits, 0u);
  ASSERT_EQ(hits.size(), static_cast<std::size_t>(kReports));
  std::map<std::string, int> notified;
  for (const Hit& h : hits) ++notified[h.report];
  long long previous_seq = 0;
  for (const Hit& h : hits) {
    const std::optional<std::vector<QueuedDelivery>> rows = store->deliveries_of(h.report);
    ASSERT_TRUE(rows && rows->size() == 1u) << h.report;
    const QueuedDelivery& row = (*rows)[0];
    EXPECT_EQ(row.delivery_id, h.delivery);
    EXPECT_FALSE(row.delivered_at.empty());
    EXPECT_EQ(row.attempts, 0);
    EXPECT_GT(row.seq, previous_seq) << "one page: notified in the order of its line";
    previous_seq = row.seq;
  }
  for (const Json& report : reports) {
    EXPECT_TRUE(store->find(report["id"])) << report["id"];
    EXPECT_EQ(notified[report["id"].get<std::string>()], 1) << report["id"];
  }
}

TEST(CollectorProcess, StopsRightAfterStartingAndReopensItsDatabase) {
  TempDir dir;
  const std::string db_path = dir.file("reports.sqlite");
  for (int round = 0; round < 2; ++round) {
    Child child = spawn({"--port", "0", "--db", db_path, "--quiet"});
    ASSERT_GT(child.pid, 0);
    ASSERT_GT(port_of(read_line(child.out, 10000)), 0);
    kill(child.pid, SIGTERM);
    const int status = wait_exit(child.pid, 10000);
    close(child.out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
  }
}

TEST(CollectorProcess, ASecondCollectorOnTheSamePortFailsToStart) {
  TempDir dir;
  Child first = spawn({"--port", "0", "--db", dir.file("first.sqlite"), "--quiet"});
  ASSERT_GT(first.pid, 0);
  const int port = port_of(read_line(first.out, 10000));
  ASSERT_GT(port, 0);
  Child second = spawn({"--port", std::to_string(port), "--db", dir.file("second.sqlite"), "--quiet"});
  ASSERT_GT(second.pid, 0);
  const int status = wait_exit(second.pid, 10000);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << "the second one must not share the port";
  EXPECT_EQ(read_line(second.out, 100), "") << "and never says it listens";
  close(second.out);
  kill(first.pid, SIGTERM);
  EXPECT_NE(wait_exit(first.pid, 10000), -1);
  close(first.out);
}

TEST(CollectorProcess, APublicHostWithoutEditorTokensRefusesToStartNamingBothFixes) {
  TempDir dir;
  Child child = spawn({"--host", "0.0.0.0", "--port", "0", "--db", dir.file("reports.sqlite"), "--quiet"}, true);
  ASSERT_GT(child.pid, 0);
  const std::string err = read_all(child.err, 10000);
  const int status = wait_exit(child.pid, 10000);
  close(child.out);
  close(child.err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << err;
  EXPECT_NE(err.find("--editor-token-file"), std::string::npos) << err;
  EXPECT_NE(err.find("--insecure-no-auth"), std::string::npos) << err;
}

TEST(CollectorProcess, APublicHostStartsWithInsecureNoAuthAndWarns) {
  TempDir dir;
  Child child = spawn(
      {"--host", "0.0.0.0", "--port", "0", "--db", dir.file("reports.sqlite"), "--quiet", "--insecure-no-auth"}, true);
  ASSERT_GT(child.pid, 0);
  const std::string line = read_line(child.out, 10000);
  EXPECT_EQ(line.rfind("listening on http://0.0.0.0:", 0), 0u) << line;
  EXPECT_NE(read_line(child.err, 5000).find("warning"), std::string::npos);
  kill(child.pid, SIGTERM);
  const int status = wait_exit(child.pid, 10000);
  close(child.out);
  close(child.err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(CollectorProcess, AWrongPostgresPasswordStopsItSayingWhyWithoutThePassword) {
  const std::string server = postgres_test_url();
  ASSERT_FALSE(server.empty());
  const std::size_t colon = server.find(':', std::string("postgresql://").size());
  const std::string wrong = server.substr(0, colon + 1) + "n0t-the-Passw0rd" + server.substr(server.find('@'));
  Child child = spawn({"--port", "0", "--db", wrong, "--quiet"}, true);
  ASSERT_GT(child.pid, 0);
  const std::string err = read_all(child.err, 15000);
  const int status = wait_exit(child.pid, 15000);
  close(child.out);
  close(child.err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
  EXPECT_NE(err.find("cannot connect to the PostgreSQL database"), std::string::npos) << err;
  EXPECT_NE(err.find(":***@127.0.0.1"), std::string::npos) << err;
  EXPECT_EQ(err.find("n0t-the-Passw0rd"), std::string::npos) << err;
}

TEST(CollectorProcess, OnLoopbackWithoutTokensItSaysInOneLineHowToAskForOne) {
  TempDir dir;
  Child child = spawn({"--port", "0", "--db", dir.file("reports.sqlite"), "--quiet"}, true);
  ASSERT_GT(child.pid, 0);
  const int port = port_of(read_line(child.out, 10000));
  ASSERT_GT(port, 0);
  EXPECT_NE(read_line(child.err, 5000).find("--editor-token-file"), std::string::npos);
  httplib::Client client("127.0.0.1", port);
  auto inbox = client.Get("/inbox");
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200);
  kill(child.pid, SIGTERM);
  wait_exit(child.pid, 10000);
  close(child.out);
  close(child.err);
}

TEST(CollectorProcess, RetentionRemovesOldContactDataBeforeListeningAndStopsOnSigterm) {
  TempDir dir;
  const std::string db_path = dir.file("reports.sqlite");
  ReportDraft draft;
  draft.reporter_name = "Ana";
  draft.reporter_email = "ana@example.fr";
  draft.items[0].comment = "Accord du participe.";
  const Json old_report = compose_report(draft);
  draft.id = random_uuid();
  const Json new_report = compose_report(draft);
  {
    std::string error;
    auto store = ReportStore::open(db_path, &error);
    ASSERT_TRUE(store) << error;
    const auto now = std::chrono::system_clock::now();
    for (const auto& [report, age] :
         {std::pair{&old_report, std::chrono::hours(24 * 31)}, std::pair{&new_report, std::chrono::hours(24 * 29)}}) {
      StoredReport row{
          (*report)["id"], utc_timestamp(now - age), (*report)["page"]["url"], "new", "[]", dump_json(*report), ""};
      ASSERT_EQ(store->insert(row, [](const StoredReport&) { return true; }), InsertOutcome::Created);
    }
  }

  Child child = spawn({"--port", "0", "--db", db_path, "--quiet", "--retention-days", "30"}, true);
  ASSERT_GT(child.pid, 0);
  const int port = port_of(read_line(child.out, 10000));
  ASSERT_GT(port, 0);
  const std::string notice = read_line(child.err, 5000);
  EXPECT_NE(notice.find("removed the contact data of 1 report"), std::string::npos) << notice;

  httplib::Client client("127.0.0.1", port);
  const auto stored = [&](const Json& report) {
    auto r = client.Get("/api/reports/" + report["id"].get<std::string>());
    std::optional<Json> body = r && r->status == 200 ? parse_json(r->body) : std::nullopt;
    return body ? (*body)["report"] : Json();
  };
  Json without_contact = old_report;
  without_contact.erase("reporter");
  EXPECT_EQ(stored(old_report), without_contact);
  EXPECT_EQ(stored(new_report), new_report);

  // The hourly pass waits on its own thread; SIGTERM still ends the process at once.
  kill(child.pid, SIGTERM);
  const int status = wait_exit(child.pid, 10000);
  close(child.out);
  close(child.err);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace erratum::collector::testing
