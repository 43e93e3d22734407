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
  int errors = 0;         // Levenshtein distance between pattern and text[start, end)
};

// All best-local matches of `pattern` in `text` with at most `max_errors`
// edits (Myers 1999 bit-parallel, multi-word for long patterns). For each end
// position that is a local minimum of the error count, the start is recovered
// so that text[start, end) is the closest substring ending there.
std::vector<ApproxMatch> approx_search(std::u16string_view text, std::u16string_view pattern, int max_errors);

struct QuoteQuery {
  std::u16string_view exact;
  std::u16string_view prefix;
  std::u16string_view suffix;
  std::optional<std::size_t> position_hint;  // TextPositionSelector.start, if known
};

struct ReanchorResult {
  bool found = false;    // false: "orphaned"
  bool exact = false;    // true when found verbatim
  std::size_t start = 0;
  std::size_t end = 0;
  int errors = 0;        // edits between the quote and text[start, end)
  double score = 0.0;    // 0..1, 1 = verbatim with matching context at the hinted position
};

// Exact occurrences are preferred; among several, context and position decide.
// Otherwise approximate candidates with at most min(256, exact.size()/2)
// errors are scored; a candidate below the acceptance threshold is not
// returned (the anchor is orphaned).
ReanchorResult reanchor_quote(std::u16string_view text, const QuoteQuery& query);

}  // namespace erratum
