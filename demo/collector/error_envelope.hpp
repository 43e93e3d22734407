// Error answers in the core's envelope, {"ok":false,"errors":[{code,path,
// params,message}]}, so a client handles the collector's refusals (rate
// limit, conflict, ...) exactly like the core's validation errors. Codes the
// core knows take the message of the core's table for the language (every
// language the widget ships); the few that only the collector produces have
// their own English and French sentences here (English for the others).
#pragma once

#include "vocabulary.hpp"

#include <string>

namespace erratum::collector {

// Codes produced by the collector itself.
namespace codes {
inline constexpr const char* kUnsupportedMediaType = "request.unsupported_media_type";
inline constexpr const char* kRateLimited = "request.rate_limited";
inline constexpr const char* kOriginNotAllowed = "request.origin_not_allowed";
inline constexpr const char* kIdempotencyKeyMismatch = "request.idempotency_key_mismatch";
inline constexpr const char* kConflict = "report.conflict";
inline constexpr const char* kNotFound = "report.not_found";
inline constexpr const char* kRouteNotFound = "request.not_found";
inline constexpr const char* kBadRequest = "request.invalid";
inline constexpr const char* kMethodNotAllowed = "request.method_not_allowed";
inline constexpr const char* kRequestTimeout = "request.timeout";
inline constexpr const char* kBodyTooLarge = "request.body_too_large";
inline constexpr const char* kContentEncoding = "request.content_encoding";
inline constexpr const char* kStorageFailed = "server.storage_failed";
inline constexpr const char* kInternal = "server.internal";
inline constexpr const char* kUnauthorized = "request.unauthorized";
inline constexpr const char* kLoopbackOnly = "request.loopback_only";
inline constexpr const char* kMisdirected = "request.misdirected";
inline constexpr const char* kForged = "request.forged";
inline constexpr const char* kInvalidDay = "value.invalid_day";
inline constexpr const char* kUnknownStatus = "status.unknown";
inline constexpr const char* kUnknownField = "request.unknown_field";
inline constexpr const char* kNothingSelected = "request.nothing_selected";
inline constexpr const char* kTooManySelected = "request.too_many_selected";
inline constexpr const char* kArticleUrl = "article.url_invalid";
inline constexpr const char* kArticleEmpty = "article.empty";
}  // namespace codes

std::string issue_message_any(const Issue& issue, const Lang& lang);

// {"ok":false,"errors":[...]} as compact JSON text.
std::string error_envelope(const Issues& issues, const Lang& lang);
std::string error_envelope(const Issue& issue, const Lang& lang);

// Every collector-only code (tests check both languages exist).
std::vector<std::string> collector_issue_codes();

}  // namespace erratum::collector
