// Word-level diff: the tokens of both texts (tokenize.hpp), a minimal edit
// script over them (myers.hpp), made canonical and given out as byte spans,
// UTF-16 spans or copies of the text, with the counts.
#include "erratum/core/diff.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <memory>

#include "erratum/core/bytes.hpp"
#include "erratum/core/myers.hpp"
#include "erratum/core/text.hpp"
#include "erratum/core/tokenize.hpp"

namespace erratum {
namespace {

// ---------------------------------------------------------------- bytes

bool same_text(std::string_view x, std::string_view y) {
  const std::size_t n = x.size();
  if (n != y.size()) return false;
  const char* p = x.data();
  const char* q = y.data();
  if (n >= 8) {
    for (std::size_t k = 0; k + 8 <= n; k += 8) {
      if (!same_word<std::uint64_t>(p + k, q + k)) return false;
    }
    return same_word<std::uint64_t>(p + n - 8, q + n - 8);
  }
  if (n >= 4) return same_word<std::uint32_t>(p, q) && same_word<std::uint32_t>(p + n - 4, q + n - 4);
  if (n >= 2) return same_word<std::uint16_t>(p, q) && same_word<std::uint16_t>(p + n - 2, q + n - 2);
  return n == 0 || *p == *q;
}

// ---------------------------------------------------------------- interning

// Maps token texts to small integer ids so the diff compares integers.
// One-byte tokens (most white space and punctuation) are their own id; longer
// ones go through a hash table. Ids depend only on first-seen order, never on
// hash values, so the diff is the same on every platform.
class TokenInterner {
 public:
  struct Slot {
    std::uint32_t hash = 0;  // the low half of hash()
    std::uint32_t id = 0;
    std::uint32_t generation = 0;  // the slot holds a token of this diff only when it is the table's
    std::string_view text;
  };
  // The caller's storage, reused from one diff to the next: the slots, and
  // the generation of the last diff. A slot of an older generation is empty,
  // so a new diff starts without clearing the table.
  struct Table {
    std::vector<Slot> slots;
    std::uint32_t generation = 0;
  };

  // The table starts small and doubles: a paragraph has far fewer distinct
  // tokens than tokens. It starts smaller still for a few tokens (a one-word
  // edit), so that they probe few cache lines; only the first `capacity`
  // slots of the storage are in use.
  TokenInterner(Table& table, std::size_t tokens) : table_(table) {
    std::size_t capacity = kMinCapacity;
    while (capacity < kInitialCapacity && capacity < 2 * tokens) capacity *= 2;
    start_generation(capacity);
  }

  // `buffer_end`: end of the text the token is a view of; hashing may read
  // up to 8 bytes past the token's end when they still lie inside the text.
  ERRATUM_INLINE std::uint32_t id(std::string_view text, const char* buffer_end) {
    if (text.size() == 1) return static_cast<unsigned char>(text[0]);
    return multi_byte_id(text, buffer_end);
  }

  std::uint32_t size() const { return next_id_; }

 private:
  static constexpr std::uint32_t kFirstMultiByteId = 256;
  static constexpr std::size_t kMinCapacity = 16;
  static constexpr std::size_t kInitialCapacity = 256;

  std::uint32_t multi_byte_id(std::string_view text, const char* buffer_end) {
    const auto h = static_cast<std::uint32_t>(hash(text, buffer_end));
    Slot* const slots = table_.slots.data();
    for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots[i];
      if (slot.generation != table_.generation) {
        slot = {h, next_id_, table_.generation, text};
        if (++used_ * 2 > mask_ + 1) grow();
        return next_id_++;
      }
      if (slot.hash == h && same_text(slot.text, text)) return slot.id;
    }
  }

  // Empties the first `capacity` slots (a power of two) by moving to the
  // next generation; only a wrapped counter costs a pass over the slots.
  void start_generation(std::size_t capacity) {
    if (table_.slots.size() < capacity) table_.slots.resize(capacity);
    if (++table_.generation == 0) {
      for (Slot& slot : table_.slots) slot.generation = 0;
      table_.generation = 1;
    }
    mask_ = capacity - 1;
  }

  // Keeps the load factor at most 1/2 so that probe runs stay short.
  ERRATUM_ONCE_PER_CALL void grow() {
    std::vector<Slot> live;
    live.reserve(used_);
    for (std::size_t i = 0; i <= mask_; ++i) {
      if (table_.slots[i].generation == table_.generation) live.push_back(table_.slots[i]);
    }
    start_generation(2 * (mask_ + 1));
    for (Slot slot : live) {
      std::size_t i = static_cast<std::size_t>(slot.hash) & mask_;
      while (table_.slots[i].generation == table_.generation) i = (i + 1) & mask_;
      slot.generation = table_.generation;
      table_.slots[i] = slot;
    }
  }

  // Eight bytes at a time; the last partial word is read whole and masked
  // when the buffer allows it, which avoids a byte loop on short tokens.
  static std::uint64_t hash(std::string_view text, const char* buffer_end) {
    // Known at compile time (GCC and clang define the byte order): no
    // guarded static on the per-token path.
    constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
    constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = text.size() * kMultiplier;
    const char* p = text.data();
    std::size_t left = text.size();
    for (; left >= 8; p += 8, left -= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      h = (h ^ word) * kMultiplier;
      h ^= h >> 29;
    }
    if (left > 0) {
      std::uint64_t word = 0;
      if (kLittleEndian && buffer_end - p >= 8) {
        std::memcpy(&word, p, 8);
        word &= ~std::uint64_t{0} >> (8 * (8 - left));
      } else {
        for (std::size_t k = 0; k < left; ++k) word |= std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
      }
      h = (h ^ word) * kMultiplier;
      h ^= h >> 29;
    }
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
  }

  Table& table_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
  std::uint32_t next_id_ = kFirstMultiByteId;
};

// ---------------------------------------------------------------- edit script

// mark_changes()' storage, kept by the caller from one diff to the next.
struct MarkStorage {
  TokenInterner::Table interner;
  ScratchArray<std::uint32_t> original_ids, corrected_ids;
  Marks sides;  // per token id, bit 0: the id occurs in the original, bit 1: in the correction
  ScratchArray<std::uint32_t> kept_original, kept_corrected;  // ids that occur on both sides
  ScratchArray<std::size_t> original_index, corrected_index;  // the token index of each kept id
  Marks kept_deleted, kept_inserted;
  MyersStorage myers;
};

// Marks the changed tokens of the range [begin, end) of both token lists (the
// part left once the common prefix and suffix are set aside).
void mark_changes(const TokenList& original, const TokenList& corrected, std::size_t begin, std::size_t original_end,
                  std::size_t corrected_end, Marks& deleted, Marks& inserted, MarkStorage& storage) {
  const std::size_t n = original_end - begin, m = corrected_end - begin;
  TokenInterner interner(storage.interner, n + m);
  const char* const original_text_end = original.text.data() + original.text.size();
  const char* const corrected_text_end = corrected.text.data() + corrected.text.size();
  storage.original_ids.resize_for_overwrite(n);
  storage.corrected_ids.resize_for_overwrite(m);
  std::uint32_t* const original_ids = storage.original_ids.data();
  std::uint32_t* const corrected_ids = storage.corrected_ids.data();
  for (std::size_t i = 0; i < n; ++i) original_ids[i] = interner.id(original.token(begin + i), original_text_end);
  // A token copied from an original token in the range has that token's id:
  // the parts of the copied runs that copy such tokens, in order, with the
  // tokens between them interned.
  const TokenList::CopiedRun* run = corrected.copies.data();
  const TokenList::CopiedRun* const runs_end = run + corrected.copies.size();
  for (std::size_t j = begin; j < corrected_end;) {
    std::size_t first = corrected_end, last = corrected_end;  // the next part: [first, last)
    for (; run != runs_end; ++run) {
      const std::size_t from = std::max(run->reference_first, begin);
      const std::size_t to = std::min(run->reference_first + run->count, original_end);
      if (from >= to) continue;
      first = std::max(run->first + (from - run->reference_first), begin);
      last = std::min(run->first + (to - run->reference_first), corrected_end);
      if (first < last) break;
      first = last = corrected_end;
    }
    for (; j < first; ++j) corrected_ids[j - begin] = interner.id(corrected.token(j), corrected_text_end);
    if (first < last) {
      std::memcpy(corrected_ids + (first - begin), original_ids + (run->reference_first + (first - run->first) - begin),
                  (last - first) * sizeof(std::uint32_t));
      j = last;
      ++run;
    }
  }

  // A token that occurs on one side only can never be part of a common
  // subsequence: mark it now and leave it out of the search. This keeps the
  // result minimal and makes rewritten passages much cheaper to diff.
  Marks& sides = storage.sides;
  sides.assign_zeros(interner.size());
  for (std::size_t i = 0; i < n; ++i) sides[original_ids[i]] |= 1;
  for (std::size_t j = 0; j < m; ++j) sides[corrected_ids[j]] |= 2;
  // Splits one side's ids into those kept for the search (with their token
  // indices) and those marked changed at once; returns how many are kept.
  const auto keep = [&sides, begin](const std::uint32_t* ids, std::size_t count, ScratchArray<std::uint32_t>& kept,
                                    ScratchArray<std::size_t>& index, Marks& changed) {
    kept.resize_for_overwrite(count);
    index.resize_for_overwrite(count);
    std::size_t k = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (sides[ids[i]] == 3) {
        kept[k] = ids[i];
        index[k++] = begin + i;
      } else {
        changed[begin + i] = 1;
      }
    }
    return k;
  };
  const std::size_t kept_n = keep(original_ids, n, storage.kept_original, storage.original_index, deleted);
  const std::size_t kept_m = keep(corrected_ids, m, storage.kept_corrected, storage.corrected_index, inserted);

  Marks& kept_deleted = storage.kept_deleted;
  Marks& kept_inserted = storage.kept_inserted;
  kept_deleted.assign_zeros(kept_n);
  kept_inserted.assign_zeros(kept_m);
  mark_edits(storage.kept_original.data(), kept_n, storage.kept_corrected.data(), kept_m, kept_deleted, kept_inserted,
             storage.myers);
  for (std::size_t i = 0; i < kept_n; ++i) {
    if (kept_deleted[i]) deleted[storage.original_index[i]] = 1;
  }
  for (std::size_t j = 0; j < kept_m; ++j) {
    if (kept_inserted[j]) inserted[storage.corrected_index[j]] = 1;
  }
}

// The edit script as alternating runs: equal[0], changes[0], equal[1], ...,
// changes[k-1], equal[k], k being `count`. Equal runs count token pairs; a
// change deletes then inserts tokens. Written in place in arrays sized for
// the most changes the marks can hold.
struct Change {
  std::size_t deleted;
  std::size_t inserted;
};

struct Script {
  ScratchArray<std::size_t> equal;
  ScratchArray<Change> changes;
  std::size_t count = 0;
};

// Groups the marks into runs. Between two kept tokens there is at most one
// run of deletions and one of insertions, because kept tokens pair up in order.
// Only the marks of [begin, n) and [begin, m) are read: the tokens before
// `begin`, and those from n and m on, are the shared ends, kept.
void script_from_marks(const Marks& deleted, const Marks& inserted, std::size_t begin, std::size_t n, std::size_t m,
                       Script& script) {
  // Each change holds at least one marked token.
  script.equal.resize_for_overwrite(n + m - 2 * begin + 1);
  script.changes.resize_for_overwrite(n + m - 2 * begin);
  std::size_t* const equal = script.equal.data();
  Change* const changes = script.changes.data();
  std::size_t k = 0;
  std::size_t i = begin, j = begin;
  equal[0] = begin;
  for (;;) {
    const std::size_t from = i;
    while (i < n && j < m && !deleted[i] && !inserted[j]) {
      ++i;
      ++j;
    }
    equal[k] += i - from;
    if (i == n && j == m) break;
    const std::size_t deleted_from = i, inserted_from = j;
    while (i < n && deleted[i]) ++i;
    while (j < m && inserted[j]) ++j;
    if (i == deleted_from && j == inserted_from) {  // kept tokens left on one side only: cannot happen
      assert(false);
      break;
    }
    changes[k] = {i - deleted_from, j - inserted_from};
    equal[++k] = 0;
  }
  equal[k] += deleted.size() - n;
  script.count = k;
}

// Among equally short scripts, moves every pure deletion and pure insertion
// as late as it can go (a run [i, j) moves one step when token i equals token
// j), merging it into the next change when it reaches it. Replacements stay
// where they are. This makes the output canonical and reads naturally:
// removing a word from "le très bon" deletes "très ", not " très".
ERRATUM_ONCE_PER_CALL void slide_late(Script& script, const TokenList& original, const TokenList& corrected) {
  std::size_t original_pos = script.equal[0], corrected_pos = script.equal[0];  // where change h starts
  for (std::size_t h = 0; h < script.count; ++h) {
    Change& change = script.changes[h];
    std::size_t& after = script.equal[h + 1];
    if ((change.deleted == 0) != (change.inserted == 0)) {
      const TokenList& tokens = change.deleted ? original : corrected;
      const std::size_t start = change.deleted ? original_pos : corrected_pos;
      const std::size_t length = change.deleted + change.inserted;
      std::size_t shift = 0;
      while (shift < after && same_text(tokens.token(start + shift), tokens.token(start + length + shift))) ++shift;
      script.equal[h] += shift;
      after -= shift;
      original_pos += shift;
      corrected_pos += shift;
      if (after == 0 && h + 1 < script.count) {  // touches the next change: becomes part of it
        script.changes[h + 1].deleted += change.deleted;
        script.changes[h + 1].inserted += change.inserted;
        change = Change{};
        continue;
      }
    }
    original_pos += change.deleted + after;
    corrected_pos += change.inserted + after;
  }
}

std::size_t count_words(const TokenList& tokens, std::size_t first, std::size_t last) {
  std::size_t n = 0;
  for (std::size_t i = first; i < last; ++i) n += tokens.kind(i) != TokenKind::Space;
  return n;
}

// prefer_words() solves again the changes that at most this many kept tokens
// (about four words) separate, when their table, one cell per pair of
// tokens, has at most kMaxPreferCells: the search's choice stands past them.
constexpr std::size_t kMaxPreferGap = 8;
constexpr std::size_t kMaxPreferCells = 4096;

// Rewrites the marks of an n x m box of tokens, whose corners the script
// passes through, with the script inside it that keeps as many tokens as any
// other (so the whole stays minimal) and among those the most visible
// (non-space) ones, when that is more than the marks keep now. A longest
// common subsequence by the textbook table, a kept token scoring `whole`
// plus one when it is visible, `whole` exceeding any count of visible tokens
// the box can keep. `kinds`, `a` and `deleted` start at the box's first
// original token, `b` and `inserted` at its first corrected one. Returns
// whether the marks changed.
ERRATUM_ONCE_PER_CALL bool rescore_box(const std::uint8_t* kinds, const std::uint32_t* a, const std::uint32_t* b,
                                       std::size_t n, std::size_t m, char* deleted, char* inserted,
                                       ScratchArray<std::ptrdiff_t>& scores) {
  const std::size_t width = m + 1;
  const auto whole = static_cast<std::ptrdiff_t>(n + m + 1);
  const auto visible = [&](std::size_t i) { return kinds[i] != static_cast<std::uint8_t>(TokenKind::Space); };
  const auto score = [&](std::size_t i) { return whole + visible(i); };
  std::ptrdiff_t kept_visible = 0;
  for (std::size_t i = 0; i < n; ++i) kept_visible += !deleted[i] && visible(i);
  // t[i * width + j]: the best score of tokens [i, n) against [j, m); 0 past
  // the last token of either side.
  scores.assign_zeros((n + 1) * width);
  std::ptrdiff_t* const t = scores.data();
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      std::ptrdiff_t* cell = t + i * width + j;
      *cell = std::max(cell[1], cell[width]);
      if (a[i] == b[j]) *cell = std::max(*cell, cell[width + 1] + score(i));
    }
  }
  if (t[0] % whole <= kept_visible) return false;
  for (std::size_t i = 0, j = 0; i < n || j < m;) {
    const std::ptrdiff_t* cell = t + i * width + j;
    if (i < n && j < m && a[i] == b[j] && *cell == cell[width + 1] + score(i)) {
      deleted[i++] = 0;
      inserted[j++] = 0;
    } else if (i < n && *cell == cell[width]) {
      deleted[i++] = 1;
    } else {
      inserted[j++] = 1;
    }
  }
  return true;
}

// The search returns one of the shortest edit scripts, and where several
// keep the same number of tokens it may keep a space where another keeps a
// word: from "il reste de pain, ici" to "il reste pain frais, ici" it may keep
// the space after "de" instead of "pain", which reads as two replaced words
// instead of one deleted and one inserted. Such a choice lies between changes
// that a few kept tokens separate, so each stretch of changes at most
// kMaxPreferGap kept tokens apart is solved again by rescore_box(), which
// prefers visible tokens in a table that takes the search's storage over.
// `storage` holds the ids mark_changes() gave tokens [begin, ...). Returns
// whether the marks changed.
ERRATUM_ONCE_PER_CALL bool prefer_words(const Script& script, const TokenList& original, std::size_t begin,
                                        MarkStorage& storage, Marks& deleted, Marks& inserted) {
  const std::size_t changes = script.count;
  bool rewritten = false;
  std::size_t i = script.equal[0], j = i;  // where change h starts
  for (std::size_t h = 0; h < changes; ++h) {
    const std::size_t first = h, first_i = i, first_j = j;
    for (;; ++h) {
      i += script.changes[h].deleted;
      j += script.changes[h].inserted;
      const std::size_t gap = script.equal[h + 1];
      if (h + 1 == changes || gap > kMaxPreferGap) break;
      i += gap;
      j += gap;
    }
    if (h > first && (i - first_i) * (j - first_j) <= kMaxPreferCells) {
      rewritten |= rescore_box(original.kinds() + first_i, storage.original_ids.data() + (first_i - begin),
                               storage.corrected_ids.data() + (first_j - begin), i - first_i, j - first_j,
                               &deleted[first_i], &inserted[first_j], storage.myers.backward);
    }
    i += script.equal[h + 1];
    j += script.equal[h + 1];
  }
  return rewritten;
}

}  // namespace

const char* op_name(DiffOpKind kind) {
  static constexpr const char* kNames[] = {"equal", "insert", "delete"};  // by DiffOpKind's values
  const auto k = static_cast<std::size_t>(kind);
  return k < 3 ? kNames[k] : kNames[0];
}

namespace {

// The edit script as byte spans, adjacent spans of one kind merged: Equal and
// Delete spans lie in `original`, Insert spans in `corrected`.
struct ByteSpan {
  DiffOpKind kind;
  std::size_t start, end;
};

struct ByteSpans {
  ScratchArray<ByteSpan> ops;  // the first `count` are the spans
  std::size_t count = 0;
  DiffCounts counts;
};

// The script's runs as byte spans, with the counts.
ERRATUM_ONCE_PER_CALL void spans_from_script(const Script& script, const TokenList& a, const TokenList& b,
                                             ByteSpans& result) {
  result.counts = DiffCounts{};
  // At most an equal, a delete and an insert span per change, written in
  // place (a push_back per span is a call at -Os), then counted.
  result.ops.resize_for_overwrite(3 * script.count + 1);
  ByteSpan* const ops = result.ops.data();
  std::size_t count = 0;
  const auto emit = [ops, &count](DiffOpKind kind, std::size_t start, std::size_t end) {
    if (count > 0 && ops[count - 1].kind == kind) {
      ops[count - 1].end = end;  // a change merged into the next one: the spans touch
    } else {
      ops[count++] = {kind, start, end};
    }
  };
  std::size_t i = 0, j = 0;
  for (std::size_t h = 0; h <= script.count; ++h) {
    if (script.equal[h] > 0) {
      emit(DiffOpKind::Equal, a.start(i), a.end(i + script.equal[h] - 1));
      result.counts.equal += script.equal[h];
      i += script.equal[h];
      j += script.equal[h];
    }
    if (h == script.count) break;
    const Change& change = script.changes[h];
    if (change.deleted > 0) {
      emit(DiffOpKind::Delete, a.start(i), a.end(i + change.deleted - 1));
      result.counts.deleted += change.deleted;
      result.counts.words_deleted += count_words(a, i, i + change.deleted);
      i += change.deleted;
    }
    if (change.inserted > 0) {
      emit(DiffOpKind::Insert, b.start(j), b.end(j + change.inserted - 1));
      result.counts.inserted += change.inserted;
      result.counts.words_inserted += count_words(b, j, j + change.inserted);
      j += change.inserted;
    }
  }
  result.count = count;
}

}  // namespace

// Everything a diff allocates, kept between diffs (see DiffWorkspace).
struct DiffWorkspace::Storage {
  TokenList original_tokens, corrected_tokens;
  Marks deleted, inserted;
  MarkStorage marks;
  Script script;
  ByteSpans byte_spans;
  ScratchArray<DiffSpan> span_storage;
  DiffSpans spans;  // views span_storage
};

ERRATUM_ONCE_PER_CALL DiffWorkspace::DiffWorkspace() : storage_(std::make_unique<Storage>()) {}
ERRATUM_ONCE_PER_CALL DiffWorkspace::~DiffWorkspace() = default;

namespace {

// The diff as byte spans, in `storage.byte_spans`.
void diff_byte_spans(std::string_view original, std::string_view corrected, DiffWorkspace::Storage& storage) {
  TokenList& a = storage.original_tokens;
  TokenList& b = storage.corrected_tokens;
  tokenize_sharing(original, TokenList{}, a);
  const SharedEnds shared = tokenize_sharing(corrected, a, b);
  const std::size_t n = a.size(), m = b.size();

  // The few shared tokens at either end that tokenizing against the
  // original left out are trimmed by the search itself.
  const std::size_t prefix = shared.prefix, suffix = shared.suffix;

  // Only the changed middle is marked and read.
  storage.deleted.resize_for_overwrite(n);
  storage.inserted.resize_for_overwrite(m);
  storage.deleted.zero(prefix, n - suffix);
  storage.inserted.zero(prefix, m - suffix);
  mark_changes(a, b, prefix, n - suffix, m - suffix, storage.deleted, storage.inserted, storage.marks);
  // A second pass only when prefer_words() changed the marks (one call site
  // keeps script_from_marks() inlined).
  do {
    script_from_marks(storage.deleted, storage.inserted, prefix, n - suffix, m - suffix, storage.script);
  } while (prefer_words(storage.script, a, prefix, storage.marks, storage.deleted, storage.inserted));
  slide_late(storage.script, a, b);
  spans_from_script(storage.script, a, b, storage.byte_spans);
}

// Converts increasing byte offsets of one text into UTF-16 offsets in a
// single forward pass, counting code points as utf16_length() does.
class Utf16Offsets {
 public:
  explicit Utf16Offsets(std::string_view text) : text_(text) {}
  std::uint32_t at(std::size_t byte) {
    if (byte < byte_) byte_ = units_ = 0;  // not increasing: start over (never in practice)
    units_ += utf16_length(text_.substr(byte_, byte - byte_));
    byte_ = byte;
    return static_cast<std::uint32_t>(units_);
  }

 private:
  std::string_view text_;
  std::size_t byte_ = 0;
  std::size_t units_ = 0;
};

}  // namespace

ERRATUM_ONCE_PER_CALL DiffResult diff_words(std::string_view original, std::string_view corrected) {
  DiffWorkspace workspace;
  diff_byte_spans(original, corrected, workspace.storage());
  const ByteSpans& spans = workspace.storage().byte_spans;
  DiffResult result;
  result.counts = spans.counts;
  result.ops.reserve(spans.count);
  for (const ByteSpan& op : ArrayView<ByteSpan>{spans.ops.data(), spans.count}) {
    const std::string_view text = op.kind == DiffOpKind::Insert ? corrected : original;
    result.ops.push_back({op.kind, std::string(text.substr(op.start, op.end - op.start))});
  }
  return result;
}

ERRATUM_ONCE_PER_CALL const DiffSpans& diff_word_spans(std::string_view original, std::string_view corrected,
                                                       DiffWorkspace& workspace) {
  DiffWorkspace::Storage& storage = workspace.storage();
  diff_byte_spans(original, corrected, storage);
  const ByteSpans& spans = storage.byte_spans;
  DiffSpans& result = storage.spans;
  result.counts = spans.counts;
  storage.span_storage.resize_for_overwrite(spans.count);  // written in place, not value-initialized first
  DiffSpan* out = storage.span_storage.data();
  result.ops = {out, spans.count};
  // Equal and Delete spans follow each other through `original`; `corrected`
  // is the Equal and Insert spans in order, and an Equal span has the same
  // UTF-16 length on both sides, so only the inserted text is counted there.
  Utf16Offsets in_original(original);
  std::uint32_t in_corrected = 0;  // where the next Equal or Insert span starts in `corrected`
  for (const ByteSpan& op : ArrayView<ByteSpan>{spans.ops.data(), spans.count}) {
    if (op.kind == DiffOpKind::Insert) {
      const auto length = static_cast<std::uint32_t>(utf16_length(corrected.substr(op.start, op.end - op.start)));
      *out++ = {op.kind, in_corrected, in_corrected + length};
      in_corrected += length;
      continue;
    }
    const std::uint32_t start = in_original.at(op.start);
    const std::uint32_t end = in_original.at(op.end);
    *out++ = {op.kind, start, end};
    if (op.kind == DiffOpKind::Equal) in_corrected += end - start;
  }
  return result;
}

}  // namespace erratum
