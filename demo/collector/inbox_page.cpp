#include "inbox_page.hpp"

#include "html_escape.hpp"
#include "login_page.hpp"

#include <algorithm>

namespace erratum::collector {
namespace {

struct Labels {
  const char* lang;
  const char* title;
  const char* count_one;
  const char* count_many;
  const char* status;
  const char* any;
  const char* status_new;
  const char* status_spam;
  const char* page;
  const char* filter;
  const char* received;
  const char* reporter;
  const char* anonymous;
  const char* id;
  const char* original;
  const char* correction;
  const char* comment;
  const char* error_type;
  const char* anchor;
  const char* no_items;
  const char* empty;
  const char* previous;
  const char* next;
  const char* of;
};

// clang-format off: a table, laid out by hand
constexpr Labels kEnglish = {"en",
                             "Erratum inbox",
                             "report",
                             "reports",
                             "Status",
                             "all",
                             "new",
                             "spam",
                             "Page",
                             "Filter",
                             "Received",
                             "Reporter",
                             "anonymous",
                             "Id",
                             "Original paragraph",
                             "Proposed correction",
                             "Comment",
                             "Error type",
                             "Anchor",
                             "This report has no items.",
                             "No reports.",
                             "Previous",
                             "Next",
                             "of"};
constexpr Labels kFrench = {"fr",
                            "Signalements Erratum",
                            "signalement",
                            "signalements",
                            "\u00c9tat",
                            "tous",
                            "nouveau",
                            "ind\u00e9sirable",
                            "Page",
                            "Filtrer",
                            "Re\u00e7u",
                            "Auteur",
                            "anonyme",
                            "Identifiant",
                            "Paragraphe d'origine",
                            "Correction propos\u00e9e",
                            "Commentaire",
                            "Type d'erreur",
                            "Ancre",
                            "Ce signalement ne contient aucun paragraphe.",
                            "Aucun signalement.",
                            "Pr\u00e9c\u00e9dents",
                            "Suivants",
                            "sur"};
// clang-format on

const char* anchor_class(AnchorState state) {
  switch (state) {
    case AnchorState::Exact: return "anchor-exact";
    case AnchorState::Moved: return "anchor-moved";
    case AnchorState::Orphaned: return "anchor-orphaned";
    case AnchorState::Unchecked: return "anchor-unchecked";
    case AnchorState::ArticleUnknown: break;
  }
  return "anchor-unknown";
}

bool is_http_url(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

std::string inbox_link(const ReportQuery& q, long long offset) {
  std::string href = "/inbox?offset=" + std::to_string(offset) + "&limit=" + std::to_string(q.limit);
  if (q.status) href += "&status=" + url_encode_component(*q.status);
  if (q.page_url) href += "&page=" + url_encode_component(*q.page_url);
  return html_escape(href);
}

void render_diff(const InboxItem& item, std::string& out) {
  if (!item.diff) {
    out += html_escape(item.corrected);
    return;
  }
  for (const DiffPiece& piece : *item.diff) {
    if (piece.op == "insert")
      out += "<ins>" + html_escape(piece.text) + "</ins>";
    else if (piece.op == "delete")
      out += "<del>" + html_escape(piece.text) + "</del>";
    else
      out += html_escape(piece.text);
  }
}

void render_item(const InboxItem& item, const Labels& l, const Lang& lang, std::string& out) {
  out += "<li class=\"item\">\n<p class=\"tags\">";
  // A type the reader did not give is no information: no tag.
  if (item.error_type != "unspecified")
    out += "<span class=\"tag error-type\" title=\"" + std::string(l.error_type) + "\">" +
           html_escape(item.error_type) + "</span> ";
  if (!item.kind.empty()) out += "<span class=\"tag kind\">" + html_escape(item.kind) + "</span> ";
  out += "<span class=\"tag anchor " + std::string(anchor_class(item.anchor.state)) + "\" title=\"" + l.anchor + "\">" +
         html_escape(anchor_status_text(item.anchor, lang)) + "</span></p>\n";
  out += "<h3>" + std::string(l.original) + "</h3>\n<blockquote class=\"original\">" + html_escape(item.original) +
         "</blockquote>\n";
  out += "<h3>" + std::string(l.correction) + "</h3>\n<p class=\"diff\">";
  render_diff(item, out);
  out += "</p>\n";
  if (!item.comment.empty())
    out += "<h3>" + std::string(l.comment) + "</h3>\n<p class=\"comment\">" + html_escape(item.comment) + "</p>\n";
  out += "</li>\n";
}

void render_report(const InboxReport& r, const Labels& l, const Lang& lang, std::string& out) {
  const bool spam = r.status == "spam";
  out += "<article class=\"report" + std::string(spam ? " spam" : "") + "\" id=\"r-" + html_escape(r.id) + "\">\n";
  const std::string heading = r.page_title.empty() ? r.page_url : r.page_title;
  out += "<h2>";
  // Only http(s) links: a report cannot smuggle a javascript: URL in here.
  if (is_http_url(r.page_url))
    out += "<a href=\"" + html_escape(r.page_url) + "\" rel=\"noopener noreferrer\">" + html_escape(heading) + "</a>";
  else
    out += html_escape(heading);
  out += "</h2>\n<dl class=\"meta\">\n";
  out += "<dt>" + std::string(l.page) + "</dt><dd class=\"url\">" + html_escape(r.page_url) + "</dd>\n";
  out += "<dt>" + std::string(l.received) + "</dt><dd><time datetime=\"" + html_escape(r.received_at) + "\">" +
         html_escape(r.received_at) + "</time></dd>\n";
  out += "<dt>" + std::string(l.reporter) + "</dt><dd>";
  if (r.reporter_name.empty() && r.reporter_email.empty())
    out += l.anonymous;
  else
    out += html_escape(r.reporter_name) +
           (r.reporter_email.empty() ? "" : " &lt;" + html_escape(r.reporter_email) + "&gt;");
  out += "</dd>\n<dt>" + std::string(l.status) + "</dt><dd><span class=\"status status-" +
         std::string(spam ? "spam" : "new") + "\">" + (spam ? l.status_spam : l.status_new) + "</span>";
  for (const std::string& reason : r.spam_messages) out += " <span class=\"reason\">" + html_escape(reason) + "</span>";
  out += "</dd>\n<dt>" + std::string(l.id) + "</dt><dd><code>" + html_escape(r.id) + "</code></dd>\n</dl>\n";
  if (r.items.empty()) {
    out += "<p>" + std::string(l.no_items) + "</p>\n";
  } else {
    out += "<ol class=\"items\">\n";
    for (const InboxItem& item : r.items) render_item(item, l, lang, out);
    out += "</ol>\n";
  }
  out += "</article>\n";
}

void render_filters(const InboxView& v, const Labels& l, std::string& out) {
  const std::string status = v.query.status.value_or("");
  auto option = [&](const char* value, const char* label) {
    out += "<option value=\"" + std::string(value) + "\"" + (status == value ? " selected" : "") + ">" + label +
           "</option>";
  };
  out += "<form class=\"filters\" method=\"get\" action=\"/inbox\">\n<label>" + std::string(l.status) +
         " <select name=\"status\">";
  option("", l.any);
  option("new", l.status_new);
  option("spam", l.status_spam);
  out += "</select></label>\n<label>" + std::string(l.page) + " <input type=\"url\" name=\"page\" value=\"" +
         html_escape(v.query.page_url.value_or("")) + "\"></label>\n";
  out += "<input type=\"hidden\" name=\"limit\" value=\"" + std::to_string(v.query.limit) + "\">\n";
  out += "<button type=\"submit\">" + std::string(l.filter) + "</button>\n</form>\n";
}

void render_pager(const InboxView& v, const Labels& l, std::string& out) {
  if (v.total == 0) return;
  const long long first = v.query.offset + 1;
  const long long last = std::min<long long>(v.query.offset + static_cast<long long>(v.reports.size()), v.total);
  out += "<nav class=\"pager\">";
  if (v.query.offset > 0)
    out += "<a rel=\"prev\" href=\"" + inbox_link(v.query, std::max<long long>(0, v.query.offset - v.query.limit)) +
           "\">" + l.previous + "</a> ";
  out += "<span>" + std::to_string(first) + "\u2013" + std::to_string(last) + " " + l.of + " " +
         std::to_string(v.total) + "</span>";
  if (last < v.total) out += " <a rel=\"next\" href=\"" + inbox_link(v.query, last) + "\">" + l.next + "</a>";
  out += "</nav>\n";
}

}  // namespace

std::string render_inbox(const InboxView& view) {
  const Labels& l = view.lang.french() ? kFrench : kEnglish;
  std::string out;
  out.reserve(4096 + view.reports.size() * 2048);
  out += "<!doctype html>\n<html lang=\"" + std::string(l.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<title>" + std::string(l.title) + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(kInboxCssPath) + "\">\n</head>\n<body>\n<header>\n";
  out += "<h1>" + std::string(l.title) + "</h1>\n<p class=\"count\">" + std::to_string(view.total) + " " +
         (view.total == 1 ? l.count_one : l.count_many) + "</p>\n";
  render_filters(view, l, out);
  if (!view.logout_csrf.empty()) out += render_logout_form(view.lang, view.logout_csrf);
  out += "</header>\n<main>\n";
  if (view.reports.empty()) out += "<p class=\"empty\">" + std::string(l.empty) + "</p>\n";
  for (const InboxReport& r : view.reports) render_report(r, l, view.lang, out);
  render_pager(view, l, out);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

const std::string& inbox_css() {
  static const std::string css = R"css(:root { color-scheme: light dark; --line: #8884; --muted: #666; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
header h1 { margin: 0 0 .25rem; }
.count { color: var(--muted); margin: 0 0 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1.5rem; }
.filters input[type=url] { min-width: 20rem; }
.report { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
.report.spam { opacity: .75; border-style: dashed; }
.report h2 { font-size: 1.15rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 1rem; font-size: .9rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.items { padding-left: 1.25rem; }
.item { margin-bottom: 1.25rem; }
.item h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: .75rem 0 .25rem; }
.original { margin: 0; padding-left: .75rem; border-left: 3px solid var(--line); }
.diff, .comment { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; border-bottom: 2px solid #060; }
.tags { margin: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.tag, .status, .reason { font-size: .8rem; border-radius: 1rem; padding: 0 .6rem; border: 1px solid var(--line); }
.status-spam, .reason { background: #fed; color: #840; }
.anchor-exact { background: #dfd; color: #060; }
.anchor-moved { background: #ffd; color: #650; }
.anchor-orphaned, .anchor-unchecked { background: #fdd; color: #900; }
.pager { display: flex; gap: 1rem; justify-content: center; }
.logout { margin: 0 0 1rem; }
.login { max-width: 28rem; margin: 3rem auto; }
.login form { display: flex; flex-direction: column; gap: .75rem; }
.login input[type=password] { display: block; width: 100%; box-sizing: border-box; }
.notice { background: #fdd; color: #900; border-radius: .5rem; padding: .5rem .75rem; }
)css";
  return css;
}

}  // namespace erratum::collector
