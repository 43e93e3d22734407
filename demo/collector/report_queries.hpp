// Reading stored reports back: the query parameters that GET /api/reports,
// the exports and the inbox share, and the JSON they answer with. These
// endpoints expose reporters' names and e-mail addresses: the routes admit
// editors only (editor_auth.hpp).
#pragma once

#include "report_store.hpp"

#include "vocabulary.hpp"

#include <map>
#include <string>

namespace erratum::collector {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// The error types a report item may carry (schema/report.schema.json).
inline constexpr const char* kErrorTypes[] = {"unspecified", "typo", "grammar", "fact", "other"};

// The filters: ?page=URL&status=S&type=T&from=YYYY-MM-DD&to=YYYY-MM-DD, where
// S is a status or "handled" and T an error type; problems go to `errors`.
ReportFilter parse_report_filter(const std::multimap<std::string, std::string>& params, Issues& errors);

// The filters, and &sort=newest|oldest|page&limit=1..500&offset=N.
ReportQuery parse_report_query(const std::multimap<std::string, std::string>& params, Issues& errors);

// The query string that gives `query` back (filters, sort, limit; no
// offset), "" for the defaults, without the leading '?'.
std::string report_query_string(const ReportQuery& query);

// {"id","receivedAt","pageUrl","status","spamReasons":[codes],"report":{...}}
Json report_record(const StoredReport& report);

// {"ok":true,"id","receivedAt","pageUrl","status","spamReasons":[codes],"report":{...},"history":[...]}
std::string report_record_json(const StoredReport& report, const std::vector<StatusChange>& history);

// {"ok":true,"total","limit","offset","reports":[record, ...]}
std::string report_page_json(const ReportPage& page, const ReportQuery& query);

// {"reportId","changedAt","editor","from","to","note"}
Json status_change_json(const StatusChange& change);

}  // namespace erratum::collector
