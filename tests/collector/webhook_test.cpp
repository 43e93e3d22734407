// Webhook notifications: the queue in the store (lines per page, retries,
// surviving a reopen), the dispatcher against a local receiver that fails,
// hangs and recovers, the signature a receiver checks, the payload formats,
// https with certificate verification, and the start-up refusals.

#include "options.hpp"
#include "report_store.hpp"
#include "secrets.hpp"
#include "test_support.hpp"
#include "webhook_dispatcher.hpp"
#include "webhook_payload.hpp"
#include "webhook_secret.hpp"
#include "webhook_url.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>

namespace erratum::collector::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "test-secret-0123456789abcdef";
constexpr const char* kPageA = "http://127.0.0.1/index.html";
constexpr const char* kPageB = "http://127.0.0.1/other.html";

// What a receiver computes to check X-Erratum-Signature: HMAC-SHA256 of
// the raw body under the shared secret, in hex. Written here with OpenSSL
// directly, as a receiver would, not with the collector's helper.
std::string receiver_signature(const std::string& secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &size);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return "sha256=" + hex;
}

// A webhook receiver on 127.0.0.1. Each request gets the behaviour the
// script gives it: fail (500), hang (answer 503 after `hang`, long after
// the collector gave up), or accept (204).
class Receiver {
 public:
  enum class Behaviour { Fail, Hang, Accept };
  struct Hit {
    std::string body;
    std::string signature;
    std::string delivery;
    std::string attempt;
    bool accepted = false;
  };
  using Script = std::function<Behaviour(const Hit& hit)>;

  explicit Receiver(Script script, std::chrono::milliseconds hang = 1200ms,
                    std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : server_(std::move(server)), script_(std::move(script)), hang_(hang) {
    server_->Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      Hit hit{req.body, req.get_header_value("X-Erratum-Signature"), req.get_header_value("X-Erratum-Delivery"),
              req.get_header_value("X-Erratum-Attempt")};
      Behaviour behaviour;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        behaviour = script_(hit);
        hit.accepted = behaviour == Behaviour::Accept;
        hits_.push_back(hit);
      }
      changed_.notify_all();
      if (behaviour == Behaviour::Hang) {
        std::this_thread::sleep_for(hang_);
        res.status = 503;
      } else {
        res.status = behaviour == Behaviour::Accept ? 204 : 500;
      }
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  ~Receiver() {
    server_->stop();
    thread_.join();
  }

  std::string url(const char* scheme = "http") const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + "/hook";
  }
  void set_script(Script script) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_ = std::move(script);
  }
  std::vector<Hit> hits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
  }
  std::vector<Hit> accepted() const {
    std::vector<Hit> out;
    for (const Hit& h : hits())
      if (h.accepted) out.push_back(h);
    return out;
  }
  // Waits (10 s at most) until `done` holds of the hits.
  bool wait_until(const std::function<bool(const std::vector<Hit>&)>& done) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return done(hits_); });
  }
  bool wait_for_accepted(std::size_t n) {
    return wait_until([n](const std::vector<Hit>& hits) {
      std::size_t accepted = 0;
      for (const Hit& h : hits) accepted += h.accepted ? 1 : 0;
      return accepted >= n;
    });
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  Script script_;
  std::chrono::milliseconds hang_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Hit> hits_;
  int port_ = -1;
  std::thread thread_;
};

CollectorOptions webhook_options(const TempDir& dir, const std::string& url, StoreKind kind = StoreKind::Sqlite) {
  CollectorOptions o = test_options(dir, kind);
  o.webhooks.urls = {url};
  write_file(dir.file("webhook.secret"), std::string(kSecret) + "\n");
  o.webhooks.secret_file = dir.file("webhook.secret");
  // Short enough for a test, long enough to tell a hang from an answer on a
  // busy machine.
  o.webhooks.timeout = 500ms;
  o.webhooks.first_retry = 20ms;
  o.webhooks.max_retry = 80ms;
  o.webhooks.idle_poll = 50ms;
  return o;
}

std::string report_id_of(const Receiver::Hit& hit) {
  const std::optional<Json> body = parse_json(hit.body);
  if (!body || !member(*body, "report")) return "";
  return (*body)["report"]["id"].get<std::string>();
}

// Posts a report on `page` and returns its id.
std::string post_on(httplib::Client& client, const std::string& page, const std::string& to = "privilégiée") {
  const Json report = correcting("p1", "privilégiée", to == "privilégiée" ? "privilégié" : to, "typo", page);
  auto res = post_report(client, dump_json(report));
  EXPECT_TRUE(res);
  if (res) {
    EXPECT_EQ(res->status, 201) << res->body;
  }
  return report["id"].get<std::string>();
}

std::unique_ptr<ReportStore> open_store(const TempDir& dir, StoreKind kind) {
  std::string error;
  auto store = ReportStore::open(test_database(dir, kind), &error);
  EXPECT_TRUE(store) << error;
  return store;
}

// The ids of `hits` in the order received, for those on `page`.
std::vector<std::string> ids_on(const std::vector<Receiver::Hit>& hits, const std::string& page) {
  std::vector<std::string> out;
  for (const Receiver::Hit& h : hits) {
    const std::optional<Json> body = parse_json(h.body);
    if (body && (*body)["report"]["pageUrl"] == page) out.push_back(report_id_of(h));
  }
  return out;
}

// The store's behaviour (the queue, its claims and retries) on each store.
class Webhooks : public ::testing::TestWithParam<StoreKind> {};
class WebhookQueue : public ::testing::TestWithParam<StoreKind> {};

TEST_P(Webhooks, AFailingHangingRecoveringReceiverGetsEveryReportOnceInPageOrder) {
  TempDir dir;
  // Each delivery fails twice, with a 500 and with a hang past the timeout
  // (in one order on page A, in the other on page B), then is accepted.
  Receiver receiver([](const Receiver::Hit& hit) {
    const bool on_a = parse_json(hit.body).value_or(Json())["report"]["pageUrl"] == kPageA;
    if (hit.attempt == "1") return on_a ? Receiver::Behaviour::Fail : Receiver::Behaviour::Hang;
    if (hit.attempt == "2") return on_a ? Receiver::Behaviour::Hang : Receiver::Behaviour::Fail;
    return Receiver::Behaviour::Accept;
  });
  RunningCollector server(webhook_options(dir, receiver.url(), GetParam()));
  auto client = server.client();
  std::vector<std::string> on_a, on_b;
  on_a.push_back(post_on(*client, kPageA, "privilégié"));
  on_b.push_back(post_on(*client, kPageB, "privilégiés"));
  on_a.push_back(post_on(*client, kPageA, "Privilégiée"));
  on_b.push_back(post_on(*client, kPageB, "privilégié."));
  on_a.push_back(post_on(*client, kPageA, "privilégié!"));

  ASSERT_TRUE(receiver.wait_for_accepted(5)) << receiver.hits().size() << " requests";
  // Nothing more comes once all is delivered: several retry periods later.
  std::this_thread::sleep_for(300ms);
  const std::vector<Receiver::Hit> hits = receiver.hits();
  const std::vector<Receiver::Hit> accepted = receiver.accepted();
  ASSERT_EQ(accepted.size(), 5u);
  EXPECT_EQ(hits.size(), 15u);  // two failures and a delivery each

  std::multiset<std::string> delivered;
  for (const Receiver::Hit& h : accepted) delivered.insert(report_id_of(h));
  std::multiset<std::string> posted(on_a.begin(), on_a.end());
  posted.insert(on_b.begin(), on_b.end());
  EXPECT_EQ(delivered, posted);
  EXPECT_EQ(ids_on(accepted, kPageA), on_a);
  EXPECT_EQ(ids_on(accepted, kPageB), on_b);
  // Every request, failed or not, carries the same signed body for its
  // delivery; the delivery id in the header is the one in the body.
  std::map<std::string, std::string> body_of_delivery;
  for (const Receiver::Hit& h : hits) {
    EXPECT_EQ(h.signature, receiver_signature(kSecret, h.body));
    const std::optional<Json> body = parse_json(h.body);
    ASSERT_TRUE(body);
    EXPECT_EQ((*body)["delivery"], h.delivery);
    EXPECT_EQ((*body)["event"], "report.received");
    const auto [it, first] = body_of_delivery.emplace(h.delivery, h.body);
    if (!first) {
      EXPECT_EQ(it->second, h.body) << "a retry sends the same bytes";
    }
  }
  EXPECT_EQ(hits.front().attempt, "1");

  // The queue kept the failures: attempts and the last error of each.
  server.stop();
  auto store = open_store(dir, GetParam());
  for (const std::string& id : posted) {
    const auto rows = store->deliveries_of(id);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    const QueuedDelivery& row = (*rows)[0];
    EXPECT_FALSE(row.delivered_at.empty());
    EXPECT_EQ(row.attempts, 2);
    if (row.page_url == kPageA)
      EXPECT_EQ(row.last_error, "no answer within 500 ms (reading the answer)");
    else
      EXPECT_EQ(row.last_error, "HTTP 500");
  }
}

TEST_P(Webhooks, TheQueueSurvivesARestartAndIsDeliveredAfter) {
  TempDir dir;
  Receiver receiver([](const Receiver::Hit&) { return Receiver::Behaviour::Fail; });
  const CollectorOptions options = webhook_options(dir, receiver.url(), GetParam());
  std::vector<std::string> on_a;
  std::string on_b;
  {
    RunningCollector first(options);
    auto client = first.client();
    on_a.push_back(post_on(*client, kPageA, "privilégié"));
    on_a.push_back(post_on(*client, kPageA, "Privilégiée"));
    on_b = post_on(*client, kPageB);
    // Both lines' heads have failed at least twice.
    ASSERT_TRUE(receiver.wait_until([&](const std::vector<Receiver::Hit>& hits) {
      std::map<std::string, int> tries;
      for (const Receiver::Hit& h : hits) ++tries[report_id_of(h)];
      return tries[on_a[0]] >= 2 && tries[on_b] >= 2;
    }));
    first.stop();
  }
  // The second report of page A waited for the first: never sent.
  for (const Receiver::Hit& h : receiver.hits()) EXPECT_NE(report_id_of(h), on_a[1]);
  {
    auto store = open_store(dir, GetParam());
    for (const std::string& id : {on_a[0], on_a[1], on_b}) {
      const auto rows = store->deliveries_of(id);
      ASSERT_TRUE(rows && rows->size() == 1u) << id;
      EXPECT_TRUE((*rows)[0].delivered_at.empty());
    }
    EXPECT_GE((*store->deliveries_of(on_a[0]))[0].attempts, 2);
    EXPECT_EQ((*store->deliveries_of(on_a[1]))[0].attempts, 0);
  }

  const std::size_t before = receiver.hits().size();
  receiver.set_script([](const Receiver::Hit&) { return Receiver::Behaviour::Accept; });
  RunningCollector second(options);
  ASSERT_TRUE(receiver.wait_for_accepted(3));
  std::this_thread::sleep_for(200ms);
  const std::vector<Receiver::Hit> hits = receiver.hits();
  EXPECT_EQ(hits.size(), before + 3);
  EXPECT_EQ(ids_on(receiver.accepted(), kPageA), on_a);
  EXPECT_EQ(ids_on(receiver.accepted(), kPageB), std::vector<std::string>{on_b});
}

TEST_P(Webhooks, SpamAndRetriesAreNotNotified) {
  TempDir dir;
  Receiver receiver([](const Receiver::Hit&) { return Receiver::Behaviour::Accept; });
  RunningCollector server(webhook_options(dir, receiver.url(), GetParam()));
  auto client = server.client();

  ReportDraft bot;
  bot.items[0].comment = "buy now";
  bot.honeypot = "http://spam.example";
  const Json spam = compose_report(bot);
  ASSERT_EQ(post_report(*client, dump_json(spam))->status, 201);

  const Json report = correcting("p1", "privilégiée", "privilégié");
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 200);  // a retry
  const std::string later = post_on(*client, kPageA, "Privilégiée");

  ASSERT_TRUE(receiver.wait_for_accepted(2));
  std::this_thread::sleep_for(200ms);
  const std::vector<Receiver::Hit> hits = receiver.hits();
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(report_id_of(hits[0]), report["id"]);
  EXPECT_EQ(report_id_of(hits[1]), later);
  server.stop();
  auto store = open_store(dir, GetParam());
  EXPECT_TRUE(store->deliveries_of(spam["id"])->empty());
  EXPECT_EQ(store->deliveries_of(report["id"])->size(), 1u);
}

TEST(WebhookFormats, TheSummaryCarriesTheReportButNotTheReadersContact) {
  TempDir dir;
  Receiver receiver([](const Receiver::Hit&) { return Receiver::Behaviour::Accept; });
  CollectorOptions options = webhook_options(dir, receiver.url());
  options.public_url = "https://reports.example.org/";
  RunningCollector server(options);
  auto client = server.client();
  ReportDraft draft;
  draft.reporter_name = "Ana Lima";
  draft.reporter_email = "ana@example.fr";
  draft.items = {ItemDraft{demo_block("p1"), "", "Une coquille ici.", "fact"},
                 ItemDraft{demo_block("p2"), "", "Et là.", "other"},
                 ItemDraft{demo_block("p3"), "", "Encore.", "fact"}};
  const Json report = compose_report(draft);
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  ASSERT_TRUE(receiver.wait_for_accepted(1));

  const std::string body = receiver.hits()[0].body;
  EXPECT_EQ(body.find("ana@example.fr"), std::string::npos);
  EXPECT_EQ(body.find("Ana Lima"), std::string::npos);
  const Json r = (*parse_json(body))["report"];
  EXPECT_EQ(r["id"], report["id"]);
  EXPECT_EQ(r["pageUrl"], report["page"]["url"]);
  EXPECT_EQ(r["status"], "new");
  EXPECT_EQ(r["items"], 3);
  EXPECT_EQ(r["errorTypes"], Json::array({"fact", "other"}));
  // The first item's paragraph as the reader saw it, cut: the demo's first
  // one is longer than an excerpt.
  const std::string original = report["items"][0]["original"];
  ASSERT_GT(original.size(), kExcerptLength);
  EXPECT_EQ(r["excerpt"], excerpt(original));
  EXPECT_EQ(r["excerpt"].get<std::string>().rfind(original.substr(0, 100), 0), 0u);
  EXPECT_EQ(r["correction"], "");  // a comment only
  EXPECT_EQ(r["comment"], "Une coquille ici.");
  EXPECT_EQ(r["inboxUrl"], "https://reports.example.org/inbox?page=http%3A%2F%2F127.0.0.1%2Findex.html#r-" +
                               report["id"].get<std::string>());
  EXPECT_TRUE(r["receivedAt"].is_string());
}

TEST(WebhookFormats, SlackFormatPostsAMessageWithoutASecret) {
  TempDir dir;
  Receiver receiver([](const Receiver::Hit&) { return Receiver::Behaviour::Accept; });
  CollectorOptions options = webhook_options(dir, receiver.url());
  options.webhooks.format = WebhookFormat::Slack;
  options.webhooks.secret_file.clear();
  RunningCollector server(options);
  auto client = server.client();
  const Json report = correcting("p1", "privilégiée", "<privilégié>");
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  ASSERT_TRUE(receiver.wait_for_accepted(1));

  const Receiver::Hit hit = receiver.hits()[0];
  EXPECT_EQ(hit.signature, "");
  const Json message = *parse_json(hit.body);
  ASSERT_TRUE(message["text"].is_string());
  EXPECT_NE(message["text"].get<std::string>().find("New erratum report"), std::string::npos);
  ASSERT_TRUE(message["blocks"].is_array());
  ASSERT_EQ(message["blocks"].size(), 1u);
  EXPECT_EQ(message["blocks"][0]["type"], "section");
  EXPECT_EQ(message["blocks"][0]["text"]["type"], "mrkdwn");
  const std::string md = message["blocks"][0]["text"]["text"];
  // The reader's "<" and ">" are escaped: no link or mention from a reader.
  EXPECT_NE(md.find("&lt;privilégié&gt;"), std::string::npos) << md;
  EXPECT_EQ(md.find("<privilégié>"), std::string::npos) << md;
  EXPECT_EQ(message.find("report"), message.end());
}

// A self-signed certificate for 127.0.0.1, written as PEM files.
void write_self_signed(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_TRUE(key);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] :
       {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    ASSERT_TRUE(ext);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  ASSERT_GT(X509_sign(cert, key, EVP_sha256()), 0);
  FILE* out = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(out, cert);
  std::fclose(out);
  out = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  X509_free(cert);
  EVP_PKEY_free(key);
}

TEST_P(Webhooks, HttpsVerifiesTheReceiversCertificate) {
  TempDir dir;
  const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  write_self_signed(cert, key);
  Receiver receiver([](const Receiver::Hit&) { return Receiver::Behaviour::Accept; }, 1200ms,
                    std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()));
  CollectorOptions options = webhook_options(dir, receiver.url("https"), GetParam());
  std::string id;
  {
    // Not trusted: the handshake fails, and the queue says why.
    RunningCollector server(options);
    auto client = server.client();
    id = post_on(*client, kPageA);
    auto store = open_store(dir, GetParam());
    for (int i = 0; i < 200; ++i) {
      if ((*store->deliveries_of(id))[0].attempts > 0) break;
      std::this_thread::sleep_for(20ms);
    }
    const QueuedDelivery row = (*store->deliveries_of(id))[0];
    EXPECT_GT(row.attempts, 0);
    EXPECT_NE(row.last_error.find("certificate verify failed"), std::string::npos) << row.last_error;
    EXPECT_TRUE(receiver.hits().empty());
  }
  // Trusted with --webhook-ca-file: delivered.
  options.webhooks.ca_file = cert;
  RunningCollector server(options);
  ASSERT_TRUE(receiver.wait_for_accepted(1));
  EXPECT_EQ(report_id_of(receiver.hits()[0]), id);
  EXPECT_EQ(receiver.hits()[0].signature, receiver_signature(kSecret, receiver.hits()[0].body));
}

TEST(WebhookStartUp, RefusesAMissingOrWeakSecret) {
  TempDir dir;
  CollectorOptions options = webhook_options(dir, "http://127.0.0.1:9/hook");
  std::string error;

  options.webhooks.secret_file.clear();
  EXPECT_FALSE(Collector::create(options, &error));
  EXPECT_NE(error.find("--webhook-secret-file"), std::string::npos) << error;

  options.webhooks.secret_file = dir.file("absent");
  EXPECT_FALSE(Collector::create(options, &error));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;
  EXPECT_NE(error.find("openssl rand -hex 32"), std::string::npos) << error;

  write_file(dir.file("empty"), "\n");
  options.webhooks.secret_file = dir.file("empty");
  EXPECT_FALSE(Collector::create(options, &error));
  EXPECT_NE(error.find("is empty"), std::string::npos) << error;

  write_file(dir.file("short"), "abc\n");
  options.webhooks.secret_file = dir.file("short");
  EXPECT_FALSE(Collector::create(options, &error));
  EXPECT_NE(error.find("shorter than 16"), std::string::npos) << error;

  options.webhooks.secret_file = dir.file("webhook.secret");
  options.webhooks.ca_file = dir.file("absent.pem");
  EXPECT_FALSE(Collector::create(options, &error));
  EXPECT_NE(error.find("absent.pem"), std::string::npos) << error;
}

TEST(WebhookStartUp, WarnsOfASecretEveryUserCanRead) {
  TempDir dir;
  const std::string path = dir.file("webhook.secret");
  write_file(path, "0123456789abcdef0123456789abcdef\n");

  ::chmod(path.c_str(), 0600);
  const WebhookSecret kept = load_webhook_secret(path);
  EXPECT_TRUE(kept.error.empty()) << kept.error;
  EXPECT_TRUE(kept.warnings.empty());

  ::chmod(path.c_str(), 0644);
  const WebhookSecret open = load_webhook_secret(path);
  EXPECT_TRUE(open.error.empty()) << open.error;
  EXPECT_EQ(open.secret, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(open.warnings.size(), 1u);
  EXPECT_NE(open.warnings[0].find("the webhook secret file " + path), std::string::npos) << open.warnings[0];
  EXPECT_NE(open.warnings[0].find("chmod 600"), std::string::npos) << open.warnings[0];
}

// The queue alone: one line per target and page, heads only, retries
// scheduled, the next of a line due once the one before is delivered.
TEST_P(WebhookQueue, OnlyTheHeadOfEachPagesLineIsDue) {
  TempDir dir;
  auto store = open_store(dir, GetParam());
  const auto add = [&](const char* id, const char* page) {
    StoredReport r{id, "2024-03-01T10:00:00.000Z", page, "new", "[]", "{}", ""};
    return store->insert(r, [](const StoredReport&) { return true; },
                         {NewDelivery{std::string(id) + ".1", "http://t/", "{}"},
                          NewDelivery{std::string(id) + ".2", "http://u/", "{}"}});
  };
  ASSERT_EQ(add("a1", kPageA), InsertOutcome::Created);
  ASSERT_EQ(add("a2", kPageA), InsertOutcome::Created);
  ASSERT_EQ(add("b1", kPageB), InsertOutcome::Created);
  ASSERT_EQ(add("a1", kPageA), InsertOutcome::Duplicate);  // queues nothing more

  const auto due = [&](long long now) {
    std::vector<std::string> ids;
    const std::optional<std::vector<QueuedDelivery>> rows = store->due_deliveries("http://t/", now, 10);
    EXPECT_TRUE(rows);
    for (const QueuedDelivery& d : rows.value_or(std::vector<QueuedDelivery>{})) ids.push_back(d.delivery_id);
    return ids;
  };
  EXPECT_EQ(due(0), (std::vector<std::string>{"a1.1", "b1.1"}));
  const auto a1 = (*store->deliveries_of("a1"))[0];
  ASSERT_TRUE(store->mark_failed(a1.seq, "HTTP 502", 5000));
  EXPECT_EQ(due(4999), (std::vector<std::string>{"b1.1"}));
  EXPECT_EQ(store->next_delivery_ms("http://t/"), 0);  // b1 is still due
  ASSERT_TRUE(store->mark_delivered((*store->deliveries_of("b1"))[0].seq, "2024-03-01T10:00:01.000Z"));
  EXPECT_EQ(due(4999), std::vector<std::string>{});
  EXPECT_EQ(store->next_delivery_ms("http://t/"), 5000);
  EXPECT_EQ(due(5000), std::vector<std::string>{"a1.1"});
  ASSERT_TRUE(store->mark_delivered(a1.seq, "2024-03-01T10:00:05.000Z"));
  EXPECT_EQ(due(5000), std::vector<std::string>{"a2.1"});
  // The other target's line is its own.
  EXPECT_EQ(store->due_deliveries("http://u/", 0, 10)->size(), 2u);

  // Kept across a reopen, attempts and errors included.
  store->close();
  store = open_store(dir, GetParam());
  const auto row = (*store->deliveries_of("a1"))[0];
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "HTTP 502");
  EXPECT_EQ(row.delivered_at, "2024-03-01T10:00:05.000Z");
  EXPECT_EQ(due(5000), std::vector<std::string>{"a2.1"});
}

// Two stores on one database are two collectors: of two lanes that read the
// same due row, the one whose claim succeeds posts it; the other sees it
// due again only when the claim ends or the claimer gives it back.
TEST_P(WebhookQueue, AClaimedRowGoesToOneCollector) {
  TempDir dir;
  auto first = open_store(dir, GetParam());
  auto second = open_store(dir, GetParam());
  ASSERT_TRUE(first && second);
  StoredReport r{"c1", "2024-03-01T10:00:00.000Z", kPageA, "new", "[]", "{}", ""};
  ASSERT_EQ(first->insert(r, [](const StoredReport&) { return true; }, {NewDelivery{"c1.1", "http://t/", "{}"}}),
            InsertOutcome::Created);
  const auto seen_first = first->due_deliveries("http://t/", 1000, 10);
  const auto seen_second = second->due_deliveries("http://t/", 1000, 10);
  ASSERT_TRUE(seen_first && seen_second);
  ASSERT_EQ(seen_first->size(), 1u);
  ASSERT_EQ(seen_second->size(), 1u);
  const long long seq = (*seen_first)[0].seq;
  EXPECT_TRUE(second->claim_delivery(seq, 1000, 31000));
  EXPECT_FALSE(first->claim_delivery(seq, 1000, 31000));
  EXPECT_TRUE(first->due_deliveries("http://t/", 30999, 10)->empty());
  EXPECT_EQ(first->next_delivery_ms("http://t/"), 31000);
  // Claimed until 31000: due then to anyone, e.g. after its claimer died.
  EXPECT_TRUE(first->claim_delivery(seq, 31000, 61000));
  // A claimer that stops before posting gives the row back as it was.
  ASSERT_TRUE(first->release_delivery(seq, 0));
  EXPECT_TRUE(second->claim_delivery(seq, 1000, 31000));
  ASSERT_TRUE(second->mark_delivered(seq, "2024-03-01T10:00:01.000Z"));
  EXPECT_FALSE(first->claim_delivery(seq, 99000, 129000));  // delivered rows are never claimed
  EXPECT_EQ(first->next_delivery_ms("http://t/"), std::nullopt);
  EXPECT_EQ((*first->deliveries_of("c1"))[0].attempts, 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, Webhooks, ::testing::ValuesIn(kStoreKinds), store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, WebhookQueue, ::testing::ValuesIn(kStoreKinds), store_kind_name);

TEST(WebhookUnits, OptionsUrlsBackoffSignatureAndExcerpt) {
  const ParsedArgs ok = parse_args({"--webhook", "https://hooks.example.org/x?y=1", "--webhook=http://[::1]:8080",
                                    "--webhook-secret-file", "/s", "--webhook-format", "Slack", "--webhook-timeout",
                                    "500ms", "--webhook-ca-file", "/ca.pem"});
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.options.webhooks.urls.size(), 2u);
  EXPECT_EQ(ok.options.webhooks.format, WebhookFormat::Slack);
  EXPECT_EQ(ok.options.webhooks.timeout, 500ms);
  EXPECT_EQ(ok.options.webhooks.ca_file, "/ca.pem");
  EXPECT_FALSE(parse_args({"--webhook", "ftp://x/"}).ok);
  EXPECT_FALSE(parse_args({"--webhook", "https://user@x/"}).ok);
  EXPECT_FALSE(parse_args({"--webhook-format", "xml"}).ok);
  std::vector<std::string> many;
  for (int i = 0; i <= 8; ++i) many.insert(many.end(), {"--webhook", "http://h" + std::to_string(i) + "/"});
  EXPECT_NE(parse_args(many).error.find("at most 8"), std::string::npos);

  const auto url = parse_webhook_url("HTTPS://[::1]:8443?a=b#frag");
  ASSERT_TRUE(url);
  EXPECT_TRUE(url->https);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->target, "/?a=b");
  EXPECT_EQ(url->host_header, "[::1]:8443");
  EXPECT_EQ(parse_webhook_url("http://hooks.example.org")->host_header, "hooks.example.org");
  EXPECT_EQ(parse_webhook_url("http://hooks.example.org")->port, "80");
  EXPECT_FALSE(parse_webhook_url("http://:80/"));
  EXPECT_FALSE(parse_webhook_url("http://h:0/"));
  EXPECT_FALSE(parse_webhook_url("http://h/a b"));

  EXPECT_EQ(retry_delay(1, 10s, 1h), 10s);
  EXPECT_EQ(retry_delay(2, 10s, 1h), 20s);
  EXPECT_EQ(retry_delay(5, 10s, 1h), 160s);
  EXPECT_EQ(retry_delay(40, 10s, 1h), 1h);

  // RFC 4231, test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

  EXPECT_EQ(excerpt("abc", 3), "abc");
  EXPECT_EQ(excerpt("abcd", 3), "abc\u2026");
  EXPECT_EQ(excerpt("é€😀x", 3), "é€😀\u2026");  // code points, never half of one
}

}  // namespace
}  // namespace erratum::collector::testing
