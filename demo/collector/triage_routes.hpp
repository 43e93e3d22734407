// The editors' write routes and the exports (installed by
// Collector::install_triage_routes, in triage_routes.cpp):
//   POST /api/reports/{id}/status  {"status","note"} as JSON (an API client
//                                  with a bearer token, or a page sending its
//                                  CSRF token in X-CSRF-Token), or the same
//                                  fields as a form with a `csrf` field
//   POST /inbox/status             the inbox's bulk and group form: `id`
//                                  fields, status, note, csrf
//   GET /api/reports.csv, .jsonl   exports (report_export.hpp)
// Each status change is kept with the editor's label (report_store.hpp).
// The parsing here is pure, for tests.
#pragma once

#include "vocabulary.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace erratum::collector {

inline constexpr std::size_t kMaxNoteLength = 2000;  // characters
inline constexpr std::size_t kMaxSelected = 1000;    // reports changed by one request
inline constexpr std::size_t kStatusBodyLimit = 16 * 1024;
inline constexpr std::size_t kBulkFormLimit = 64 * 1024;  // kMaxSelected ids and the other fields

struct StatusRequest {
  std::string status;
  std::string note;
};

// Checks the status (one of kReportStatuses) and the note (text, at most
// kMaxNoteLength characters); problems go to `errors`.
void check_status_request(const StatusRequest& request, Issues& errors);

// {"status": "...", "note": "..."}: an object with those members only,
// status required; nullopt with `errors` otherwise.
std::optional<StatusRequest> parse_status_json(std::string_view body, Issues& errors);

// Where a form sends the editor back: `requested` when it is the inbox
// ("/inbox" or "/inbox?..."), else "/inbox"; never another site.
std::string inbox_return_path(std::string_view requested);

}  // namespace erratum::collector
