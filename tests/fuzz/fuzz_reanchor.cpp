// libFuzzer target for approx_search and reanchor_quote.
//
// Input layout: byte 0 chooses how units are made (raw 16-bit units, or a
// small alphabet with accents and surrogate halves so that matches are
// frequent), byte 1 the error bound, bytes 2-3 the hint, bytes 4-6 the quote
// length and the prefix and suffix lengths; the rest becomes the text. The
// quote is cut from the text (then damaged by a few units) or taken as is.
// Checks: approx_search's matches lie inside the text, in order, at the
// lowest distance (verified by dynamic programming on small inputs);
// reanchor_quote's result lies inside the text, within its error bound,
// verbatim when it says so, and the same when asked twice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/edit_distance.hpp"
#include "erratum/core/reanchor.hpp"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

using erratum::reference::edit_distance;

void check_approx_search(std::u16string_view text, std::u16string_view pattern, int max_errors) {
  const std::vector<erratum::ApproxMatch> matches = erratum::approx_search(text, pattern, max_errors);
  const int bound = std::min<int>(max_errors, static_cast<int>(pattern.size()));
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const erratum::ApproxMatch& m = matches[i];
    check(m.start <= m.end && m.end <= text.size() && m.end >= 1);
    check(m.errors >= 0 && m.errors <= bound);
    check(m.errors == matches.front().errors);  // only the lowest distance
    if (i > 0) check(matches[i - 1].end < m.end);
    if (text.size() <= 96 && pattern.size() <= 48) {
      check(edit_distance(pattern, text.substr(m.start, m.end - m.start)) == m.errors);
    }
  }
}

void check_reanchor(std::u16string_view text, const erratum::QuoteQuery& query) {
  const erratum::ReanchorResult r = erratum::reanchor_quote(text, query);
  const erratum::ReanchorResult again = erratum::reanchor_quote(text, query);
  check(again.found == r.found && again.start == r.start && again.end == r.end && again.errors == r.errors &&
        again.score == r.score);  // deterministic
  if (!r.found) {
    check(r.score == 0.0);
    return;
  }
  check(!query.exact.empty());
  check(r.start <= r.end && r.end <= text.size());
  check(r.score >= 0.0 && r.score <= 1.0);
  check(r.errors >= 0 && static_cast<std::size_t>(r.errors) <= std::min<std::size_t>(256, query.exact.size() / 2));
  check(r.exact == (r.errors == 0));
  if (r.exact) check(text.substr(r.start, r.end - r.start) == query.exact);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 7) return 0;
  const std::uint8_t mode = data[0];
  const int max_errors = static_cast<int>(data[1]) - 8;  // a few negative bounds too
  const std::size_t hint = static_cast<std::size_t>(data[2]) | (static_cast<std::size_t>(data[3]) << 8);
  std::size_t quote_size = data[4];
  const std::size_t prefix_size = data[5] % 48;
  const std::size_t suffix_size = data[6] % 48;

  static const char16_t kAlphabet[] = {u'a', u'b', u' ', u'c', 0x00E9, 0x4E2D, 0xD83D, 0xDE00};
  std::u16string units;
  if (mode & 1) {
    for (std::size_t i = 7; i < size; ++i) units.push_back(kAlphabet[data[i] % 8]);
  } else {
    for (std::size_t i = 7; i + 1 < size; i += 2) units.push_back(static_cast<char16_t>(data[i] | (data[i + 1] << 8)));
  }

  std::u16string text = units;
  std::u16string quote;
  if ((mode & 2) && !text.empty()) {
    // A quote cut from the text, damaged in a few places, with its context.
    const std::size_t from = hint % text.size();
    quote = text.substr(from, quote_size);
    for (std::size_t i = 0; i < quote.size(); i += 7 + (mode >> 4)) quote[i] = kAlphabet[(i + mode) % 8];
  } else {
    quote_size = std::min(quote_size, text.size() / 2);
    quote = text.substr(text.size() - quote_size);
    text.resize(text.size() - quote_size);
  }
  const std::size_t at = text.empty() ? 0 : hint % (text.size() + 1);
  erratum::QuoteQuery query;
  query.exact = quote;
  const std::u16string prefix = text.substr(at - std::min(at, prefix_size), std::min(at, prefix_size));
  const std::u16string suffix = text.substr(std::min(text.size(), at + quote.size()), suffix_size);
  query.prefix = prefix;
  query.suffix = suffix;
  if (mode & 4) query.position_hint = (mode & 8) ? hint * 97 : at;

  check_approx_search(text, quote, max_errors);
  check_reanchor(text, query);
  return 0;
}
