// The word tokenizer: the Unicode character classes, the scanner that cuts
// UTF-8 text into tokens, and the tokenization of a correction that reuses
// its original's tokens where the bytes agree (what the diff tokenizes with).
#include "erratum/core/tokenize.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <memory>
#include <utility>

#include "erratum/core/bytes.hpp"
#include "erratum/core/text.hpp"

namespace erratum {
namespace {

// ---------------------------------------------------------------- characters

// What a code point does in the tokenizer. Everything not listed in the
// tables below is Other (one token per code point: punctuation, symbols,
// emoji); white space is decided by is_space() from text.hpp, and since no
// code point it accepts is listed here, only Other code points can be spaces.
enum class CharClass : std::uint8_t {
  Other,
  Letter,    // joins neighbouring letters and digits into a word
  Digit,     // joins into numbers, and into words when next to letters
  Extend,    // combining marks, joiners, variation selectors, skin tones:
             // always stays with the preceding code point
  Cluster,   // CJK, kana, Hangul, Thai, Lao: scripts written without spaces,
             // so each character (with its marks) is a token of its own
  Regional,  // regional indicators: two of them make one flag
};

struct ClassRange {
  char32_t first;
  char32_t last;
  CharClass cls;
};

constexpr CharClass L = CharClass::Letter;
constexpr CharClass D = CharClass::Digit;
constexpr CharClass X = CharClass::Extend;
constexpr CharClass C = CharClass::Cluster;

// Non-ASCII code points that are not Other, sorted and disjoint. This is a
// deliberately compact approximation of the Unicode categories for the scripts
// a news site meets; an unlisted letter merely becomes a one-character token,
// which still diffs correctly, only more finely. U+0900..U+0DFF (Indic
// scripts) is handled by a rule in classify() instead of by rows here.
// clang-format off: a table, laid out by hand
constexpr ClassRange kClassRanges[] = {
    {0x00AA, 0x00AA, L},
    {0x00AD, 0x00AD, X},  // soft hyphen stays inside its word
    {0x00B2, 0x00B3, D},
    {0x00B5, 0x00B5, L},
    {0x00B9, 0x00B9, D},
    {0x00BA, 0x00BA, L},
    {0x00C0, 0x00D6, L},
    {0x00D8, 0x00F6, L},
    {0x00F8, 0x02C1, L},
    {0x02C6, 0x02D1, L},
    {0x02E0, 0x02E4, L},
    {0x02EC, 0x02EC, L},
    {0x02EE, 0x02EE, L},
    {0x0300, 0x036F, X},  // combining diacritical marks
    {0x0370, 0x0374, L},
    {0x0376, 0x0377, L},
    {0x037A, 0x037D, L},
    {0x037F, 0x037F, L},
    {0x0386, 0x0386, L},
    {0x0388, 0x03F5, L},
    {0x03F7, 0x0481, L},  // Greek, Cyrillic
    {0x0483, 0x0489, X},
    {0x048A, 0x052F, L},
    {0x0531, 0x0556, L},
    {0x0559, 0x0559, L},
    {0x0560, 0x0588, L},  // Armenian
    {0x0591, 0x05BD, X},
    {0x05BF, 0x05BF, X},
    {0x05C1, 0x05C2, X},
    {0x05C4, 0x05C5, X},
    {0x05C7, 0x05C7, X},
    {0x05D0, 0x05EA, L},
    {0x05EF, 0x05F2, L},  // Hebrew
    {0x0610, 0x061A, X},
    {0x0620, 0x064A, L},
    {0x064B, 0x065F, X},
    {0x0660, 0x0669, D},
    {0x066E, 0x066F, L},
    {0x0670, 0x0670, X},
    {0x0671, 0x06D3, L},
    {0x06D5, 0x06D5, L},
    {0x06D6, 0x06DC, X},
    {0x06DF, 0x06E4, X},
    {0x06E5, 0x06E6, L},
    {0x06E7, 0x06E8, X},
    {0x06EA, 0x06ED, X},
    {0x06EE, 0x06EF, L},
    {0x06F0, 0x06F9, D},
    {0x06FA, 0x06FC, L},
    {0x06FF, 0x06FF, L},  // Arabic
    {0x0710, 0x074A, L},
    {0x074D, 0x07B1, L},
    {0x07C0, 0x07C9, D},
    {0x07CA, 0x07F5, L},
    {0x0800, 0x082D, L},
    {0x0840, 0x085B, L},
    {0x0860, 0x086A, L},
    {0x0870, 0x0887, L},
    {0x0889, 0x088E, L},
    {0x0898, 0x08FF, L},
    {0x0E01, 0x0E30, C},
    {0x0E31, 0x0E31, X},
    {0x0E32, 0x0E33, C},
    {0x0E34, 0x0E3A, X},
    {0x0E40, 0x0E46, C},
    {0x0E47, 0x0E4E, X},
    {0x0E50, 0x0E59, D},  // Thai
    {0x0E81, 0x0EB0, C},
    {0x0EB1, 0x0EB1, X},
    {0x0EB2, 0x0EB3, C},
    {0x0EB4, 0x0EBC, X},
    {0x0EBD, 0x0EC6, C},
    {0x0EC8, 0x0ECE, X},
    {0x0ED0, 0x0ED9, D},
    {0x0EDC, 0x0EDF, C},  // Lao
    {0x0F00, 0x0F00, L},
    {0x0F18, 0x0F19, X},
    {0x0F20, 0x0F29, D},
    {0x0F35, 0x0F35, X},
    {0x0F37, 0x0F37, X},
    {0x0F39, 0x0F39, X},
    {0x0F40, 0x0FBC, L},  // Tibetan
    {0x1000, 0x103F, L},
    {0x1040, 0x1049, D},
    {0x1050, 0x108F, L},
    {0x1090, 0x1099, D},
    {0x109A, 0x109D, L},
    {0x10A0, 0x10FF, L},  // Myanmar, Georgian
    {0x1100, 0x115F, C},
    {0x1160, 0x11FF, X},  // Hangul jamo: leading consonant + the rest
    {0x1200, 0x135A, L},
    {0x135D, 0x135F, X},
    {0x1380, 0x138F, L},
    {0x13A0, 0x13FD, L},
    {0x1401, 0x166C, L},
    {0x166F, 0x167F, L},
    {0x1681, 0x169A, L},
    {0x16A0, 0x16EA, L},
    {0x1780, 0x17D3, L},
    {0x17D7, 0x17D7, L},
    {0x17DC, 0x17DD, L},
    {0x17E0, 0x17E9, D},  // Khmer
    {0x1810, 0x1819, D},
    {0x1820, 0x1878, L},
    {0x1880, 0x18AA, L},  // Mongolian
    {0x1AB0, 0x1AFF, X},
    {0x1C80, 0x1C88, L},
    {0x1C90, 0x1CBF, L},
    {0x1D00, 0x1DBF, L},
    {0x1DC0, 0x1DFF, X},
    {0x1E00, 0x1FFC, L},  // Latin Extended Additional, Greek Extended
    {0x200C, 0x200D, X},  // ZWNJ, ZWJ
    {0x2070, 0x2070, D},
    {0x2071, 0x2071, L},
    {0x2074, 0x2079, D},
    {0x207F, 0x207F, L},
    {0x2080, 0x2089, D},
    {0x2090, 0x209C, L},
    {0x20D0, 0x20FF, X},  // combining marks for symbols, keycap
    {0x2C00, 0x2CE4, L},
    {0x2CEF, 0x2CF1, X},
    {0x2D00, 0x2D2D, L},
    {0x2D30, 0x2D6F, L},
    {0x2D80, 0x2DDE, L},
    {0x2DE0, 0x2DFF, X},
    {0x3005, 0x3007, C},
    {0x3021, 0x3029, C},
    {0x302A, 0x302F, X},
    {0x3031, 0x3035, C},
    {0x3038, 0x303C, C},
    {0x3041, 0x3096, C},
    {0x3099, 0x309A, X},
    {0x309B, 0x30FA, C},
    {0x30FC, 0x30FF, C},
    {0x3105, 0x312F, C},
    {0x3131, 0x318E, C},
    {0x31A0, 0x31BF, C},
    {0x31F0, 0x31FF, C},
    {0x3400, 0x4DBF, C},
    {0x4E00, 0x9FFF, C},
    {0xA000, 0xA48C, C},
    {0xA4D0, 0xA4FD, L},
    {0xA500, 0xA60C, L},
    {0xA610, 0xA61F, L},
    {0xA620, 0xA629, D},
    {0xA62A, 0xA62B, L},
    {0xA640, 0xA66E, L},
    {0xA66F, 0xA672, X},
    {0xA674, 0xA67D, X},
    {0xA67F, 0xA69D, L},
    {0xA69E, 0xA69F, X},
    {0xA6A0, 0xA6EF, L},
    {0xA717, 0xA71F, L},
    {0xA722, 0xA788, L},
    {0xA78B, 0xA7FF, L},
    {0xAB30, 0xAB5A, L},
    {0xAB5C, 0xAB69, L},
    {0xAB70, 0xABBF, L},
    {0xAC00, 0xD7A3, C},
    {0xD7B0, 0xD7FB, X},  // Hangul syllables, jamo extended-B
    {0xF900, 0xFAFF, C},
    {0xFB00, 0xFB06, L},
    {0xFB13, 0xFB17, L},
    {0xFB1D, 0xFB28, L},
    {0xFB2A, 0xFB4F, L},
    {0xFB50, 0xFBB1, L},
    {0xFBD3, 0xFD3D, L},
    {0xFD50, 0xFDC7, L},
    {0xFDF0, 0xFDFB, L},
    {0xFE00, 0xFE0F, X},
    {0xFE20, 0xFE2F, X},  // variation selectors, half marks
    {0xFE70, 0xFEFC, L},
    {0xFF10, 0xFF19, D},
    {0xFF21, 0xFF3A, L},
    {0xFF41, 0xFF5A, L},
    {0xFF66, 0xFF9D, C},
    {0xFF9E, 0xFF9F, X},
    {0xFFA0, 0xFFDC, C},  // half-width kana, Hangul
    {0x1F1E6, 0x1F1FF, CharClass::Regional},
    {0x1F3FB, 0x1F3FF, X},  // emoji skin-tone modifiers
    {0x20000, 0x3FFFF, C},  // CJK extensions B and beyond
    {0xE0020, 0xE007F, X},  // emoji tag sequences (subdivision flags)
    {0xE0100, 0xE01EF, X},  // variation selectors supplement
};
// clang-format on

constexpr bool ranges_sorted() {
  for (std::size_t i = 0; i < std::size(kClassRanges); ++i) {
    if (kClassRanges[i].first > kClassRanges[i].last) return false;
    if (i > 0 && kClassRanges[i - 1].last >= kClassRanges[i].first) return false;
  }
  return true;
}
static_assert(ranges_sorted(), "kClassRanges must be sorted and disjoint for binary search");

// What classify() searches: the table above as the code points where the
// class changes, each packed as (first code point << 3) | class, the gaps
// between ranges as Other. Built at compile time, so only this array is
// in the module: 4 bytes a boundary instead of 12 a range, for at most one
// more step of the search.
constexpr std::size_t kClassBits = 3;
constexpr std::size_t class_boundary_count() {
  std::size_t n = 0;
  for (std::size_t i = 0; i < std::size(kClassRanges); ++i) {
    if (i > 0 && kClassRanges[i - 1].last + 1 != kClassRanges[i].first) ++n;
    ++n;
  }
  return n + 1;  // the Other after the last range
}
struct ClassBoundaries {
  std::uint32_t at[class_boundary_count()] = {};
  constexpr ClassBoundaries() {
    std::size_t n = 0;
    for (std::size_t i = 0; i < std::size(kClassRanges); ++i) {
      if (i > 0 && kClassRanges[i - 1].last + 1 != kClassRanges[i].first)
        at[n++] = (kClassRanges[i - 1].last + 1) << kClassBits;
      at[n++] = (kClassRanges[i].first << kClassBits) | static_cast<std::uint32_t>(kClassRanges[i].cls);
    }
    at[n] = (kClassRanges[std::size(kClassRanges) - 1].last + 1) << kClassBits;
  }
};
constexpr ClassBoundaries kClassBoundaries;
static_assert(static_cast<std::uint32_t>(CharClass::Regional) < (1u << kClassBits), "a class must fit its bits");

// ASCII is most of the text the tokenizer sees: one table lookup per byte
// answers every question about it. Bytes from 0x80 up belong to multi-byte
// sequences and take the slow path through read_code_point().
enum ByteFlags : std::uint8_t {
  kByteLetter = 1,
  kByteDigit = 2,
  kByteSpace = 4,     // the ASCII members of is_space() (text.hpp)
  kByteJoinable = 8,  // ' - , . : may continue a word or a number
  kByteNonAscii = 16,
};

struct ByteTable {
  std::uint8_t flags[256] = {};
  constexpr ByteTable() {
    for (int c = 'a'; c <= 'z'; ++c) flags[c] = kByteLetter;
    for (int c = 'A'; c <= 'Z'; ++c) flags[c] = kByteLetter;
    for (int c = '0'; c <= '9'; ++c) flags[c] = kByteDigit;
    for (int c : {'\t', '\n', '\v', '\f', '\r', ' '}) flags[c] = kByteSpace;
    for (int c : {'\'', '-', ',', '.'}) flags[c] = kByteJoinable;
    for (int c = 0x80; c < 0x100; ++c) flags[c] = kByteNonAscii;
  }
  std::uint8_t operator[](char c) const { return flags[static_cast<unsigned char>(c)]; }
};
constexpr ByteTable kBytes;

ERRATUM_INLINE CharClass classify(char32_t cp) {
  if (cp < 0x80) {
    const std::uint8_t flags = kBytes.flags[cp];
    if (flags & kByteLetter) return CharClass::Letter;
    if (flags & kByteDigit) return CharClass::Digit;
    return CharClass::Other;
  }
  if (cp >= 0x00C0 && cp <= 0x02C1) {  // Latin-1 letters, Latin Extended-A/B, IPA: the common case
    return (cp == 0x00D7 || cp == 0x00F7) ? CharClass::Other : CharClass::Letter;
  }
  if (cp >= 0x0900 && cp <= 0x0DFF) {
    // Devanagari .. Sinhala share one layout: digits at xx66..xx6F of every
    // 128-code-point block, the dandas are punctuation, and the vowel signs
    // behave like letters inside a word.
    const char32_t low = cp & 0x7F;
    if (low >= 0x66 && low <= 0x6F) return CharClass::Digit;
    if (cp == 0x0964 || cp == 0x0965) return CharClass::Other;
    return CharClass::Letter;
  }
  // The last boundary at or below cp (a key above every class of cp's own
  // boundary); none below the first range.
  const std::uint32_t key = (static_cast<std::uint32_t>(cp) << kClassBits) | ((1u << kClassBits) - 1);
  const std::uint32_t* it = std::upper_bound(std::begin(kClassBoundaries.at), std::end(kClassBoundaries.at), key);
  if (it == std::begin(kClassBoundaries.at)) return CharClass::Other;
  return static_cast<CharClass>(it[-1] & ((1u << kClassBits) - 1));
}

bool is_word_apostrophe(char32_t cp) { return cp == U'\'' || cp == 0x2019; }
bool is_word_hyphen(char32_t cp) { return cp == U'-' || cp == 0x2010 || cp == 0x2011; }
bool is_decimal_separator(char32_t cp) { return cp == U',' || cp == U'.'; }
constexpr char32_t kZeroWidthJoiner = 0x200D;

// One code point read from the input, or one byte that starts no valid
// sequence (valid == false, length 1: each such byte becomes its own token).
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
  bool valid = false;
};

// Reads the code point starting at `pos` (< text.size()). Well-formedness is
// decided by utf8_sequence_length() (text.hpp), so the tokenizer and the rest
// of the core agree on what is valid; only two-byte sequences, the bulk of
// accented text and whose rule is trivial, are checked inline. Once a sequence
// is known to be well formed, its value is just its payload bits.
CodePoint read_code_point(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1, true};
  if (lead >= 0xC2 && lead <= 0xDF && pos + 1 < text.size()) {
    // Two-byte sequences (Latin, Greek, Cyrillic, Hebrew, Arabic) are well
    // formed exactly when the second byte is a continuation byte.
    const auto next = static_cast<unsigned char>(text[pos + 1]);
    if ((next & 0xC0) == 0x80) return {static_cast<char32_t>(((lead & 0x1F) << 6) | (next & 0x3F)), 2, true};
  }
  const std::size_t length = utf8_sequence_length(text, pos);
  if (length == 0) return {0, 1, false};
  char32_t value = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) value = (value << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
  return {value, length, true};
}

// ---------------------------------------------------------------- bytes

std::size_t common_prefix_bytes(std::string_view x, std::string_view y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::size_t i = 0;
  while (i + 8 <= n && same_word<std::uint64_t>(x.data() + i, y.data() + i)) i += 8;
  while (i < n && x[i] == y[i]) ++i;
  return i;
}

std::size_t common_suffix_bytes(std::string_view x, std::string_view y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::size_t i = 0;
  while (i + 8 <= n && same_word<std::uint64_t>(x.data() + x.size() - i - 8, y.data() + y.size() - i - 8)) i += 8;
  while (i < n && x[x.size() - 1 - i] == y[y.size() - 1 - i]) ++i;
  return i;
}

// ---------------------------------------------------------------- tokenizer

// Deciding where a token ends reads at most this many bytes past its end
// (the next code point and the one after it, for "l'a" or "3,5").
constexpr std::size_t kTokenizerLookahead = 8;

class Tokenizer {
 public:
  // The tokenizer carries no state from one token to the next, so it can
  // start at any token boundary.
  explicit Tokenizer(std::string_view text, std::size_t start = 0) : text_(text), pos_(start) {}

  bool at_end() const { return pos_ >= text_.size(); }
  std::size_t position() const { return pos_; }

  // Scans the token starting at position() and moves past it.
  TokenKind scan() { return scan_token(); }

 private:
  CodePoint peek(std::size_t at) const { return at < text_.size() ? read_code_point(text_, at) : CodePoint{}; }
  std::uint8_t byte_flags(std::size_t at) const { return at < text_.size() ? kBytes[text_[at]] : 0; }

  // Scans one token starting at pos_ and leaves pos_ after it. Plain ASCII
  // words, numbers, spaces and punctuation are finished here without
  // decoding anything; the rest goes through the code point paths.
  TokenKind scan_token() {
    const std::uint8_t first = kBytes[text_[pos_]];
    if (first & (kByteLetter | kByteDigit)) {
      std::uint8_t seen = 0;  // the flags of every byte read
      std::uint8_t last = first;
      std::size_t i = pos_;
      std::uint8_t f = first;
      do {
        last = f;
        seen |= f;
        f = byte_flags(++i);
      } while (f & (kByteLetter | kByteDigit));
      pos_ = i;
      const bool has_letter = seen & kByteLetter;
      const CharClass last_base = (last & kByteLetter) ? CharClass::Letter : CharClass::Digit;
      if (f & (kByteJoinable | kByteNonAscii)) return scan_alphanumeric(last_base, has_letter);
      return has_letter ? TokenKind::Word : TokenKind::Number;
    }
    if (first & kByteSpace) {
      // Most often one ASCII space before a word: no call for it.
      if (byte_flags(++pos_) & (kByteSpace | kByteNonAscii)) scan_spaces();
      return TokenKind::Space;
    }
    if (!(first & kByteNonAscii)) {  // ASCII punctuation or control
      ++pos_;
      if (byte_flags(pos_) & kByteNonAscii) scan_attached(false);
      return TokenKind::Punctuation;
    }

    const CodePoint cp = peek(pos_);
    pos_ += cp.length;
    if (!cp.valid) return TokenKind::Punctuation;  // the lone byte, kept as is
    const CharClass cls = classify(cp.value);
    if (cls == CharClass::Other && is_space(cp.value)) {
      scan_spaces();
      return TokenKind::Space;
    }
    switch (cls) {
      case CharClass::Letter: return scan_alphanumeric(CharClass::Letter, true);
      case CharClass::Digit: return scan_alphanumeric(CharClass::Digit, false);
      case CharClass::Cluster: scan_attached(false); return TokenKind::Word;
      case CharClass::Regional: {
        const CodePoint second = peek(pos_);
        if (second.valid && classify(second.value) == CharClass::Regional) pos_ += second.length;
        scan_attached(false);
        return TokenKind::Punctuation;
      }
      case CharClass::Extend:  // a mark with nothing to sit on (text start, after a space)
      case CharClass::Other: break;
    }
    scan_attached(cp.value == kZeroWidthJoiner);
    return TokenKind::Punctuation;
  }

  // Whitespace runs are one token; they hold nothing but white space.
  void scan_spaces() {
    for (;;) {
      while (byte_flags(pos_) & kByteSpace) ++pos_;
      if (!(byte_flags(pos_) & kByteNonAscii)) return;
      const CodePoint next = peek(pos_);
      if (!next.valid || !is_space(next.value)) return;
      pos_ += next.length;
    }
  }

  // Swallows what belongs to the same grapheme as the code point just read:
  // extending marks, and anything but white space after a zero-width joiner
  // (emoji ZWJ sequences such as the family emoji).
  void scan_attached(bool after_joiner) {
    while (pos_ < text_.size()) {
      const std::uint8_t flags = kBytes[text_[pos_]];
      if (!(flags & kByteNonAscii)) {  // no ASCII character extends another
        if (!after_joiner || (flags & kByteSpace)) return;
        ++pos_;
        after_joiner = false;
        continue;
      }
      const CodePoint next = peek(pos_);
      if (!next.valid) return;
      const CharClass cls = classify(next.value);
      if (cls == CharClass::Other && is_space(next.value)) return;
      if (!after_joiner && cls != CharClass::Extend) return;
      pos_ += next.length;
      after_joiner = next.value == kZeroWidthJoiner;
    }
  }

  // Continues a run of letters, digits and marks, with inner apostrophes
  // (l'article), hyphens (peut-être, COVID-19) and decimal separators (3,5):
  // a Word when it holds a letter, else a Number. `last_base` is the class of
  // the last letter or digit read so far (marks do not count).
  TokenKind scan_alphanumeric(CharClass last_base, bool has_letter) {
    bool after_joiner = false;
    while (pos_ < text_.size()) {
      const std::uint8_t flags = kBytes[text_[pos_]];
      if (flags & (kByteLetter | kByteDigit)) {
        last_base = (flags & kByteLetter) ? CharClass::Letter : CharClass::Digit;
        has_letter = has_letter || (flags & kByteLetter);
        after_joiner = false;
        ++pos_;
        continue;
      }
      if (!(flags & kByteNonAscii) && !after_joiner) {
        if (!(flags & kByteJoinable)) break;  // space, other punctuation
        // ' - , or . followed by an ASCII character: the separator rules
        // below, decided on the two bytes' flags without decoding them.
        const std::uint8_t after = byte_flags(pos_ + 1);
        if (!(after & kByteNonAscii)) {
          if (!(after & (kByteLetter | kByteDigit))) break;
          const CharClass after_cls = (after & kByteLetter) ? CharClass::Letter : CharClass::Digit;
          const char separator = text_[pos_];
          const bool inner = separator == '\''  ? last_base == CharClass::Letter && after_cls == CharClass::Letter
                             : separator == '-' ? last_base == CharClass::Letter || after_cls == CharClass::Letter
                                                : last_base == CharClass::Digit && after_cls == CharClass::Digit;
          if (!inner) break;
          pos_ += 2;
          last_base = after_cls;
          has_letter = has_letter || after_cls == CharClass::Letter;
          continue;
        }
      }
      const CodePoint next = peek(pos_);
      if (!next.valid) break;
      const CharClass cls = classify(next.value);
      if (cls == CharClass::Other && is_space(next.value)) break;
      if (after_joiner || cls == CharClass::Letter || cls == CharClass::Digit || cls == CharClass::Extend) {
        pos_ += next.length;
        if (cls == CharClass::Letter || cls == CharClass::Digit) last_base = cls;
        has_letter = has_letter || cls == CharClass::Letter;
        after_joiner = next.value == kZeroWidthJoiner;
        continue;
      }
      // A separator stays inside the token only between two suitable
      // characters: "l' " and "2016-2017" split.
      const CodePoint after = peek(pos_ + next.length);
      const CharClass after_cls = after.valid ? classify(after.value) : CharClass::Other;
      bool inner = false;
      if (is_word_apostrophe(next.value)) {
        inner = last_base == CharClass::Letter && after_cls == CharClass::Letter;
      } else if (is_word_hyphen(next.value)) {
        const bool after_alnum = after_cls == CharClass::Letter || after_cls == CharClass::Digit;
        inner = after_alnum && (last_base == CharClass::Letter || after_cls == CharClass::Letter);
      } else if (is_decimal_separator(next.value)) {
        inner = last_base == CharClass::Digit && after_cls == CharClass::Digit;
      }
      if (!inner) break;
      pos_ += next.length + after.length;
      last_base = after_cls;
      has_letter = has_letter || after_cls == CharClass::Letter;
    }
    return has_letter ? TokenKind::Word : TokenKind::Number;
  }

  std::string_view text_;
  std::size_t pos_;
};

// ---------------------------------------------------------------- sharing

// Reuses a reference text's tokens inside the changed middle of a correction.
// The tokenizer starts fresh at every token boundary and reads at most
// kTokenizerLookahead bytes past a token's end, so where `text` at a token
// boundary p holds the same bytes as the reference at one of its token
// boundaries q, the reference's tokens from q are the text's tokens from p
// for as long as the bytes (lookahead included) keep agreeing. `shift` is
// q - p where the two last agreed; after an edit the agreement is looked for
// again within kWindow bytes of that shift, every kStride bytes, less and
// less often while none is found, so a text with nothing in common costs
// little.
class Resync {
 public:
  // With an empty reference there is nothing to try, ever.
  Resync(std::string_view text, const TokenList& reference, std::size_t start)
      : text_(text), ref_(reference), next_try_(reference.size() == 0 ? SIZE_MAX : start) {}

  // Appends the reference's tokens that `text` shares from `here` (a token
  // boundary) and returns where they end; returns `here` when none apply.
  std::size_t copy_from(std::size_t here, TokenList& tokens) {
    if (here < next_try_) return here;
    std::size_t k;  // the reference token starting where `here` agrees
    if (!find_agreement(here, k)) {
      // Unrelated text: look again later and later (up to kMaxStride).
      stride_ = std::min(2 * stride_, kMaxStride);
      next_try_ = here + stride_;
      return here;
    }
    stride_ = kStride;
    next_try_ = here + kStride;
    // The reference's bytes [q, q + agreed) equal the text's [here, here + agreed).
    const std::size_t q = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(here) + shift_);
    const std::size_t agreed = common_prefix_bytes(text_.substr(here), ref_.text.substr(q));
    // A token is the same where its bytes and its lookahead agree.
    const std::size_t first = k;
    while (k < ref_.size() && ref_.end(k) + kTokenizerLookahead <= q + agreed) ++k;
    if (k == first) return here;
    tokens.push_copies(ref_, first, k, here - q);
    const std::size_t to = here + (ref_.end(k - 1) - q);
    next_try_ = to + kStride;  // an edit lies just ahead
    return to;
  }

 private:
  static constexpr std::size_t kProbe = 16;      // bytes that must agree to try a shift (two words)
  static constexpr std::ptrdiff_t kWindow = 64;  // how far an edit may move the shift
  static constexpr std::size_t kStride = 24;     // bytes between two attempts
  static constexpr std::size_t kMaxStride = 768;

  // Looks for a reference token start q near here + shift_ where kProbe
  // bytes agree, nearest first (of two as near, the later); on success sets
  // shift_ and the token's index. Only token starts are tried, in order: a
  // text has several times fewer of them than bytes.
  bool find_agreement(std::size_t here, std::size_t& index) {
    if (here + kProbe > text_.size()) return false;
    const char* const probe = text_.data() + here;
    const std::string_view original = ref_.text;
    const std::ptrdiff_t center = static_cast<std::ptrdiff_t>(here) + shift_;
    bool found = false;
    const auto agrees = [&](std::size_t q) {
      return same_word<std::uint64_t>(original.data() + q, probe) &&
             same_word<std::uint64_t>(original.data() + q + 8, probe + 8);
    };
    // The last start worth trying: in the window, room for the probe after
    // it, and no farther from center than the best start found so far.
    std::ptrdiff_t last_start =
        std::min(center + kWindow, static_cast<std::ptrdiff_t>(original.size()) - static_cast<std::ptrdiff_t>(kProbe));
    const auto found_at = [&](std::ptrdiff_t q, std::size_t token) {
      found = true;
      index = token;
      last_start = std::min(last_start, 2 * center - q);  // as far past center as q is before it
    };
    if (center <= kWindow && center >= -kWindow && 0 <= last_start && agrees(0)) found_at(0, 0);
    // Token t > 0 starts where token t - 1 ends. In increasing order, each
    // start found is nearer than the one before it up to center, and past
    // center no later one is nearer.
    const std::size_t* const ends = ref_.ends();
    const std::size_t* const last = ends + (ref_.size() - 1);
    for (const std::size_t* e = std::lower_bound(ends, last, std::max<std::ptrdiff_t>(center - kWindow, 1));
         e < last && static_cast<std::ptrdiff_t>(*e) <= last_start; ++e) {
      if (agrees(*e)) found_at(static_cast<std::ptrdiff_t>(*e), static_cast<std::size_t>(e - ends) + 1);
    }
    if (!found) return false;
    shift_ = static_cast<std::ptrdiff_t>(index == 0 ? 0 : ends[index - 1]) - static_cast<std::ptrdiff_t>(here);
    return true;
  }

  std::string_view text_;
  const TokenList& ref_;
  std::size_t next_try_;
  std::size_t stride_ = kStride;
  std::ptrdiff_t shift_ = 0;
};

}  // namespace

ERRATUM_ONCE_PER_CALL void TokenList::grow(std::size_t tokens) {
  const std::size_t capacity = std::max(tokens, 2 * capacity_);
  std::unique_ptr<std::size_t[]> ends(new std::size_t[capacity]);
  std::unique_ptr<std::uint8_t[]> kinds(new std::uint8_t[capacity]);
  std::copy_n(ends_.get(), size_, ends.get());
  std::copy_n(kinds_.get(), size_, kinds.get());
  ends_ = std::move(ends);
  kinds_ = std::move(kinds);
  capacity_ = capacity;
}

// Through tokenize_sharing(), so that the scanner has one caller, its loop,
// and is inlined there.
std::vector<Token> tokenize(std::string_view text) {
  TokenList list;
  tokenize_sharing(text, TokenList{}, list);
  std::vector<Token> tokens;
  tokens.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) tokens.push_back({list.token(i), list.kind(i)});
  return tokens;
}

SharedEnds tokenize_sharing(std::string_view text, const TokenList& reference, TokenList& tokens) {
  SharedEnds out;
  const std::string_view original = reference.text;
  // Text averages well over 3 bytes per token; growing is only a slowdown.
  tokens.reset(text, reference.size() + (text.size() > original.size() ? (text.size() - original.size()) / 3 : 0) + 1);

  // Leading tokens whose end, lookahead included, lies in the common prefix
  // come out the same on both sides (ends increase: a binary search finds
  // the first one that does not).
  const std::size_t prefix_bytes = common_prefix_bytes(original, text);
  const std::size_t prefix =
      prefix_bytes < kTokenizerLookahead
          ? 0
          : static_cast<std::size_t>(std::lower_bound(reference.ends(), reference.ends() + reference.size(),
                                                      prefix_bytes - (kTokenizerLookahead - 1)) -
                                     reference.ends());
  tokens.push_copies(reference, 0, prefix, 0);
  const std::size_t start = reference.start(prefix);
  out.prefix = prefix;

  // Past that, tokenize until a token boundary falls inside the common
  // suffix where the reference also has one: from there both texts hold the
  // same bytes up to their ends, so the rest is the reference's tokens.
  // In between, where a correction leaves long stretches untouched, the
  // reference's tokens are reused too (Resync): tokenizing is most of a
  // long paragraph's diff.
  const std::size_t suffix_start = text.size() - common_suffix_bytes(original, text);
  std::size_t next = out.prefix;  // first reference token that may start at the boundary
  Resync resync(text, reference, start);
  Tokenizer tokenizer(text, start);
  for (;;) {
    const std::size_t here = tokenizer.position();
    if (here >= suffix_start) {  // the text's end among others
      if (tokenizer.at_end()) break;
      const std::size_t there = here + original.size() - text.size();
      if (next < reference.size() && reference.start(next) < there) {
        // The first token from `next` on that starts at or past `there`:
        // the one after the first end at or past it.
        next = static_cast<std::size_t>(
                   std::lower_bound(reference.ends() + next, reference.ends() + reference.size(), there) -
                   reference.ends()) +
               1;
      }
      if (next < reference.size() && reference.start(next) == there) {
        // Offsets move by the difference in length (unsigned arithmetic
        // wraps back into range when the text is the shorter one).
        tokens.push_copies(reference, next, reference.size(), text.size() - original.size());
        out.suffix = reference.size() - next;
        break;
      }
    } else if (const std::size_t copied_to = resync.copy_from(here, tokens); copied_to > here) {
      tokenizer = Tokenizer(text, copied_to);
      continue;
    }
    const TokenKind kind = tokenizer.scan();
    tokens.push(tokenizer.position(), kind);
  }
  // The suffix tokens were looked for past the prefix tokens on both sides,
  // so the two never overlap.
  assert(out.prefix + out.suffix <= std::min(reference.size(), tokens.size()));
  return out;
}

}  // namespace erratum
