// The report: composed from the reader's draft on the loaded article, and
// validated — by the widget before sending and by the collector on receipt,
// with the same code. Schema: schema/report.schema.json ("erratum/report@1").
#pragma once

#include "erratum/core/article.hpp"
#include "erratum/core/config.hpp"
#include "erratum/core/diff.hpp"
#include "erratum/core/issues.hpp"

namespace erratum {

inline constexpr const char* kReportSchema = "erratum/report@1";

struct ReportCheck {
  Issues errors;
  std::vector<std::string> spam_reasons;  // issue codes: spam.honeypot, spam.too_fast
  Json spam_json(const Lang& lang) const;
};

// Sets "ops" ([{op, text}]) and "counts" on `object`: a report item's diff,
// and the answer of api::diff.
void put_diff(Json& object, const DiffResult& diff);

// Every rule of the schema and of the configured limits, all problems at once.
ReportCheck validate_report(const Json& report, const Limits& limits);

struct Composition {
  Json report;
  ReportCheck check;
};

// Builds the report from a draft (see api.hpp, Session::compose). Problems in
// the draft itself are reported with the path of the report field they feed.
Composition compose_report(const Article& article, const Json& draft, const Limits& limits, const Json& metadata);

}  // namespace erratum
