#include "report_intake.hpp"

#include "error_envelope.hpp"
#include "http_text.hpp"
#include "webhook_payload.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {
namespace {

IntakeResponse answer(int status, std::string body) {
  IntakeResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

IntakeResponse refuse(int status, const Issue& issue, const Lang& lang) {
  return answer(status, error_envelope(issue, lang));
}

// The JSON text of the report: the body itself, or the `report` field of a
// form post. Sets `refusal` when the media type is not accepted.
std::optional<std::string> report_text(const IntakeRequest& request, const Lang& lang, IntakeResponse& refusal) {
  const MediaType media = parse_media_type(request.content_type);
  const bool utf8 = media.utf8();
  // text/plain is how navigator.sendBeacon sends a string: a CORS-safelisted
  // type, so a page can hand a report over while it unloads, with no preflight.
  if (utf8 && (media.type == "application/json" || media.type == "text/plain")) return request.body;
  if (utf8 && media.type == "application/x-www-form-urlencoded") {
    std::optional<std::string> field = form_field(request.body, "report");
    if (!field) refusal = refuse(400, Issue{"value.required", "report"}, lang);
    return field;
  }
  refusal = refuse(415, Issue{codes::kUnsupportedMediaType, ""}, lang);
  return std::nullopt;
}

std::string spam_codes(const Json& validation) {
  Json codes = Json::array();
  const Json* spam = member(validation, "spam");
  const Json* reasons = spam ? member(*spam, "reasons") : nullptr;
  if (reasons && reasons->is_array())
    for (const Json& reason : *reasons)
      if (const std::string* code = string_member(reason, "code")) codes.push_back(*code);
  return dump_json(codes);
}

bool is_flagged(const Json& validation) {
  const Json* spam = member(validation, "spam");
  const Json* flagged = spam ? member(*spam, "flagged") : nullptr;
  return flagged && flagged->is_boolean() && as_bool(*flagged);
}

// A retry is the same report in another spelling (member order, 4000.0 for
// 4000): the canonical forms are compared, not the texts. Once the stored
// row's contact data is removed (--retention-days), a retry still carries
// its own, so it is compared without it.
bool same_report(const StoredReport& stored, const std::string& received_canonical, const Json& received) {
  const std::optional<Json> kept = parse_json(stored.body);
  if (!kept) return false;
  if (stored.contact_removed_at.empty() || !member(received, "reporter"))
    return api::canonical_json(*kept) == received_canonical;
  Json without_contact = received;
  without_contact.erase("reporter");
  return api::canonical_json(*kept) == api::canonical_json(without_contact);
}

}  // namespace

IntakeResponse receive_report(const IntakeRequest& request, const IntakeSettings& settings, RateLimiter& limiter,
                              ReportStore& store) {
  const Lang lang = answer_language(request.accept_language);

  if (!request.origin_allowed) return refuse(403, Issue{codes::kOriginNotAllowed, ""}, lang);

  // Every attempt counts, valid or not: a flood of garbage is still a flood.
  const RateLimiter::Decision decision = limiter.attempt(request.client_ip);
  if (!decision.allowed) {
    IntakeResponse r =
        refuse(429, Issue{codes::kRateLimited, "", Json{{"retryAfter", decision.retry_after_seconds}}}, lang);
    r.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
    return r;
  }

  if (request.body_too_large)
    return refuse(413, Issue{"input.too_large", "", Json{{"size", request.body_size}, {"max", settings.body_limit}}},
                  lang);

  IntakeResponse refusal;
  const std::optional<std::string> text = report_text(request, lang, refusal);
  if (!text) return refusal;
  if (!is_valid_utf8(*text)) return refuse(400, Issue{"text.invalid_encoding", ""}, lang);

  api::ReadProblem why = api::ReadProblem::None;
  std::optional<Json> report = parse_json(*text, &why);
  if (!report) return refuse(400, Issue{why == api::ReadProblem::TooDeep ? "json.too_deep" : "json.invalid", ""}, lang);

  // The core answers in the reader's language; its envelope is passed on as is.
  Json validation_request{{"report", *report}, {"lang", lang.tag}};
  if (!settings.config_json.empty())
    if (std::optional<Json> config = parse_json(settings.config_json)) validation_request["config"] = *config;
  const std::optional<Json> validation = parse_json(api::validate_report(dump_json(validation_request)));
  const Json* ok = validation ? member(*validation, "ok") : nullptr;
  if (!ok || !ok->is_boolean()) return refuse(500, Issue{codes::kInternal, ""}, lang);
  if (!as_bool(*ok)) {
    const Json* errors = member(*validation, "errors");
    return answer(400, dump_json(Json{{"ok", false}, {"errors", errors ? *errors : Json::array()}}));
  }

  // Validation guarantees a UUID id and an absolute page URL.
  const std::string* id = string_member(*report, "id");
  const Json* page = member(*report, "page");
  const std::string* page_url = page ? string_member(*page, "url") : nullptr;
  if (!id || !page_url) return refuse(500, Issue{codes::kInternal, ""}, lang);

  // An Idempotency-Key names the report being retried; one that names
  // another report is a client bug worth reporting, not guessing around.
  if (request.idempotency_key && *request.idempotency_key != *id)
    return refuse(400, Issue{codes::kIdempotencyKeyMismatch, "id"}, lang);

  StoredReport stored;
  stored.id = *id;
  stored.received_at = utc_timestamp_now();
  stored.page_url = *page_url;
  stored.status = is_flagged(*validation) ? "spam" : "new";
  stored.spam_reasons = spam_codes(*validation);
  stored.body = dump_json(*report);

  const std::string canonical = api::canonical_json(*report);
  const auto same = [&](const StoredReport& row) { return same_report(row, canonical, *report); };
  std::vector<NewDelivery> deliveries;
  if (stored.status != "spam") {
    // One id per report and webhook: report ids are unique, and so is this.
    for (std::size_t i = 0; i < settings.webhook_urls.size(); ++i) {
      NewDelivery d;
      d.delivery_id = stored.id + "." + std::to_string(i + 1);
      d.target = settings.webhook_urls[i];
      d.payload = webhook_payload(stored, settings.webhook_format, d.delivery_id, settings.public_url);
      deliveries.push_back(std::move(d));
    }
  }
  switch (store.insert(stored, same, deliveries)) {
    case InsertOutcome::Created: {
      if (!deliveries.empty() && settings.on_queued) settings.on_queued();
      IntakeResponse r = answer(201, dump_json(Json{{"ok", true}, {"id", *id}, {"status", "new"}}));
      r.headers.emplace_back("Location", "/api/reports/" + *id);
      return r;
    }
    case InsertOutcome::Duplicate:
      return answer(200, dump_json(Json{{"ok", true}, {"id", *id}, {"status", "duplicate"}}));
    case InsertOutcome::Conflict: return refuse(409, Issue{codes::kConflict, "id"}, lang);
    case InsertOutcome::Failed: break;
  }
  return refuse(503, Issue{codes::kStorageFailed, ""}, lang);
}

}  // namespace erratum::collector
