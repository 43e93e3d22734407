#include "report_queries.hpp"

#include "html_escape.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {
namespace {

const std::string* param(const std::multimap<std::string, std::string>& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() || it->second.empty() ? nullptr : &it->second;
}

// Strict decimal in [min, max]; anything else is an out_of_range issue.
bool read_bounded(const std::multimap<std::string, std::string>& params, const char* name, long long min, long long max,
                  long long& out, Issues& errors) {
  const auto it = params.find(name);
  if (it == params.end()) return true;
  const std::string& text = it->second;
  long long value = 0;
  bool ok = !text.empty() && text.size() <= 15;
  for (char c : text) {
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

// One of `allowed`, or a value.not_allowed issue naming them.
template <std::size_t N>
std::optional<std::string> read_choice(const std::multimap<std::string, std::string>& params, const char* name,
                                       const char* const (&allowed)[N], Issues& errors, const char* also = nullptr) {
  const std::string* value = param(params, name);
  if (!value) return std::nullopt;
  Json names = Json::array();
  for (const char* a : allowed) {
    if (*value == a) return *value;
    names.push_back(a);
  }
  if (also) {
    if (*value == also) return *value;
    names.push_back(also);
  }
  errors.push_back({"value.not_allowed", name, Json{{"allowed", std::move(names)}}});
  return std::nullopt;
}

bool is_day(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int year = std::stoi(s.substr(0, 4));
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::optional<std::string> read_day(const std::multimap<std::string, std::string>& params, const char* name,
                                    Issues& errors) {
  const std::string* value = param(params, name);
  if (!value) return std::nullopt;
  if (is_day(*value)) return *value;
  errors.push_back({"value.invalid_day", name});
  return std::nullopt;
}

constexpr const char* kSorts[] = {"newest", "oldest", "page"};

}  // namespace

ReportFilter parse_report_filter(const std::multimap<std::string, std::string>& params, Issues& errors) {
  ReportFilter f;
  f.status = read_choice(params, "status", kReportStatuses, errors, kHandledStatus);
  f.error_type = read_choice(params, "type", kErrorTypes, errors);
  f.received_from = read_day(params, "from", errors);
  f.received_to = read_day(params, "to", errors);
  if (const std::string* page = param(params, "page")) f.page_url = *page;
  return f;
}

ReportQuery parse_report_query(const std::multimap<std::string, std::string>& params, Issues& errors) {
  ReportQuery q;
  static_cast<ReportFilter&>(q) = parse_report_filter(params, errors);
  q.limit = kDefaultPageSize;
  long long limit = q.limit;
  if (read_bounded(params, "limit", 1, kMaxPageSize, limit, errors)) q.limit = static_cast<int>(limit);
  read_bounded(params, "offset", 0, 1000000000000LL, q.offset, errors);
  if (const std::optional<std::string> sort = read_choice(params, "sort", kSorts, errors)) {
    if (*sort == "oldest") q.order = ReportOrder::Oldest;
    if (*sort == "page") q.order = ReportOrder::Page;
  }
  return q;
}

std::string report_query_string(const ReportQuery& q) {
  std::string out;
  const auto add = [&](const char* name, const std::string& value) {
    out += (out.empty() ? "" : "&") + std::string(name) + "=" + url_encode_component(value);
  };
  if (q.status) add("status", *q.status);
  if (q.error_type) add("type", *q.error_type);
  if (q.received_from) add("from", *q.received_from);
  if (q.received_to) add("to", *q.received_to);
  if (q.page_url) add("page", *q.page_url);
  if (q.order != ReportOrder::Newest) add("sort", q.order == ReportOrder::Oldest ? "oldest" : "page");
  if (q.limit != kDefaultPageSize) add("limit", std::to_string(q.limit));
  return out;
}

Json report_record(const StoredReport& r) {
  std::optional<Json> body = parse_json(r.body);
  std::optional<Json> reasons = parse_json(r.spam_reasons);
  return Json{{"id", r.id},
              {"receivedAt", r.received_at},
              {"pageUrl", r.page_url},
              {"status", r.status},
              {"spamReasons", reasons ? *reasons : Json::array()},
              {"report", body ? *body : Json()}};
}

Json status_change_json(const StatusChange& c) {
  return Json{
      {"reportId", c.report_id}, {"changedAt", c.changed_at}, {"editor", c.editor}, {"from", c.from}, {"to", c.to},
      {"note", c.note}};
}

std::string report_record_json(const StoredReport& report, const std::vector<StatusChange>& history) {
  Json answer = report_record(report);
  Json changes = Json::array();
  for (const StatusChange& c : history) changes.push_back(status_change_json(c));
  answer["history"] = std::move(changes);
  answer["ok"] = true;
  return dump_json(answer);
}

std::string report_page_json(const ReportPage& page, const ReportQuery& query) {
  Json reports = Json::array();
  for (const StoredReport& r : page.reports) reports.push_back(report_record(r));
  return dump_json(Json{{"ok", true},
                        {"total", page.total},
                        {"limit", query.limit},
                        {"offset", query.offset},
                        {"reports", std::move(reports)}});
}

}  // namespace erratum::collector
