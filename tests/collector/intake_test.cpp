// POST /api/reports: acceptance, idempotent retries, and every refusal the
// brief lists, over real HTTP against a collector on a free port.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace erratum::collector::testing {
namespace {

Json body_of(const httplib::Result& r) {
  std::optional<Json> j = r ? parse_json(r->body) : std::nullopt;
  return j ? *j : Json();
}

std::vector<std::string> error_codes(const httplib::Result& r) {
  std::vector<std::string> codes;
  const Json body = body_of(r);
  const Json* errors = member(body, "errors");
  if (errors && errors->is_array())
    for (const Json& e : *errors)
      if (const Json* code = member(e, "code"); code && code->is_string()) codes.push_back(code->get<std::string>());
  return codes;
}

bool has_code(const httplib::Result& r, const std::string& code) {
  const auto codes = error_codes(r);
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

long long stored_count(httplib::Client& client, const std::string& query = "") {
  auto r = client.Get("/api/reports" + query);
  if (!r || r->status != 200) return -1;
  const Json body = body_of(r);
  return body.value("total", -1LL);
}

class IntakeTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void SetUp() override { start(test_options(dir, GetParam())); }
  void start(const CollectorOptions& options) {
    server = std::make_unique<RunningCollector>(options);
    client = server->client();
  }
};

TEST_P(IntakeTest, ValidReportIsCreatedThenARetryIsAcknowledgedAndStoredOnce) {
  const Json report = typical_report();
  const std::string id = report["id"];

  auto first = post_report(*client, dump_json(report));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(body_of(first)["ok"], true);
  EXPECT_EQ(body_of(first)["id"], id);
  EXPECT_EQ(body_of(first)["status"], "new");
  EXPECT_EQ(first->get_header_value("Location"), "/api/reports/" + id);

  // A retry may re-serialize differently (key order, spacing): still the same report.
  auto retry = post_report(*client, report.dump(2));
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  EXPECT_EQ(body_of(retry)["id"], id);

  EXPECT_EQ(stored_count(*client), 1);
  auto stored = client->Get("/api/reports/" + id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 200);
  EXPECT_EQ(body_of(stored)["report"], report);
  EXPECT_EQ(body_of(stored)["status"], "new");
}

TEST_P(IntakeTest, SameIdWithAnotherBodyIsAConflict) {
  Json report = typical_report();
  ASSERT_EQ(post_report(*client, dump_json(report))->status, 201);
  report["items"][0]["comment"] = "Autre commentaire";
  auto r = post_report(*client, dump_json(report));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_TRUE(has_code(r, "report.conflict"));
  auto stored = client->Get("/api/reports/" + report["id"].get<std::string>());
  EXPECT_EQ(body_of(stored)["report"]["items"][0]["comment"], "Accord du participe.");
}

TEST_P(IntakeTest, IdempotencyKeyMustNameTheReport) {
  const Json report = typical_report();
  auto wrong = post_report(*client, dump_json(report), {{"Idempotency-Key", random_uuid()}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 400);
  EXPECT_TRUE(has_code(wrong, "request.idempotency_key_mismatch"));
  EXPECT_EQ(stored_count(*client), 0);

  auto right = post_report(*client, dump_json(report), {{"Idempotency-Key", report["id"].get<std::string>()}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 201);
}

TEST_P(IntakeTest, OversizedBodyIs413) {
  CollectorOptions o = test_options(dir, GetParam());
  o.body_limit = 4096;
  server.reset();
  start(o);
  Json report = typical_report();
  report["items"][0]["comment"] = std::string(5000, 'x');
  auto r = post_report(*client, dump_json(report));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(has_code(r, "input.too_large")) << r->body;
  EXPECT_EQ(stored_count(*client), 0);
  // The connection and the server are still fine afterwards.
  EXPECT_EQ(post_report(*client, dump_json(typical_report()))->status, 201);
}

TEST_P(IntakeTest, InvalidJsonIs400WithTheCoreEnvelope) {
  auto r = post_report(*client, "{\"schema\": \"erratum/report@1\", ");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const Json body = body_of(r);
  EXPECT_EQ(body["ok"], false);
  ASSERT_TRUE(body["errors"].is_array());
  ASSERT_EQ(body["errors"].size(), 1u);
  const Json& e = body["errors"][0];
  EXPECT_EQ(e["code"], "json.invalid");
  EXPECT_EQ(e["path"], "");
  EXPECT_TRUE(e["params"].is_object());
  EXPECT_FALSE(e["message"].get<std::string>().empty());
}

TEST_P(IntakeTest, ErrorsAreInFrenchForFrenchReaders) {
  auto en = post_report(*client, "nope", {{"Accept-Language", "en-GB,en;q=0.9"}});
  auto fr = post_report(*client, "nope", {{"Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5"}});
  ASSERT_TRUE(en && fr);
  const std::string en_message = body_of(en)["errors"][0]["message"];
  const std::string fr_message = body_of(fr)["errors"][0]["message"];
  EXPECT_NE(en_message, fr_message);
  EXPECT_NE(fr_message.find("JSON valide"), std::string::npos) << fr_message;
}

TEST_P(IntakeTest, WrongSchemaAndWrongTypesAre400WithPaths) {
  Json report = typical_report();
  report["schema"] = "erratum/report@99";
  report["items"][0]["comment"] = 42;
  report["form"]["elapsedMs"] = "soon";
  auto r = post_report(*client, dump_json(report));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  std::vector<std::string> paths;
  const Json answer = body_of(r);
  for (const Json& e : answer["errors"]) paths.push_back(e["path"].get<std::string>());
  EXPECT_TRUE(has_code(r, "report.schema"));
  EXPECT_TRUE(has_code(r, "type.expected"));
  EXPECT_NE(std::find(paths.begin(), paths.end(), "items[0].comment"), paths.end()) << r->body;
  EXPECT_NE(std::find(paths.begin(), paths.end(), "form.elapsedMs"), paths.end()) << r->body;
  EXPECT_EQ(stored_count(*client), 0);

  for (const char* not_a_report : {"[]", "\"report\"", "null", "42"}) {
    auto bad = post_report(*client, not_a_report);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << not_a_report;
    EXPECT_TRUE(has_code(bad, "type.expected")) << bad->body;
  }
}

TEST_P(IntakeTest, InvalidUtf8Is400) {
  std::string body = dump_json(typical_report());
  const std::size_t at = body.find("Accord du participe.");
  ASSERT_NE(at, std::string::npos);
  body.replace(at, 6, "Acc\xC3\x28rd");  // a lead byte followed by ASCII: ill-formed
  auto r = post_report(*client, body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(has_code(r, "text.invalid_encoding")) << r->body;

  // A lone surrogate escape, as JSON.stringify writes one, is refused too.
  std::string lone = dump_json(typical_report());
  lone.replace(lone.find("Accord"), 6, "\\ud800");
  auto r2 = post_report(*client, lone);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 400) << r2->body;
  EXPECT_EQ(stored_count(*client), 0);
}

TEST_P(IntakeTest, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CollectorOptions o = test_options(dir, GetParam());
  o.body_limit = 1 << 20;
  server.reset();
  start(o);
  auto r = post_report(*client, deep);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(has_code(r, "json.too_deep")) << r->body;
}

TEST_P(IntakeTest, FormEncodedReportFieldIsAccepted) {
  const Json report = typical_report();
  const std::string form = "report=" + httplib::detail::encode_query_param(dump_json(report)) + "&other=1";
  auto r = post_report(*client, form, {}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  auto stored = client->Get("/api/reports/" + report["id"].get<std::string>());
  EXPECT_EQ(body_of(stored)["report"], report);

  // Past the 8 KiB that httplib allows form bodies it parses itself.
  ReportDraft long_comment;
  for (int i = 0; i < 1900; ++i) long_comment.items[0].comment += "\u00e9";
  const std::string long_form =
      "report=" + httplib::detail::encode_query_param(dump_json(compose_report(long_comment)));
  ASSERT_GT(long_form.size(), 8192u);
  auto long_r = post_report(*client, long_form, {}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(long_r);
  EXPECT_EQ(long_r->status, 201) << long_r->body;

  auto missing = post_report(*client, "other=1", {}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_TRUE(has_code(missing, "value.required"));
}

TEST_P(IntakeTest, BeaconTextPlainJsonIsAcceptedAndDedupedLikeJson) {
  // navigator.sendBeacon(url, string) sends "text/plain;charset=UTF-8" and no custom headers.
  const Json report = typical_report();
  const std::string id = report["id"];
  auto beacon = post_report(*client, dump_json(report), {}, "text/plain;charset=UTF-8");
  ASSERT_TRUE(beacon);
  EXPECT_EQ(beacon->status, 201) << beacon->body;
  auto stored = client->Get("/api/reports/" + id);
  EXPECT_EQ(body_of(stored)["report"], report);

  // The fetch retry of the same report, as JSON with its Idempotency-Key: acknowledged, not stored again.
  auto retry = post_report(*client, dump_json(report), {{"Idempotency-Key", id}});
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  auto plain = post_report(*client, dump_json(report), {}, "text/plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_EQ(stored_count(*client), 1);

  // A text/plain body is validated like any other: not JSON is 400, another charset is 415.
  auto garbage = post_report(*client, "report=1", {}, "text/plain;charset=UTF-8");
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  EXPECT_TRUE(has_code(garbage, "json.invalid")) << garbage->body;
  auto latin1 = post_report(*client, dump_json(typical_report()), {}, "text/plain; charset=ISO-8859-1");
  ASSERT_TRUE(latin1);
  EXPECT_EQ(latin1->status, 415);
  EXPECT_EQ(stored_count(*client), 1);
}

TEST_P(IntakeTest, OtherMediaTypesAre415) {
  const std::string body = dump_json(typical_report());
  for (const char* type : {"text/html", "application/xml", "application/json; charset=latin1"}) {
    auto r = post_report(*client, body, {}, type);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 415) << type;
    EXPECT_TRUE(has_code(r, "request.unsupported_media_type"));
  }
  auto utf8 = post_report(*client, body, {}, "application/json; charset=UTF-8");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->status, 201);
}

TEST_P(IntakeTest, SpamIsStoredAsSpamButAnsweredLikeAnyReport) {
  ReportDraft honeypot;
  honeypot.items[0].comment = "buy now";
  honeypot.honeypot = "http://spam.example";
  ReportDraft too_fast;
  too_fast.items[0].comment = "quick";
  too_fast.elapsed_ms = 200;
  const Json ham = typical_report();

  auto r1 = post_report(*client, dump_json(compose_report(honeypot)));
  auto r2 = post_report(*client, dump_json(compose_report(too_fast)));
  auto r3 = post_report(*client, dump_json(ham));
  ASSERT_TRUE(r1 && r2 && r3);
  EXPECT_EQ(r1->status, 201);
  EXPECT_EQ(r2->status, 201);
  // Nothing in the answer tells a bot it was caught.
  EXPECT_EQ(body_of(r1)["status"], body_of(r3)["status"]);
  EXPECT_EQ(body_of(r1).size(), body_of(r3).size());

  auto spam = body_of(client->Get("/api/reports/" + honeypot.id));
  EXPECT_EQ(spam["status"], "spam");
  EXPECT_EQ(spam["spamReasons"], Json::array({"spam.honeypot"}));
  EXPECT_EQ(body_of(client->Get("/api/reports/" + too_fast.id))["spamReasons"], Json::array({"spam.too_fast"}));
  EXPECT_EQ(stored_count(*client, "?status=spam"), 2);
  EXPECT_EQ(stored_count(*client, "?status=new"), 1);
}

TEST_P(IntakeTest, EmptyAndTruncatedBodiesAre400) {
  auto empty = post_report(*client, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  const std::string whole = dump_json(typical_report());
  auto half = post_report(*client, whole.substr(0, whole.size() / 2));
  ASSERT_TRUE(half);
  EXPECT_EQ(half->status, 400);
  EXPECT_TRUE(has_code(half, "json.invalid"));
}

INSTANTIATE_TEST_SUITE_P(Stores, IntakeTest, ::testing::ValuesIn(kStoreKinds), store_kind_name);

}  // namespace
}  // namespace erratum::collector::testing
