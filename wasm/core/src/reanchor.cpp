// Approximate matching and quote re-anchoring.
//
// approx_search is Myers' bit-parallel approximate matching algorithm (J. ACM
// 46(3), 1999; not the O(ND) diff algorithm of myers.cpp) over UTF-16 code
// units with 64-bit words: the dynamic-programming matrix of edit distances
// is kept as vertical +1/-1 deltas, one bit per pattern row, and a whole word
// of rows advances per text unit in a handful of operations. Patterns longer
// than a word are cut into blocks of 64 rows and only the blocks that can
// still hold a cell <= k are computed (the band of Fig. 9 of that paper:
// BandedBitParallelMatcher).
//
// reanchor_quote follows the choice rules of the Hypothesis client
// (match-quote: exact indexOf, then approx-string-match with
// min(256, len/2) errors, candidates scored 50/20/20/2 on quote, prefix,
// suffix and position similarity) so an anchor lands where Hypothesis would
// put it, only faster. Besides 64-bit words, the shortcuts never change the
// choice: an unchanged anchor is confirmed in place; verbatim occurrences
// are looked for near the hint first and the rest of the text skipped when
// nothing farther could score higher; the whole-text verbatim search is a
// q-gram Horspool over four interleaved stretches; the approximate scan's
// error bound is first lowered by a search around the hint.
#include "erratum/core/reanchor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "erratum/core/text.hpp"

namespace erratum {
namespace {

using Word = std::uint64_t;
constexpr std::size_t kWordBits = 64;
constexpr Word kAllOnes = ~Word{0};

// A pattern's mask table holds (distinct units) x (blocks) words. Past this
// many words (16 MiB) the table would cost more than the search is worth:
// only a pathological pattern (tens of thousands of distinct units) gets there.
constexpr std::size_t kMaxMaskWords = std::size_t{1} << 21;

// Hypothesis' weights for a candidate: quote, prefix, suffix, position.
constexpr double kQuoteWeight = 50.0;
constexpr double kPrefixWeight = 20.0;
constexpr double kSuffixWeight = 20.0;
constexpr double kPositionWeight = 2.0;
// A candidate whose text is less similar than this to the quote is rejected.
constexpr double kMinQuoteSimilarity = 0.5;
// The approximate search allows min(kMaxQuoteErrors, quote/2) edits.
constexpr std::size_t kMaxQuoteErrors = 256;

// Context longer than this (anchors carry 32 units) is clipped next to the
// quote: scoring thousands of candidates against a huge context would be
// quadratic for no gain in precision.
constexpr std::size_t kMaxContextUnits = 256;

// Quotes longer than this are not scanned approximately as a whole (the scan
// costs O(quote^2 / 64) around the match); they are located by their head and
// tail instead (see locate_long_quote).
constexpr std::size_t kMaxWholeQuoteUnits = 20000;
constexpr std::size_t kLongQuoteProbeUnits = 512;

// Recovering a match's start and scoring its context cost about
// (pattern + errors + 64) columns; past this many columns in total, only the
// candidates nearest the hint are kept (only a very repetitive text produces
// that many equally good candidates).
constexpr std::size_t kMaxCandidateColumns = std::size_t{1} << 23;

constexpr int kNoMatch = std::numeric_limits<int>::max();

// The browser build optimizes for size (-Oz), which would leave the few
// functions on the per-unit path as calls; they are forced inline.
#define ERRATUM_PER_UNIT [[gnu::always_inline]] inline

std::size_t blocks_for(std::size_t pattern_size) { return (pattern_size + kWordBits - 1) / kWordBits; }

// For every code unit, the rows of the pattern where it occurs, as one bit
// mask per 64-row block ("Peq" in the paper). Units below 256 (ASCII and
// Latin-1: most of any Latin-script text) are found by direct indexing, the
// others through a small open-addressing table; units absent from the pattern
// share an all-zero row.
class PatternMasks {
 public:
  // `reversed`: masks of the pattern read backwards (to recover match starts).
  ERRATUM_ONCE_PER_CALL PatternMasks(std::u16string_view pattern, bool reversed)
      : size_(pattern.size()), blocks_(blocks_for(pattern.size())) {
    std::fill(std::begin(small_rows_), std::end(small_rows_), 0);
    if (blocks_ == 0) return;
    // Past this many rows the table is too large: valid() stays false.
    const std::size_t max_rows = kMaxMaskWords / blocks_;
    std::uint32_t rows = 1;  // row 0: absent units
    std::size_t wide_units = 0;
    for (const char16_t unit : pattern) {
      if (unit < kSmallUnits) {
        if (small_rows_[unit] == 0) small_rows_[unit] = rows++;
      } else {
        ++wide_units;
      }
    }
    if (wide_units > 0) {
      // Room for every wide unit, distinct or not, up to the row limit: the
      // load stays <= 1/2. A unit gets its row the first time it is met.
      std::size_t capacity = 4;
      while (capacity < std::min(wide_units, max_rows) * 2) capacity *= 2;
      slot_mask_ = capacity - 1;
      slot_units_.assign(capacity, 0);
      slot_rows_.assign(capacity, 0);
      for (const char16_t unit : pattern) {
        if (unit < kSmallUnits) continue;
        std::size_t slot = slot_of(unit);
        while (slot_rows_[slot] != 0 && slot_units_[slot] != unit) slot = (slot + 1) & slot_mask_;
        if (slot_rows_[slot] != 0) continue;
        if (rows >= max_rows) return;
        slot_units_[slot] = unit;
        slot_rows_[slot] = rows++;
      }
    }
    const std::size_t row_count = rows;
    if (row_count > max_rows) return;
    words_.assign(row_count * blocks_, 0);
    rows_data_ = words_.data();
    for (std::size_t i = 0; i < size_; ++i) {
      const char16_t unit = reversed ? pattern[size_ - 1 - i] : pattern[i];
      words_[row_of(unit) * blocks_ + i / kWordBits] |= Word{1} << (i % kWordBits);
    }
  }
  PatternMasks(const PatternMasks&) = delete;
  PatternMasks& operator=(const PatternMasks&) = delete;

  bool valid() const { return !words_.empty(); }
  std::size_t size() const { return size_; }
  std::size_t blocks() const { return blocks_; }
  // (The per-unit accessors use plain arrays and pointers: library
  // accessors are not reliably inlined under -Oz.)
  ERRATUM_PER_UNIT const Word* masks(char16_t unit) const { return rows_data_ + row_of(unit) * blocks_; }
  // Single-block patterns: the one mask word.
  ERRATUM_PER_UNIT Word mask(char16_t unit) const { return rows_data_[row_of(unit)]; }

 private:
  std::size_t slot_of(char16_t unit) const {
    return (static_cast<std::uint32_t>(unit) * 2654435761u >> 16) & slot_mask_;
  }

  ERRATUM_PER_UNIT std::size_t row_of(char16_t unit) const {
    if (unit < kSmallUnits) return small_rows_[unit];
    return slot_mask_ == 0 ? 0 : wide_row_of(unit);
  }

  std::size_t wide_row_of(char16_t unit) const {
    for (std::size_t slot = slot_of(unit);; slot = (slot + 1) & slot_mask_) {
      if (slot_rows_[slot] == 0) return 0;
      if (slot_units_[slot] == unit) return slot_rows_[slot];
    }
  }

  static constexpr char16_t kSmallUnits = 256;

  std::size_t size_;
  std::size_t blocks_;
  std::uint32_t small_rows_[kSmallUnits];
  std::vector<char16_t> slot_units_;
  std::vector<std::uint32_t> slot_rows_;  // 0: empty slot
  std::size_t slot_mask_ = 0;
  std::vector<Word> words_;
  const Word* rows_data_ = nullptr;
};

// One text unit through one block of 64 pattern rows. `pv`/`mv` hold the
// block's vertical deltas (+1/-1 bits, row r of the block at bit r), `eq` the
// rows equal to the unit, `hin` the horizontal delta of the row just above
// the block. Returns the horizontal delta of the row at `out_bit`.
ERRATUM_PER_UNIT int advance_block(Word& pv, Word& mv, Word eq, int hin, Word out_bit) {
  const Word xv = eq | mv;
  if (hin < 0) eq |= 1;
  const Word xh = (((eq & pv) + pv) ^ pv) | eq;
  Word ph = mv | ~(xh | pv);
  Word mh = pv & xh;
  const int hout = (ph & out_bit) ? 1 : ((mh & out_bit) ? -1 : 0);
  ph = (ph << 1) | Word{hin > 0};
  mh = (mh << 1) | Word{hin < 0};
  pv = mh | ~(xv | ph);
  mv = ph & xv;
  return hout;
}

// Column-by-column edit distances of a pattern against a text, computing only
// the blocks that can hold a cell <= max_errors.
//   kAnywhere: a match may start anywhere (row 0 is all zeros: search).
//   kAtStart:  a match starts at the first column (row 0 counts the columns:
//              edit distance to a prefix of the text).
// In kAtStart mode the blocks whose cells have all drifted more than
// max_errors above the diagonal are dropped for good, so the band follows the
// diagonal and a long alignment costs O(columns * max_errors / 64).
class BandedBitParallelMatcher {
 public:
  enum class Start { kAnywhere, kAtStart };

  BandedBitParallelMatcher(const PatternMasks& masks, int max_errors, Start start)
      : masks_(masks),
        rows_(masks.size()),
        blocks_(masks.blocks()),
        last_row_bit_(Word{1} << ((rows_ - 1) % kWordBits)),
        at_start_(start == Start::kAtStart),
        max_errors_(max_errors),
        storage_(blocks_),
        block_(storage_.data()) {
    last_ = max_errors_ <= 0 ? 0 : std::min(blocks_ - 1, (static_cast<std::size_t>(max_errors_) - 1) / kWordBits);
    for (std::size_t b = 0; b <= last_; ++b) block_[b].score = static_cast<int>(bottom_row(b));
  }
  BandedBitParallelMatcher(const BandedBitParallelMatcher&) = delete;
  BandedBitParallelMatcher& operator=(const BandedBitParallelMatcher&) = delete;

  // Lowers the bound (a better match was found: worse cells need no tracking).
  void lower_max_errors(int max_errors) { max_errors_ = std::min(max_errors_, max_errors); }
  // True once no cell of the pattern's last row can come back under the bound.
  bool exhausted() const { return exhausted_; }

  // Consumes one text unit; returns the distance of the whole pattern at this
  // column when it is <= the bound, else kNoMatch.
  ERRATUM_PER_UNIT int step(char16_t unit) {
    if (exhausted_) return kNoMatch;
    ++column_;
    if (at_start_) {
      // Every cell of a block is at least column - (its last row) away from
      // the start. The last computed block is kept even then: the next block
      // is activated from its last row.
      const std::size_t reach = column_ - static_cast<std::size_t>(max_errors_);
      while (first_ < last_ && column_ > static_cast<std::size_t>(max_errors_) && bottom_row(first_) < reach) ++first_;
      if (column_ > static_cast<std::size_t>(max_errors_) + 1 && bottom_row(last_) < reach - 1) {
        exhausted_ = true;  // the band's last row, in this column and the previous one, is over the bound
        return kNoMatch;
      }
    }
    const Word* eq = masks_.masks(unit);
    // A dropped block above the band is taken to grow by one per column: an
    // upper bound, which cannot lower any cell that matters.
    int carry = at_start_ ? 1 : 0;
    for (std::size_t b = first_; b <= last_; ++b) {
      Block& block = block_[b];
      carry = advance_block(block.pv, block.mv, eq[b], carry, out_bit(b));
      block.score += carry;
    }
    // Only the first row of the next block can come under the bound in this
    // column: from the diagonal (match) or from the cell above (carry < 0).
    if (last_ + 1 < blocks_ && block_[last_].score - carry <= max_errors_ && ((eq[last_ + 1] & 1) || carry < 0)) {
      const std::size_t b = ++last_;
      Block& block = block_[b];
      block.pv = kAllOnes;  // the block's previous column, assumed to grow by one per row
      block.mv = 0;
      block.score = block_[b - 1].score - carry + static_cast<int>(bottom_row(b) - bottom_row(b - 1));
      block.score += advance_block(block.pv, block.mv, eq[b], carry, out_bit(b));
    } else {
      // A block whose last row exceeds the bound by a word's height holds no
      // cell under it.
      while (last_ > first_ && block_[last_].score >= max_errors_ + static_cast<int>(kWordBits)) --last_;
    }
    const int score = block_[last_].score;
    return last_ + 1 == blocks_ && score <= max_errors_ ? score : kNoMatch;
  }

 private:
  struct Block {
    Word pv = kAllOnes;  // vertical deltas +1 / -1, one bit per row
    Word mv = 0;
    int score = 0;  // distance at the block's last row, current column
  };

  ERRATUM_PER_UNIT std::size_t bottom_row(std::size_t block) const {
    const std::size_t row = (block + 1) * kWordBits;
    return row < rows_ ? row : rows_;
  }
  ERRATUM_PER_UNIT Word out_bit(std::size_t block) const {
    return block + 1 == blocks_ ? last_row_bit_ : Word{1} << (kWordBits - 1);
  }

  const PatternMasks& masks_;
  std::size_t rows_;
  std::size_t blocks_;
  Word last_row_bit_;
  bool at_start_;
  int max_errors_;
  std::vector<Block> storage_;
  Block* block_;
  std::size_t first_ = 0;  // band of computed blocks: [first_, last_]
  std::size_t last_ = 0;
  std::size_t column_ = 0;
  bool exhausted_ = false;
};

// Collects the end positions whose distance is the lowest seen so far, as
// approx-string-match does: a better match discards the earlier ones and
// lowers the bound.
class BestEnds {
 public:
  explicit BestEnds(int max_errors) : bound_(max_errors) {}
  ERRATUM_PER_UNIT int bound() const { return bound_; }
  // Returns true when the bound was lowered.
  bool offer(std::size_t end, int errors) {
    if (errors > bound_) return false;
    const bool lowered = errors < bound_;
    if (lowered) {
      ends_.clear();
      bound_ = errors;
    }
    ends_.push_back(ApproxMatch{0, end, errors});
    return lowered;
  }
  std::vector<ApproxMatch>& matches() { return ends_; }

 private:
  int bound_;
  std::vector<ApproxMatch> ends_;
};

// Ends (start left at 0) of the matches with the minimal distance <= max_errors.
std::vector<ApproxMatch> best_match_ends(std::u16string_view text, const PatternMasks& masks, int max_errors) {
  const std::size_t m = masks.size();
  // No substring is farther than m edits (deleting the whole pattern), so a
  // larger bound changes nothing.
  BestEnds best(static_cast<std::size_t>(max_errors) < m ? max_errors : static_cast<int>(m));
  if (masks.blocks() == 1) {
    // The common case (quotes, prefixes, suffixes up to 64 units): one word,
    // no band.
    Word pv = kAllOnes, mv = 0;
    const Word out_bit = Word{1} << (m - 1);
    int score = static_cast<int>(m);
    const char16_t* const units = text.data();
    const std::size_t n = text.size();
    for (std::size_t j = 0; j < n; ++j) {
      const Word eq = masks.mask(units[j]);
      const Word xv = eq | mv;
      const Word xh = (((eq & pv) + pv) ^ pv) | eq;
      Word ph = mv | ~(xh | pv);
      Word mh = pv & xh;
      score += (ph & out_bit) ? 1 : ((mh & out_bit) ? -1 : 0);
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      if (score <= best.bound()) best.offer(j + 1, score);
    }
  } else {
    BandedBitParallelMatcher dp(masks, best.bound(), BandedBitParallelMatcher::Start::kAnywhere);
    const char16_t* const units = text.data();
    const std::size_t n = text.size();
    for (std::size_t j = 0; j < n; ++j) {
      const int score = dp.step(units[j]);
      if (score != kNoMatch && best.offer(j + 1, score)) dp.lower_max_errors(score);
    }
  }
  return std::move(best.matches());
}

// The lowest distance of the pattern to any substring of `text` (the text is
// not empty): approx-string-match's search with max errors = pattern length.
int min_distance_anywhere(std::u16string_view text, const PatternMasks& masks) {
  const std::vector<ApproxMatch> ends = best_match_ends(text, masks, static_cast<int>(masks.size()));
  return ends.empty() ? static_cast<int>(masks.size()) : ends.front().errors;
}

// Sets each match's start: the earliest start such that text[start, end) is
// `errors` edits from the pattern (the longest of the closest substrings
// ending there). The pattern and the text before `end` are read backwards,
// anchored at `end`.
void recover_starts(std::u16string_view text, const PatternMasks& reversed, std::vector<ApproxMatch>& matches) {
  const std::size_t m = reversed.size();
  for (ApproxMatch& match : matches) {
    BandedBitParallelMatcher dp(reversed, match.errors, BandedBitParallelMatcher::Start::kAtStart);
    // ed(pattern, s) >= |s| - m, so the match is at most m + errors long.
    const std::size_t longest = std::min(match.end, m + static_cast<std::size_t>(match.errors));
    std::size_t length = static_cast<std::size_t>(match.errors) >= m ? 0 : m;  // m: unreachable fallback
    const char16_t* const before_end = text.data() + match.end;
    for (std::size_t len = 1; len <= longest && !dp.exhausted(); ++len) {
      if (dp.step(before_end[-static_cast<std::ptrdiff_t>(len)]) == match.errors) length = len;
    }
    match.start = match.end - std::min(length, match.end);
  }
}

// Every start of a pattern in a text, overlapping ones included.
//
// Horspool's algorithm on q-grams of units (q = 3, or 2 for short patterns):
// the window shifts according to where its last q units occur in the
// pattern, which in prose is usually nowhere, so most shifts are nearly the
// pattern's length (single units such as spaces and vowels occur everywhere
// and would give short shifts). The q-grams are hashed into a small table; a
// shared slot keeps the smallest shift, so no occurrence is skipped.
class VerbatimSearch {
 public:
  explicit VerbatimSearch(std::u16string_view pattern) : pattern_(pattern) {
    const std::size_t m = pattern.size();
    if (m < 3) return;  // scanned unit by unit
    build(m >= 8 ? 3 : 2);
  }

  std::vector<std::size_t> find_all(std::u16string_view text) const {
    std::vector<std::size_t> starts;
    const std::size_t m = pattern_.size();
    if (m == 0 || m > text.size()) return starts;
    const std::size_t start_count = text.size() - m + 1;
    if (m < 3) {
      for (std::size_t pos = 0; pos < start_count; ++pos) record_if_occurs(text.data(), pos, starts);
      return starts;
    }
    scan(text.data(), start_count, starts);
    return starts;
  }

 private:
  static constexpr std::size_t kTableBits = 12;
  static constexpr std::size_t kTableMask = (std::size_t{1} << kTableBits) - 1;

  // A q-gram's slot, from its last unit, the one before and its first. One
  // code path serves both q: a 2-gram passes its first unit twice.
  ERRATUM_PER_UNIT static std::size_t gram_slot(std::size_t last, std::size_t second, std::size_t first) {
    return (last ^ (second << 4) ^ (first << 8)) & kTableMask;
  }

  // shift_[gram] = distance from the gram's last occurrence (ending at i) to
  // the pattern's end, capped (a smaller shift is always safe); after_match_
  // ignores the gram ending the pattern.
  void build(std::size_t q) {
    const std::size_t m = pattern_.size();
    const char16_t* const units = pattern_.data();
    q_ = q;
    const std::size_t longest = std::min<std::size_t>(m - q + 1, std::numeric_limits<std::uint16_t>::max());
    std::fill(std::begin(shift_), std::end(shift_), static_cast<std::uint16_t>(longest));
    for (std::size_t i = q - 1; i + 1 < m; ++i) {
      shift_[gram_slot(units[i], units[i - 1], units[i + 1 - q])] =
          static_cast<std::uint16_t>(std::min(m - 1 - i, longest));
    }
    const std::size_t last_gram = gram_slot(units[m - 1], units[m - 2], units[m - q]);
    after_match_ = shift_[last_gram];
    shift_[last_gram] = 0;
  }

  void record_if_occurs(const char16_t* units, std::size_t pos, std::vector<std::size_t>& out) const {
    const char16_t* const wanted = pattern_.data();
    for (std::size_t i = 0; i < pattern_.size(); ++i) {
      if (units[pos + i] != wanted[i]) return;
    }
    out.push_back(pos);
  }

  // Records an occurrence at `pos` if there is one; returns the shift past it.
  [[gnu::noinline]] std::size_t check_candidate(const char16_t* units, std::size_t pos,
                                                std::vector<std::size_t>& out) const {
    record_if_occurs(units, pos, out);
    return after_match_;
  }

  // The text is cut into four stretches: each Horspool step waits on the
  // previous one (load, hash, load, add), and four independent chains overlap
  // in the processor. They run in lockstep while all are running, then each
  // to its end. What the lockstep loop reads is in plain local variables,
  // kept in registers even under -Oz.
  void scan(const char16_t* units, std::size_t start_count, std::vector<std::size_t>& starts) const {
    constexpr std::size_t kLanes = 4;
    const std::uint16_t* const shift = shift_;
    const std::size_t m = pattern_.size();
    // The gram of the window starting at p is last[p], second[p], first[p].
    const char16_t* const last = units + m - 1;
    const char16_t* const second = units + m - 2;
    const char16_t* const first = units + m - q_;
    const std::size_t lanes = start_count >= 4096 ? kLanes : 1;
    std::array<std::size_t, kLanes + 1> bound;  // lane i: starts in [bound[i], bound[i + 1])
    for (std::size_t lane = 0; lane <= kLanes; ++lane) bound[lane] = std::min(lane, lanes) * start_count / lanes;
    std::array<std::size_t, kLanes> pos = {bound[0], bound[1], bound[2], bound[3]};
    std::array<std::vector<std::size_t>, kLanes> found;
    if (lanes == kLanes) {
      std::size_t p0 = pos[0], p1 = pos[1], p2 = pos[2], p3 = pos[3];
      const std::size_t u0 = bound[1], u1 = bound[2], u2 = bound[3], u3 = bound[4];
      while (p0 < u0 && p1 < u1 && p2 < u2 && p3 < u3) {
        std::size_t s0 = shift[gram_slot(last[p0], second[p0], first[p0])];
        std::size_t s1 = shift[gram_slot(last[p1], second[p1], first[p1])];
        std::size_t s2 = shift[gram_slot(last[p2], second[p2], first[p2])];
        std::size_t s3 = shift[gram_slot(last[p3], second[p3], first[p3])];
        if ((s0 == 0) | (s1 == 0) | (s2 == 0) | (s3 == 0)) {  // rare: a window ends like the pattern
          if (s0 == 0) s0 = check_candidate(units, p0, found[0]);
          if (s1 == 0) s1 = check_candidate(units, p1, found[1]);
          if (s2 == 0) s2 = check_candidate(units, p2, found[2]);
          if (s3 == 0) s3 = check_candidate(units, p3, found[3]);
        }
        p0 += s0;
        p1 += s1;
        p2 += s2;
        p3 += s3;
      }
      pos = {p0, p1, p2, p3};
    }
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      for (std::size_t p = pos[lane]; p < bound[lane + 1];) {
        const std::size_t step = shift[gram_slot(last[p], second[p], first[p])];
        p += step != 0 ? step : check_candidate(units, p, found[lane]);
      }
    }
    for (const std::vector<std::size_t>& lane : found) starts.insert(starts.end(), lane.begin(), lane.end());
  }

  std::u16string_view pattern_;
  std::uint16_t shift_[kTableMask + 1];
  std::size_t after_match_ = 0;
  std::size_t q_ = 3;  // units per gram
};

std::vector<std::size_t> find_exact(std::u16string_view text, std::u16string_view pattern) {
  return VerbatimSearch(pattern).find_all(text);
}

// Hypothesis' candidate score, computed in the same order of operations so
// that ties break the same way.
class CandidateScorer {
 public:
  ERRATUM_ONCE_PER_CALL CandidateScorer(std::u16string_view text, std::size_t quote_size, std::u16string_view prefix,
                                        std::u16string_view suffix, std::optional<std::size_t> hint)
      : text_(text),
        quote_size_(quote_size),
        prefix_(clip_utf16_front(prefix, kMaxContextUnits)),
        suffix_(clip_utf16_back(suffix, kMaxContextUnits)),
        prefix_masks_(prefix_, false),
        suffix_masks_(suffix_, false),
        hint_(hint) {}

  double quote_similarity(int errors) const {
    return 1.0 - static_cast<double>(errors) / static_cast<double>(quote_size_);
  }

  double score(const ApproxMatch& match) const {
    const double quote = quote_similarity(match.errors);
    double prefix = 1.0;
    if (!prefix_.empty()) {
      const std::size_t from = match.start - std::min(match.start, prefix_.size());
      prefix = context_similarity(text_.substr(from, match.start - from), prefix_masks_);
    }
    double suffix = 1.0;
    if (!suffix_.empty()) {
      const std::size_t until = std::min(text_.size(), match.end + suffix_.size());
      suffix = context_similarity(text_.substr(match.end, until - match.end), suffix_masks_);
    }
    double position = 1.0;
    if (hint_) {
      const std::size_t offset = match.start > *hint_ ? match.start - *hint_ : *hint_ - match.start;
      position = position_similarity(offset);
    }
    return combine(quote, prefix, suffix, position);
  }

  // The highest score a candidate starting more than `distance` units from
  // the hint can get (verbatim, with its whole context). Computed with the
  // same operations as score(), which are monotonic, so a candidate scoring
  // above it outscores every such candidate.
  double best_score_farther_than(std::size_t distance) const {
    return combine(1.0, 1.0, 1.0, position_similarity(distance + 1));
  }

 private:
  double position_similarity(std::size_t offset) const {
    return 1.0 - static_cast<double>(offset) / static_cast<double>(text_.size());
  }

  static double combine(double quote, double prefix, double suffix, double position) {
    const double raw =
        kQuoteWeight * quote + kPrefixWeight * prefix + kSuffixWeight * suffix + kPositionWeight * position;
    return raw / (kQuoteWeight + kPrefixWeight + kSuffixWeight + kPositionWeight);
  }

  // 1 - (edits of the closest substring of `window`) / context length; 0 when
  // there is no text there at all.
  static double context_similarity(std::u16string_view window, const PatternMasks& masks) {
    if (window.empty() || !masks.valid()) return 0.0;
    return 1.0 - static_cast<double>(min_distance_anywhere(window, masks)) / static_cast<double>(masks.size());
  }

  std::u16string_view text_;
  std::size_t quote_size_;
  std::u16string_view prefix_;
  std::u16string_view suffix_;
  PatternMasks prefix_masks_;
  PatternMasks suffix_masks_;
  std::optional<std::size_t> hint_;
};

struct Scored {
  ApproxMatch match;
  double score = 0.0;
};

// The highest score; on ties the first in text order (Hypothesis sorts with a
// stable sort). Nothing when there is no candidate.
std::optional<Scored> best_scored(const std::vector<ApproxMatch>& candidates, const CandidateScorer& scorer) {
  std::optional<Scored> best;
  for (const ApproxMatch& candidate : candidates) {
    const double score = scorer.score(candidate);
    if (!best || score > best->score) best = Scored{candidate, score};
  }
  return best;
}

// When recovering every candidate's start would be too costly, keeps those
// nearest the position hint (or the first ones, without a hint), still in
// text order. The ends are in text order and each estimated start (end -
// pattern size) grows with its end, so the nearest candidates form one run:
// it is grown from the hint toward the nearer neighbour (the earlier one on a
// tie), in time linear in the candidates, with no sort.
ERRATUM_ONCE_PER_CALL void keep_affordable(std::vector<ApproxMatch>& ends, std::size_t pattern_size,
                                           std::optional<std::size_t> hint) {
  if (ends.empty()) return;
  const std::size_t per_candidate = pattern_size + static_cast<std::size_t>(ends.front().errors) + 64;
  const std::size_t affordable = std::max<std::size_t>(1, kMaxCandidateColumns / per_candidate);
  if (ends.size() <= affordable) return;
  std::size_t first = 0;  // the kept run: [first, first + affordable)
  if (hint) {
    const auto start = [&](std::size_t i) { return ends[i].end - std::min(ends[i].end, pattern_size); };
    std::size_t after = 0;  // first candidate starting at or after the hint
    while (after < ends.size() && start(after) < *hint) ++after;
    first = after;
    while (after - first < affordable) {
      if (after == ends.size() || (first > 0 && *hint - start(first - 1) <= start(after) - *hint)) {
        --first;
      } else {
        ++after;
      }
    }
  }
  ends.erase(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(first));
  ends.resize(affordable);
}

// Approximate candidates for a quote (ends with the minimal distance, starts
// recovered). With a position hint, a search of the text around the hint
// first gives an upper bound of that minimal distance, which narrows the band
// of the whole-text scan without changing its result.
ERRATUM_ONCE_PER_CALL std::vector<ApproxMatch> approximate_candidates(std::u16string_view text,
                                                                      std::u16string_view quote, int max_errors,
                                                                      std::optional<std::size_t> hint) {
  const PatternMasks masks(quote, false);
  if (!masks.valid()) return {};
  if (hint && masks.blocks() > 1) {
    const std::size_t m = quote.size();
    const std::size_t reach = m + static_cast<std::size_t>(max_errors);
    const std::size_t from = std::min(text.size(), *hint - std::min(*hint, reach));
    const std::size_t until = std::min(text.size(), from + 2 * reach + m);
    const std::vector<ApproxMatch> near = best_match_ends(text.substr(from, until - from), masks, max_errors);
    if (!near.empty()) max_errors = near.front().errors;
  }
  std::vector<ApproxMatch> matches = best_match_ends(text, masks, max_errors);
  keep_affordable(matches, quote.size(), hint);
  recover_starts(text, PatternMasks(quote, true), matches);
  return matches;
}

// Edit distance between `pattern` and the whole of `text` when it is
// <= max_errors, else kNoMatch (a banded global alignment).
int bounded_distance(std::u16string_view text, const PatternMasks& masks, int max_errors) {
  if (text.empty())
    return masks.size() <= static_cast<std::size_t>(max_errors) ? static_cast<int>(masks.size()) : kNoMatch;
  BandedBitParallelMatcher dp(masks, max_errors, BandedBitParallelMatcher::Start::kAtStart);
  int score = kNoMatch;
  for (const char16_t unit : text) score = dp.step(unit);
  return score;
}

// Quotes too long for a whole-quote scan: the quote's head is searched
// approximately and scored against the prefix and the hint, its tail is
// searched where the quote would end if that head is right and scored against
// the suffix, and the span from head to tail is accepted when the banded edit
// distance to the quote is within min(256, quote/2).
ERRATUM_ONCE_PER_CALL std::vector<ApproxMatch> locate_long_quote(std::u16string_view text, const QuoteQuery& query,
                                                                 int max_errors) {
  const std::u16string_view quote = query.exact;
  const std::size_t m = quote.size();
  const std::u16string_view head = quote.substr(0, kLongQuoteProbeUnits);
  const std::u16string_view tail = quote.substr(m - kLongQuoteProbeUnits);
  const int probe_errors = static_cast<int>(kLongQuoteProbeUnits / 2);

  const CandidateScorer head_scorer(text, head.size(), query.prefix, {}, query.position_hint);
  const std::optional<Scored> head_match =
      best_scored(approximate_candidates(text, head, probe_errors, query.position_hint), head_scorer);
  if (!head_match) return {};

  // If the head is right, the quote ends near head start + m; its tail is
  // looked for around there and placed by similarity, suffix and distance to
  // that expected end.
  const std::size_t slack = 2 * static_cast<std::size_t>(max_errors);
  const std::size_t expected_end = head_match->match.start + m;
  const std::size_t expected_tail = expected_end - std::min(expected_end, tail.size());
  const std::size_t from =
      std::min(text.size(), std::max(head_match->match.end, expected_tail - std::min(expected_tail, slack)));
  const std::size_t until = std::min(text.size(), expected_end + slack);
  if (from >= until) return {};
  std::vector<ApproxMatch> tails = approximate_candidates(text.substr(from, until - from), tail, probe_errors,
                                                          expected_tail > from ? expected_tail - from : 0);
  for (ApproxMatch& t : tails) {
    t.start += from;
    t.end += from;
  }
  const CandidateScorer tail_scorer(text, tail.size(), {}, query.suffix, expected_tail);
  const std::optional<Scored> tail_match = best_scored(tails, tail_scorer);
  if (!tail_match) return {};

  const std::size_t start = head_match->match.start;
  const std::size_t end = tail_match->match.end;
  if (end <= start) return {};
  const PatternMasks masks(quote, false);
  if (!masks.valid()) return {};
  const int errors = bounded_distance(text.substr(start, end - start), masks, max_errors);
  if (errors == kNoMatch) return {};
  return {ApproxMatch{start, end, errors}};
}

// Verbatim occurrences are looked for first in growing windows around the
// hint: once the best of them outscores anything a candidate farther away
// could reach, the rest of the text cannot change the choice (an article
// edited before the quote only shifts it a little). Nothing when the windows
// were not conclusive; the whole text is then searched.
ERRATUM_ONCE_PER_CALL std::optional<Scored> exact_near_hint(std::u16string_view text, std::u16string_view quote,
                                                            const CandidateScorer& scorer, std::size_t hint) {
  const std::size_t n = text.size();
  if (hint > n) return std::nullopt;
  const VerbatimSearch search(quote);
  for (std::size_t reach = 1024; reach < n / 8; reach *= 16) {
    const std::size_t from = hint - std::min(hint, reach);
    const std::size_t until = std::min(n, hint + reach + quote.size());
    std::vector<ApproxMatch> hits;
    for (const std::size_t start : search.find_all(text.substr(from, until - from))) {
      hits.push_back(ApproxMatch{from + start, from + start + quote.size(), 0});
    }
    const std::optional<Scored> best = best_scored(hits, scorer);
    if (best && best->score > scorer.best_score_farther_than(reach)) return best;
  }
  return std::nullopt;
}

// The common case, an article unchanged around the anchor: the quote is
// verbatim at the hinted position with its whole context. That candidate
// scores exactly 1 and every other one less (its position score is below 1),
// so the choice is known without searching the text.
ERRATUM_ONCE_PER_CALL std::optional<ReanchorResult> found_in_place(std::u16string_view text, const QuoteQuery& query) {
  if (!query.position_hint) return std::nullopt;
  const std::size_t start = *query.position_hint;
  if (start > text.size() || query.exact.size() > text.size() - start) return std::nullopt;
  const std::size_t end = start + query.exact.size();
  const std::u16string_view prefix = clip_utf16_front(query.prefix, kMaxContextUnits);
  const std::u16string_view suffix = clip_utf16_back(query.suffix, kMaxContextUnits);
  if (start < prefix.size() || text.size() - end < suffix.size()) return std::nullopt;
  if (text.substr(start - prefix.size(), prefix.size()) != prefix || text.substr(start, end - start) != query.exact ||
      text.substr(end, suffix.size()) != suffix) {
    return std::nullopt;
  }
  ReanchorResult result;
  result.found = true;
  result.exact = true;
  result.start = start;
  result.end = end;
  result.score = 1.0;
  return result;
}

#undef ERRATUM_PER_UNIT

}  // namespace

ERRATUM_ONCE_PER_CALL std::vector<ApproxMatch> approx_search(std::u16string_view text, std::u16string_view pattern,
                                                             int max_errors) {
  if (pattern.empty() || max_errors < 0) return {};
  const PatternMasks masks(pattern, false);
  if (!masks.valid()) return {};
  std::vector<ApproxMatch> matches = best_match_ends(text, masks, max_errors);
  if (!matches.empty()) recover_starts(text, PatternMasks(pattern, true), matches);
  return matches;
}

ERRATUM_ONCE_PER_CALL ReanchorResult reanchor_quote(std::u16string_view text, const QuoteQuery& query) {
  ReanchorResult result;
  const std::u16string_view quote = query.exact;
  if (quote.empty()) return result;
  if (const std::optional<ReanchorResult> unchanged = found_in_place(text, query)) return *unchanged;
  const CandidateScorer scorer(text, quote.size(), query.prefix, query.suffix, query.position_hint);

  std::optional<Scored> chosen;
  if (query.position_hint) chosen = exact_near_hint(text, quote, scorer, *query.position_hint);
  if (!chosen) {
    std::vector<ApproxMatch> candidates;
    for (const std::size_t start : find_exact(text, quote)) {
      candidates.push_back(ApproxMatch{start, start + quote.size(), 0});
    }
    if (candidates.empty()) {
      const int max_errors = static_cast<int>(std::min(kMaxQuoteErrors, quote.size() / 2));
      candidates = quote.size() <= kMaxWholeQuoteUnits
                       ? approximate_candidates(text, quote, max_errors, query.position_hint)
                       : locate_long_quote(text, query, max_errors);
    }
    chosen = best_scored(candidates, scorer);
  }
  if (!chosen) return result;
  const Scored& best = *chosen;
  if (scorer.quote_similarity(best.match.errors) < kMinQuoteSimilarity) return result;
  result.found = true;
  result.exact = best.match.errors == 0;
  result.start = best.match.start;
  result.end = best.match.end;
  result.errors = best.match.errors;
  // A hint far outside the text makes the position term, hence the raw
  // score, negative (ranking is unaffected); the score reported stays in 0..1.
  result.score = std::min(1.0, std::max(0.0, best.score));
  return result;
}

}  // namespace erratum
