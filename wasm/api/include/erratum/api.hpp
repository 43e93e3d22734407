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

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace erratum {
class DiffWorkspace;  // diff.hpp
}

namespace erratum::api {

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
// Appends the layout to `packed`, working in `workspace` (see DiffWorkspace).
void diff_packed(std::string_view original, std::string_view corrected, DiffWorkspace& workspace,
                 std::vector<std::uint32_t>& packed);
std::vector<std::uint32_t> diff_packed(std::string_view original, std::string_view corrected);

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
