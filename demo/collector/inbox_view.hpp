// What the editor's inbox shows, gathered from stored reports: the fields
// read from each report body, per item whether its anchor still finds the
// passage in the current article (the core's reanchor), and the reports of
// the page gathered by paragraph. Rendering is separate (inbox_page.hpp) so
// each can be tested alone.
#pragma once

#include "report_store.hpp"

#include "vocabulary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace erratum::collector {

class ArticleCatalog;

enum class AnchorState {
  ArticleUnknown,  // no article on file for the page's URL
  Exact,           // found verbatim in the element it was made on
  Moved,           // found, but edited or in another element
  Orphaned,        // not found any more
  Unchecked,       // the anchor could not be checked (malformed)
};

struct AnchorStatus {
  AnchorState state = AnchorState::ArticleUnknown;
  double score = 0.0;
};

// The version of the page's article an anchor was checked against.
struct ArticleUsed {
  long long version = 0;   // 0: none (AnchorState::ArticleUnknown)
  std::string created_at;  // ISO 8601 UTC
};

struct DiffPiece {
  std::string op;  // "equal", "insert", "delete"
  std::string text;
};

struct InboxItem {
  std::string paragraph;           // ItemFacts::paragraph
  std::string element_id;          // the anchor's elementId
  long long current_block = -1;    // the block the anchor finds in the current article, -1 when none
  std::string current_element_id;  // that block's element id
  std::string kind;
  std::string original;
  std::string corrected;
  std::string comment;
  std::string error_type;
  std::optional<std::vector<DiffPiece>> diff;  // absent when the report carried none
  AnchorStatus anchor;
  ArticleUsed article;
};

struct InboxReport {
  std::string id;
  std::string received_at;
  std::string page_url;
  std::string page_title;
  std::string status;                      // one of kReportStatuses
  std::vector<std::string> spam_messages;  // localized reasons
  std::string reporter_name;
  std::string reporter_email;
  std::vector<InboxItem> items;
  std::vector<StatusChange> history;   // oldest first
  bool article_lookup_failed = false;  // the store could not say which article the page has
};

// A report's item in a group: indexes into InboxView::reports and its items
// (kNoItem for a report without items).
inline constexpr std::size_t kNoItem = static_cast<std::size_t>(-1);
struct InboxEntry {
  std::size_t report = 0;
  std::size_t item = 0;
};

// The reports of the page about one paragraph: the same page and
// contentHash, or the same block of the current article once re-anchored
// (which joins reports made on different versions of the paragraph).
struct InboxGroup {
  std::string page_url;
  std::string page_title;
  std::vector<std::string> paragraphs;  // the store's keys of the versions seen
  std::string original;                 // the paragraph as its newest report quotes it
  std::string kind;
  std::string element_id;  // for a page#id link: the current block's, else the anchor's
  AnchorStatus anchor;
  ArticleUsed article;
  std::vector<InboxEntry> entries;
  ParagraphGroup summary;  // every matching report on the paragraph, not only this page's
};

struct InboxView {
  Lang lang;
  ReportQuery query;
  long long total = 0;
  std::vector<InboxReport> reports;
  std::vector<InboxGroup> groups;  // group_reports()
  // The session's CSRF token, for the page's forms; set for an editor signed
  // in with a session, who is then offered to sign out.
  std::string csrf;
  long long changed = -1;  // reports the last form changed (the ?changed= it redirected to), -1: none
};

// How many report ids a group's form carries at most.
inline constexpr int kGroupIdLimit = 1000;

// Reads one stored report for display (the body is trusted to be JSON, not
// to have any particular shape: missing fields are shown empty), with its
// anchors checked against the newest version of its page's article.
InboxReport inbox_report_from(const StoredReport& stored, ArticleCatalog& articles, const Lang& lang);

// Fills view.groups from view.reports, in the order of their first report.
void group_reports(InboxView& view);

// "found (exact)" and its siblings, for tests and the page.
std::string anchor_status_text(const AnchorStatus& status, const Lang& lang);

}  // namespace erratum::collector
