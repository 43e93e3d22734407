// The article model and everything a session does with it, from arbitrary
// input: load, select, anchor, re-anchor, compose.
//
// Input: an article part and a draft part, split at the first 0x1E byte
// (ASCII record separator, which JSON text never holds raw); without one,
// both parts are the whole input. The article part is loaded as a
// load_article request, or when it is not one, as block texts split on NUL
// bytes. On the loaded article the session selects and anchors the first blocks (ranges taken
// from the input bytes), re-anchors the draft part as {"anchors": [...]}
// (also through the free api::reanchor), and composes the draft part and a
// draft that edits one block. Checks, aborting on any violation:
//  - every answer is an envelope;
//  - the block table tiles the article: offsets in order, inside the text,
//    each non-empty block as long as its text;
//  - an anchor lies inside its block, and its quote is the article text
//    there; made on the article, it re-anchors to exactly its own place;
//  - every re-anchor result lies inside the text, in the block it names;
//    the session and the free function give the same results;
//  - a report the session composed without errors also passes the
//    collector's validation once serialized (what the browser sends is what
//    the server accepts).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "envelope_check.hpp"
#include "erratum/api.hpp"
#include "erratum/core/text.hpp"

namespace {

using erratum::Json;

struct BlockInfo {
  std::size_t start = 0, end = 0;
  std::string text;
  bool selectable = false;
};

struct ArticleInfo {
  std::vector<BlockInfo> blocks;
  std::u16string text;  // rebuilt from the block table: non-empty blocks joined by "\n"
};

bool is_integer(const Json* v) {
  return v && v->is_number() &&
         static_cast<double>(static_cast<long long>(erratum::as_number(*v))) == erratum::as_number(*v);
}

std::size_t size_of(const Json* v) {
  fuzz_require(is_integer(v) && erratum::as_number(*v) >= 0, "offsets are unsigned integers");
  return static_cast<std::size_t>(erratum::as_number(*v));
}

ArticleInfo read_summary(const Json& summary) {
  ArticleInfo a;
  const std::size_t length = size_of(erratum::member(summary, "length"));
  const Json* blocks = erratum::member(summary, "blocks");
  fuzz_require(blocks && blocks->is_array(), "a loaded article lists its blocks");
  a.text.assign(length, u'\n');
  std::size_t previous_end = 0;
  for (const Json& b : *blocks) {
    BlockInfo info;
    info.start = size_of(erratum::member(b, "start"));
    info.end = size_of(erratum::member(b, "end"));
    const std::string* text = erratum::string_member(b, "text");
    const Json* selectable = erratum::member(b, "selectable");
    fuzz_require(text && selectable && selectable->is_boolean(), "each block has its text and selectability");
    info.text = *text;
    info.selectable = erratum::as_bool(*selectable);
    const std::u16string units = erratum::utf8_to_utf16(info.text);
    fuzz_require(previous_end <= info.start && info.start <= info.end && info.end <= length,
                 "blocks lie in order inside the article text");
    fuzz_require(info.end - info.start == units.size(), "a block spans exactly its normalized text");
    if (!units.empty()) {
      fuzz_require(info.start == 0 || info.start == previous_end + 1, "non-empty blocks are joined by one newline");
      std::copy(units.begin(), units.end(), a.text.begin() + static_cast<std::ptrdiff_t>(info.start));
      previous_end = info.end;
    }
    a.blocks.push_back(std::move(info));
  }
  fuzz_require(previous_end == length, "the article text ends with its last non-empty block");
  return a;
}

// Every result inside the text, in the block it names.
void check_results(const ArticleInfo& article, const Json& answer, std::size_t anchors) {
  if (!envelope_ok(answer)) return;
  const Json* results = erratum::member(answer, "results");
  fuzz_require(results && results->is_array() && results->size() == anchors, "one result per anchor");
  for (const Json& r : *results) {
    const Json* found = erratum::member(r, "found");
    const Json* block = erratum::member(r, "block");
    fuzz_require(found && found->is_boolean() && is_integer(block), "a result says found and block");
    if (!erratum::as_bool(*found)) {
      fuzz_require(static_cast<long long>(erratum::as_number(*block)) == -1, "an orphaned anchor names no block");
      continue;
    }
    const std::size_t start = size_of(erratum::member(r, "start"));
    const std::size_t end = size_of(erratum::member(r, "end"));
    fuzz_require(start <= end && end <= article.text.size(), "a re-anchored range lies inside the text");
    const long long b = static_cast<long long>(erratum::as_number(*block));
    fuzz_require(b >= 0 && static_cast<std::size_t>(b) < article.blocks.size(), "a found anchor names a block");
    const BlockInfo& info = article.blocks[static_cast<std::size_t>(b)];
    fuzz_require(info.start <= start && start <= info.end, "the named block holds the start");
  }
}

// An anchor just made on the article: inside its block, quoting the text
// there, and found again at exactly that place.
void check_anchor(erratum::api::Session& session, const ArticleInfo& article, int index, const Json& anchor) {
  const Json* selectors = erratum::member(anchor, "selector");
  fuzz_require(selectors && selectors->is_array() && selectors->size() == 2, "an anchor has a quote and a position");
  const Json& quote = (*selectors)[0];
  const Json& position = (*selectors)[1];
  const std::size_t start = size_of(erratum::member(position, "start"));
  const std::size_t end = size_of(erratum::member(position, "end"));
  const BlockInfo& block = article.blocks[static_cast<std::size_t>(index)];
  fuzz_require(block.start <= start && start < end && end <= block.end, "an anchor lies inside its block");
  const std::string* exact = erratum::string_member(quote, "exact");
  const std::string* prefix = erratum::string_member(quote, "prefix");
  const std::string* suffix = erratum::string_member(quote, "suffix");
  fuzz_require(exact && prefix && suffix, "a quote selector has exact, prefix and suffix");

  const std::u16string_view text(article.text);
  const std::u16string exact16 = erratum::utf8_to_utf16(*exact);
  const std::u16string prefix16 = erratum::utf8_to_utf16(*prefix);
  const std::u16string suffix16 = erratum::utf8_to_utf16(*suffix);
  // The quote and its context are the article's text exactly (a range that
  // cut a surrogate pair is widened to whole characters: UTF-8 could not
  // carry half a pair).
  fuzz_require(text.substr(start, end - start) == exact16 && prefix16.size() <= start &&
                   text.substr(start - prefix16.size(), prefix16.size()) == prefix16 &&
                   text.substr(end, suffix16.size()) == suffix16,
               "an anchor quotes the article's text exactly");
  const bool faithful = erratum::normalize_utf8(*exact) == *exact;

  const std::string request = erratum::dump_json(Json{{"anchors", Json::array({anchor})}});
  const Json answer = require_envelope(session.reanchor(request));
  fuzz_require(envelope_ok(answer), "an anchor made by the session can be re-anchored");
  check_results(article, answer, 1);
  if (!faithful) return;
  const Json& r = (*erratum::member(answer, "results"))[0];
  fuzz_require(erratum::as_bool(r["found"]) && erratum::as_bool(r["exact"]),
               "an anchor is found verbatim on its own article");
  fuzz_require(size_of(erratum::member(r, "start")) == start && size_of(erratum::member(r, "end")) == end,
               "an anchor is found at its own place on its own article");
}

// Composed without errors means valid for the collector too.
void check_compose(erratum::api::Session& session, const std::string& draft) {
  const Json answer = require_envelope(session.compose(draft));
  if (!envelope_ok(answer)) return;
  const Json* report = erratum::member(answer, "report");
  fuzz_require(report && report->is_object(), "a composed answer carries the report");
  const Json check = require_envelope(erratum::api::validate_report(erratum::dump_json(Json{{"report", *report}})));
  fuzz_require(envelope_ok(check), "a report composed without errors passes the collector's validation");
}

// False when the article part is not an article.
bool exercise(const std::string& load_request, std::string_view draft, const std::uint8_t* data, std::size_t size) {
  erratum::api::Session session;
  const Json summary = require_envelope(session.load_article(load_request));
  if (!envelope_ok(summary)) return false;
  const ArticleInfo article = read_summary(summary);
  const int count = static_cast<int>(std::min<std::size_t>(article.blocks.size(), 12));

  int anchored = 0;
  for (int i = 0; i < count; ++i) {
    const BlockInfo& block = article.blocks[static_cast<std::size_t>(i)];
    const Json toggled = require_envelope(session.toggle(i));
    fuzz_require(envelope_ok(toggled) || !block.selectable || i >= 10, "a selectable block can be selected");
    // A range from the input bytes (in the block's original text, which may
    // be longer than the normalized one), and for every third block the
    // phrase under it as a quote too.
    const std::uint8_t a = size ? data[(2 * i) % size] : 0;
    const std::uint8_t b = size ? data[(2 * i + 1) % size] : 0;
    Json request{{"block", i}, {"range", Json{{"start", a % 64}, {"end", a % 64 + b % 48}}}};
    if (i % 3 == 2) {
      const std::u16string units = erratum::utf8_to_utf16(block.text);
      const std::size_t from = std::min<std::size_t>(a % 64, units.size());
      request["quote"] = erratum::utf16_to_utf8(std::u16string_view(units).substr(from, b % 24));
    }
    const Json answer = require_envelope(session.anchor(erratum::dump_json(request)));
    fuzz_require(envelope_ok(answer) == block.selectable, "exactly the selectable blocks can be anchored");
    // Re-anchoring is the costly part: the first few anchors are enough.
    if (envelope_ok(answer) && anchored++ < 4) check_anchor(session, article, i, *erratum::member(answer, "anchor"));
  }

  // The draft part as anchors to find, through the session and the free function.
  if (auto parsed = erratum::parse_json(draft); parsed && parsed->is_object()) {
    if (const Json* anchors = erratum::member(*parsed, "anchors"); anchors && anchors->is_array()) {
      const std::string request = erratum::dump_json(Json{{"anchors", *anchors}});
      const std::string from_session = session.reanchor(request);
      const Json answer = require_envelope(from_session);
      check_results(article, answer, anchors->size());
      if (auto article_json = erratum::parse_json(load_request)) {
        const std::string free_request = erratum::dump_json(Json{{"article", *article_json}, {"anchors", *anchors}});
        fuzz_require(erratum::api::reanchor(free_request) == from_session, "api::reanchor and Session::reanchor agree");
      }
    }
  }

  check_compose(session, std::string(draft));
  // A draft with one small edit of one selectable block: the start of the
  // draft part replaces a few units at a place taken from the input bytes.
  const std::uint8_t pick = size ? data[size - 1] : 0;
  int edited = -1;
  for (int k = 0; k < count && edited < 0; ++k)
    if (article.blocks[static_cast<std::size_t>((pick + k) % count)].selectable) edited = (pick + k) % count;
  if (edited < 0) return true;
  std::u16string corrected = erratum::utf8_to_utf16(article.blocks[static_cast<std::size_t>(edited)].text);
  const std::size_t at = (size ? data[size / 2] : 0) % (corrected.size() + 1);
  corrected.replace(at, std::min<std::size_t>(pick % 6, corrected.size() - at),
                    erratum::utf8_to_utf16(draft.substr(0, pick % 17)));
  const Json items = Json::array({Json{{"block", edited},
                                       {"corrected", erratum::utf16_to_utf8(corrected)},
                                       {"comment", pick & 1 ? "à vérifier" : ""},
                                       {"errorType", "typo"}}});
  const Json built{
      {"id", "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"},
      {"createdAt", "2026-11-28T10:00:00Z"},
      {"page", Json{{"url", "https://example.org/article?id=1#top"}, {"title", std::string(draft.substr(0, 40))}}},
      {"items", items},
      {"form", Json{{"honeypot", ""}, {"elapsedMs", 5000}}}};
  check_compose(session, erratum::dump_json(built));
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t separator = input.find('\x1e');
  const std::string article_part = input.substr(0, separator);
  const std::string_view draft_part =
      separator == std::string::npos ? std::string_view(input) : std::string_view(input).substr(separator + 1);

  if (exercise(article_part, draft_part, data, size)) return 0;

  // Not an article request: the article part as block texts, split on NUL.
  Json blocks = Json::array();
  std::size_t from = 0;
  for (std::size_t i = 0; i <= article_part.size(); ++i) {
    if (i == article_part.size() || article_part[i] == '\0') {
      blocks.push_back(Json{{"text", article_part.substr(from, i - from)}, {"kind", "paragraph"}});
      from = i + 1;
    }
  }
  exercise(erratum::dump_json(Json{{"blocks", blocks}}), draft_part, data, size);
  return 0;
}
