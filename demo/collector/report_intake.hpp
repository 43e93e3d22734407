// POST /api/reports, without the HTTP plumbing: from the request's body and
// headers to the answer. The collector never trusts the client: the body is
// re-validated with the core's validate_report (the very code the widget
// ran), then stored once per report id.
//
// Answers:
//   201 {"ok":true,"id","status":"new"}        stored (Location: /api/reports/<id>)
//   200 {"ok":true,"id","status":"duplicate"}  a retry of a stored report (same
//       content: equal api::canonical_json, whatever the member order or
//       number spelling)
//   400 invalid JSON, broken UTF-8, schema errors (the core's envelope),
//       or an Idempotency-Key header that differs from the report id
//   403 a page on an origin that is not allowed
//   409 the id exists with other content
//   413 body over --body-limit
//   415 neither application/json nor application/x-www-form-urlencoded
//       (the latter with the JSON in a `report` field, for form posts)
//   429 too many reports from this IP (Retry-After: seconds)
//   503 the database refused the write (the client should retry later)
// Reports the core flags as spam (honeypot filled, form sent too fast) are
// stored with status "spam" and answered exactly like the others: telling a
// bot it was caught only teaches it to adapt.
// A new report that is not spam is stored with one queued delivery per
// webhook (webhook_dispatcher.hpp), in the same transaction: a stored report
// always has them, and a retry of a stored one queues none.
#pragma once

#include "options.hpp"
#include "rate_limiter.hpp"
#include "report_store.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace erratum::collector {

struct IntakeRequest {
  std::string body;
  bool body_too_large = false;
  std::size_t body_size = 0;  // bytes announced or seen, for the 413 message
  std::string content_type;
  std::string accept_language;
  std::optional<std::string> idempotency_key;
  std::string client_ip;
  bool origin_allowed = true;
};

struct IntakeResponse {
  int status = 500;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

struct IntakeSettings {
  std::size_t body_limit = 64 * 1024;
  std::string config_json;  // widget configuration whose limits apply ("" = core defaults)
  std::vector<std::string> webhook_urls;
  WebhookFormat webhook_format = WebhookFormat::Json;
  std::string public_url;           // for the payload's inbox link; "" for none
  std::function<void()> on_queued;  // called after a report was stored with deliveries
};

IntakeResponse receive_report(const IntakeRequest& request, const IntakeSettings& settings, RateLimiter& limiter,
                              ReportStore& store);

}  // namespace erratum::collector
