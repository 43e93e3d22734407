#include "report_export.hpp"

#include "report_queries.hpp"

#include "vocabulary.hpp"

#include <memory>

namespace erratum::collector {
namespace {

constexpr const char* kColumns[] = {"id",           "receivedAt",    "status",    "pageUrl", "pageTitle",
                                    "reporterName", "reporterEmail", "item",      "kind",    "errorType",
                                    "elementId",    "original",      "corrected", "comment", "spamReasons"};

void append_row(const std::vector<std::string>& fields, std::string& out) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 3);
  out += '"';
  if (!text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    out += '\'';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_header() {
  std::string out;
  for (const char* column : kColumns) {
    if (!out.empty()) out += ',';
    out += column;
  }
  return out + "\r\n";
}

void append_csv_rows(const StoredReport& r, std::string& out) {
  const std::optional<Json> body = parse_json(r.body);
  static const Json kNone = Json::object();
  const Json& report = body && body->is_object() ? *body : kNone;
  const Json& page = object_at(report, "page");
  const Json& reporter = object_at(report, "reporter");
  std::string reasons;
  if (const std::optional<Json> codes = parse_json(r.spam_reasons); codes && codes->is_array())
    for (const Json& code : *codes)
      if (code.is_string()) reasons += (reasons.empty() ? "" : " ") + as_string(code);
  std::vector<std::string> fields = {r.id,
                                     r.received_at,
                                     r.status,
                                     r.page_url,
                                     string_at(page, "title"),
                                     string_at(reporter, "name"),
                                     string_at(reporter, "email"),
                                     "",
                                     "",
                                     "",
                                     "",
                                     "",
                                     "",
                                     "",
                                     reasons};
  const Json* items = member(report, "items");
  if (!items || !items->is_array() || items->empty()) return append_row(fields, out);
  int number = 0;
  for (const Json& item : *items) {
    fields[7] = std::to_string(++number);
    fields[8] = string_at(item, "kind");
    fields[9] = string_at(item, "errorType");
    fields[10] = string_at(object_at(item, "anchor"), "elementId");
    fields[11] = string_at(item, "original");
    fields[12] = string_at(item, "corrected");
    fields[13] = string_at(item, "comment");
    append_row(fields, out);
  }
}

void append_json_line(const StoredReport& report, std::string& out) {
  out += dump_json(report_record(report));
  out += '\n';
}

BodyStream export_stream(ReportStore& store, ReportFilter filter, ExportFormat format, int batch) {
  struct State {
    long long cursor = 0;
    bool started = false;
  };
  auto state = std::make_shared<State>();
  return [&store, filter = std::move(filter), format, batch, state](std::string& out) {
    if (!state->started && format == ExportFormat::Csv) out += csv_header();
    state->started = true;
    const std::optional<ReportBatch> next = store.list_after(filter, state->cursor, batch);
    if (!next) return StreamStep::Failed;
    state->cursor = next->cursor;
    for (const StoredReport& r : next->reports) {
      if (format == ExportFormat::Csv)
        append_csv_rows(r, out);
      else
        append_json_line(r, out);
    }
    return static_cast<int>(next->reports.size()) < batch ? StreamStep::Done : StreamStep::More;
  };
}

}  // namespace erratum::collector
