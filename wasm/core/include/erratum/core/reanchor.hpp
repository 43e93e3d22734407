// Finding a quote again in a text that may have been edited since the anchor
// was made: exact search first, then bit-parallel approximate matching, with
// candidates scored on quote, prefix, suffix and position similarity.
// Texts are UTF-16 (as the DOM counts), offsets are UTF-16 code units.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace erratum {

struct ApproxMatch {
  std::size_t start = 0;  // [start, end) in the text
  std::size_t end = 0;
  int errors = 0;  // Levenshtein distance between pattern and text[start, end)
};

// The best approximate matches of `pattern` in `text` (Myers 1999
// bit-parallel, 64-bit words, banded multi-word blocks for long patterns), as
// the npm package approx-string-match reports them: let e be the lowest edit
// distance between the pattern and any substring of the text; if e <=
// max_errors, every end position where a substring at distance e ends is
// returned, in text order, each with the earliest start such that
// text[start, end) is exactly e edits from the pattern (approx-string-match
// may report an earlier start there, whose substring is farther). Empty when
// the pattern is empty, max_errors < 0, or e > max_errors. A max_errors above
// the pattern's length acts as the length. A pattern whose mask table would
// exceed 16 MiB (tens of thousands of distinct code units) is not searched.
std::vector<ApproxMatch> approx_search(std::u16string_view text, std::u16string_view pattern, int max_errors);

struct QuoteQuery {
  std::u16string_view exact;
  std::u16string_view prefix;
  std::u16string_view suffix;
  std::optional<std::size_t> position_hint;  // TextPositionSelector.start, if known
};

struct ReanchorResult {
  bool found = false;  // false: "orphaned"
  bool exact = false;  // true when found verbatim
  std::size_t start = 0;
  std::size_t end = 0;
  int errors = 0;  // edits between the quote and text[start, end)
  // 0..1, 1 = verbatim with matching context at the hinted position; 0 when
  // not found. (Clamped: a hint far beyond the text makes the raw score, which
  // the ranking uses, negative.)
  double score = 0.0;
};

// Chooses as the Hypothesis client does (match-quote.ts), so anchors land in
// the same place: verbatim occurrences if there are any, else approx_search's
// matches with at most min(256, exact.size()/2) errors; each candidate is
// scored (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92, where
// quote = 1 - errors / exact.size(), prefix (suffix) = 1 - the lowest edit
// distance of the prefix (suffix) to a substring of the as-long text just
// before (after) the candidate, divided by its length (1 when there is no
// prefix, 0 when there is no text there), position = 1 - |start - hint| /
// text.size() (1 without a hint). The highest score wins, the first in text
// order on ties. Not found (orphaned): empty quote, no candidate, or a quote
// similarity below 0.5.
// Differences from Hypothesis, all deliberate:
//  - match starts are exact (see approx_search), which can change the choice
//    between equally close candidates on unusual texts;
//  - prefix and suffix are clipped to 256 units next to the quote (anchors
//    carry 32);
//  - quotes longer than 20,000 units, when not found verbatim, are located by
//    their first and last 512 units (head scored on prefix and hint, tail
//    searched where the quote would end and scored on suffix), and the span
//    between is accepted when its banded edit distance to the quote is at
//    most 256;
//  - if a very repetitive text yields more equally good approximate
//    candidates than 2^23 / (quote length + errors + 64) (tens of
//    thousands), only those nearest the hint (the first ones without a hint)
//    are scored.
// Never throws; offsets are UTF-16 code units, surrogate pairs are not
// treated specially.
ReanchorResult reanchor_quote(std::u16string_view text, const QuoteQuery& query);

}  // namespace erratum
