// The core's public surface: JSON text in, JSON text out, never throws.
//
// The Embind bindings and the native collector both call exactly these
// functions, so the browser and the server apply the same rules. Requests are
// one JSON document each (a whole article per call, never per block or per
// character). Every response is an envelope:
//   {"ok": true,  ...payload}
//   {"ok": false, "errors": [{"code","path","params","message"}], ...}
// Offsets are UTF-16 code units, as the DOM counts them.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::api {

// ---------------------------------------------------------------- documents
// The documents every call reads and writes, for callers that build or read
// them (the collector): nlohmann/json's ordered_json, built without
// exceptions, so reach members through these accessors, never at() or get().
using Json = nlohmann::ordered_json;

// Reads a document with the rules every request is read with: at most 64
// levels of nesting, no NUL byte, a lone-surrogate escape read as U+FDD0.
enum class ReadProblem { None, Invalid, TooDeep };
std::optional<Json> parse_json(std::string_view text, ReadProblem* problem = nullptr);
// Compact JSON text; ill-formed UTF-8 in a string becomes U+FFFD.
std::string dump_json(const Json& value);
// nullptr when `object` is not an object, lacks `key`, or holds another type there.
const Json* member(const Json& object, std::string_view key);
const std::string* string_member(const Json& object, std::string_view key);
// The value of a string, number or boolean ("", 0, false for other types).
const std::string& as_string(const Json& value);
double as_number(const Json& value);
bool as_bool(const Json& value);
// A member that is a whole number in [0, 4e9] (a block index, an offset), else -1.
long long index_member(const Json& object, std::string_view key);
bool is_valid_utf8(std::string_view text);
// One text for every spelling of a document: compact, each object's members
// sorted by key (UTF-8 byte order), each number written by its value (4000.0
// as 4000). Two reports are the same when these texts are equal: how the
// collector tells a retry from another report under the same id. Not in the
// browser module.
std::string canonical_json(const Json& value);

// ----------------------------------------------------------------- messages
// Messages come from tables given at run time, one per language, as
// wasm/messages/<lang>.json holds them ({code: template}); none is built in.
// Request:  {"lang": "es", "messages": {"json.invalid": "...", ...}}
// Response: {"ok": true, "lang": "es"}, the table then serving every tag of
//           that language ("es-MX", "ES_mx"), replacing an earlier one.
// Every answer's messages come from the table of its request's "lang", else
// the English one, else are the codes themselves. Tables are process-wide: a
// multithreaded caller loads them before its threads make requests.
std::string load_messages(std::string_view request);
// The language of the loaded table that serves a language tag ("es" for
// "es-MX" once Spanish is loaded), "" when none does.
std::string catalog_language(std::string_view tag);
// The sentence for an issue code from the table serving `lang`, with its
// {param} placeholders filled; the code itself when no table has it.
std::string issue_message(std::string_view code, const Json& params, std::string_view lang);
// `tmpl` with each {name} replaced by params[name], by the rule the core's
// own messages follow (a string as is, a list joined by ", ", else JSON).
std::string fill_message(std::string_view tmpl, const Json& params);

// Upper bound for one request, in bytes (a 20,000-paragraph page fits).
inline constexpr std::size_t kMaxRequestBytes = 64u * 1024u * 1024u;

// {"ok":true,"version":"0.1.0","schema":"erratum/report@1"}
std::string version();

// Request:  {"config": {...}, "lang": "fr"}
// Response: {"ok": bool, "config": {all keys, defaults filled in}, "errors": [...]}
std::string validate_config(std::string_view request);

// Request:  {"original": "...", "corrected": "..."}
// Response: {"ok":true,"ops":[{"op":"equal|insert|delete","text":"..."}],
//            "counts":{"equal","inserted","deleted","wordsInserted","wordsDeleted"}}
std::string diff(std::string_view request);

// The same diff for the browser, where the caller holds both strings: UTF-8
// in, integers out, no JSON either way (this is the widget's live preview,
// run on every keystroke). Layout: [equal, inserted, deleted, wordsInserted,
// wordsDeleted, then kind, start, end per op]; kind 0 equal, 1 insert,
// 2 delete; start/end are UTF-16 offsets into `original` (equal, delete) or
// `corrected` (insert).
inline constexpr std::size_t kPackedDiffHeader = 5;
std::vector<std::uint32_t> diff_packed(std::string_view original, std::string_view corrected);

// The live preview's diff, kept between calls: the caller writes both texts
// into input() and calls run(). It keeps the input buffer, the answer and the
// diff's own working storage, so a diff on each pause in typing allocates
// nothing once the largest paragraph has been seen.
class LiveDiff {
 public:
  LiveDiff();
  ~LiveDiff();
  LiveDiff(const LiveDiff&) = delete;
  LiveDiff& operator=(const LiveDiff&) = delete;

  // A buffer of at least `bytes` bytes, moved when it has to grow.
  char* input(std::size_t bytes);
  // Diffs input()[0, original_bytes) against input()[corrected_at,
  // corrected_at + corrected_bytes) and answers [count, ...diff_packed
  // layout], count being the words of the answer after it (more may follow:
  // the answer's storage only grows); [0] when a text does not fit the
  // buffer. Valid until the next call. The correction may start at a
  // fixed offset rather than right after the original, so that the caller
  // writes both texts through views it keeps from one call to the next.
  const std::uint32_t* run(std::size_t original_bytes, std::size_t corrected_at, std::size_t corrected_bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The collector's path: never trusts the client.
// Request:  {"report": {...}, "config": {...} (optional), "lang": "en"}
// Response: {"ok": bool, "errors": [...], "spam": {"flagged": bool, "reasons": [...]}}
std::string validate_report(std::string_view request);

// Re-anchors anchors (as found in report items) in an article given as blocks.
// Request:  {"article": {"blocks": [...]}, "anchors": [anchor, ...]}
// Response: {"ok":true,"results":[{"found","exact","start","end","score","errors","block"}]}
// (score: 0..1, written with at most 9 decimals)
std::string reanchor(std::string_view request);

// Request: {"text": "..."}  Response: {"ok":true,"text": normalized,"hash":"sha256:..."}
std::string normalize(std::string_view request);

class SessionState;

inline constexpr std::uint32_t kPackedNoHint = 0xFFFFFFFFu;
inline constexpr std::size_t kPackedReanchorFields = 7;

// One reader's session on one article: the article model, the selection and
// the configuration in force. Methods answer with envelopes too.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // {"config": {...}, "lang": "fr"} -> as validate_config. An invalid config
  // leaves the previous one in force.
  std::string configure(std::string_view request);

  // {"blocks": [{"text": "...", "kind": "paragraph|heading|title|quote|listItem|caption", "id": "..."}]}
  // -> {"ok":true,"articleHash","length","blocks":[{"index","kind","id","text","hash","start","end","selectable"}]}
  // Replaces the article and clears the selection.
  std::string load_article(std::string_view request);

  // Selection by block index, kept in document order.
  // -> {"ok":true,"selected":[i,...],"max":n} or {"ok":false,"errors":[...],"selected":[...]}
  std::string toggle(int index);
  std::string select(int index);
  std::string deselect(int index);
  std::string clear();
  std::string selection() const;

  // {"block": i, "range": {"start": s, "end": e}}  (range: optional, UTF-16
  // offsets in the block's original text, e.g. from a DOM selection)
  // -> {"ok":true,"anchor":{...}} (see schema/report.schema.json, $defs/anchor)
  std::string anchor(std::string_view request);

  // {"anchors":[anchor,...]} against the loaded article -> as api::reanchor
  std::string reanchor(std::string_view request);

  // The same re-anchoring without JSON, for the browser, where re-anchoring
  // a batch on the loaded article costs more in JSON than in the search.
  // `packed`, in host byte order (little-endian in wasm): a uint32 count,
  // then four uint32 per anchor (the TextPositionSelector's start, or
  // kPackedNoHint; the UTF-8 byte lengths of the TextQuoteSelector's exact,
  // prefix and suffix), then those strings one after another. `results`
  // gets the bytes of kPackedReanchorFields doubles per anchor: found, exact
  // (1 or 0), start, end, score, errors, block, the values the JSON answer
  // holds (a byte string, whose appending every caller already links). False
  // (and `results` empty) when only the JSON call can answer: no article
  // loaded, input that breaks the layout or is over kMaxRequestBytes, or an
  // anchor without a quote, whose error only the JSON answer carries.
  bool reanchor_packed(std::string_view packed, std::string& results) const;

  // Builds and validates the report from the reader's draft.
  // Request: {"id","createdAt","page":{"url","canonicalUrl","title","lang"},
  //           "items":[{"block","range"?,"corrected","comment","errorType"}],
  //           "reporter":{"name","email"},"client":{"version","locale"},
  //           "form":{"honeypot","elapsedMs"}}
  // Response: {"ok": bool, "report": {...}, "errors": [...], "spam": {...}}
  std::string compose(std::string_view request);

 private:
  std::unique_ptr<SessionState> state_;
};

}  // namespace erratum::api
