#include "erratum/core/config.hpp"

#include "erratum/core/fields.hpp"
#include "erratum/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace erratum {
namespace {

enum class KeyType {
  Endpoint,  // absolute URL, https: or http: on loopback
  Url,       // absolute http(s) URL or ""
  String,
  Int,
  Bool,
  Enum,
  StringMap,  // object of string values (messages, headers)
  Object,     // any JSON object, size-limited (metadata)
  Hook,       // a JS function: the JS side sends `true` in its place
  KeepQuery,  // bool or array of parameter names
};

struct KeySpec {
  const char* name;
  KeyType type;
  const char* default_json;  // JSON text of the default ("null": no default)
  long long min;
  long long max;
  const char* allowed[3];  // the values of an Enum, unused slots null
};

// The one table of configuration keys, constant data (no code runs to build
// it). docs/configuration.md documents each key (a test
// checks that every key and its default are there).
// clang-format off: a table, laid out by hand
constexpr KeySpec kKeySpecs[] = {
    {"endpoint", KeyType::Endpoint, "null", 0, 0, {}},  // URL that receives reports by POST (required)
    {"lang", KeyType::String, "\"\"", 0, 35, {}},       // language of the widget; '' = <html lang>, the article's, its
                                                        // script, then the browser
    {"articleSelector", KeyType::String, "\"\"", 0, 1000, {}},    // CSS selector of the article root; '' = automatic
                                                                  // discovery
    {"paragraphSelector", KeyType::String, "\"\"", 0, 1000, {}},  // CSS selector of the blocks inside the article; '' =
                                                                  // automatic
    {"exclude", KeyType::String, "\"\"", 0, 1000, {}},            // CSS selector of elements never offered
    {"messages", KeyType::StringMap, "{}", 0, 0, {}},             // overrides of any UI string, by message key
    {"maxParagraphs", KeyType::Int, "10", 1, 50, {}},             // most paragraphs one report may hold
    {"contact", KeyType::Enum, "\"optional\"", 0, 0, {"off", "optional", "required"}},  // whether the reader's name and
                                                                                        // email are asked
    {"contactUrl", KeyType::Url, "\"\"", 0, 0, {}},         // link to the site's contact page, shown in the warning
    {"metadata", KeyType::Object, "{}", 0, 0, {}},          // site data copied into every report (4 KiB at most)
    {"trigger", KeyType::String, "\"\"", 0, 1000, {}},      // CSS selector of an element that opens the widget; '' = a
                                                            // button after the article
    {"shortcut", KeyType::Bool, "true", 0, 0, {}},          // Ctrl+Enter opens the widget (with the selected phrase)
    {"selectionButton", KeyType::Bool, "false", 0, 0, {}},  // a button by a text selection in the article opens
                                                            // the widget on it
    {"loadOnIdle", KeyType::Bool, "false", 0, 0, {}},  // load the widget when the page is idle instead of on first open
    {"colorScheme", KeyType::Enum, "\"auto\"", 0, 0, {"auto", "light", "dark"}},  // the dialog's colours; auto = the
                                                                                  // page's, then the system's
    {"assetsUrl", KeyType::String, "\"\"", 0, 2000, {}},        // URL of the folder serving dist/; '' = the folder of
                                                                // erratum.mjs
    {"minFillMs", KeyType::Int, "3000", 0, 600000, {}},         // a report sent sooner after opening is flagged as spam
    {"maxCommentLength", KeyType::Int, "2000", 1, 100000, {}},  // longest comment, in characters
    {"maxNameLength", KeyType::Int, "100", 1, 1000, {}},        // longest reporter name, in characters
    {"maxCorrectionLength", KeyType::Int, "20000", 1, 1000000, {}},  // longest corrected paragraph, in characters
    {"keepQuery", KeyType::KeepQuery, "false", 0, 0, {}},  // keep the page URL's query: false, true, or a list of
                                                           // parameter names
    {"keepFragment", KeyType::Bool, "false", 0, 0, {}},    // keep the page URL's #fragment
    {"format", KeyType::Enum, "\"json\"", 0, 0, {"json", "form"}},  // request body: JSON, or urlencoded form with a
                                                                    // 'report' field
    {"headers", KeyType::StringMap, "{}", 0, 0, {}},                // extra request headers
    {"credentials", KeyType::Enum, "\"omit\"", 0, 0, {"omit", "same-origin", "include"}},  // fetch credentials mode
                                                                                           // (cookies)
    {"timeoutMs", KeyType::Int, "10000", 100, 120000, {}},                                 // request timeout
    {"beacon", KeyType::Bool, "false", 0, 0, {}},    // on pagehide, waiting reports go by navigator.sendBeacon
                                                     // (text/plain JSON) instead of a keepalive fetch
    {"onSubmit", KeyType::Hook, "null", 0, 0, {}},   // function(report): return false to cancel sending
    {"onSuccess", KeyType::Hook, "null", 0, 0, {}},  // function(report, response) after the endpoint accepted
    {"onError", KeyType::Hook, "null", 0, 0, {}},    // function(error) on any failure
    {"transform", KeyType::Hook, "null", 0, 0, {}},  // function(report) returning the body to send
    {"send", KeyType::Hook, "null", 0, 0, {}},  // function(report) replacing the transport; resolves when delivered
};
// clang-format on

const char* type_name(KeyType t) {
  switch (t) {
    case KeyType::Endpoint:
    case KeyType::Url:
    case KeyType::String:
    case KeyType::Enum: return "string";
    case KeyType::Int: return "integer";
    case KeyType::Bool: return "boolean";
    case KeyType::StringMap:
    case KeyType::Object: return "object";
    case KeyType::Hook: return "function";
    case KeyType::KeepQuery: return "boolean | string[]";
  }
  return "unknown";
}

void check_int(const Json& v, const KeySpec& spec, const std::string& path, Issues& errors) {
  const double n = v.is_number() ? as_number(v) : 0.5;
  if (!std::isfinite(n) || std::floor(n) != n) {
    add_type_expected(errors, path, type_name(spec.type));
    return;
  }
  if (n < static_cast<double>(spec.min) || n > static_cast<double>(spec.max))
    add_issue(errors, "value.out_of_range", path, json_object({{"min", spec.min}, {"max", spec.max}}));
}

// Validates one present key, appending what is wrong with it.
void check_key(const KeySpec& spec, const Json& v, Issues& errors) {
  const std::string path = spec.name;
  switch (spec.type) {
    case KeyType::Endpoint:
    case KeyType::Url: {
      if (!v.is_string()) return add_type_expected(errors, path, type_name(spec.type));
      const auto& s = as_string(v);
      if (spec.type == KeyType::Url && s.empty()) return;
      check_text_field(s, path, errors);
      if (spec.type == KeyType::Endpoint) {
        switch (check_endpoint_url(s)) {
          case UrlCheck::Invalid: add_issue(errors, "url.invalid", path); break;
          case UrlCheck::Insecure: add_issue(errors, "endpoint.insecure", path); break;
          case UrlCheck::Ok: break;
        }
      } else if (!is_absolute_http_url(s)) {
        add_issue(errors, "url.invalid", path);
      }
      return;
    }
    case KeyType::String: {
      if (!v.is_string()) return add_type_expected(errors, path, type_name(spec.type));
      const auto& s = as_string(v);
      check_text_field(s, path, errors);
      const std::size_t len = utf16_length(s);
      if (len > static_cast<std::size_t>(spec.max))
        add_issue(errors, "text.too_long", path, json_object({{"length", len}, {"max", spec.max}}));
      return;
    }
    case KeyType::Int: return check_int(v, spec, path, errors);
    case KeyType::Bool:
      if (!v.is_boolean()) add_type_expected(errors, path, type_name(spec.type));
      return;
    case KeyType::Enum: {
      if (!v.is_string()) return add_type_expected(errors, path, type_name(spec.type));
      const auto& s = as_string(v);
      if (std::none_of(std::begin(spec.allowed), std::end(spec.allowed), [&](const char* a) { return a && s == a; })) {
        Json allowed = empty_array();
        for (const char* a : spec.allowed)
          if (a) allowed.push_back(a);
        add_issue(errors, "value.not_allowed", path, json_object({{"allowed", std::move(allowed)}}));
      }
      return;
    }
    case KeyType::StringMap: {
      if (!v.is_object()) return add_type_expected(errors, path, type_name(spec.type));
      for (const auto& [key, value] : *v.get_ptr<const Json::object_t*>()) {
        const std::string item_path = path_join(path, key);
        if (!value.is_string()) {
          add_type_expected(errors, item_path, "string");
          continue;
        }
        check_text_field(key, item_path, errors);
        check_text_field(as_string(value), item_path, errors);
      }
      return;
    }
    case KeyType::Object: {
      if (!v.is_object()) return add_type_expected(errors, path, type_name(spec.type));
      const std::size_t size = dump_json(v).size();
      const std::size_t max = static_cast<std::size_t>(Limits{}.max_metadata_bytes);
      if (size > max) add_issue(errors, "metadata.too_large", path, json_object({{"size", size}, {"max", max}}));
      // Every report carries it: a string refused there would refuse them all.
      check_strings(v, path, errors);
      return;
    }
    case KeyType::Hook:
      if (!(v.is_boolean() && as_bool(v))) add_type_expected(errors, path, type_name(spec.type));
      return;
    case KeyType::KeepQuery: {
      if (v.is_boolean()) return;
      if (!v.is_array()) return add_type_expected(errors, path, type_name(spec.type));
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string() || as_string(v[i]).empty()) add_type_expected(errors, path_index(path, i), "string");
      }
      return;
    }
  }
}

int int_of(const Json& config, const char* key, int fallback) {
  const Json* v = member(config, key);
  return v && v->is_number() ? static_cast<int>(as_number(*v)) : fallback;
}

}  // namespace

ConfigResult validate_config(const Json& input) {
  ConfigResult result;
  if (!input.is_object()) {
    add_type_expected(result.errors, "", "object");
    return result;
  }
  for (const KeySpec& spec : kKeySpecs) {
    const Json* v = member(input, spec.name);
    if (!v || v->is_null()) {
      if (spec.type == KeyType::Endpoint) add_issue(result.errors, "value.required", spec.name);
      if (spec.type != KeyType::Hook) {
        auto def = parse_json(spec.default_json);
        result.config[spec.name] = def ? *def : Json();
      }
      continue;
    }
    const std::size_t before = result.errors.size();
    check_key(spec, *v, result.errors);
    if (result.errors.size() == before) {
      result.config[spec.name] = *v;
    } else if (auto def = parse_json(spec.default_json)) {
      result.config[spec.name] = *def;
    }
  }
  for (const auto& entry : *input.get_ptr<const Json::object_t*>()) {
    const std::string& key = entry.first;
    if (std::none_of(std::begin(kKeySpecs), std::end(kKeySpecs), [&](const KeySpec& s) { return key == s.name; }))
      add_issue(result.warnings, "value.unknown_key", key, json_object({{"key", key}}));
  }

  Limits& l = result.limits;
  const Json& c = result.config;
  l.max_paragraphs = int_of(c, "maxParagraphs", l.max_paragraphs);
  l.max_comment_length = int_of(c, "maxCommentLength", l.max_comment_length);
  l.max_name_length = int_of(c, "maxNameLength", l.max_name_length);
  l.max_correction_length = int_of(c, "maxCorrectionLength", l.max_correction_length);
  l.min_fill_ms = int_of(c, "minFillMs", l.min_fill_ms);
  if (const std::string* contact = string_member(c, "contact"))
    l.contact = *contact == "off"        ? ContactMode::Off
                : *contact == "required" ? ContactMode::Required
                                         : ContactMode::Optional;
  if (const Json* f = member(c, "keepFragment"); f && f->is_boolean()) l.page_url.fragment = as_bool(*f);
  if (const Json* q = member(c, "keepQuery")) {
    if (q->is_boolean()) l.page_url.all_query = as_bool(*q);
    if (q->is_array())
      for (const auto& name : *q)
        if (name.is_string()) l.page_url.query_params.push_back(as_string(name));
  }
  return result;
}

}  // namespace erratum
