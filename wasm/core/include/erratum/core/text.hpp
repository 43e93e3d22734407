// Text primitives shared by the whole core: UTF-8 validation and decoding,
// UTF-16 conversion (the DOM counts offsets in UTF-16 code units, so every
// offset the core exposes is in UTF-16 units), and the normalization that
// anchors and hashes are computed on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Marks a function of a kernel (diff, reanchor, text) that runs a few times
// per call, not per unit of text: clang optimizes it for size (minsize),
// whatever level its file is built at (wasm/wasm-module.cmake). It is kept
// out of its callers, which would otherwise lend it their level (or take its
// level, for what it inlines). Other compilers ignore it.
#if defined(__clang__)
#define ERRATUM_ONCE_PER_CALL [[gnu::noinline, clang::minsize]]
#else
#define ERRATUM_ONCE_PER_CALL
#endif

// Marks a small helper of a kernel's inner loop that must be inlined whatever
// level its file is built at: the word diff's files (diff, tokenize, myers)
// and text.cpp are built at -Os, whose size-tuned inliner would keep these as
// calls, one per character or token (measured: the diff ~7 % slower without
// the mark).
#define ERRATUM_INLINE [[gnu::always_inline]] inline

namespace erratum {

// The sentinel the document reader puts where a request carried a lone UTF-16
// surrogate (see document.hpp). It is a Unicode noncharacter, reserved for
// exactly this kind of internal use, so it never occurs in real text.
inline constexpr char32_t kLoneSurrogateSentinel = 0xFDD0;
// The block of noncharacters the sentinel belongs to. Text checks refuse the
// whole block in every string a caller sends, so a literal U+FDD0 is refused
// like a lone surrogate instead of passing for one, or for text.
constexpr bool is_reserved_noncharacter(char32_t cp) { return cp >= 0xFDD0 && cp <= 0xFDEF; }

// UTF-16 surrogate halves (a lone one is not a character).
constexpr bool is_high_surrogate(char32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
constexpr bool is_low_surrogate(char32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Length of the well-formed UTF-8 sequence starting at `at` (< s.size()),
// or 0 when the bytes there start none: the same rule as is_valid_utf8, for
// scanners that step through a text one character at a time.
std::size_t utf8_sequence_length(std::string_view s, std::size_t at);

// Decodes UTF-8; every ill-formed sequence becomes U+FFFD (one per maximal
// invalid subpart, as the WHATWG decoder does).
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view s);

std::u16string utf8_to_utf16(std::string_view s);
std::string utf16_to_utf8(std::u16string_view s);
// Length in UTF-16 code units of a UTF-8 string (ill-formed bytes count as one U+FFFD).
std::size_t utf16_length(std::string_view s);

// Classes used by normalization, the tokenizer and validation.
bool is_space(char32_t cp);               // any Unicode white space, NBSP and narrow NBSP included
bool is_invisible(char32_t cp);           // removed by normalization: ZWSP, WJ, BOM, soft hyphen
bool is_disallowed_control(char32_t cp);  // C0/C1 controls except TAB, LF, CR
bool is_noncharacter(char32_t cp);

// Normalized text plus, for every UTF-16 offset of the normalized text
// (0..size inclusive), the UTF-16 offset in the original text it came from.
// This lets a DOM range in the original text map onto the normalized text.
struct NormalizedText {
  std::string utf8;
  std::u16string utf16;
  std::vector<std::uint32_t> to_original;  // size == utf16.size() + 1

  // Maps an offset in the original text (UTF-16 units) to the normalized text:
  // the first normalized position whose origin is >= offset.
  std::size_t from_original(std::size_t original_offset) const;
};

// Whitespace runs (Unicode spaces, NBSP, narrow NBSP, line breaks) become one
// U+0020, invisible characters are removed, disallowed controls are dropped,
// ill-formed UTF-8 and lone-surrogate sentinels become U+FFFD; leading and
// trailing spaces are trimmed. ZWJ/ZWNJ are kept: they change meaning in
// emoji sequences and in Persian or Indic scripts.
NormalizedText normalize(std::string_view original);
std::string normalize_utf8(std::string_view original);
// normalize(original).utf16 alone, without the UTF-8 copy and the offset map.
std::u16string normalize_utf16(std::string_view original);
// Page text kept as written (element ids): ill-formed UTF-8 and reserved
// noncharacters become U+FFFD and disallowed controls are dropped, so that
// report validation never refuses what the page, not the reader, wrote.
std::string repair_text(std::string_view original);

// SHA-256 of the bytes, lower-case hex. Content hashes are "sha256:<hex>" of the
// normalized UTF-8 text, so any collector can recompute them with a stock library.
std::string sha256_hex(std::string_view bytes);
std::string content_hash(std::string_view normalized_utf8);

// Truncates to at most `max_units` UTF-16 units without splitting a pair.
std::u16string_view clip_utf16_front(std::u16string_view s, std::size_t max_units);  // keeps the end
std::u16string_view clip_utf16_back(std::u16string_view s, std::size_t max_units);   // keeps the start

}  // namespace erratum
