#include "erratum/api.hpp"

#include "erratum/core/article.hpp"
#include "erratum/core/config.hpp"
#include "erratum/core/diff.hpp"
#include "erratum/core/document.hpp"
#include "erratum/core/issues.hpp"
#include "erratum/core/reanchor.hpp"
#include "erratum/core/report.hpp"
#include "erratum/core/text.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

namespace erratum::api {
namespace {

// A request parsed into JSON, or the envelope that explains why not.
struct Request {
  std::optional<Json> value;
  std::string failure;  // the error envelope when !value
  Lang lang;
};

std::string fail(const Issues& errors, const Lang& lang) {
  return dump_json(json_object({{"ok", false}, {"errors", issues_to_json(errors, lang)}}));
}

// The envelope of one issue without params on the whole input.
std::string fail(std::string_view code, const Lang& lang) {
  Issues errors;
  add_issue(errors, code, "");
  return fail(errors, lang);
}

Request read_request(std::string_view text, std::optional<Lang> lang = std::nullopt) {
  Request r;
  if (text.size() > kMaxRequestBytes) {
    r.failure = fail({{"input.too_large", "", json_object({{"size", text.size()}, {"max", kMaxRequestBytes}})}},
                     lang.value_or(Lang{}));
    return r;
  }
  ParseProblem why = ParseProblem::None;
  r.value = parse_json(text, &why);
  if (!r.value) {
    r.failure = fail(why == ParseProblem::TooDeep ? "json.too_deep" : "json.invalid", lang.value_or(Lang{}));
    return r;
  }
  const std::string* tag = string_member(*r.value, "lang");
  r.lang = lang ? *lang : parse_lang(tag ? *tag : "");
  return r;
}

// Removes repeated (code, path) pairs, keeping the first: composition and
// validation can meet the same problem from two sides.
Issues unique(Issues issues) {
  Issues out;
  for (auto& i : issues) {
    if (std::none_of(out.begin(), out.end(), [&](const Issue& o) { return o.code == i.code && o.path == i.path; }))
      out.push_back(std::move(i));
  }
  return out;
}

Json config_envelope(const ConfigResult& result, const Lang& lang) {
  return json_object({{"ok", result.ok()},
                      {"config", result.config},
                      {"errors", issues_to_json(result.errors, lang)},
                      {"warnings", issues_to_json(result.warnings, lang)}});
}

// One anchor's quote found again in `article`: what the JSON and the packed
// answers both report, so the two cannot disagree. Nothing when the quote is
// empty once normalized (the anchor is invalid).
struct Reanchored {
  ReanchorResult where;  // score rounded as answers write it
  int block = -1;
};

std::optional<Reanchored> reanchor_one(const Article& article, std::string_view exact, std::string_view prefix,
                                       std::string_view suffix, std::optional<std::size_t> hint) {
  // The quote is compared in normalized form, like the article text.
  const std::u16string quote = normalize_utf16(exact);
  if (quote.empty()) return std::nullopt;
  Reanchored r;
  r.where = reanchor_quote(article.text, QuoteQuery{quote, utf8_to_utf16(prefix), utf8_to_utf16(suffix), hint});
  r.where.score = round_decimals(r.where.score);
  if (r.where.found) r.block = article.block_at(r.where.start);
  return r;
}

// Re-anchors each anchor in `article`; a malformed anchor gets its own error
// in its result and does not stop the others. The answer is written as text
// directly: this runs for every anchor of every report an editor opens.
std::string reanchor_envelope(const Article& article, const Json& anchors, const Lang& lang) {
  std::string out = "{\"ok\":true,\"results\":[";
  const auto text = [](const std::string* s) { return s ? std::string_view(*s) : std::string_view(); };
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    if (i) out.push_back(',');
    const Json& anchor = anchors[i];
    const Json* selectors = member(anchor, "selector");
    // The last quote selector with an exact string gives the quote; a prefix
    // or suffix it lacks is taken from an earlier one.
    const std::string *exact = nullptr, *prefix = nullptr, *suffix = nullptr;
    std::optional<std::size_t> hint;
    if (selectors && selectors->is_array()) {
      for (const auto& s : *selectors) {
        const std::string* type = string_member(s, "type");
        if (!type) continue;
        if (*type == "TextQuoteSelector") {
          const std::string* e = string_member(s, "exact");
          if (!e) continue;
          exact = e;
          if (const std::string* p = string_member(s, "prefix")) prefix = p;
          if (const std::string* x = string_member(s, "suffix")) suffix = x;
        } else if (*type == "TextPositionSelector") {
          if (const long long start = index_member(s, "start"); start >= 0) hint = static_cast<std::size_t>(start);
        }
      }
    }
    const std::optional<Reanchored> found =
        exact ? reanchor_one(article, *exact, text(prefix), text(suffix), hint) : std::nullopt;
    if (!found) {
      out += "{\"found\":false,\"block\":-1,\"error\":";
      append_json(out, issue_to_json({"anchor.invalid", path_index("anchors", i)}, lang));
      out.push_back('}');
      continue;
    }
    const ReanchorResult& r = found->where;
    out += r.found ? "{\"found\":true,\"exact\":" : "{\"found\":false,\"exact\":";
    out += r.exact ? "true" : "false";
    // Integers are written as they are; only the score goes through the
    // document writer, for its shortest exact form.
    out += ",\"start\":";
    append_integer(out, static_cast<std::ptrdiff_t>(r.start));
    out += ",\"end\":";
    append_integer(out, static_cast<std::ptrdiff_t>(r.end));
    out += ",\"score\":";
    append_json(out, Json(r.score));
    out += ",\"errors\":";
    append_integer(out, r.errors);
    out += ",\"block\":";
    append_integer(out, found->block);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

const Json* anchors_of(const Json& request, Issues& errors) {
  const Json* anchors = member(request, "anchors");
  if (!anchors || !anchors->is_array()) {
    add_type_expected(errors, "anchors", "array");
    return nullptr;
  }
  return anchors;
}

}  // namespace

std::optional<Json> parse_json(std::string_view text, ReadProblem* problem) {
  ParseProblem why = ParseProblem::None;
  std::optional<Json> doc = erratum::parse_json(text, &why);
  if (problem)
    *problem = why == ParseProblem::None      ? ReadProblem::None
               : why == ParseProblem::TooDeep ? ReadProblem::TooDeep
                                              : ReadProblem::Invalid;
  return doc;
}

std::string dump_json(const Json& value) { return erratum::dump_json(value); }
const Json* member(const Json& object, std::string_view key) { return erratum::member(object, key); }
const std::string* string_member(const Json& object, std::string_view key) {
  return erratum::string_member(object, key);
}
const std::string& as_string(const Json& value) { return erratum::as_string(value); }
double as_number(const Json& value) { return erratum::as_number(value); }
bool as_bool(const Json& value) { return erratum::as_bool(value); }
long long index_member(const Json& object, std::string_view key) { return erratum::index_member(object, key); }
bool is_valid_utf8(std::string_view text) { return erratum::is_valid_utf8(text); }

std::string catalog_language(std::string_view tag) {
  const Lang lang = parse_lang(tag);
  return serving_language(lang) == lang.code ? lang.code : std::string();
}

std::string issue_message(std::string_view code, const Json& params, std::string_view lang) {
  return erratum::issue_message(Issue{std::string(code), "", params}, parse_lang(lang));
}

std::string load_messages(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  Issues errors;
  if (r.lang.code.empty()) add_issue(errors, "value.required", "lang");
  const Json* messages = member(*r.value, "messages");
  if (!messages || !messages->is_object()) {
    add_type_expected(errors, "messages", "object");
  } else {
    // Through the object itself: nlohmann's items() would bring its
    // array-index keys along.
    for (const auto& [code, tmpl] : *messages->get_ptr<const Json::object_t*>())
      if (!tmpl.is_string()) add_type_expected(errors, path_join("messages", code), "string");
  }
  if (!errors.empty()) return fail(errors, r.lang);
  set_message_table(r.lang, *messages);
  return dump_json(json_object({{"ok", true}, {"lang", r.lang.code}}));
}

std::string fill_message(std::string_view tmpl, const Json& params) { return erratum::fill_message(tmpl, params); }

std::string version() {
  return dump_json(json_object({{"ok", true}, {"version", ERRATUM_VERSION}, {"schema", kReportSchema}}));
}

std::string validate_config(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  const Json* config = member(*r.value, "config");
  return dump_json(config_envelope(erratum::validate_config(config ? *config : Json()), r.lang));
}

std::string diff(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  const std::string* original = string_member(*r.value, "original");
  const std::string* corrected = string_member(*r.value, "corrected");
  Issues errors;
  if (!original) add_type_expected(errors, "original", "string");
  if (!corrected) add_type_expected(errors, "corrected", "string");
  if (!errors.empty()) return fail(errors, r.lang);
  Json answer = json_object({{"ok", true}});
  put_diff(answer, diff_words(*original, *corrected));
  return dump_json(answer);
}

namespace {

// Writes the packed layout of the diff into `packed` from `at` on, working
// in `workspace`, and returns where it ends. `packed` only grows (a
// push_back per word is a call here): what lies past the end is left as it
// was, so that a vector reused from one diff to the next is neither cleared
// nor zeroed again.
std::size_t put_packed_diff(std::string_view original, std::string_view corrected, DiffWorkspace& workspace,
                            std::vector<std::uint32_t>& packed, std::size_t at) {
  const DiffSpans& spans = diff_word_spans(original, corrected, workspace);
  const std::size_t end = at + kPackedDiffHeader + 3 * spans.ops.size();
  if (packed.size() < end) packed.resize(end);
  std::uint32_t* out = packed.data() + at;
  for (std::size_t count : {spans.counts.equal, spans.counts.inserted, spans.counts.deleted,
                            spans.counts.words_inserted, spans.counts.words_deleted}) {
    *out++ = static_cast<std::uint32_t>(count);
  }
  for (const DiffSpan& op : spans.ops) {
    *out++ = static_cast<std::uint32_t>(op.kind);
    *out++ = op.start;
    *out++ = op.end;
  }
  return end;
}

}  // namespace

std::vector<std::uint32_t> diff_packed(std::string_view original, std::string_view corrected) {
  DiffWorkspace workspace;
  std::vector<std::uint32_t> packed;
  put_packed_diff(original, corrected, workspace, packed, 0);
  return packed;
}

struct LiveDiff::State {
  std::vector<char> input;
  std::vector<std::uint32_t> output;
  DiffWorkspace workspace;
};

LiveDiff::LiveDiff() : state_(std::make_unique<State>()) {}
LiveDiff::~LiveDiff() = default;

char* LiveDiff::input(std::size_t bytes) {
  if (state_->input.size() < bytes) state_->input.resize(bytes);
  return state_->input.data();
}

const std::uint32_t* LiveDiff::run(std::size_t original_bytes, std::size_t corrected_at, std::size_t corrected_bytes) {
  State& s = *state_;
  if (s.output.empty()) s.output.resize(1);
  s.output[0] = 0;
  const std::size_t size = s.input.size();
  if (original_bytes > size || corrected_at > size || corrected_bytes > size - corrected_at) return s.output.data();
  const std::string_view original(s.input.data(), original_bytes);
  const std::string_view corrected(s.input.data() + corrected_at, corrected_bytes);
  const std::size_t end = put_packed_diff(original, corrected, s.workspace, s.output, 1);
  s.output[0] = static_cast<std::uint32_t>(end - 1);
  return s.output.data();
}

std::string validate_report(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  // Limits come from the collector's configuration when it sends one; a
  // config without an endpoint is fine here (the collector is the endpoint).
  Limits limits;
  if (const Json* config = member(*r.value, "config"); config && config->is_object()) {
    Json with_endpoint = *config;
    if (!member(with_endpoint, "endpoint")) with_endpoint["endpoint"] = "https://collector.invalid/";
    ConfigResult cr = erratum::validate_config(with_endpoint);
    if (!cr.ok()) return fail(cr.errors, r.lang);
    limits = cr.limits;
  }
  const Json* report = member(*r.value, "report");
  const ReportCheck check = erratum::validate_report(report ? *report : Json(), limits);
  return dump_json(json_object({{"ok", check.errors.empty()},
                                {"errors", issues_to_json(unique(check.errors), r.lang)},
                                {"spam", check.spam_json(r.lang)}}));
}

std::string reanchor(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  Issues errors;
  const Json* article_json = member(*r.value, "article");
  std::optional<Article> article = Article::from_json(article_json ? *article_json : Json(), errors, "article");
  const Json* anchors = anchors_of(*r.value, errors);
  if (!article || !anchors) return fail(errors, r.lang);
  return reanchor_envelope(*article, *anchors, r.lang);
}

std::string normalize(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  const std::string* text = string_member(*r.value, "text");
  if (!text) return fail({type_expected("text", "string")}, r.lang);
  const NormalizedText n = erratum::normalize(*text);
  return dump_json(
      json_object({{"ok", true}, {"text", n.utf8}, {"length", n.utf16.size()}, {"hash", content_hash(n.utf8)}}));
}

class SessionState {
 public:
  std::optional<Article> article;
  Selection selection;
  ConfigResult config;  // the configuration in force (defaults until configured)
  Lang lang;

  std::string selection_envelope(const std::optional<Issue>& problem) const {
    Json out = json_object({{"ok", !problem}, {"selected", selection.indices()}, {"max", selection.max()}});
    if (problem) out["errors"] = issues_to_json({*problem}, lang);
    return dump_json(out);
  }

  template <typename Change>
  std::string change_selection(Change change) {
    if (!article) return fail("article.not_loaded", lang);
    return selection_envelope(change(*article));
  }
};

Session::Session() : state_(std::make_unique<SessionState>()) {}
Session::~Session() = default;

std::string Session::configure(std::string_view request) {
  Request r = read_request(request);
  if (!r.value) return r.failure;
  const Json* config = member(*r.value, "config");
  ConfigResult result = erratum::validate_config(config ? *config : Json());
  const std::string answer = dump_json(config_envelope(result, r.lang));
  if (result.ok()) {
    state_->lang = r.lang;
    state_->selection.set_max(result.limits.max_paragraphs);
    state_->config = std::move(result);
  }
  return answer;
}

std::string Session::load_article(std::string_view request) {
  Request r = read_request(request, state_->lang);
  if (!r.value) return r.failure;
  Issues errors;
  std::optional<Article> article = Article::from_json(*r.value, errors);
  if (!article) return fail(errors, state_->lang);
  state_->article = std::move(article);
  state_->selection.clear();
  return state_->article->summary_json();
}

std::string Session::toggle(int index) {
  return state_->change_selection([&](const Article& a) { return state_->selection.toggle(a, index); });
}
std::string Session::select(int index) {
  return state_->change_selection([&](const Article& a) { return state_->selection.select(a, index); });
}
std::string Session::deselect(int index) {
  return state_->change_selection([&](const Article& a) { return state_->selection.deselect(a, index); });
}
std::string Session::clear() {
  return state_->change_selection([&](const Article&) {
    state_->selection.clear();
    return std::optional<Issue>();
  });
}
std::string Session::selection() const { return state_->selection_envelope(std::nullopt); }

std::string Session::anchor(std::string_view request) {
  Request r = read_request(request, state_->lang);
  if (!r.value) return r.failure;
  if (!state_->article) return fail("article.not_loaded", state_->lang);
  Issues errors;
  const long long index = index_member(*r.value, "block");
  if (auto issue = check_block_index(*state_->article, index, "block", true)) return fail({*issue}, state_->lang);
  const auto narrowing = read_narrowing(*r.value, "", errors);
  if (!narrowing) return fail(errors, state_->lang);
  return dump_json(
      json_object({{"ok", true}, {"anchor", make_anchor(*state_->article, static_cast<int>(index), *narrowing)}}));
}

std::string Session::reanchor(std::string_view request) {
  Request r = read_request(request, state_->lang);
  if (!r.value) return r.failure;
  if (!state_->article) return fail("article.not_loaded", state_->lang);
  Issues errors;
  const Json* anchors = anchors_of(*r.value, errors);
  if (!anchors) return fail(errors, state_->lang);
  return reanchor_envelope(*state_->article, *anchors, state_->lang);
}

bool Session::reanchor_packed(std::string_view packed, std::string& results) const {
  results.clear();
  const std::size_t size = packed.size();
  if (!state_->article || size < 4 || size > kMaxRequestBytes) return false;
  const auto word = [&packed](std::size_t i) {
    std::uint32_t w;
    std::memcpy(&w, packed.data() + 4 * i, 4);
    return w;
  };
  const std::size_t count = word(0);
  if (count > (size - 4) / 16) return false;
  std::size_t at = 4 + 16 * count;  // the next string's first byte
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view texts[3];  // exact, prefix, suffix
    for (std::size_t t = 0; t < 3; ++t) {
      const std::size_t bytes = word(2 + 4 * i + t);
      if (bytes > size - at) return results.clear(), false;
      texts[t] = std::string_view(packed.data() + at, bytes);
      at += bytes;
    }
    // The JSON call's rule for a position (index_member): a larger one is none.
    const std::uint32_t start = word(1 + 4 * i);
    std::optional<std::size_t> hint;
    if (start <= kMaxIndexMember) hint = start;
    const std::optional<Reanchored> found = reanchor_one(*state_->article, texts[0], texts[1], texts[2], hint);
    if (!found) return results.clear(), false;
    const ReanchorResult& r = found->where;
    const double fields[kPackedReanchorFields] = {double(r.found), double(r.exact),  double(r.start),     double(r.end),
                                                  r.score,         double(r.errors), double(found->block)};
    results.append(reinterpret_cast<const char*>(fields), sizeof fields);
  }
  return true;
}

std::string Session::compose(std::string_view request) {
  Request r = read_request(request, state_->lang);
  if (!r.value) return r.failure;
  if (!state_->article) return fail("article.not_loaded", state_->lang);
  const Json* metadata = member(state_->config.config, "metadata");
  Composition c =
      compose_report(*state_->article, *r.value, state_->config.limits, metadata ? *metadata : empty_object());
  return dump_json(json_object({{"ok", c.check.errors.empty()},
                                {"report", std::move(c.report)},
                                {"errors", issues_to_json(unique(std::move(c.check.errors)), state_->lang)},
                                {"spam", c.check.spam_json(state_->lang)}}));
}

}  // namespace erratum::api
