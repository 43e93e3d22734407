// Reading stored reports back: GET /api/reports (filtered, paged),
// GET /api/reports/{id}, and the query parameters the inbox shares with them.
// These endpoints expose reporters' names and e-mail addresses and have no
// authentication of their own: keep the collector on a loopback address or
// behind an authenticating proxy.
#pragma once

#include "report_store.hpp"

#include "vocabulary.hpp"

#include <map>
#include <string>

namespace erratum::collector {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// ?page=URL&status=new|spam&limit=1..500&offset=N; problems go to `errors`.
ReportQuery parse_report_query(const std::multimap<std::string, std::string>& params, Issues& errors);

// {"ok":true,"id","receivedAt","pageUrl","status","spamReasons":[codes],"report":{...}}
std::string report_record_json(const StoredReport& report);

// {"ok":true,"total","limit","offset","reports":[record without "ok", ...]}
std::string report_page_json(const ReportPage& page, const ReportQuery& query);

}  // namespace erratum::collector
