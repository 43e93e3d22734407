#include "inbox_page.hpp"

#include "html_escape.hpp"
#include "login_page.hpp"
#include "report_queries.hpp"
#include "triage_routes.hpp"

#include <algorithm>
#include <cstdio>

namespace erratum::collector {
namespace {

struct Labels {
  const char* lang;
  const char* title;
  const char* count_one;
  const char* count_many;
  const char* status;
  const char* any;
  const char* handled;
  const char* page;
  const char* error_type;
  const char* from;
  const char* to;
  const char* sort;
  const char* newest;
  const char* oldest;
  const char* by_page;
  const char* filter;
  const char* clear;
  const char* export_as;
  const char* received;
  const char* reporter;
  const char* anonymous;
  const char* id;
  const char* original;
  const char* correction;
  const char* comment;
  const char* anchor;
  const char* no_items;
  const char* empty;
  const char* previous;
  const char* next;
  const char* of;
  const char* select;
  const char* choose;
  const char* note;
  const char* apply_selected;
  const char* apply_group_one;   // "Apply to this report"
  const char* apply_group_many;  // "Apply to the {n} reports"
  const char* group_one;         // "report on this paragraph"
  const char* group_many;
  const char* proposes_one;  // "reader proposes"
  const char* proposes_many;
  const char* removing;  // "removing"
  const char* history;
  const char* changed_one;
  const char* changed_many;
  const char* group_capped;  // "the {n} newest"
  const char* article_used;  // the title of "version 3 (date)"
  const char* months[12];
};

// clang-format off: a table, laid out by hand
constexpr Labels kEnglish = {"en",
                             "Erratum inbox",
                             "report",
                             "reports",
                             "Status",
                             "all",
                             "handled",
                             "Page",
                             "Error type",
                             "From",
                             "To",
                             "Sort",
                             "newest first",
                             "oldest first",
                             "by page and paragraph",
                             "Filter",
                             "Clear",
                             "Export",
                             "Received",
                             "Reporter",
                             "anonymous",
                             "Id",
                             "Original paragraph",
                             "Proposed correction",
                             "Comment",
                             "Anchor",
                             "This report has no items.",
                             "No reports.",
                             "Previous",
                             "Next",
                             "of",
                             "Select",
                             "choose\u2026",
                             "Note",
                             "Apply to the selected reports",
                             "Apply to this report",
                             "Apply to the {n} reports",
                             "report on this paragraph",
                             "reports on this paragraph",
                             "reader proposes",
                             "readers propose",
                             "removing",
                             "History",
                             "report changed.",
                             "reports changed.",
                             "the form changes the {n} newest",
                             "The version of the article the anchor was looked for in",
                             {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                              "October", "November", "December"}};
constexpr Labels kFrench = {"fr",
                            "Signalements Erratum",
                            "signalement",
                            "signalements",
                            "\u00c9tat",
                            "tous",
                            "trait\u00e9s",
                            "Page",
                            "Type d'erreur",
                            "Du",
                            "Au",
                            "Tri",
                            "les plus r\u00e9cents",
                            "les plus anciens",
                            "par page et paragraphe",
                            "Filtrer",
                            "Effacer",
                            "Exporter",
                            "Re\u00e7u",
                            "Auteur",
                            "anonyme",
                            "Identifiant",
                            "Paragraphe d'origine",
                            "Correction propos\u00e9e",
                            "Commentaire",
                            "Ancre",
                            "Ce signalement ne contient aucun paragraphe.",
                            "Aucun signalement.",
                            "Pr\u00e9c\u00e9dents",
                            "Suivants",
                            "sur",
                            "S\u00e9lectionner",
                            "choisir\u2026",
                            "Note",
                            "Appliquer aux signalements s\u00e9lectionn\u00e9s",
                            "Appliquer \u00e0 ce signalement",
                            "Appliquer aux {n}\u00a0signalements",
                            "signalement sur ce paragraphe",
                            "signalements sur ce paragraphe",
                            "lecteur propose",
                            "lecteurs proposent",
                            "de supprimer",
                            "Historique",
                            "signalement modifi\u00e9.",
                            "signalements modifi\u00e9s.",
                            "le formulaire modifie les {n}\u00a0plus r\u00e9cents",
                            "La version de l'article o\u00f9 l'ancre a \u00e9t\u00e9 cherch\u00e9e",
                            {"janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet", "ao\u00fbt",
                             "septembre", "octobre", "novembre", "d\u00e9cembre"}};
// clang-format on

const Labels& labels(Lang lang) { return lang.french() ? kFrench : kEnglish; }

struct Word {
  const char* code;
  const char* en;
  const char* fr;
};

constexpr Word kStatusWords[] = {
    {"new", "new", "nouveau"},
    {"accepted", "accepted", "accept\u00e9"},
    {"rejected", "rejected", "rejet\u00e9"},
    {"fixed", "fixed", "corrig\u00e9"},
    {"duplicate", "duplicate", "doublon"},
    {"spam", "spam", "ind\u00e9sirable"},
    {"handled", "handled", "trait\u00e9s"},
};
constexpr Word kErrorTypeWords[] = {
    {"unspecified", "unspecified", "non pr\u00e9cis\u00e9"},
    {"typo", "typo", "coquille"},
    {"grammar", "grammar", "grammaire"},
    {"fact", "fact", "fait"},
    {"other", "other", "autre"},
};
constexpr Word kKindWords[] = {
    {"title", "title", "titre"},
    {"heading", "heading", "intertitre"},
    {"paragraph", "paragraph", "paragraphe"},
    {"quote", "quote", "citation"},
    {"listItem", "list item", "\u00e9l\u00e9ment de liste"},
    {"caption", "caption", "l\u00e9gende"},
    {"media", "media", "m\u00e9dia"},
};

template <std::size_t N>
std::string word(const Word (&words)[N], const std::string& code, Lang lang) {
  for (const Word& w : words)
    if (code == w.code) return lang.french() ? w.fr : w.en;
  return code;
}

std::string replace_n(const char* text, long long n) {
  std::string out = text;
  const std::size_t at = out.find("{n}");
  if (at != std::string::npos) out.replace(at, 3, std::to_string(n));
  return out;
}

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

// The filters of `q` after "/inbox?offset=N&limit=L", in a fixed order.
std::string inbox_link(const ReportQuery& q, long long offset) {
  std::string href = "/inbox?offset=" + std::to_string(offset) + "&limit=" + std::to_string(q.limit);
  if (q.status) href += "&status=" + url_encode_component(*q.status);
  if (q.page_url) href += "&page=" + url_encode_component(*q.page_url);
  if (q.error_type) href += "&type=" + url_encode_component(*q.error_type);
  if (q.received_from) href += "&from=" + url_encode_component(*q.received_from);
  if (q.received_to) href += "&to=" + url_encode_component(*q.received_to);
  if (q.order == ReportOrder::Oldest) href += "&sort=oldest";
  if (q.order == ReportOrder::Page) href += "&sort=page";
  return html_escape(href);
}

// Where the page's forms send the editor back: this very page.
std::string return_path(const ReportQuery& q) {
  std::string query = report_query_string(q);
  if (q.offset > 0) query += (query.empty() ? "" : "&") + std::string("offset=") + std::to_string(q.offset);
  return query.empty() ? "/inbox" : "/inbox?" + query;
}

// A link to the paragraph on its page; only http(s), so a report cannot
// smuggle a javascript: URL in here.
std::string paragraph_href(const std::string& page_url, const std::string& element_id) {
  if (!is_http_url(page_url)) return "";
  std::string href = page_url.substr(0, page_url.find('#'));
  if (!element_id.empty()) href += "#" + url_encode_component(element_id);
  return href;
}

std::string mailto_href(const std::string& email) {
  std::string encoded = url_encode_component(email);
  for (std::size_t at = encoded.find("%40"); at != std::string::npos; at = encoded.find("%40", at + 1))
    encoded.replace(at, 3, "@");
  return "mailto:" + encoded;
}

void render_time(const std::string& iso, Lang lang, std::string& out) {
  out += "<time datetime=\"" + html_escape(iso) + "\">" + html_escape(display_time(iso, lang)) + "</time>";
}

void render_status_badge(const std::string& status, Lang lang, std::string& out) {
  out += "<span class=\"status status-" + html_escape(status) + "\">" + html_escape(status_label(status, lang)) +
         "</span>";
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

// The hidden fields every status form carries.
void render_form_state(const InboxView& v, std::string& out) {
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(v.csrf) + "\">\n";
  out += "<input type=\"hidden\" name=\"return\" value=\"" + html_escape(return_path(v.query)) + "\">\n";
}

// The status choice and note of a status form.
void render_status_fields(const Labels& l, Lang lang, std::string& out) {
  out += "<label>" + std::string(l.status) + " <select name=\"status\" required><option value=\"\">" + l.choose +
         "</option>";
  for (const char* s : kReportStatuses)
    out += "<option value=\"" + std::string(s) + "\">" + html_escape(status_label(s, lang)) + "</option>";
  out += "</select></label>\n<label>" + std::string(l.note) + " <input type=\"text\" name=\"note\" maxlength=\"" +
         std::to_string(kMaxNoteLength) + "\"></label>\n";
}

void render_item(const InboxItem& item, const Labels& l, Lang lang, std::string& out) {
  out += "<div class=\"item\">\n<p class=\"tags\">";
  // A type the reader did not give is no information: no tag.
  if (item.error_type != "unspecified")
    out += "<span class=\"tag error-type\" title=\"" + std::string(l.error_type) + "\">" +
           html_escape(error_type_label(item.error_type, lang)) + "</span> ";
  out += "</p>\n<h3>" + std::string(l.correction) + "</h3>\n<p class=\"diff\">";
  render_diff(item, out);
  out += "</p>\n";
  if (!item.comment.empty())
    out += "<h3>" + std::string(l.comment) + "</h3>\n<p class=\"comment\">" + html_escape(item.comment) + "</p>\n";
  out += "</div>\n";
}

void render_history(const InboxReport& r, const Labels& l, Lang lang, std::string& out) {
  if (r.history.empty()) return;
  out += "<details class=\"history\">\n<summary>" + std::string(l.history) + " (" + std::to_string(r.history.size()) +
         ")</summary>\n<ol>\n";
  for (const StatusChange& c : r.history) {
    out += "<li>";
    render_time(c.changed_at, lang, out);
    out += " <span class=\"editor\">" + html_escape(c.editor) + "</span>" + (lang.french() ? "\u00a0: " : ": ");
    render_status_badge(c.from, lang, out);
    out += " \u2192 ";
    render_status_badge(c.to, lang, out);
    if (!c.note.empty()) out += " <q class=\"note\">" + html_escape(c.note) + "</q>";
    out += "</li>\n";
  }
  out += "</ol>\n</details>\n";
}

void render_report(const InboxReport& r, const InboxEntry& entry, const Labels& l, Lang lang, std::string& out) {
  const bool spam = r.status == "spam";
  const bool handled = !spam && r.status != "new";
  out += "<article class=\"report" + std::string(spam ? " spam" : "") + (handled ? " handled" : "") + "\" id=\"r-" +
         html_escape(r.id) + "\">\n";
  out += "<p class=\"report-head\"><label class=\"pick\"><input type=\"checkbox\" name=\"id\" value=\"" +
         html_escape(r.id) + "\" form=\"bulk\"> " + l.select + "</label> ";
  render_status_badge(r.status, lang, out);
  out += "</p>\n<dl class=\"meta\">\n<dt>" + std::string(l.received) + "</dt><dd>";
  render_time(r.received_at, lang, out);
  out += "</dd>\n<dt>" + std::string(l.reporter) + "</dt><dd>";
  if (r.reporter_name.empty() && r.reporter_email.empty()) {
    out += l.anonymous;
  } else {
    out += html_escape(r.reporter_name);
    if (!r.reporter_email.empty())
      out += std::string(r.reporter_name.empty() ? "" : " ") + "&lt;<a href=\"" +
             html_escape(mailto_href(r.reporter_email)) + "\">" + html_escape(r.reporter_email) + "</a>&gt;";
  }
  out += "</dd>\n";
  if (!r.spam_messages.empty()) {
    out += "<dt>" + std::string(l.status) + "</dt><dd>";
    for (const std::string& reason : r.spam_messages)
      out += "<span class=\"reason\">" + html_escape(reason) + "</span> ";
    out += "</dd>\n";
  }
  out += "<dt>" + std::string(l.id) + "</dt><dd><code>" + html_escape(r.id) + "</code></dd>\n</dl>\n";
  if (entry.item == kNoItem || entry.item >= r.items.size())
    out += "<p>" + std::string(l.no_items) + "</p>\n";
  else
    render_item(r.items[entry.item], l, lang, out);
  render_history(r, l, lang, out);
  out += "</article>\n";
}

void render_proposals(const InboxGroup& g, const Labels& l, std::string& out) {
  if (g.summary.corrections.empty()) return;
  out += "<ul class=\"proposals\">\n";
  for (const CorrectionCount& c : g.summary.corrections) {
    out += "<li><span class=\"votes\">" + std::to_string(c.reports) + "</span> " +
           (c.reports == 1 ? l.proposes_one : l.proposes_many) + " ";
    const bool fr = std::string(l.lang) == "fr";
    const char* open = fr ? "\u00ab\u00a0" : "\u201c";
    const char* close = fr ? "\u00a0\u00bb" : "\u201d";
    if (!c.inserted.empty())
      out += std::string(open) + "<ins>" + html_escape(c.inserted) + "</ins>" + close;
    else if (!c.deleted.empty())
      out += std::string(l.removing) + " " + open + "<del>" + html_escape(c.deleted) + "</del>" + close;
    else
      out += open + html_escape(c.corrected) + close;
    out += "</li>\n";
  }
  out += "</ul>\n";
}

void render_group(const InboxView& v, const InboxGroup& g, std::size_t index, const Labels& l, std::string& out) {
  const Lang lang = v.lang;
  out += "<section class=\"group\" id=\"g-" + std::to_string(index + 1) + "\">\n<div class=\"group-head\">\n<h2>";
  const std::string heading = g.page_title.empty() ? g.page_url : g.page_title;
  const std::string href = paragraph_href(g.page_url, g.element_id);
  if (!href.empty())
    out += "<a href=\"" + html_escape(href) + "\" rel=\"noopener noreferrer\">" + html_escape(heading) + "</a>";
  else
    out += html_escape(heading);
  out += "</h2>\n<p class=\"url\">" + html_escape(g.page_url) + "</p>\n";
  if (!g.paragraphs.empty()) {
    out += "<p class=\"tags\">";
    if (!g.kind.empty()) out += "<span class=\"tag kind\">" + html_escape(kind_label(g.kind, lang)) + "</span> ";
    out += "<span class=\"tag anchor " + std::string(anchor_class(g.anchor.state)) + "\" title=\"" + l.anchor + "\">" +
           html_escape(anchor_status_text(g.anchor, lang)) + "</span>";
    if (g.article.version > 0)
      out += " <span class=\"tag article-version\" title=\"" + std::string(l.article_used) + "\">version " +
             std::to_string(g.article.version) + " (" + html_escape(display_time(g.article.created_at, lang)) +
             ")</span>";
    out += "</p>\n";
    out += "<h3>" + std::string(l.original) + "</h3>\n<blockquote class=\"original\">" + html_escape(g.original) +
           "</blockquote>\n";
  }
  const long long count = std::max<long long>(g.summary.reports, static_cast<long long>(g.entries.size()));
  out += "<p class=\"group-count\"><strong>" + std::to_string(count) + "</strong> " +
         (count == 1 ? l.group_one : l.group_many) + "</p>\n";
  render_proposals(g, l, out);
  if (!g.summary.ids.empty()) {
    out += "<form class=\"group-form\" method=\"post\" action=\"" + std::string(kInboxStatusPath) + "\">\n";
    render_form_state(v, out);
    for (const std::string& id : g.summary.ids)
      out += "<input type=\"hidden\" name=\"id\" value=\"" + html_escape(id) + "\">\n";
    render_status_fields(l, lang, out);
    const long long ids = static_cast<long long>(g.summary.ids.size());
    out += "<button type=\"submit\">" +
           (ids == 1 ? std::string(l.apply_group_one) : replace_n(l.apply_group_many, ids)) + "</button>\n";
    if (ids < g.summary.reports) out += "<small>" + replace_n(l.group_capped, ids) + "</small>\n";
    out += "</form>\n";
  }
  out += "</div>\n";
  for (const InboxEntry& e : g.entries) render_report(v.reports[e.report], e, l, lang, out);
  out += "</section>\n";
}

void render_filters(const InboxView& v, const Labels& l, std::string& out) {
  const Lang lang = v.lang;
  const auto option = [&](const std::string& value, const std::string& label, const std::string& current) {
    out += "<option value=\"" + value + "\"" + (current == value ? " selected" : "") + ">" + html_escape(label) +
           "</option>";
  };
  const std::string status = v.query.status.value_or("");
  out += "<form class=\"filters\" method=\"get\" action=\"/inbox\">\n<label>" + std::string(l.status) +
         " <select name=\"status\">";
  option("", l.any, status);
  for (const char* s : kReportStatuses) option(s, status_label(s, lang), status);
  option(kHandledStatus, l.handled, status);
  const std::string type = v.query.error_type.value_or("");
  out += "</select></label>\n<label>" + std::string(l.error_type) + " <select name=\"type\">";
  option("", l.any, type);
  for (const char* t : kErrorTypes) option(t, error_type_label(t, lang), type);
  out += "</select></label>\n<label class=\"wide\">" + std::string(l.page) +
         " <input type=\"url\" name=\"page\" value=\"" + html_escape(v.query.page_url.value_or("")) + "\"></label>\n";
  out += "<label>" + std::string(l.from) + " <input type=\"date\" name=\"from\" value=\"" +
         html_escape(v.query.received_from.value_or("")) + "\"></label>\n";
  out += "<label>" + std::string(l.to) + " <input type=\"date\" name=\"to\" value=\"" +
         html_escape(v.query.received_to.value_or("")) + "\"></label>\n";
  const std::string sort = v.query.order == ReportOrder::Oldest ? "oldest"
                           : v.query.order == ReportOrder::Page ? "page"
                                                                : "newest";
  out += "<label>" + std::string(l.sort) + " <select name=\"sort\">";
  option("newest", l.newest, sort);
  option("oldest", l.oldest, sort);
  option("page", l.by_page, sort);
  out += "</select></label>\n";
  out += "<input type=\"hidden\" name=\"limit\" value=\"" + std::to_string(v.query.limit) + "\">\n";
  out += "<button type=\"submit\">" + std::string(l.filter) + "</button>\n<a class=\"clear\" href=\"/inbox\">" +
         l.clear + "</a>\n</form>\n";
  ReportQuery filters = v.query;
  filters.order = ReportOrder::Newest;
  filters.limit = kDefaultPageSize;
  const std::string query = report_query_string(filters);
  const std::string suffix = query.empty() ? "" : "?" + query;
  out += "<p class=\"exports\">" + std::string(l.export_as) + (lang.french() ? "\u00a0:" : ":") + " <a href=\"" +
         html_escape("/api/reports.csv" + suffix) + "\" download>CSV</a> <a href=\"" +
         html_escape("/api/reports.jsonl" + suffix) + "\" download>JSON Lines</a></p>\n";
}

void render_bulk_form(const InboxView& v, const Labels& l, std::string& out) {
  out += "<form id=\"bulk\" class=\"bulk\" method=\"post\" action=\"" + std::string(kInboxStatusPath) + "\">\n";
  render_form_state(v, out);
  render_status_fields(l, v.lang, out);
  out += "<button type=\"submit\">" + std::string(l.apply_selected) + "</button>\n</form>\n";
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

std::string status_label(const std::string& status, Lang lang) { return word(kStatusWords, status, lang); }
std::string error_type_label(const std::string& type, Lang lang) { return word(kErrorTypeWords, type, lang); }
std::string kind_label(const std::string& kind, Lang lang) { return word(kKindWords, kind, lang); }

std::string display_time(const std::string& iso, Lang lang) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  char t = 0;
  if (iso.size() < 16 ||
      std::sscanf(iso.c_str(), "%4d-%2d-%2d%c%2d:%2d", &year, &month, &day, &t, &hour, &minute) != 6 ||
      (t != 'T' && t != 't') || month < 1 || month > 12 || day < 1 || day > 31)
    return iso;
  const Labels& l = labels(lang);
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", hour % 100, minute % 100);
  const std::string day_text = lang.french() && day == 1 ? "1er" : std::to_string(day);
  return day_text + " " + l.months[month - 1] + " " + std::to_string(year) + ", " + clock + " UTC";
}

std::string render_inbox(const InboxView& view) {
  const Labels& l = labels(view.lang);
  std::string out;
  out.reserve(8192 + view.reports.size() * 3072);
  out += "<!doctype html>\n<html lang=\"" + std::string(l.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"same-origin\">\n";
  out += "<title>" + std::string(l.title) + "</title>\n<link rel=\"icon\" href=\"/favicon.ico\">\n";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(kInboxCssPath) + "\">\n</head>\n<body>\n<header>\n";
  out += "<div class=\"top\">\n<h1>" + std::string(l.title) + "</h1>\n";
  if (!view.csrf.empty()) out += render_logout_form(view.lang, view.csrf);
  out += "</div>\n<p class=\"count\">" + std::to_string(view.total) + " " +
         (view.total == 1 ? l.count_one : l.count_many) + "</p>\n";
  render_filters(view, l, out);
  if (view.changed >= 0)
    out += "<p class=\"done\" role=\"status\">" + std::to_string(view.changed) + " " +
           (view.changed == 1 ? l.changed_one : l.changed_many) + "</p>\n";
  if (!view.reports.empty()) render_bulk_form(view, l, out);
  out += "</header>\n<main>\n";
  if (view.reports.empty()) out += "<p class=\"empty\">" + std::string(l.empty) + "</p>\n";
  for (std::size_t i = 0; i < view.groups.size(); ++i) render_group(view, view.groups[i], i, l, out);
  render_pager(view, l, out);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

const std::string& inbox_css() {
  static const std::string css =
      R"css(:root { color-scheme: light dark; --line: #8884; --muted: #666; --accent: #b3261e; --field: #8881; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem; }
header h1 { margin: 0; }
.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; }
.count { color: var(--muted); margin: 0 0 1rem; }
a { color: inherit; text-decoration-color: var(--accent); text-underline-offset: .15em; }
label { display: flex; flex-direction: column; gap: .15rem; font-size: .8rem; color: var(--muted); }
input, select, button { font: inherit; font-size: .95rem; color: CanvasText; }
input[type=text], input[type=url], input[type=date], select {
  border: 1px solid var(--line); border-radius: .4rem; padding: .3rem .5rem; background: Canvas; min-height: 2.1rem; box-sizing: border-box; }
input:focus-visible, select:focus-visible, button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
button { border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .4rem; padding: .35rem .9rem; cursor: pointer; min-height: 2.1rem; }
button:hover { filter: brightness(1.1); }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; padding: .75rem; border-radius: .5rem; background: var(--field); }
.filters .wide { flex: 1 1 16rem; }
.filters .clear { align-self: center; font-size: .9rem; }
.exports { font-size: .9rem; color: var(--muted); margin: .5rem 0 1rem; }
.exports a { margin-left: .5rem; }
.bulk { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: .75rem; align-items: end;
  padding: .6rem .75rem; margin: 0 0 1rem; border: 1px solid var(--line); border-radius: .5rem; background: Canvas; }
.group-form { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .75rem 0 0; }
.done { background: #dfd; color: #060; border-radius: .5rem; padding: .5rem .75rem; }
.group { border: 1px solid var(--line); border-radius: .75rem; padding: 1rem 1.25rem; margin: 0 0 2rem; }
.group-head { border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 1rem; }
.group h2 { font-size: 1.15rem; margin: 0; overflow-wrap: anywhere; }
.url { color: var(--muted); font-size: .85rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.group-count { margin: .75rem 0 .25rem; }
.proposals { margin: 0; padding-left: 1.25rem; }
.votes { font-weight: bold; }
.report { border-left: 3px solid var(--line); padding: .25rem 0 .25rem 1rem; margin: 0 0 1.25rem; }
.report.spam { opacity: .75; border-left-style: dashed; }
.report.handled { opacity: .85; }
.report-head { display: flex; gap: .75rem; align-items: center; margin: 0 0 .25rem; }
.pick { flex-direction: row; align-items: center; gap: .35rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .5rem; font-size: .9rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: .75rem 0 .25rem; }
.original { margin: 0; padding-left: .75rem; border-left: 3px solid var(--line); }
.diff, .comment { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; border-bottom: 2px solid #060; }
.tags { margin: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.tag, .status, .reason { font-size: .8rem; border-radius: 1rem; padding: 0 .6rem; border: 1px solid var(--line); }
.status-accepted { background: #def; color: #036; }
.status-fixed { background: #dfd; color: #060; }
.status-rejected, .status-duplicate { background: #eee; color: #444; }
.status-spam, .reason { background: #fed; color: #840; }
.anchor-exact { background: #dfd; color: #060; }
.anchor-moved { background: #ffd; color: #650; }
.anchor-orphaned, .anchor-unchecked { background: #fdd; color: #900; }
.history { font-size: .85rem; margin-top: .5rem; }
.history summary { cursor: pointer; color: var(--muted); }
.history ol { margin: .25rem 0; padding-left: 1.25rem; }
.pager { display: flex; gap: 1rem; justify-content: center; }
.logout { margin: 0; }
.logout button { background: transparent; color: inherit; border-color: var(--line); }
.login { max-width: 28rem; margin: 3rem auto; }
.login form { display: flex; flex-direction: column; gap: .75rem; }
.login label { font-size: 1rem; color: inherit; }
.login input[type=password] { display: block; width: 100%; box-sizing: border-box; }
.notice { background: #fdd; color: #900; border-radius: .5rem; padding: .5rem .75rem; }
)css";
  return css;
}

}  // namespace erratum::collector
