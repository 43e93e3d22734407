#include "erratum/core/report.hpp"

#include "erratum/core/diff.hpp"
#include "erratum/core/fields.hpp"
#include "erratum/core/text.hpp"

#include <algorithm>
#include <cmath>

namespace erratum {
namespace {

// "unspecified": the reader did not say, and the widget invents nothing.
constexpr const char* kErrorTypes[] = {"unspecified", "typo", "grammar", "fact", "other"};
constexpr const char* kOpNames[] = {"equal", "insert", "delete"};
constexpr std::size_t kMaxTitleLength = 1000;
constexpr std::size_t kMaxLangLength = 35;
constexpr std::size_t kMaxVersionLength = 50;
constexpr std::size_t kMaxUrlLength = 8192;

// Validation walks the report with a cursor that knows the current path.
// The JSON types a report member can be required to have.
enum class Expected { Object, Array, String, Boolean, Number };

class Checker {
 public:
  Checker(Issues& errors) : errors_(errors) {}

  // Two overloads rather than a default argument: the empty params object
  // and the code's string are then built here, not at each of the many
  // call sites.
  void add(const char* code, std::string_view path) { add_issue(errors_, code, path); }
  void add(const char* code, std::string_view path, Json params) { add_issue(errors_, code, path, std::move(params)); }
  void expected(std::string_view path, const char* type) { add_type_expected(errors_, path, type); }

  // The member as an object/array/string; reports a type error (or a
  // missing required member) and returns nullptr otherwise.
  const Json* get(const Json& parent, const std::string& parent_path, const char* key, Expected type, bool required) {
    const std::string path = path_join(parent_path, key);
    const Json* v = member(parent, key);
    if (!v || v->is_null()) {
      if (required) add("value.required", path);
      return nullptr;
    }
    const bool matches = type == Expected::Number   ? v->is_number()
                         : type == Expected::Object ? v->is_object()
                         : type == Expected::Array  ? v->is_array()
                         : type == Expected::String ? v->is_string()
                                                    : v->is_boolean();
    if (!matches) {
      expected(path, expected_name(type));
      return nullptr;
    }
    return v;
  }

  const std::string* get_string(const Json& parent, const std::string& parent_path, const char* key, bool required,
                                std::size_t max_length) {
    const Json* v = get(parent, parent_path, key, Expected::String, required);
    if (!v) return nullptr;
    const auto& s = as_string(*v);
    const std::string path = path_join(parent_path, key);
    if (!check_text_field(s, path, errors_)) return nullptr;
    const std::size_t length = utf16_length(s);
    if (length > max_length) add("text.too_long", path, json_object({{"length", length}, {"max", max_length}}));
    return &s;
  }

  void unknown_keys(const Json& object, const std::string& path, std::initializer_list<const char*> known) {
    const auto* members = object.get_ptr<const Json::object_t*>();
    if (!members) return;
    for (const auto& entry : *members) {
      const std::string& key = entry.first;
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
        add("value.unknown_key", path_join(path, key), json_object({{"key", key}}));
    }
  }

 private:
  static const char* expected_name(Expected t) {
    switch (t) {
      case Expected::Object: return "object";
      case Expected::Array: return "array";
      case Expected::String: return "string";
      case Expected::Boolean: return "boolean";
      default: return "number";
    }
  }
  Issues& errors_;
};

// The values a value.not_allowed issue lists, as a JSON array of strings.
Json allowed_list(const char* const* first, const char* const* last) {
  Json allowed = empty_array();
  for (; first != last; ++first) allowed.push_back(*first);
  return json_object({{"allowed", std::move(allowed)}});
}

std::string concat_ops(const Json& ops, const char* skip) {
  std::string out;
  for (const auto& op : ops) {
    const std::string* kind = string_member(op, "op");
    const std::string* text = string_member(op, "text");
    if (kind && text && *kind != skip) out += *text;
  }
  return out;
}

void check_diff(Checker& c, const Json& item, const std::string& path, const std::string* original,
                const std::string* corrected) {
  const Json* diff = c.get(item, path, "diff", Expected::Object, true);
  if (!diff) return;
  const std::string dpath = path_join(path, "diff");
  const Json* ops = c.get(*diff, dpath, "ops", Expected::Array, true);
  if (!ops) return;
  for (std::size_t k = 0; k < ops->size(); ++k) {
    const Json& op = (*ops)[k];
    const std::string opath = path_index(path_join(dpath, "ops"), k);
    const std::string* kind = string_member(op, "op");
    if (!kind || (*kind != "equal" && *kind != "insert" && *kind != "delete"))
      c.add("value.not_allowed", path_join(opath, "op"), allowed_list(std::begin(kOpNames), std::end(kOpNames)));
    if (!string_member(op, "text")) c.expected(path_join(opath, "text"), "string");
  }
  // The diff must be the one of these two texts: never trust it blindly.
  if (original && corrected && (concat_ops(*ops, "insert") != *original || concat_ops(*ops, "delete") != *corrected))
    c.add("diff.mismatch", path_join(dpath, "ops"));
}

void check_item(Checker& c, const Json& item, const std::string& path, const Limits& limits,
                std::vector<long long>& blocks_seen) {
  if (!item.is_object()) {
    c.expected(path, "object");
    return;
  }
  c.unknown_keys(item, path, {"anchor", "kind", "original", "corrected", "comment", "errorType", "diff"});
  if (const Json* anchor = c.get(item, path, "anchor", Expected::Object, true)) {
    const std::string apath = path_join(path, "anchor");
    const Json* selectors = member(*anchor, "selector");
    bool has_quote = false;
    if (selectors && selectors->is_array()) {
      for (const auto& s : *selectors) {
        const std::string* type = string_member(s, "type");
        const std::string* exact = string_member(s, "exact");
        if (type && *type == "TextQuoteSelector" && exact && !exact->empty()) has_quote = true;
      }
    }
    if (!has_quote) c.add("anchor.invalid", path_join(apath, "selector"));
    if (const Json* bi = c.get(*anchor, apath, "blockIndex", Expected::Number, true)) {
      const double d = as_number(*bi);
      if (!std::isfinite(d) || d < 0 || std::floor(d) != d || d > 1e9)
        c.expected(path_join(apath, "blockIndex"), "integer");
      else if (std::find(blocks_seen.begin(), blocks_seen.end(), static_cast<long long>(d)) != blocks_seen.end())
        c.add("item.duplicate", path);
      else
        blocks_seen.push_back(static_cast<long long>(d));
    }
  }
  if (const std::string* kind = c.get_string(item, path, "kind", true, 32)) {
    if (!parse_block_kind(*kind))
      c.add("value.not_allowed", path_join(path, "kind"), json_object({{"allowed", block_kind_names()}}));
  }
  const std::string* original = c.get_string(item, path, "original", true, 1000000);
  const std::string* corrected =
      c.get_string(item, path, "corrected", true, static_cast<std::size_t>(limits.max_correction_length));
  const std::string* comment =
      c.get_string(item, path, "comment", false, static_cast<std::size_t>(limits.max_comment_length));
  if (const std::string* type = c.get_string(item, path, "errorType", true, 32)) {
    if (std::none_of(std::begin(kErrorTypes), std::end(kErrorTypes), [&](const char* t) { return *type == t; }))
      c.add("value.not_allowed", path_join(path, "errorType"),
            allowed_list(std::begin(kErrorTypes), std::end(kErrorTypes)));
  }
  check_diff(c, item, path, original, corrected);
  // A report item must say something: a changed text or a comment. Changes
  // that normalization erases (spaces only) do not count.
  if (original && corrected) {
    const bool changed = normalize_utf8(*original) != normalize_utf8(*corrected);
    // A comment refused for its characters was still written: one error for it is enough.
    const bool comment_refused = !comment && string_member(item, "comment");
    const bool commented = comment_refused || (comment && !normalize_utf8(*comment).empty());
    if (!changed && !commented) c.add("item.no_change", path);
  }
}

}  // namespace

void put_diff(Json& object, const DiffResult& diff) {
  Json ops = empty_array();
  for (const auto& op : diff.ops) ops.push_back(json_object({{"op", op_name(op.kind)}, {"text", op.text}}));
  object["ops"] = std::move(ops);
  object["counts"] = json_object({{"equal", diff.counts.equal},
                                  {"inserted", diff.counts.inserted},
                                  {"deleted", diff.counts.deleted},
                                  {"wordsInserted", diff.counts.words_inserted},
                                  {"wordsDeleted", diff.counts.words_deleted}});
}

Json ReportCheck::spam_json(const Lang& lang) const {
  Json reasons = empty_array();
  for (const auto& code : spam_reasons)
    reasons.push_back(json_object({{"code", code}, {"message", issue_message({code, ""}, lang)}}));
  return json_object({{"flagged", !spam_reasons.empty()}, {"reasons", reasons}});
}

ReportCheck validate_report(const Json& report, const Limits& limits) {
  ReportCheck result;
  Checker c(result.errors);
  // The parents' paths, each made once for the several members checked in it.
  const std::string root, page_path = "page", reporter_path = "reporter", client_path = "client", form_path = "form";
  if (!report.is_object()) {
    c.expected(root, "object");
    return result;
  }
  c.unknown_keys(report, root,
                 {"schema", "id", "createdAt", "page", "items", "reporter", "client", "metadata", "form"});

  if (const std::string* schema = c.get_string(report, root, "schema", true, 64); schema && *schema != kReportSchema)
    c.add("report.schema", "schema", json_object({{"schema", *schema}}));
  if (const std::string* id = c.get_string(report, root, "id", true, 64); id && !is_uuid(*id))
    c.add("value.invalid_uuid", "id");
  if (const std::string* at = c.get_string(report, root, "createdAt", true, 64); at && !is_iso_datetime(*at))
    c.add("value.invalid_date", "createdAt");

  if (const Json* page = c.get(report, root, "page", Expected::Object, true)) {
    c.unknown_keys(*page, page_path, {"url", "canonicalUrl", "title", "lang", "articleHash"});
    if (const std::string* url = c.get_string(*page, page_path, "url", true, kMaxUrlLength);
        url && !is_absolute_http_url(*url))
      c.add("url.invalid", "page.url");
    if (const std::string* canon = c.get_string(*page, page_path, "canonicalUrl", false, kMaxUrlLength);
        canon && !canon->empty() && !is_absolute_http_url(*canon))
      c.add("url.invalid", "page.canonicalUrl");
    c.get_string(*page, page_path, "title", false, kMaxTitleLength);
    c.get_string(*page, page_path, "lang", false, kMaxLangLength);
    c.get_string(*page, page_path, "articleHash", false, 80);
  }

  if (const Json* items = c.get(report, root, "items", Expected::Array, true)) {
    if (items->size() < static_cast<std::size_t>(limits.min_paragraphs))
      c.add("items.too_few", "items", json_object({{"min", limits.min_paragraphs}}));
    if (items->size() > static_cast<std::size_t>(limits.max_paragraphs))
      c.add("items.too_many", "items", json_object({{"max", limits.max_paragraphs}}));
    std::vector<long long> blocks_seen;  // at most maxParagraphs (50): a linear search is enough
    // Past the limit, items are not examined one by one: the count is the error.
    const std::size_t examined = std::min<std::size_t>(items->size(), static_cast<std::size_t>(limits.max_paragraphs));
    for (std::size_t i = 0; i < examined; ++i) check_item(c, (*items)[i], path_index("items", i), limits, blocks_seen);
  }

  const Json* reporter = c.get(report, root, "reporter", Expected::Object, false);
  const Json empty = empty_object();
  c.unknown_keys(reporter ? *reporter : empty, reporter_path, {"name", "email"});
  c.get_string(reporter ? *reporter : empty, reporter_path, "name", false,
               static_cast<std::size_t>(limits.max_name_length));
  const std::string* email = c.get_string(reporter ? *reporter : empty, reporter_path, "email", false, 254);
  const bool has_email = email && !email->empty();
  if (has_email && !is_valid_email(*email)) c.add("email.invalid", "reporter.email");
  if (!has_email && limits.contact == ContactMode::Required && !(reporter && member(*reporter, "email") && !email))
    c.add("email.required", "reporter.email");

  if (const Json* client = c.get(report, root, "client", Expected::Object, false)) {
    c.unknown_keys(*client, client_path, {"version", "locale"});
    c.get_string(*client, client_path, "version", false, kMaxVersionLength);
    c.get_string(*client, client_path, "locale", false, kMaxLangLength);
  }
  if (const Json* metadata = c.get(report, root, "metadata", Expected::Object, false)) {
    const std::size_t size = dump_json(*metadata).size();
    const auto max = static_cast<std::size_t>(limits.max_metadata_bytes);
    if (size > max) c.add("metadata.too_large", "metadata", json_object({{"size", size}, {"max", max}}));
    check_strings(*metadata, "metadata", result.errors);
  }

  if (const Json* form = c.get(report, root, "form", Expected::Object, true)) {
    c.unknown_keys(*form, form_path, {"honeypot", "elapsedMs"});
    const std::string* honeypot = c.get_string(*form, form_path, "honeypot", false, 1000);
    if (honeypot && !honeypot->empty()) result.spam_reasons.push_back("spam.honeypot");
    if (const Json* elapsed = c.get(*form, form_path, "elapsedMs", Expected::Number, true)) {
      const double ms = as_number(*elapsed);
      if (!std::isfinite(ms) || ms < 0)
        c.add("value.out_of_range", "form.elapsedMs", json_object({{"min", 0}, {"max", "∞"}}));
      else if (ms < limits.min_fill_ms)
        result.spam_reasons.push_back("spam.too_fast");
    }
  }
  // Strings no rule above reads (anchors, diff counts, an op's other
  // members) are checked once the rest is valid, so that no string reaches a
  // collector's storage unchecked and none is refused twice.
  if (result.errors.empty()) check_strings(report, root, result.errors);
  return result;
}

Composition compose_report(const Article& article, const Json& draft, const Limits& limits, const Json& metadata) {
  Composition out;
  Issues& errors = out.check.errors;
  Checker c(errors);
  if (!draft.is_object()) {
    c.expected("", "object");
    return out;
  }
  const auto str = [&](const Json& obj, const char* key) {
    const std::string* s = string_member(obj, key);
    return s ? *s : std::string();
  };

  Json report = empty_object();
  report["schema"] = kReportSchema;
  report["id"] = str(draft, "id");
  report["createdAt"] = str(draft, "createdAt");

  const Json* page_in = member(draft, "page");
  const Json& page = page_in ? *page_in : empty_object();
  report["page"] = json_object({{"url", strip_page_url(str(page, "url"), limits.page_url)},
                                {"canonicalUrl", str(page, "canonicalUrl")},
                                {"title", normalize_utf8(str(page, "title"))},
                                {"lang", str(page, "lang")},
                                {"articleHash", article.hash}});

  Json items = empty_array();
  const Json* items_in = member(draft, "items");
  if (items_in && !items_in->is_array()) c.expected("items", "array");
  const std::size_t count = items_in && items_in->is_array() ? items_in->size() : 0;
  for (std::size_t i = 0; i < count && i <= static_cast<std::size_t>(limits.max_paragraphs); ++i) {
    const Json& in = (*items_in)[i];
    const std::string path = path_index("items", i);
    const long long index = index_member(in, "block");
    if (auto issue = check_block_index(article, index, path_join(path, "block"), true)) {
      errors.push_back(std::move(*issue));
      continue;
    }
    const auto narrowing = read_narrowing(in, path, errors);
    if (!narrowing) continue;
    const Block& b = article.blocks[static_cast<std::size_t>(index)];

    // The reader's text is normalized like the paragraph only when it is
    // clean; otherwise it is kept as typed so that validation below refuses
    // the control character or broken encoding with a message, rather than
    // normalization silently dropping it.
    std::string corrected = b.text.utf8;
    if (const Json* cin = member(in, "corrected"); cin && !cin->is_null()) {
      if (!cin->is_string()) {
        c.expected(path_join(path, "corrected"), "string");
      } else {
        Issues scratch;
        const auto& raw = as_string(*cin);
        corrected = check_text_field(raw, "", scratch) ? normalize_utf8(raw) : raw;
      }
    }
    std::string comment;
    if (const Json* cm = member(in, "comment"); cm && !cm->is_null()) {
      if (!cm->is_string())
        c.expected(path_join(path, "comment"), "string");
      else
        comment = as_string(*cm);
    }
    // Comments keep their line breaks; only the ends are trimmed.
    const auto first = comment.find_first_not_of(" \t\r\n");
    comment = first == std::string::npos ? std::string()
                                         : comment.substr(first, comment.find_last_not_of(" \t\r\n") - first + 1);
    std::string error_type = str(in, "errorType");
    if (error_type.empty()) error_type = "unspecified";

    const DiffResult diff = diff_words(b.text.utf8, corrected);
    Json diff_object = empty_object();
    put_diff(diff_object, diff);
    items.push_back(json_object({{"anchor", make_anchor(article, static_cast<int>(index), *narrowing)},
                                 {"kind", block_kind_name(b.kind)},
                                 {"original", b.text.utf8},
                                 {"corrected", corrected},
                                 {"comment", comment},
                                 {"errorType", error_type},
                                 {"diff", std::move(diff_object)}}));
  }
  report["items"] = std::move(items);

  const Json* reporter_in = member(draft, "reporter");
  const Json& reporter = reporter_in ? *reporter_in : empty_object();
  if (limits.contact != ContactMode::Off) {
    Json r = empty_object();
    for (const char* key : {"name", "email"}) {
      const Json* v = member(reporter, key);
      if (v && v->is_string()) {
        std::string s = as_string(*v);
        const auto a = s.find_first_not_of(' ');
        r[key] = a == std::string::npos ? std::string() : s.substr(a, s.find_last_not_of(' ') - a + 1);
      } else if (v && !v->is_null()) {
        c.expected(path_join("reporter", key), "string");
      }
    }
    report["reporter"] = std::move(r);
  }

  const Json* client_in = member(draft, "client");
  report["client"] =
      json_object({{"version", ERRATUM_VERSION}, {"locale", client_in ? str(*client_in, "locale") : std::string()}});
  if (metadata.is_object() && !metadata.empty()) report["metadata"] = metadata;
  const Json* form_in = member(draft, "form");
  const Json* elapsed = form_in ? member(*form_in, "elapsedMs") : nullptr;
  report["form"] = json_object({{"honeypot", form_in ? str(*form_in, "honeypot") : std::string()},
                                {"elapsedMs", elapsed && elapsed->is_number() ? *elapsed : Json(0)}});

  // The composed report goes through the very validation the collector runs.
  ReportCheck check = validate_report(report, limits);
  errors.insert(errors.end(), check.errors.begin(), check.errors.end());
  out.check.spam_reasons = std::move(check.spam_reasons);
  out.report = std::move(report);
  return out;
}

}  // namespace erratum
