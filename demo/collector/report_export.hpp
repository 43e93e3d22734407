// GET /api/reports.csv and /api/reports.jsonl: every report matching the
// inbox's filters, in arrival order, read from the store a batch at a time
// and written as it is read (a chunked body), so an export of any length
// holds one batch in memory.
//
// CSV (RFC 4180): a header line, then one row per report item (a report
// without items gets one row with the item columns empty); every field is
// quoted, quotes doubled, lines end in CRLF. A text field that a
// spreadsheet would read as a formula (starting with = + - @, a tab or a
// carriage return) is prefixed with an apostrophe, so opening an export
// never runs what a reader typed.
// JSON Lines: one report record per line, as GET /api/reports/{id} gives it
// without "ok".
#pragma once

#include "http_exchange.hpp"
#include "report_store.hpp"

#include <string>
#include <string_view>

namespace erratum::collector {

enum class ExportFormat { Csv, JsonLines };

inline constexpr int kExportBatch = 200;  // reports read from the store at a time

// One CSV field, quoted, with the formula guard.
std::string csv_field(std::string_view text);
// The header line, CRLF-terminated.
std::string csv_header();
// The rows of one report, each CRLF-terminated.
void append_csv_rows(const StoredReport& report, std::string& out);
// The JSON line of one report, '\n'-terminated.
void append_json_line(const StoredReport& report, std::string& out);

// The body of an export: each call reads the next `batch` reports from
// `store` (which must outlive the stream) and gives their rows.
BodyStream export_stream(ReportStore& store, ReportFilter filter, ExportFormat format, int batch = kExportBatch);

}  // namespace erratum::collector
