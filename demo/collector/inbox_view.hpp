// What the editor's inbox shows, gathered from stored reports: the fields
// read from each report body and, per item, whether its anchor still finds
// the passage in the current article (the core's reanchor). Rendering is
// separate (inbox_page.hpp) so each can be tested alone.
#pragma once

#include "report_store.hpp"

#include "vocabulary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace erratum::collector {

class ArticleCatalog;

enum class AnchorState {
  ArticleUnknown,  // no article known for the page
  Exact,           // found verbatim in the element it was made on
  Moved,           // found, but edited or in another element
  Orphaned,        // not found any more
  Unchecked,       // the anchor could not be checked (malformed)
};

struct AnchorStatus {
  AnchorState state = AnchorState::ArticleUnknown;
  double score = 0.0;
};

struct DiffPiece {
  std::string op;  // "equal", "insert", "delete"
  std::string text;
};

struct InboxItem {
  std::string kind;
  std::string original;
  std::string corrected;
  std::string comment;
  std::string error_type;
  std::optional<std::vector<DiffPiece>> diff;  // absent when the report carried none
  AnchorStatus anchor;
};

struct InboxReport {
  std::string id;
  std::string received_at;
  std::string page_url;
  std::string page_title;
  std::string status;                      // "new" / "spam"
  std::vector<std::string> spam_messages;  // localized reasons
  std::string reporter_name;
  std::string reporter_email;
  std::vector<InboxItem> items;
};

struct InboxView {
  Lang lang;
  ReportQuery query;
  long long total = 0;
  std::vector<InboxReport> reports;
  std::string logout_csrf;  // set for an editor signed in with a session: the page offers to sign out
};

// Reads one stored report for display (the body is trusted to be JSON, not
// to have any particular shape: missing fields are shown empty).
InboxReport inbox_report_from(const StoredReport& stored, ArticleCatalog& articles, const Lang& lang);

// "found (exact)" and its siblings, for tests and the page.
std::string anchor_status_text(const AnchorStatus& status, const Lang& lang);

}  // namespace erratum::collector
