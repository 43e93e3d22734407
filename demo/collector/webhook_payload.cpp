#include "webhook_payload.hpp"

#include "html_escape.hpp"
#include "report_items.hpp"
#include "vocabulary.hpp"

#include <algorithm>

namespace erratum::collector {
namespace {

// Slack's mrkdwn reads &, < and > as markup: a reader's text must not link
// or mention anyone.
std::string slack_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// A reader's text on one line, so that it stays inside a quote.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text;
}

struct Summary {
  std::string title;
  std::vector<std::string> error_types;  // distinct, in item order
  std::size_t items = 0;
  std::string original;  // the first item's
  std::string corrected;
  std::string comment;
  std::string inbox_url;
};

Summary summarize(const StoredReport& report, const std::string& public_url) {
  Summary s;
  const std::optional<Json> body = parse_json(report.body);
  if (body) {
    s.title = string_at(object_at(*body, "page"), "title");
    const Json* items = member(*body, "items");
    if (items && items->is_array() && !items->empty()) {
      const Json& first = (*items)[0];
      s.original = string_at(first, "original");
      s.corrected = string_at(first, "corrected");
      s.comment = string_at(first, "comment");
    }
  }
  for (const ItemFacts& f : item_facts(report.body)) {
    ++s.items;
    if (!f.error_type.empty() &&
        std::find(s.error_types.begin(), s.error_types.end(), f.error_type) == s.error_types.end())
      s.error_types.push_back(f.error_type);
  }
  if (s.corrected == s.original) s.corrected.clear();  // a comment only
  if (!public_url.empty()) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    s.inbox_url = base + "/inbox?page=" + url_encode_component(report.page_url) + "#r-" + report.id;
  }
  return s;
}

std::string json_payload(const StoredReport& report, const Summary& s, const std::string& delivery_id) {
  Json r = Json::object();
  r["id"] = report.id;
  r["pageUrl"] = report.page_url;
  if (!s.title.empty()) r["pageTitle"] = excerpt(s.title);
  r["receivedAt"] = report.received_at;
  r["status"] = report.status;
  r["items"] = s.items;
  r["errorTypes"] = s.error_types;
  r["excerpt"] = excerpt(s.original);
  r["correction"] = excerpt(s.corrected);
  if (!s.comment.empty()) r["comment"] = excerpt(s.comment);
  if (!s.inbox_url.empty()) r["inboxUrl"] = s.inbox_url;
  return dump_json(Json{{"event", "report.received"}, {"delivery", delivery_id}, {"report", r}});
}

std::string slack_payload(const StoredReport& report, const Summary& s) {
  std::string types;
  for (const std::string& t : s.error_types) types += (types.empty() ? "" : ", ") + t;
  const std::string count = std::to_string(s.items) + (s.items == 1 ? " item" : " items");
  const std::string page = s.title.empty() ? report.page_url : one_line(excerpt(s.title, 120));
  const std::string text = "New erratum report on " + page + ": " + count + (types.empty() ? "" : " (" + types + ")");

  std::string md = "*New erratum report* on <" + slack_escape(report.page_url) + "|" + slack_escape(page) + ">\n" +
                   count + (types.empty() ? "" : " · " + slack_escape(types));
  if (!s.original.empty()) md += "\n> " + slack_escape(one_line(excerpt(s.original, 200)));
  if (!s.corrected.empty()) md += "\n*Correction:* " + slack_escape(one_line(excerpt(s.corrected, 200)));
  if (!s.comment.empty()) md += "\n*Comment:* " + slack_escape(one_line(excerpt(s.comment, 200)));
  if (!s.inbox_url.empty()) md += "\n<" + slack_escape(s.inbox_url) + "|Open in the inbox>";
  Json section{{"type", "section"}, {"text", Json{{"type", "mrkdwn"}, {"text", md}}}};
  return dump_json(Json{{"text", text}, {"blocks", Json::array({section})}});
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // A code point starts at every byte that is not a continuation byte.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points == limit) return std::string(text.substr(0, i)) + "\u2026";
    ++points;
  }
  return std::string(text);
}

std::string webhook_payload(const StoredReport& report, WebhookFormat format, const std::string& delivery_id,
                            const std::string& public_url) {
  const Summary s = summarize(report, public_url);
  return format == WebhookFormat::Slack ? slack_payload(report, s) : json_payload(report, s, delivery_id);
}

}  // namespace erratum::collector
