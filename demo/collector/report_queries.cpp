#include "report_queries.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {
namespace {

const std::string* param(const std::multimap<std::string, std::string>& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// Strict decimal in [min, max]; anything else is an out_of_range issue.
bool read_bounded(const std::multimap<std::string, std::string>& params, const char* name, long long min, long long max,
                  long long& out, Issues& errors) {
  const std::string* text = param(params, name);
  if (!text) return true;
  long long value = 0;
  bool ok = !text->empty() && text->size() <= 15;
  for (char c : *text) {
    if (!ok) break;
    ok = c >= '0' && c <= '9';
    value = value * 10 + (c - '0');
  }
  if (!ok || value < min || value > max) {
    errors.push_back({"value.out_of_range", name, Json{{"min", min}, {"max", max}}});
    return false;
  }
  out = value;
  return true;
}

Json record(const StoredReport& r) {
  std::optional<Json> body = parse_json(r.body);
  std::optional<Json> reasons = parse_json(r.spam_reasons);
  return Json{{"id", r.id},
              {"receivedAt", r.received_at},
              {"pageUrl", r.page_url},
              {"status", r.status},
              {"spamReasons", reasons ? *reasons : Json::array()},
              {"report", body ? *body : Json()}};
}

}  // namespace

ReportQuery parse_report_query(const std::multimap<std::string, std::string>& params, Issues& errors) {
  ReportQuery q;
  q.limit = kDefaultPageSize;
  long long limit = q.limit;
  if (read_bounded(params, "limit", 1, kMaxPageSize, limit, errors)) q.limit = static_cast<int>(limit);
  read_bounded(params, "offset", 0, 1000000000000LL, q.offset, errors);
  if (const std::string* status = param(params, "status"); status && !status->empty()) {
    if (*status == "new" || *status == "spam")
      q.status = *status;
    else
      errors.push_back({"value.not_allowed", "status", Json{{"allowed", {"new", "spam"}}}});
  }
  if (const std::string* page = param(params, "page"); page && !page->empty()) q.page_url = *page;
  return q;
}

std::string report_record_json(const StoredReport& report) {
  Json answer = record(report);
  answer["ok"] = true;
  return dump_json(answer);
}

std::string report_page_json(const ReportPage& page, const ReportQuery& query) {
  Json reports = Json::array();
  for (const StoredReport& r : page.reports) reports.push_back(record(r));
  return dump_json(Json{{"ok", true},
                        {"total", page.total},
                        {"limit", query.limit},
                        {"offset", query.offset},
                        {"reports", std::move(reports)}});
}

}  // namespace erratum::collector
