#include "inbox_view.hpp"

#include "article_catalog.hpp"
#include "report_items.hpp"

#include "vocabulary.hpp"

#include <cstdio>
#include <map>

namespace erratum::collector {
namespace {

std::optional<std::vector<DiffPiece>> diff_of(const Json& item) {
  const Json* ops = member(object_at(item, "diff"), "ops");
  if (!ops || !ops->is_array()) return std::nullopt;
  std::vector<DiffPiece> pieces;
  for (const Json& op : *ops) pieces.push_back({string_at(op, "op"), string_at(op, "text")});
  return pieces;
}

// Element ids of the article's blocks, by index.
std::vector<std::string> block_ids(const std::string& article) {
  std::vector<std::string> ids;
  const std::optional<Json> parsed = parse_json(article);
  const Json* blocks = parsed ? member(*parsed, "blocks") : nullptr;
  if (blocks && blocks->is_array())
    for (const Json& block : *blocks) ids.push_back(string_at(block, "id"));
  return ids;
}

// Whether the passage was found in the element the reader pointed at. Block
// numbers are not compared: the page and the article file may number blocks
// differently (a byline counted on one side only), element ids do not move.
bool same_element(const Json& anchor, const Json& result, const std::vector<std::string>& ids) {
  const std::string element_id = string_at(anchor, "elementId");
  if (element_id.empty()) return true;
  const long long index = index_member(result, "block");  // -1 for an orphaned anchor
  return index >= 0 && static_cast<std::size_t>(index) < ids.size() &&
         ids[static_cast<std::size_t>(index)] == element_id;
}

// One reanchor call per report, with all its items' anchors.
void check_anchors(const Json& items, const std::string& article, const Lang& lang, std::vector<InboxItem>& out) {
  Json anchors = Json::array();
  for (const Json& item : items) {
    const Json* anchor = member(item, "anchor");
    anchors.push_back(anchor ? *anchor : Json());
  }
  // `article` is the store's, written by dump_json (and json_valid-checked
  // there), so splicing it in keeps the request valid JSON.
  const std::string request =
      "{\"article\":" + article + ",\"anchors\":" + dump_json(anchors) + ",\"lang\":\"" + lang.tag + "\"}";
  const std::optional<Json> response = parse_json(api::reanchor(request));
  const Json* results = response ? member(*response, "results") : nullptr;
  const std::vector<std::string> ids = block_ids(article);
  for (std::size_t i = 0; i < out.size(); ++i) {
    AnchorStatus& status = out[i].anchor;
    if (!results || !results->is_array() || i >= results->size()) {
      status.state = AnchorState::Unchecked;
      continue;
    }
    const Json& r = (*results)[i];
    const Json* found = member(r, "found");
    const Json* exact = member(r, "exact");
    const Json* score = member(r, "score");
    if (member(r, "error") || !found || !found->is_boolean()) {
      status.state = AnchorState::Unchecked;
    } else if (!as_bool(*found)) {
      status.state = AnchorState::Orphaned;
    } else {
      const long long block = index_member(r, "block");
      if (block >= 0) {
        out[i].current_block = block;
        if (static_cast<std::size_t>(block) < ids.size())
          out[i].current_element_id = ids[static_cast<std::size_t>(block)];
      }
      const bool verbatim = exact && exact->is_boolean() && as_bool(*exact);
      const bool in_place = same_element(object_at(items[i], "anchor"), r, ids);
      status.state = verbatim && in_place ? AnchorState::Exact : AnchorState::Moved;
      status.score = score && score->is_number() ? as_number(*score) : 0.0;
    }
  }
}

}  // namespace

InboxReport inbox_report_from(const StoredReport& stored, ArticleCatalog& articles, const Lang& lang) {
  InboxReport view;
  view.id = stored.id;
  view.received_at = stored.received_at;
  view.page_url = stored.page_url;
  view.status = stored.status;

  if (const std::optional<Json> reasons = parse_json(stored.spam_reasons); reasons && reasons->is_array())
    for (const Json& code : *reasons)
      if (code.is_string()) view.spam_messages.push_back(api::issue_message(as_string(code), Json::object(), lang.tag));

  const std::optional<Json> body = parse_json(stored.body);
  if (!body) return view;
  const Json& page = object_at(*body, "page");
  view.page_title = string_at(page, "title");
  const Json& reporter = object_at(*body, "reporter");
  view.reporter_name = string_at(reporter, "name");
  view.reporter_email = string_at(reporter, "email");

  const Json* items = member(*body, "items");
  if (!items || !items->is_array()) return view;
  const std::vector<ItemFacts> facts = item_facts(stored.body);
  for (const Json& item : *items) {
    InboxItem shown;
    if (view.items.size() < facts.size()) shown.paragraph = facts[view.items.size()].paragraph;
    shown.element_id = string_at(object_at(item, "anchor"), "elementId");
    shown.kind = string_at(item, "kind");
    shown.original = string_at(item, "original");
    shown.corrected = string_at(item, "corrected");
    shown.comment = string_at(item, "comment");
    shown.error_type = string_at(item, "errorType");
    shown.diff = diff_of(item);
    view.items.push_back(std::move(shown));
  }
  const ArticleLookup lookup = articles.find(stored.page_url, string_at(page, "canonicalUrl"));
  view.article_lookup_failed = lookup.failed;
  if (lookup.newest) {
    check_anchors(*items, lookup.newest->article, lang, view.items);
    for (InboxItem& item : view.items) item.article = {lookup.newest->version, lookup.newest->created_at};
  }
  return view;
}

void group_reports(InboxView& view) {
  view.groups.clear();
  std::map<std::string, std::size_t> by_key;
  for (std::size_t r = 0; r < view.reports.size(); ++r) {
    const InboxReport& report = view.reports[r];
    if (report.items.empty()) {  // not from the widget, yet shown: a group of its own
      InboxGroup group;
      group.page_url = report.page_url;
      group.page_title = report.page_title;
      group.entries.push_back({r, kNoItem});
      view.groups.push_back(std::move(group));
      continue;
    }
    for (std::size_t i = 0; i < report.items.size(); ++i) {
      const InboxItem& item = report.items[i];
      const std::string key =
          report.page_url + '\n' +
          (item.current_block >= 0 ? "block " + std::to_string(item.current_block) : "paragraph " + item.paragraph);
      auto [at, fresh] = by_key.emplace(key, view.groups.size());
      if (fresh) {
        InboxGroup group;
        group.page_url = report.page_url;
        group.page_title = report.page_title;
        group.original = item.original;
        group.kind = item.kind;
        group.element_id = !item.current_element_id.empty() ? item.current_element_id : item.element_id;
        group.anchor = item.anchor;
        group.article = item.article;
        view.groups.push_back(std::move(group));
      }
      InboxGroup& group = view.groups[at->second];
      group.entries.push_back({r, i});
      bool known = false;
      for (const std::string& p : group.paragraphs) known = known || p == item.paragraph;
      if (!known) group.paragraphs.push_back(item.paragraph);
    }
  }
}

std::string anchor_status_text(const AnchorStatus& status, const Lang& lang) {
  const bool fr = lang.french();
  switch (status.state) {
    case AnchorState::ArticleUnknown: return fr ? "article inconnu" : "unknown article";
    case AnchorState::Exact: return fr ? "trouv\u00e9 (tel quel)" : "found (exact)";
    case AnchorState::Orphaned: return fr ? "orphelin" : "orphaned";
    case AnchorState::Unchecked: return fr ? "ancre illisible" : "anchor unreadable";
    case AnchorState::Moved: break;
  }
  char score[16];
  std::snprintf(score, sizeof score, "%.2f", status.score);
  return fr ? std::string("trouv\u00e9 (d\u00e9plac\u00e9/modifi\u00e9, score ") + score + ")"
            : std::string("found (moved/edited, score ") + score + ")";
}

}  // namespace erratum::collector
