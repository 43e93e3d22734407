#include "triage_routes.hpp"

#include "collector.hpp"
#include "editor_auth.hpp"
#include "error_envelope.hpp"
#include "http_routes.hpp"
#include "inbox_page.hpp"
#include "report_export.hpp"
#include "report_queries.hpp"
#include "report_store.hpp"
#include "route_helpers.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {
namespace {

// Code points of valid UTF-8 text.
std::size_t character_count(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// C0 controls other than tab, line feed and carriage return; DEL; C1 (U+0080-U+009F, 0xC2 0x80-0x9F in UTF-8).
bool has_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;
  }
  return false;
}

Json status_names() {
  Json names = Json::array();
  for (const char* s : kReportStatuses) names.push_back(s);
  return names;
}

}  // namespace

void check_status_request(const StatusRequest& request, Issues& errors) {
  if (request.status.empty())
    errors.push_back({"value.required", "status"});
  else if (!is_report_status(request.status))
    errors.push_back({codes::kUnknownStatus, "status", Json{{"status", request.status}, {"allowed", status_names()}}});
  if (!is_valid_utf8(request.note)) {
    errors.push_back({"text.invalid_encoding", "note"});
  } else {
    if (has_control_character(request.note)) errors.push_back({"text.control_character", "note"});
    if (const std::size_t length = character_count(request.note); length > kMaxNoteLength)
      errors.push_back({"text.too_long", "note", Json{{"length", length}, {"max", kMaxNoteLength}}});
  }
}

std::optional<StatusRequest> parse_status_json(std::string_view body, Issues& errors) {
  if (!is_valid_utf8(body)) {
    errors.push_back({"text.invalid_encoding", ""});
    return std::nullopt;
  }
  const std::optional<Json> parsed = parse_json(body);
  if (!parsed) {
    errors.push_back({"json.invalid", ""});
    return std::nullopt;
  }
  if (!parsed->is_object()) {
    errors.push_back({"type.expected", "", Json{{"expected", "object"}}});
    return std::nullopt;
  }
  StatusRequest request;
  bool typed = true;
  for (const auto& [key, value] : parsed->items()) {
    if (key != "status" && key != "note") {
      errors.push_back({codes::kUnknownField, key, Json{{"field", key}}});
      continue;
    }
    if (!value.is_string()) {
      errors.push_back({"type.expected", key, Json{{"expected", "string"}}});
      typed = false;
      continue;
    }
    (key == "status" ? request.status : request.note) = as_string(value);
  }
  if (typed) check_status_request(request, errors);
  if (!errors.empty()) return std::nullopt;
  return request;
}

std::string inbox_return_path(std::string_view requested) {
  const bool inbox = requested == "/inbox" || requested.rfind("/inbox?", 0) == 0;
  if (!inbox || requested.size() > 4096) return "/inbox";
  for (const char c : requested)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '\\') return "/inbox";
  return std::string(requested);
}

void Collector::install_triage_routes() {
  HttpRoutes& s = *routes_;

  const auto export_route = [this](ExportFormat format) {
    return [this, format](const Request& req, Response& res) {
      no_store(res);
      if (!admit_api_reader(req, res)) return;
      Issues errors;
      const ReportQuery query = parse_report_query(req.params, errors);
      if (!errors.empty()) return send_json(res, 400, error_envelope(errors, request_lang(req)));
      const bool csv = format == ExportFormat::Csv;
      res.status = 200;
      res.set_header("Content-Disposition",
                     std::string("attachment; filename=\"erratum-reports.") + (csv ? "csv" : "jsonl") + "\"");
      res.set_stream(export_stream(*store_, query, format),
                     csv ? "text/csv; charset=utf-8; header=present" : "application/jsonl; charset=utf-8");
    };
  };
  s.Get(R"(/api/reports\.csv)", export_route(ExportFormat::Csv));
  s.Get(R"(/api/reports\.jsonl)", export_route(ExportFormat::JsonLines));

  s.Post(R"(/api/reports/([^/]+)/status)", kStatusBodyLimit, [this](const Request& req, Response& res) {
    const std::optional<EditorWrite> write = admit_editor_write(req, res, WriteBody::JsonOrForm);
    if (!write) return;
    const Lang& lang = write->lang;
    const bool form = write->form;
    Issues errors;
    StatusRequest wanted;
    if (form) {
      wanted = {req.get_param_value("status"), req.get_param_value("note")};
      check_status_request(wanted, errors);
    } else if (std::optional<StatusRequest> parsed = parse_status_json(req.body, errors)) {
      wanted = std::move(*parsed);
    }
    if (!errors.empty()) return send_json(res, 400, error_envelope(errors, lang));

    const std::string id = req.matches[1];
    const StatusResult result =
        store_->set_status({{id}, wanted.status, write->editor.label, wanted.note, utc_timestamp_now()});
    if (result.outcome == StatusResult::Outcome::NotFound)
      return send_json(res, 404, error_envelope(Issue{codes::kNotFound, "id"}, lang));
    if (result.outcome != StatusResult::Outcome::Done)
      return send_json(res, 503, error_envelope(Issue{codes::kStorageFailed, ""}, lang));
    if (form) {
      res.status = 303;
      res.set_header("Location", inbox_return_path(req.get_param_value("return")));
      return;
    }
    const std::optional<std::vector<StatusChange>> history = store_->history(id);
    Json changes = Json::array();
    for (const StatusChange& c : history.value_or(std::vector<StatusChange>{}))
      changes.push_back(status_change_json(c));
    send_json(res, 200,
              dump_json(Json{{"ok", true},
                             {"id", id},
                             {"status", wanted.status},
                             {"changed", !result.changes.empty()},
                             {"history", std::move(changes)}}));
  });

  s.Post(kInboxStatusPath, kBulkFormLimit, [this](const Request& req, Response& res) {
    no_store(res);
    res.set_header("Content-Security-Policy", kInboxCsp);
    res.set_header("Referrer-Policy", "same-origin");
    const Lang lang = request_lang(req);
    if (req.body_too_large) return send_text(res, 413, issue_message_any(Issue{codes::kBodyTooLarge, ""}, lang));
    const AccessDecision access = editor_auth_->check_read(editor_request(req));
    if (access.verdict == Verdict::Forbidden)
      return send_text(res, 403, issue_message_any(Issue{codes::kLoopbackOnly, ""}, lang));
    if (access.verdict == Verdict::Unauthenticated) return send_login(res, lang, 401, LoginNotice::FormExpired);
    if (parse_media_type(req.get_header_value("Content-Type")).type != "application/x-www-form-urlencoded")
      return send_text(res, 415, issue_message_any(Issue{codes::kUnsupportedMediaType, ""}, lang));
    if (!editor_auth_->write_allowed(editor_request(req), access.editor, req.get_param_value("csrf")))
      return send_text(res, 403, issue_message_any(Issue{codes::kForged, ""}, lang));

    Issues errors;
    std::vector<std::string> ids;
    const auto [first, last] = req.params.equal_range("id");
    for (auto it = first; it != last; ++it)
      if (!it->second.empty()) ids.push_back(it->second);
    if (ids.empty()) errors.push_back({codes::kNothingSelected, "id"});
    if (ids.size() > kMaxSelected) errors.push_back({codes::kTooManySelected, "id", Json{{"max", kMaxSelected}}});
    const StatusRequest wanted{req.get_param_value("status"), req.get_param_value("note")};
    check_status_request(wanted, errors);
    if (!errors.empty()) {
      std::string text;
      for (const Issue& e : errors) text += e.path + ": " + issue_message_any(e, lang) + "\n";
      res.status = 400;
      return res.set_content(text, kTextType);
    }
    const StatusResult result =
        store_->set_status({std::move(ids), wanted.status, access.editor.label, wanted.note, utc_timestamp_now()});
    if (result.outcome == StatusResult::Outcome::NotFound)
      return send_text(res, 404,
                       issue_message_any(Issue{codes::kNotFound, "id"}, lang) + " (" + result.missing_id + ")");
    if (result.outcome != StatusResult::Outcome::Done)
      return send_text(res, 503, issue_message_any(Issue{codes::kStorageFailed, ""}, lang));
    std::string back = inbox_return_path(req.get_param_value("return"));
    back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("changed=") +
            std::to_string(result.changes.size());
    res.status = 303;
    res.set_header("Location", back);
  });
}

}  // namespace erratum::collector
