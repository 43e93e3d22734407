#include "test_support.hpp"

#include "erratum/api.hpp"

#include "../support/reference_json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace erratum::collector::testing {

std::optional<Json> parse_json(std::string_view text) { return erratum::testing::read_reference_json(text); }

std::string dump_json(const Json& value) { return value.dump(); }

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/erratum-collector-test-XXXXXX";
  if (!::mkdtemp(pattern.data())) ADD_FAILURE() << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CollectorOptions test_options(const TempDir& dir) {
  CollectorOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.db_path = dir.file("reports.sqlite");
  o.log_requests = false;
  o.rate_limit.max_requests = 0;
  return o;
}

RunningCollector::RunningCollector(const CollectorOptions& options) {
  std::string error;
  collector_ = Collector::create(options, &error);
  if (!collector_) {
    ADD_FAILURE() << "collector did not start: " << error;
    return;
  }
  port_ = collector_->bind();
  if (port_ <= 0) {
    ADD_FAILURE() << "collector could not bind";
    return;
  }
  thread_ = std::thread([this] { collector_->run(); });
}

RunningCollector::~RunningCollector() { stop(); }

void RunningCollector::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (collector_) collector_->stop();
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<httplib::Client> RunningCollector::client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_connection_timeout(5);
  c->set_read_timeout(10);
  return c;
}

std::string random_uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t hi = rng(), lo = rng();
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<unsigned char>(hi >> (8 * i));
    b[8 + i] = static_cast<unsigned char>(lo >> (8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 15]);
  }
  return out;
}

std::string demo_site_dir() { return ERRATUM_DEMO_SITE; }
std::string demo_articles_path() { return demo_site_dir() + "/article.json"; }

void use_demo_articles(CollectorOptions& o, const std::string& path) {
  o.articles_path = path;
  o.public_url = "http://127.0.0.1";
}

Json demo_article_blocks() {
  const std::optional<Json> article = parse_json(read_file(demo_articles_path()));
  const Json* blocks = article ? member(*article, "blocks") : nullptr;
  if (!blocks || !blocks->is_array()) {
    ADD_FAILURE() << "demo article.json has no blocks";
    return Json::array();
  }
  return *blocks;
}

int demo_block(const std::string& id) {
  const Json blocks = demo_article_blocks();
  for (std::size_t i = 0; i < blocks.size(); ++i)
    if (const Json* block_id = member(blocks[i], "id"); block_id && *block_id == id) return static_cast<int>(i);
  ADD_FAILURE() << "the demo article has no block with id " << id;
  return -1;
}

std::string demo_block_text(const std::string& id) {
  const int index = demo_block(id);
  return index < 0 ? std::string() : demo_article_blocks()[static_cast<std::size_t>(index)]["text"].get<std::string>();
}

Json compose_report(const ReportDraft& d) {
  api::Session session;
  const std::optional<Json> loaded = parse_json(
      session.load_article(dump_json(Json{{"blocks", d.blocks.is_null() ? demo_article_blocks() : d.blocks}})));
  EXPECT_TRUE(loaded && (*loaded)["ok"] == true) << (loaded ? dump_json(*loaded) : "unparsable");

  Json items = Json::array();
  for (const ItemDraft& item : d.items) {
    Json draft{{"block", item.block}, {"comment", item.comment}, {"errorType", item.error_type}};
    if (!item.corrected.empty()) draft["corrected"] = item.corrected;
    items.push_back(draft);
  }
  const Json request{
      {"id", d.id},
      {"createdAt", "2024-03-01T10:00:00Z"},
      {"page", Json{{"url", d.page_url}, {"canonicalUrl", ""}, {"title", "Fichier TES"}, {"lang", "fr"}}},
      {"items", items},
      {"reporter", Json{{"name", d.reporter_name}, {"email", d.reporter_email}}},
      {"client", Json{{"version", "test"}, {"locale", "fr-FR"}}},
      {"form", Json{{"honeypot", d.honeypot}, {"elapsedMs", d.elapsed_ms}}}};
  const std::optional<Json> composed = parse_json(session.compose(dump_json(request)));
  if (!composed || !member(*composed, "report")) {
    ADD_FAILURE() << "compose failed";
    return Json::object();
  }
  EXPECT_EQ((*composed)["ok"], true) << dump_json(*composed);
  return (*composed)["report"];
}

std::string field_value(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

Json correcting(const std::string& id, const std::string& from, const std::string& to, const std::string& type,
                const std::string& page) {
  ReportDraft d;
  d.page_url = page;
  std::string text = demo_block_text(id);
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  d.items = {ItemDraft{demo_block(id), text, "", type}};
  return compose_report(d);
}

Json typical_report() {
  ReportDraft d;
  const std::string text = demo_block_text("p1");
  const std::string typo = "prestataire privilégiée";
  const std::size_t at = text.find(typo);
  EXPECT_NE(at, std::string::npos) << "the demo article lost its typo";
  ItemDraft item;
  item.block = demo_block("p1");
  item.corrected = text.substr(0, at) + "prestataire privilégié" + text.substr(at + typo.size());
  item.comment = "Accord du participe.";
  d.items = {item};
  return compose_report(d);
}

httplib::Result post_report(httplib::Client& client, const std::string& body, const httplib::Headers& headers,
                            const std::string& content_type) {
  return client.Post("/api/reports", headers, body, content_type.c_str());
}

}  // namespace erratum::collector::testing
