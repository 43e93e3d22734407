// Word-level diff: a Unicode-aware tokenizer, then a minimal token edit script
// computed with Myers' O(ND) algorithm in linear space (middle-snake divide
// and conquer, driven by an explicit stack so depth never depends on input).
#include "erratum/core/diff.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>

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
  Letter,     // joins neighbouring letters and digits into a word
  Digit,      // joins into numbers, and into words when next to letters
  Extend,     // combining marks, joiners, variation selectors, skin tones:
              // always stays with the preceding code point
  Cluster,    // CJK, kana, Hangul, Thai, Lao: scripts written without spaces,
              // so each character (with its marks) is a token of its own
  Regional,   // regional indicators: two of them make one flag
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
constexpr ClassRange kClassRanges[] = {
    {0x00AA, 0x00AA, L}, {0x00AD, 0x00AD, X},  // soft hyphen stays inside its word
    {0x00B2, 0x00B3, D}, {0x00B5, 0x00B5, L}, {0x00B9, 0x00B9, D}, {0x00BA, 0x00BA, L},
    {0x00C0, 0x00D6, L}, {0x00D8, 0x00F6, L}, {0x00F8, 0x02C1, L}, {0x02C6, 0x02D1, L},
    {0x02E0, 0x02E4, L}, {0x02EC, 0x02EC, L}, {0x02EE, 0x02EE, L},
    {0x0300, 0x036F, X},  // combining diacritical marks
    {0x0370, 0x0374, L}, {0x0376, 0x0377, L}, {0x037A, 0x037D, L}, {0x037F, 0x037F, L},
    {0x0386, 0x0386, L}, {0x0388, 0x03F5, L}, {0x03F7, 0x0481, L},  // Greek, Cyrillic
    {0x0483, 0x0489, X}, {0x048A, 0x052F, L},
    {0x0531, 0x0556, L}, {0x0559, 0x0559, L}, {0x0560, 0x0588, L},  // Armenian
    {0x0591, 0x05BD, X}, {0x05BF, 0x05BF, X}, {0x05C1, 0x05C2, X}, {0x05C4, 0x05C5, X},
    {0x05C7, 0x05C7, X}, {0x05D0, 0x05EA, L}, {0x05EF, 0x05F2, L},  // Hebrew
    {0x0610, 0x061A, X}, {0x0620, 0x064A, L}, {0x064B, 0x065F, X}, {0x0660, 0x0669, D},
    {0x066E, 0x066F, L}, {0x0670, 0x0670, X}, {0x0671, 0x06D3, L}, {0x06D5, 0x06D5, L},
    {0x06D6, 0x06DC, X}, {0x06DF, 0x06E4, X}, {0x06E5, 0x06E6, L}, {0x06E7, 0x06E8, X},
    {0x06EA, 0x06ED, X}, {0x06EE, 0x06EF, L}, {0x06F0, 0x06F9, D}, {0x06FA, 0x06FC, L},
    {0x06FF, 0x06FF, L},  // Arabic
    {0x0710, 0x074A, L}, {0x074D, 0x07B1, L}, {0x07C0, 0x07C9, D}, {0x07CA, 0x07F5, L},
    {0x0800, 0x082D, L}, {0x0840, 0x085B, L}, {0x0860, 0x086A, L}, {0x0870, 0x0887, L},
    {0x0889, 0x088E, L}, {0x0898, 0x08FF, L},
    {0x0E01, 0x0E30, C}, {0x0E31, 0x0E31, X}, {0x0E32, 0x0E33, C}, {0x0E34, 0x0E3A, X},
    {0x0E40, 0x0E46, C}, {0x0E47, 0x0E4E, X}, {0x0E50, 0x0E59, D},  // Thai
    {0x0E81, 0x0EB0, C}, {0x0EB1, 0x0EB1, X}, {0x0EB2, 0x0EB3, C}, {0x0EB4, 0x0EBC, X},
    {0x0EBD, 0x0EC6, C}, {0x0EC8, 0x0ECE, X}, {0x0ED0, 0x0ED9, D}, {0x0EDC, 0x0EDF, C},  // Lao
    {0x0F00, 0x0F00, L}, {0x0F18, 0x0F19, X}, {0x0F20, 0x0F29, D}, {0x0F35, 0x0F35, X},
    {0x0F37, 0x0F37, X}, {0x0F39, 0x0F39, X}, {0x0F40, 0x0FBC, L},  // Tibetan
    {0x1000, 0x103F, L}, {0x1040, 0x1049, D}, {0x1050, 0x108F, L}, {0x1090, 0x1099, D},
    {0x109A, 0x109D, L}, {0x10A0, 0x10FF, L},  // Myanmar, Georgian
    {0x1100, 0x115F, C}, {0x1160, 0x11FF, X},  // Hangul jamo: leading consonant + the rest
    {0x1200, 0x135A, L}, {0x135D, 0x135F, X}, {0x1380, 0x138F, L}, {0x13A0, 0x13FD, L},
    {0x1401, 0x166C, L}, {0x166F, 0x167F, L}, {0x1681, 0x169A, L}, {0x16A0, 0x16EA, L},
    {0x1780, 0x17D3, L}, {0x17D7, 0x17D7, L}, {0x17DC, 0x17DD, L}, {0x17E0, 0x17E9, D},  // Khmer
    {0x1810, 0x1819, D}, {0x1820, 0x1878, L}, {0x1880, 0x18AA, L},  // Mongolian
    {0x1AB0, 0x1AFF, X}, {0x1C80, 0x1C88, L}, {0x1C90, 0x1CBF, L}, {0x1D00, 0x1DBF, L},
    {0x1DC0, 0x1DFF, X}, {0x1E00, 0x1FFC, L},  // Latin Extended Additional, Greek Extended
    {0x200C, 0x200D, X},  // ZWNJ, ZWJ
    {0x2070, 0x2070, D}, {0x2071, 0x2071, L}, {0x2074, 0x2079, D}, {0x207F, 0x207F, L},
    {0x2080, 0x2089, D}, {0x2090, 0x209C, L},
    {0x20D0, 0x20FF, X},  // combining marks for symbols, keycap
    {0x2C00, 0x2CE4, L}, {0x2CEF, 0x2CF1, X}, {0x2D00, 0x2D2D, L}, {0x2D30, 0x2D6F, L},
    {0x2D80, 0x2DDE, L}, {0x2DE0, 0x2DFF, X},
    {0x3005, 0x3007, C}, {0x3021, 0x3029, C}, {0x302A, 0x302F, X}, {0x3031, 0x3035, C},
    {0x3038, 0x303C, C}, {0x3041, 0x3096, C}, {0x3099, 0x309A, X}, {0x309B, 0x30FA, C},
    {0x30FC, 0x30FF, C}, {0x3105, 0x312F, C}, {0x3131, 0x318E, C}, {0x31A0, 0x31BF, C},
    {0x31F0, 0x31FF, C}, {0x3400, 0x4DBF, C}, {0x4E00, 0x9FFF, C}, {0xA000, 0xA48C, C},
    {0xA4D0, 0xA4FD, L}, {0xA500, 0xA60C, L}, {0xA610, 0xA61F, L}, {0xA620, 0xA629, D},
    {0xA62A, 0xA62B, L}, {0xA640, 0xA66E, L}, {0xA66F, 0xA672, X}, {0xA674, 0xA67D, X},
    {0xA67F, 0xA69D, L}, {0xA69E, 0xA69F, X}, {0xA6A0, 0xA6EF, L}, {0xA717, 0xA71F, L},
    {0xA722, 0xA788, L}, {0xA78B, 0xA7FF, L}, {0xAB30, 0xAB5A, L}, {0xAB5C, 0xAB69, L},
    {0xAB70, 0xABBF, L},
    {0xAC00, 0xD7A3, C}, {0xD7B0, 0xD7FB, X},  // Hangul syllables, jamo extended-B
    {0xF900, 0xFAFF, C}, {0xFB00, 0xFB06, L}, {0xFB13, 0xFB17, L}, {0xFB1D, 0xFB28, L},
    {0xFB2A, 0xFB4F, L}, {0xFB50, 0xFBB1, L}, {0xFBD3, 0xFD3D, L}, {0xFD50, 0xFDC7, L},
    {0xFDF0, 0xFDFB, L},
    {0xFE00, 0xFE0F, X}, {0xFE20, 0xFE2F, X},  // variation selectors, half marks
    {0xFE70, 0xFEFC, L}, {0xFF10, 0xFF19, D}, {0xFF21, 0xFF3A, L}, {0xFF41, 0xFF5A, L},
    {0xFF66, 0xFF9D, C}, {0xFF9E, 0xFF9F, X}, {0xFFA0, 0xFFDC, C},  // half-width kana, Hangul
    {0x1F1E6, 0x1F1FF, CharClass::Regional},
    {0x1F3FB, 0x1F3FF, X},  // emoji skin-tone modifiers
    {0x20000, 0x3FFFF, C},  // CJK extensions B and beyond
    {0xE0020, 0xE007F, X},  // emoji tag sequences (subdivision flags)
    {0xE0100, 0xE01EF, X},  // variation selectors supplement
};

constexpr bool ranges_sorted() {
  for (std::size_t i = 0; i < std::size(kClassRanges); ++i) {
    if (kClassRanges[i].first > kClassRanges[i].last) return false;
    if (i > 0 && kClassRanges[i - 1].last >= kClassRanges[i].first) return false;
  }
  return true;
}
static_assert(ranges_sorted(), "kClassRanges must be sorted and disjoint for binary search");

// ASCII is most of the text the tokenizer sees: one table lookup per byte
// answers every question about it. Bytes from 0x80 up belong to multi-byte
// sequences and take the slow path through read_code_point().
enum ByteFlags : std::uint8_t {
  kByteLetter = 1,
  kByteDigit = 2,
  kByteSpace = 4,      // the ASCII members of is_space() (text.hpp)
  kByteJoinable = 8,   // ' - , . : may continue a word or a number
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
  const ClassRange* end = std::end(kClassRanges);
  const ClassRange* it = std::upper_bound(std::begin(kClassRanges), end, cp,
                                          [](char32_t value, const ClassRange& r) { return value < r.first; });
  if (it == std::begin(kClassRanges)) return CharClass::Other;
  --it;
  return cp <= it->last ? it->cls : CharClass::Other;
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

// Tokens are short (a few bytes): fixed-size word compares, possibly
// overlapping, beat a call to memcmp.
template <typename Word>
bool same_word(const char* x, const char* y) {
  Word wx, wy;
  std::memcpy(&wx, x, sizeof(Word));
  std::memcpy(&wy, y, sizeof(Word));
  return wx == wy;
}

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
  CodePoint peek(std::size_t at) const {
    return at < text_.size() ? read_code_point(text_, at) : CodePoint{};
  }
  std::uint8_t byte_flags(std::size_t at) const { return at < text_.size() ? kBytes[text_[at]] : 0; }

  // Scans one token starting at pos_ and leaves pos_ after it. Plain ASCII
  // words, numbers, spaces and punctuation are finished here without
  // decoding anything; the rest goes through the code point paths.
  TokenKind scan_token() {
    const std::uint8_t first = kBytes[text_[pos_]];
    if (first & (kByteLetter | kByteDigit)) {
      bool has_letter = false;
      std::uint8_t last = first;
      std::size_t i = pos_;
      std::uint8_t f = first;
      do {
        last = f;
        has_letter = has_letter || (f & kByteLetter);
        f = byte_flags(++i);
      } while (f & (kByteLetter | kByteDigit));
      pos_ = i;
      const CharClass last_base = (last & kByteLetter) ? CharClass::Letter : CharClass::Digit;
      if (byte_flags(i) & (kByteJoinable | kByteNonAscii)) return scan_alphanumeric(last_base, has_letter);
      return has_letter ? TokenKind::Word : TokenKind::Number;
    }
    if (first & kByteSpace) {
      ++pos_;
      scan_spaces();
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
      case CharClass::Letter:
        return scan_alphanumeric(CharClass::Letter, true);
      case CharClass::Digit:
        return scan_alphanumeric(CharClass::Digit, false);
      case CharClass::Cluster:
        scan_attached(false);
        return TokenKind::Word;
      case CharClass::Regional: {
        const CodePoint second = peek(pos_);
        if (second.valid && classify(second.value) == CharClass::Regional) pos_ += second.length;
        scan_attached(false);
        return TokenKind::Punctuation;
      }
      case CharClass::Extend:  // a mark with nothing to sit on (text start, after a space)
      case CharClass::Other:
        break;
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
      if (!(flags & (kByteJoinable | kByteNonAscii)) && !after_joiner) break;  // space, other punctuation
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

// The tokens of one text as the diff keeps them: where each one ends and its
// kind, 9 bytes a token (5 in wasm32) instead of a Token's 24, so that a long
// paragraph takes little memory and stays in cache.
struct TokenList {
  std::string_view text;
  std::vector<std::size_t> ends;
  std::vector<std::uint8_t> kinds;

  std::size_t size() const { return ends.size(); }
  std::size_t start(std::size_t i) const { return i == 0 ? 0 : ends[i - 1]; }
  std::string_view token(std::size_t i) const { return text.substr(start(i), ends[i] - start(i)); }
  TokenKind kind(std::size_t i) const { return static_cast<TokenKind>(kinds[i]); }
  // The text of tokens [first, last), first < last.
  std::string_view span(std::size_t first, std::size_t last) const {
    return text.substr(start(first), ends[last - 1] - start(first));
  }
  void reserve(std::size_t n) {
    ends.reserve(n);
    kinds.reserve(n);
  }
  // Empties the list for `new_text`, keeping the storage for the next diff.
  void reset(std::string_view new_text) {
    text = new_text;
    ends.clear();
    kinds.clear();
    copies.clear();
  }
  ERRATUM_INLINE void push(std::size_t end, TokenKind kind) {
    ends.push_back(end);
    kinds.push_back(static_cast<std::uint8_t>(kind));
  }

  // For a text tokenized against a reference (tokenize_sharing): the runs of
  // tokens that are copies of reference tokens, in order, so that the diff
  // knows those pairs are equal without comparing them.
  struct CopiedRun {
    std::size_t first;            // index of the run's first token
    std::size_t reference_first;  // index of the reference token it copies
    std::size_t count;
  };
  std::vector<CopiedRun> copies;
  void push_copy(std::size_t end, TokenKind kind, std::size_t reference_index) {
    const std::size_t index = ends.size();
    if (!copies.empty() && copies.back().first + copies.back().count == index &&
        copies.back().reference_first + copies.back().count == reference_index) {
      ++copies.back().count;
    } else {
      copies.push_back({index, reference_index, 1});
    }
    push(end, kind);
  }
};

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
  Resync(std::string_view text, const TokenList& reference, std::size_t start)
      : text_(text), ref_(reference), next_try_(start) {}

  // Appends the reference's tokens that `text` shares from `here` (a token
  // boundary) and returns where they end; returns `here` when none apply.
  std::size_t copy_from(std::size_t here, TokenList& tokens) {
    if (here < next_try_ || ref_.size() == 0) return here;
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
    std::size_t to = here;
    // A token is the same where its bytes and its lookahead agree.
    for (; k < ref_.size() && ref_.ends[k] + kTokenizerLookahead <= q + agreed; ++k) {
      to = here + (ref_.ends[k] - q);
      tokens.push_copy(to, ref_.kind(k), k);
    }
    if (to > here) next_try_ = to + kStride;  // an edit lies just ahead
    return to;
  }

 private:
  static constexpr std::size_t kProbe = 16;    // bytes that must agree to try a shift
  static constexpr std::ptrdiff_t kWindow = 64;  // how far an edit may move the shift
  static constexpr std::size_t kStride = 24;   // bytes between two attempts
  static constexpr std::size_t kMaxStride = 768;

  // Looks for a reference token start q near here + shift_ where kProbe
  // bytes agree; on success sets shift_ and the token's index.
  bool find_agreement(std::size_t here, std::size_t& index) {
    if (here + kProbe > text_.size()) return false;
    const std::string_view probe = text_.substr(here, kProbe);
    const std::string_view original = ref_.text;
    // Candidate shifts, nearest first: shift_, shift_ + 1, shift_ - 1, ...
    for (std::ptrdiff_t step = 0; step <= 2 * kWindow; ++step) {
      const std::ptrdiff_t shift = step % 2 ? shift_ + (step + 1) / 2 : shift_ - step / 2;
      const std::ptrdiff_t q = static_cast<std::ptrdiff_t>(here) + shift;
      if (q < 0 || static_cast<std::size_t>(q) + kProbe > original.size()) continue;
      const auto at = static_cast<std::size_t>(q);
      if (original[at] != probe[0] || original.substr(at, kProbe) != probe) continue;
      // A reference token must start at q: right after the one ending there.
      const auto it = std::lower_bound(ref_.ends.begin(), ref_.ends.end(), at);
      if (at != 0 && (it == ref_.ends.end() || *it != at)) continue;
      index = at == 0 ? 0 : static_cast<std::size_t>(it - ref_.ends.begin()) + 1;
      shift_ = shift;
      return true;
    }
    return false;
  }

  std::string_view text_;
  const TokenList& ref_;
  std::size_t next_try_;
  std::size_t stride_ = kStride;
  std::ptrdiff_t shift_ = 0;
};

// The tokens of `text`, reusing those of `reference` (another text, already
// tokenized) where the bytes are the same: a reader's correction usually
// changes a few words of a long paragraph, so most of it need not be
// tokenized twice. `prefix` and `suffix` tell how many leading and trailing
// tokens are known to be identical on both sides (they never overlap). With
// an empty reference this is plain tokenization.
struct SharedEnds {
  std::size_t prefix = 0;
  std::size_t suffix = 0;
};

SharedEnds tokenize_sharing(std::string_view text, const TokenList& reference, TokenList& tokens) {
  SharedEnds out;
  tokens.reset(text);
  const std::string_view original = reference.text;
  // Text averages well over 3 bytes per token; growing is only a slowdown.
  tokens.reserve(reference.size() + (text.size() > original.size() ? (text.size() - original.size()) / 3 : 0) + 1);

  // Leading tokens whose end, lookahead included, lies in the common prefix
  // come out the same on both sides.
  const std::size_t prefix_bytes = common_prefix_bytes(original, text);
  std::size_t start = 0;
  for (std::size_t i = 0; i < reference.size() && reference.ends[i] + kTokenizerLookahead <= prefix_bytes; ++i) {
    tokens.push_copy(reference.ends[i], reference.kind(i), i);
    start = reference.ends[i];
  }
  out.prefix = tokens.size();

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
  while (!tokenizer.at_end()) {
    const std::size_t here = tokenizer.position();
    if (here >= suffix_start) {
      const std::size_t there = here + original.size() - text.size();
      while (next < reference.size() && reference.start(next) < there) ++next;
      if (next < reference.size() && reference.start(next) == there) {
        // Offsets move by the difference in length (unsigned arithmetic
        // wraps back into range when the text is the shorter one).
        for (std::size_t k = next; k < reference.size(); ++k) {
          tokens.push_copy(reference.ends[k] + text.size() - original.size(), reference.kind(k), k);
        }
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

// ---------------------------------------------------------------- interning

// Maps token texts to small integer ids so the diff compares integers.
// One-byte tokens (most white space and punctuation) are their own id; longer
// ones go through a hash table. Ids depend only on first-seen order, never on
// hash values, so the diff is the same on every platform.
class TokenInterner {
 public:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kEmpty;
    std::string_view text;
  };

  // The table starts small and doubles: a paragraph has far fewer distinct
  // tokens than tokens, and clearing a table sized for all of them would
  // cost more than the lookups. It starts smaller still for a few tokens
  // (a one-word edit), whose diff would otherwise mostly clear the table.
  // `slots` is the caller's storage, reused from one diff to the next.
  TokenInterner(std::vector<Slot>& slots, std::size_t tokens) : slots_(slots) {
    std::size_t capacity = kMinCapacity;
    while (capacity < kInitialCapacity && capacity < 2 * tokens) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }

  // `buffer_end`: end of the text the token is a view of; hashing may read
  // up to 8 bytes past the token's end when they still lie inside the text.
  std::uint32_t id(std::string_view text, const char* buffer_end) {
    if (text.size() == 1) return static_cast<unsigned char>(text[0]);
    const std::uint64_t h = hash(text, buffer_end);
    for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.id == kEmpty) {
        slot = {h, next_id_, text};
        if (++used_ * 2 > slots_.size()) grow();
        return next_id_++;
      }
      if (slot.hash == h && same_text(slot.text, text)) return slot.id;
    }
  }

  std::uint32_t size() const { return next_id_; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static constexpr std::uint32_t kFirstMultiByteId = 256;
  static constexpr std::size_t kMinCapacity = 16;
  static constexpr std::size_t kInitialCapacity = 256;

  // Keeps the load factor at most 1/2 so that probe runs stay short.
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == kEmpty) continue;
      std::size_t i = static_cast<std::size_t>(slot.hash) & mask_;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = slot;
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

  std::vector<Slot>& slots_;
  std::size_t mask_;
  std::size_t used_ = 0;
  std::uint32_t next_id_ = kFirstMultiByteId;
};

// ---------------------------------------------------------------- Myers

// An array of per-token scratch data kept in a DiffWorkspace: it only grows,
// so from one diff to the next it is allocated again only for a longer text.
// Smaller code than std::vector's assign(), which counts in the wasm build.
template <typename T>
class ScratchArray {
 public:
  // `n` elements, left as the previous diff wrote them.
  void resize_for_overwrite(std::size_t n) {
    if (capacity_ < n) {
      data_.reset(new T[n]);
      capacity_ = n;
    }
    size_ = n;
  }
  // `n` elements, all zero.
  void assign_zeros(std::size_t n) {
    resize_for_overwrite(n);
    if (n > 0) std::memset(data_.get(), 0, n * sizeof(T));
  }
  std::size_t size() const { return size_; }
  T* data() { return data_.get(); }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  std::unique_ptr<T[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// One flag per token: 1 where the edit script deletes (or inserts) it.
using Marks = ScratchArray<char>;

// A sub-problem of the search: tokens [a_begin, a_end) of `a` against
// [b_begin, b_end) of `b`.
struct Box {
  std::ptrdiff_t a_begin, a_end, b_begin, b_end;
};

// The search's storage, kept by the caller from one diff to the next.
struct MyersStorage {
  ScratchArray<std::ptrdiff_t> forward, backward;
  std::vector<Box> pending;
};

// Marks which tokens of `a` are deleted and which of `b` are inserted in a
// minimal edit script; the unmarked tokens form a longest common subsequence.
class EditMarker {
 public:
  EditMarker(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
             Marks& deleted, Marks& inserted, MyersStorage& storage)
      : a_(a), b_(b), deleted_(deleted), inserted_(inserted), storage_(storage) {
    const std::ptrdiff_t max_d = (size(a) + size(b) + 1) / 2;
    offset_ = max_d + 1;
    // Only grown, never cleared: the search writes every entry before reading it.
    const auto diagonals = static_cast<std::size_t>(2 * max_d + 3);
    storage.forward.resize_for_overwrite(diagonals);
    storage.backward.resize_for_overwrite(diagonals);
    forward_ = storage.forward.data();
    backward_ = storage.backward.data();
  }

  void run() {
    // Each box is split at a point of an optimal path into two boxes of about
    // half the cost, so the stack holds O(log D) boxes.
    std::vector<Box>& pending = storage_.pending;
    pending.clear();
    pending.push_back({0, size(a_), 0, size(b_)});
    while (!pending.empty()) {
      Box box = pending.back();
      pending.pop_back();
      while (box.a_begin < box.a_end && box.b_begin < box.b_end && a_[box.a_begin] == b_[box.b_begin]) {
        ++box.a_begin;
        ++box.b_begin;
      }
      while (box.a_begin < box.a_end && box.b_begin < box.b_end && a_[box.a_end - 1] == b_[box.b_end - 1]) {
        --box.a_end;
        --box.b_end;
      }
      if (box.a_begin == box.a_end || box.b_begin == box.b_end) {
        mark_all(box);
        continue;
      }
      // Both sides non-empty and no common prefix or suffix: the cost is at
      // least 2, so the split leaves two strictly cheaper boxes.
      const Point mid = middle_point(box);
      const bool inside = mid.x >= box.a_begin && mid.x <= box.a_end && mid.y >= box.b_begin && mid.y <= box.b_end;
      const bool splits = !(mid.x == box.a_begin && mid.y == box.b_begin) && !(mid.x == box.a_end && mid.y == box.b_end);
      assert(inside && splits);
      if (!inside || !splits) {  // cannot happen; never loop forever if it did
        mark_all(box);
        continue;
      }
      pending.push_back({mid.x, box.a_end, mid.y, box.b_end});
      pending.push_back({box.a_begin, mid.x, box.b_begin, mid.y});
    }
  }

 private:
  struct Point {
    std::ptrdiff_t x, y;
  };

  static std::ptrdiff_t size(const std::vector<std::uint32_t>& v) { return static_cast<std::ptrdiff_t>(v.size()); }

  void mark_all(const Box& box) {
    for (std::ptrdiff_t i = box.a_begin; i < box.a_end; ++i) deleted_[static_cast<std::size_t>(i)] = 1;
    for (std::ptrdiff_t j = box.b_begin; j < box.b_end; ++j) inserted_[static_cast<std::size_t>(j)] = 1;
  }

  std::ptrdiff_t& fwd(std::ptrdiff_t k) { return forward_[static_cast<std::size_t>(k + offset_)]; }
  std::ptrdiff_t& bwd(std::ptrdiff_t k) { return backward_[static_cast<std::size_t>(k + offset_)]; }

  // Myers' "middle snake": runs the forward search from the top-left corner
  // and the backward search from the bottom-right corner one cost step at a
  // time until they overlap on a diagonal; the meeting point lies on an
  // optimal path with ceil(D/2) edits before it and floor(D/2) after it.
  // Coordinates are relative to the box; diagonal k holds the points with
  // x - y == k. forward(k): largest x reached on diagonal k; backward(c):
  // smallest x reached on diagonal delta + c.
  Point middle_point(const Box& box) {
    const std::uint32_t* a = a_.data() + box.a_begin;
    const std::uint32_t* b = b_.data() + box.b_begin;
    const std::ptrdiff_t n = box.a_end - box.a_begin;
    const std::ptrdiff_t m = box.b_end - box.b_begin;
    const std::ptrdiff_t delta = n - m;
    const bool odd = (delta & 1) != 0;
    const std::ptrdiff_t max_d = (n + m + 1) / 2;
    fwd(1) = 0;      // so that d = 0 starts at (0, 0)
    bwd(1) = n + 1;  // so that d = 0 starts at (n, m)
    for (std::ptrdiff_t d = 0; d <= max_d; ++d) {
      for (std::ptrdiff_t k = -d; k <= d; k += 2) {
        // Step down from diagonal k + 1 or right from diagonal k - 1,
        // whichever gets further, then follow matching tokens.
        std::ptrdiff_t x = (k == -d || (k != d && fwd(k - 1) < fwd(k + 1))) ? fwd(k + 1) : fwd(k - 1) + 1;
        std::ptrdiff_t y = x - k;
        while (x < n && y < m && a[x] == b[y]) {
          ++x;
          ++y;
        }
        fwd(k) = x;
        const std::ptrdiff_t c = k - delta;
        if (odd && c >= -(d - 1) && c <= d - 1 && x >= bwd(c)) return {box.a_begin + x, box.b_begin + y};
      }
      for (std::ptrdiff_t c = -d; c <= d; c += 2) {
        // Step left from diagonal c + 1 or up from diagonal c - 1, whichever
        // gets further back, then follow matching tokens backwards.
        std::ptrdiff_t x = (c == -d || (c != d && bwd(c + 1) <= bwd(c - 1))) ? bwd(c + 1) - 1 : bwd(c - 1);
        const std::ptrdiff_t k = c + delta;
        std::ptrdiff_t y = x - k;
        while (x > 0 && y > 0 && a[x - 1] == b[y - 1]) {
          --x;
          --y;
        }
        bwd(c) = x;
        if (!odd && k >= -d && k <= d && x <= fwd(k)) return {box.a_begin + x, box.b_begin + y};
      }
    }
    return {box.a_begin, box.b_begin};  // unreachable: the searches meet by d = max_d
  }

  const std::vector<std::uint32_t>& a_;
  const std::vector<std::uint32_t>& b_;
  Marks& deleted_;
  Marks& inserted_;
  MyersStorage& storage_;
  std::ptrdiff_t* forward_;
  std::ptrdiff_t* backward_;
  std::ptrdiff_t offset_ = 0;
};

// ---------------------------------------------------------------- edit script

// mark_changes()' storage, kept by the caller from one diff to the next.
struct MarkStorage {
  std::vector<TokenInterner::Slot> interner_slots;
  std::vector<std::uint32_t> original_ids, corrected_ids;
  Marks sides;  // per token id, bit 0: the id occurs in the original, bit 1: in the correction
  std::vector<std::uint32_t> kept_original, kept_corrected;  // ids that occur on both sides
  std::vector<std::size_t> original_index, corrected_index;  // the token index of each kept id
  Marks kept_deleted, kept_inserted;
  MyersStorage myers;
};

// Marks the changed tokens of the range [begin, end) of both token lists (the
// part left once the common prefix and suffix are set aside).
void mark_changes(const TokenList& original, const TokenList& corrected,
                  std::size_t begin, std::size_t original_end, std::size_t corrected_end,
                  Marks& deleted, Marks& inserted, MarkStorage& storage) {
  if (begin == original_end || begin == corrected_end) {  // a pure insertion or deletion
    for (std::size_t i = begin; i < original_end; ++i) deleted[i] = 1;
    for (std::size_t j = begin; j < corrected_end; ++j) inserted[j] = 1;
    return;
  }
  TokenInterner interner(storage.interner_slots, (original_end - begin) + (corrected_end - begin));
  const char* const original_text_end = original.text.data() + original.text.size();
  const char* const corrected_text_end = corrected.text.data() + corrected.text.size();
  std::vector<std::uint32_t>& original_ids = storage.original_ids;
  std::vector<std::uint32_t>& corrected_ids = storage.corrected_ids;
  original_ids.clear();
  corrected_ids.clear();
  original_ids.reserve(original_end - begin);
  corrected_ids.reserve(corrected_end - begin);
  for (std::size_t i = begin; i < original_end; ++i) original_ids.push_back(interner.id(original.token(i), original_text_end));
  // A token copied from an original token in the range has that token's id.
  auto run = corrected.copies.begin();
  for (std::size_t j = begin; j < corrected_end; ++j) {
    while (run != corrected.copies.end() && run->first + run->count <= j) ++run;
    const std::size_t from = run != corrected.copies.end() && run->first <= j ? run->reference_first + (j - run->first) : SIZE_MAX;
    corrected_ids.push_back(from >= begin && from < original_end ? original_ids[from - begin]
                                                                 : interner.id(corrected.token(j), corrected_text_end));
  }

  // A token that occurs on one side only can never be part of a common
  // subsequence: mark it now and leave it out of the search. This keeps the
  // result minimal and makes rewritten passages much cheaper to diff.
  Marks& sides = storage.sides;
  sides.assign_zeros(interner.size());
  for (std::uint32_t id : original_ids) sides[id] |= 1;
  for (std::uint32_t id : corrected_ids) sides[id] |= 2;
  // Splits one side's ids into those kept for the search (with their token
  // indices) and those marked changed at once.
  const auto keep = [&sides, begin](const std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& kept,
                                    std::vector<std::size_t>& index, Marks& changed) {
    kept.clear();
    index.clear();
    kept.reserve(ids.size());
    index.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (sides[ids[i]] == 3) {
        kept.push_back(ids[i]);
        index.push_back(begin + i);
      } else {
        changed[begin + i] = 1;
      }
    }
  };
  std::vector<std::uint32_t>& kept_original = storage.kept_original;
  std::vector<std::uint32_t>& kept_corrected = storage.kept_corrected;
  std::vector<std::size_t>& original_index = storage.original_index;
  std::vector<std::size_t>& corrected_index = storage.corrected_index;
  keep(original_ids, kept_original, original_index, deleted);
  keep(corrected_ids, kept_corrected, corrected_index, inserted);

  Marks& kept_deleted = storage.kept_deleted;
  Marks& kept_inserted = storage.kept_inserted;
  kept_deleted.assign_zeros(kept_original.size());
  kept_inserted.assign_zeros(kept_corrected.size());
  EditMarker(kept_original, kept_corrected, kept_deleted, kept_inserted, storage.myers).run();
  for (std::size_t i = 0; i < kept_deleted.size(); ++i) {
    if (kept_deleted[i]) deleted[original_index[i]] = 1;
  }
  for (std::size_t j = 0; j < kept_inserted.size(); ++j) {
    if (kept_inserted[j]) inserted[corrected_index[j]] = 1;
  }
}

// The edit script as alternating runs: equal[0], changes[0], equal[1], ...,
// changes[k-1], equal[k] (so equal.size() == changes.size() + 1). Equal runs
// count token pairs; a change deletes then inserts tokens.
struct Change {
  std::size_t deleted = 0;
  std::size_t inserted = 0;
};

struct Script {
  std::vector<std::size_t> equal;
  std::vector<Change> changes;
};

// Groups the marks into runs. Between two kept tokens there is at most one
// run of deletions and one of insertions, because kept tokens pair up in order.
void script_from_marks(const Marks& deleted, const Marks& inserted, Script& script) {
  const std::size_t n = deleted.size(), m = inserted.size();
  script.equal.clear();
  script.changes.clear();
  script.equal.push_back(0);
  std::size_t i = 0, j = 0;
  for (;;) {
    while (i < n && j < m && !deleted[i] && !inserted[j]) {
      ++i;
      ++j;
      ++script.equal.back();
    }
    if (i == n && j == m) break;
    Change change;
    for (; i < n && deleted[i]; ++i) ++change.deleted;
    for (; j < m && inserted[j]; ++j) ++change.inserted;
    if (change.deleted == 0 && change.inserted == 0) {  // kept tokens left on one side only: cannot happen
      assert(false);
      break;
    }
    script.changes.push_back(change);
    script.equal.push_back(0);
  }
}

// Among equally short scripts, moves every pure deletion and pure insertion
// as late as it can go (a run [i, j) moves one step when token i equals token
// j), merging it into the next change when it reaches it. Replacements stay
// where they are. This makes the output canonical and reads naturally:
// removing a word from "le très bon" deletes "très ", not " très".
ERRATUM_ONCE_PER_CALL void slide_late(Script& script, const TokenList& original, const TokenList& corrected) {
  std::size_t original_pos = script.equal[0], corrected_pos = script.equal[0];  // where change h starts
  for (std::size_t h = 0; h < script.changes.size(); ++h) {
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
      if (after == 0 && h + 1 < script.changes.size()) {  // touches the next change: becomes part of it
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

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 3 + 1);
  Tokenizer tokenizer(text);
  while (!tokenizer.at_end()) {
    const std::size_t start = tokenizer.position();
    const TokenKind kind = tokenizer.scan();
    tokens.push_back({text.substr(start, tokenizer.position() - start), kind});
  }
  return tokens;
}

const char* op_name(DiffOpKind kind) {
  switch (kind) {
    case DiffOpKind::Equal:
      return "equal";
    case DiffOpKind::Insert:
      return "insert";
    case DiffOpKind::Delete:
      return "delete";
  }
  return "equal";
}

namespace {

// The edit script as byte spans, adjacent spans of one kind merged: Equal and
// Delete spans lie in `original`, Insert spans in `corrected`.
struct ByteSpan {
  DiffOpKind kind;
  std::size_t start, end;
};

struct ByteSpans {
  std::vector<ByteSpan> ops;
  DiffCounts counts;
};

// The script's runs as byte spans, with the counts.
ERRATUM_ONCE_PER_CALL void spans_from_script(const Script& script, const TokenList& a, const TokenList& b,
                                             ByteSpans& result) {
  result.ops.clear();
  result.counts = DiffCounts{};
  result.ops.reserve(2 * script.changes.size() + 1);
  const auto emit = [&result](DiffOpKind kind, std::size_t start, std::size_t end) {
    if (!result.ops.empty() && result.ops.back().kind == kind) {
      result.ops.back().end = end;  // a change merged into the next one: the spans touch
    } else {
      result.ops.push_back({kind, start, end});
    }
  };
  std::size_t i = 0, j = 0;
  for (std::size_t h = 0; h < script.equal.size(); ++h) {
    if (script.equal[h] > 0) {
      emit(DiffOpKind::Equal, a.start(i), a.ends[i + script.equal[h] - 1]);
      result.counts.equal += script.equal[h];
      i += script.equal[h];
      j += script.equal[h];
    }
    if (h == script.changes.size()) break;
    const Change& change = script.changes[h];
    if (change.deleted > 0) {
      emit(DiffOpKind::Delete, a.start(i), a.ends[i + change.deleted - 1]);
      result.counts.deleted += change.deleted;
      result.counts.words_deleted += count_words(a, i, i + change.deleted);
      i += change.deleted;
    }
    if (change.inserted > 0) {
      emit(DiffOpKind::Insert, b.start(j), b.ends[j + change.inserted - 1]);
      result.counts.inserted += change.inserted;
      result.counts.words_inserted += count_words(b, j, j + change.inserted);
      j += change.inserted;
    }
  }
}

// How many leading and trailing tokens two token lists share, at least
// `prefix` and `suffix` (known to be shared), the two never overlapping.
// Tokenizing against the reference leaves only the last few to compare.
struct CommonEnds {
  std::size_t prefix, suffix;
};

ERRATUM_ONCE_PER_CALL CommonEnds common_ends(const TokenList& a, const TokenList& b, std::size_t prefix,
                                             std::size_t suffix) {
  const std::size_t n = a.size(), m = b.size();
  while (prefix < n && prefix < m && same_text(a.token(prefix), b.token(prefix))) ++prefix;
  suffix = std::min(suffix, std::min(n, m) - prefix);
  while (suffix < n - prefix && suffix < m - prefix && same_text(a.token(n - 1 - suffix), b.token(m - 1 - suffix))) {
    ++suffix;
  }
  return {prefix, suffix};
}

}  // namespace

// Everything a diff allocates, kept between diffs (see DiffWorkspace).
struct DiffWorkspace::Storage {
  TokenList original_tokens, corrected_tokens;
  Marks deleted, inserted;
  MarkStorage marks;
  Script script;
  ByteSpans byte_spans;
  DiffSpans spans;
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

  const CommonEnds common = common_ends(a, b, shared.prefix, shared.suffix);
  const std::size_t prefix = common.prefix, suffix = common.suffix;

  storage.deleted.assign_zeros(n);
  storage.inserted.assign_zeros(m);
  mark_changes(a, b, prefix, n - suffix, m - suffix, storage.deleted, storage.inserted, storage.marks);
  script_from_marks(storage.deleted, storage.inserted, storage.script);
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
  result.ops.reserve(spans.ops.size());
  for (const ByteSpan& op : spans.ops) {
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
  result.ops.clear();
  result.counts = spans.counts;
  result.ops.reserve(spans.ops.size());
  // Equal and Delete spans follow each other through `original`; `corrected`
  // is the Equal and Insert spans in order, and an Equal span has the same
  // UTF-16 length on both sides, so only the inserted text is counted there.
  Utf16Offsets in_original(original);
  std::uint32_t in_corrected = 0;  // where the next Equal or Insert span starts in `corrected`
  for (const ByteSpan& op : spans.ops) {
    if (op.kind == DiffOpKind::Insert) {
      const auto length = static_cast<std::uint32_t>(utf16_length(corrected.substr(op.start, op.end - op.start)));
      result.ops.push_back({op.kind, in_corrected, in_corrected + length});
      in_corrected += length;
      continue;
    }
    const std::uint32_t start = in_original.at(op.start);
    const std::uint32_t end = in_original.at(op.end);
    result.ops.push_back({op.kind, start, end});
    if (op.kind == DiffOpKind::Equal) in_corrected += end - start;
  }
  return result;
}

}  // namespace erratum
