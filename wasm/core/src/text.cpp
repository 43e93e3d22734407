#include "erratum/core/text.hpp"

#include <algorithm>
#include <cstring>

namespace erratum {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at `i`; on an ill-formed sequence returns U+FFFD and
// advances past the maximal invalid subpart (at least one byte).
char32_t decode_one(std::string_view s, std::size_t& i, bool& ok) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  ok = true;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates in UTF-8
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    ++i;
    ok = false;
    return kReplacement;
  }
  std::size_t k = i + 1;
  for (std::size_t n = 0; n < need; ++n, ++k) {
    if (k >= s.size()) {
      i = k;
      ok = false;
      return kReplacement;
    }
    const unsigned char b = byte(k);
    if (b < lo || b > hi) {
      i = k;
      ok = false;
      return kReplacement;
    }
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  i = k;
  return cp;
}

// The encoders write into room the caller has made and return the units
// written: normalize() fills presized buffers with them, and the append_*
// functions go through them too.
std::size_t write_utf16(char16_t* out, char32_t cp) {
  if (cp < 0x10000) {
    out[0] = static_cast<char16_t>(cp);
    return 1;
  }
  cp -= 0x10000;
  out[0] = static_cast<char16_t>(0xD800 + (cp >> 10));
  out[1] = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
  return 2;
}

std::size_t write_utf8(char* out, char32_t cp) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

std::size_t utf16_units(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  bool ok = true;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII needs no decoding
      ++i;
      continue;
    }
    decode_one(s, i, ok);
    if (!ok) return false;
  }
  return true;
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t at) {
  std::size_t next = at;
  bool ok = true;
  decode_one(s, next, ok);
  return ok ? next - at : 0;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  bool ok = true;
  while (i < s.size()) out.push_back(decode_one(s, i, ok));
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  char bytes[4];
  out.append(bytes, write_utf8(bytes, cp));
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : s) append_utf8(out, cp);
  return out;
}

std::u16string utf8_to_utf16(std::string_view s) {
  // Written into room made once (UTF-16 units never outnumber UTF-8 bytes,
  // an ill-formed byte becoming one U+FFFD): an append per character would
  // be a call per character (std::u16string's members stay out of line).
  std::u16string out;
  out.resize(s.size());
  char16_t* const units = out.data();
  std::size_t n = 0, i = 0;
  bool ok = true;
  while (i < s.size()) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      units[n++] = byte;
      ++i;
    } else {
      n += write_utf16(units + n, decode_one(s, i, ok));
    }
  }
  out.resize(n);
  return out;
}

std::string utf16_to_utf8(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t cp = s[i];
    if (is_high_surrogate(cp) && i + 1 < s.size() && is_low_surrogate(s[i + 1])) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (is_high_surrogate(cp) || is_low_surrogate(cp)) {
      cp = kReplacement;
    }
    append_utf8(out, cp);
  }
  return out;
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0, i = 0;
  bool ok = true;
  const auto continuation = [&s](std::size_t k) {
    return k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
  };
  while (i < s.size()) {
    // Well-formed one- and two-byte sequences and three-byte ones outside the
    // lead bytes with narrower ranges (E0, ED) are counted without decoding.
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      ++n;
      // Runs of ASCII go eight bytes at a time.
      std::uint64_t word;
      while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0)) {
        i += 8;
        n += 8;
      }
    } else if (lead >= 0xC2 && lead <= 0xDF && continuation(i + 1)) {
      i += 2;
      ++n;
    } else if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && continuation(i + 1) && continuation(i + 2)) {
      i += 3;
      ++n;
    } else {
      n += utf16_units(decode_one(s, i, ok));
    }
  }
  return n;
}

bool is_space(char32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_invisible(char32_t cp) { return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD; }

bool is_disallowed_control(char32_t cp) {
  if (cp == 0x09 || cp == 0x0A || cp == 0x0D) return false;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool is_noncharacter(char32_t cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

std::string repair_text(std::string_view original) {
  std::string out;
  for (char32_t cp : decode_utf8(original))
    if (!is_disallowed_control(cp)) append_utf8(out, is_reserved_noncharacter(cp) ? kReplacement : cp);
  return out;
}

std::size_t NormalizedText::from_original(std::size_t original_offset) const {
  auto it = std::lower_bound(to_original.begin(), to_original.end(), original_offset);
  return static_cast<std::size_t>(it - to_original.begin()) >= to_original.size()
             ? utf16.size()
             : static_cast<std::size_t>(it - to_original.begin());
}

namespace {

// normalize()'s work: the normalized text into `utf16_out`, and into
// `utf8_out` and the offset map `map_out` only when they are given (a quote
// being re-anchored needs neither, and they cost as much as the rest).
void normalize_into(std::string_view original, std::u16string& utf16_out, std::string* utf8_out,
                    std::vector<std::uint32_t>* map_out) {
  // Written through raw buffers sized for the worst case rather than with
  // push_back: libc++ keeps std::string's members out of line (an extern
  // template), so a push_back per character is a call per character, which
  // was most of the cost of opening a long article. UTF-16 units never
  // outnumber the original's bytes, and UTF-8 only grows where an ill-formed
  // byte becomes U+FFFD (3 bytes): before each character it writes, the slow
  // path makes sure of room for it and for the rest of the input written
  // byte for byte, the most the fast path can write without a check.
  const std::size_t n = original.size();
  utf16_out.resize(n);
  char16_t* const utf16 = utf16_out.data();
  char* utf8 = nullptr;
  std::size_t utf8_room = 0;
  if (utf8_out) {
    utf8_out->resize(n + 4);
    utf8 = utf8_out->data();
    utf8_room = n + 4;
  }
  std::uint32_t* map = nullptr;
  if (map_out) {
    map_out->resize(n + 1);
    map = map_out->data();
  }
  std::size_t n8 = 0, n16 = 0;
  std::size_t i = 0;
  std::size_t origin = 0;        // UTF-16 offset in the original text
  bool pending_space = false;    // a whitespace run seen after some content
  std::size_t space_origin = 0;  // where that run began
  const auto flush_space = [&] {
    if (!pending_space) return;
    if (utf8) utf8[n8++] = ' ';
    if (map) map[n16] = static_cast<std::uint32_t>(space_origin);
    utf16[n16++] = u' ';
    pending_space = false;
  };
  bool ok = true;
  while (i < n) {
    const auto byte = static_cast<unsigned char>(original[i]);
    if (byte > 0x20 && byte < 0x7F) {  // printable ASCII: kept as is
      flush_space();
      if (utf8) utf8[n8++] = static_cast<char>(byte);
      if (map) map[n16] = static_cast<std::uint32_t>(origin);
      utf16[n16++] = byte;
      ++origin;
      ++i;
      continue;
    }
    char32_t cp = decode_one(original, i, ok);
    const std::size_t here = origin;
    origin += utf16_units(cp);
    if (is_space(cp)) {
      if (n16 > 0 && !pending_space) {
        pending_space = true;
        space_origin = here;
      }
      continue;
    }
    if (is_invisible(cp) || is_disallowed_control(cp)) continue;
    if (cp == kLoneSurrogateSentinel) cp = kReplacement;
    flush_space();
    if (utf8) {
      if (utf8_room - n8 < 4 + (n - i)) {  // only ill-formed input gets here
        utf8_room = 2 * (n8 + 4 + (n - i));
        utf8_out->resize(utf8_room);
        utf8 = utf8_out->data();
      }
      n8 += write_utf8(utf8 + n8, cp);
    }
    if (map) {
      map[n16] = static_cast<std::uint32_t>(here);
      if (cp >= 0x10000) map[n16 + 1] = static_cast<std::uint32_t>(here + 1);
    }
    n16 += write_utf16(utf16 + n16, cp);
  }
  utf16_out.resize(n16);
  if (utf8_out) utf8_out->resize(n8);
  if (map) {
    // The end of the normalized text maps to the end of its last character,
    // so a range that ends on trailing spaces maps onto the trimmed end.
    map[n16] = static_cast<std::uint32_t>(n16 == 0 ? 0 : map[n16 - 1] + 1);
    map_out->resize(n16 + 1);
  }
}

}  // namespace

NormalizedText normalize(std::string_view original) {
  NormalizedText out;
  normalize_into(original, out.utf16, &out.utf8, &out.to_original);
  return out;
}

std::u16string normalize_utf16(std::string_view original) {
  std::u16string out;
  normalize_into(original, out, nullptr, nullptr);
  return out;
}

std::string normalize_utf8(std::string_view original) { return normalize(original).utf8; }

// FIPS 180-4 SHA-256. Hand-written because the wasm module must stay small and
// self-contained; checked against the standard test vectors in the unit tests.
// Whole blocks are read straight from the input; only the tail is copied.
namespace {

constexpr std::uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void sha256_block(std::uint32_t h[8], const unsigned char* p) {
  std::uint32_t w[64];
  for (int t = 0; t < 16; ++t)
    w[t] = (std::uint32_t(p[4 * t]) << 24) | (std::uint32_t(p[4 * t + 1]) << 16) | (std::uint32_t(p[4 * t + 2]) << 8) |
           std::uint32_t(p[4 * t + 3]);
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kSha256K[t] + w[t];
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

}  // namespace

ERRATUM_ONCE_PER_CALL std::string sha256_hex(std::string_view bytes) {
  std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t full = bytes.size() / 64 * 64;
  for (std::size_t i = 0; i < full; i += 64) sha256_block(h, data + i);
  // The tail, the 0x80 marker and the bit length fill one or two last blocks.
  unsigned char tail[128] = {};
  const std::size_t rest = bytes.size() - full;
  for (std::size_t i = 0; i < rest; ++i) tail[i] = data[full + i];
  tail[rest] = 0x80;
  const std::size_t tail_len = rest < 56 ? 64 : 128;
  const std::uint64_t bit_len = static_cast<std::uint64_t>(bytes.size()) * 8;
  for (int k = 0; k < 8; ++k) tail[tail_len - 1 - k] = static_cast<unsigned char>(bit_len >> (8 * k));
  for (std::size_t i = 0; i < tail_len; i += 64) sha256_block(h, tail + i);

  static constexpr char hex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < 8; ++i)
    for (int k = 0; k < 8; ++k) out[static_cast<std::size_t>(8 * i + k)] = hex[(h[i] >> (28 - 4 * k)) & 0xF];
  return out;
}

ERRATUM_ONCE_PER_CALL std::string content_hash(std::string_view normalized_utf8) {
  return "sha256:" + sha256_hex(normalized_utf8);
}

std::u16string_view clip_utf16_front(std::u16string_view s, std::size_t max_units) {
  if (s.size() <= max_units) return s;
  std::size_t start = s.size() - max_units;
  if (is_low_surrogate(s[start])) ++start;  // don't start on a low surrogate
  return s.substr(start);
}

std::u16string_view clip_utf16_back(std::u16string_view s, std::size_t max_units) {
  if (s.size() <= max_units) return s;
  std::size_t len = max_units;
  if (len > 0 && is_high_surrogate(s[len - 1])) --len;  // don't end on a high surrogate
  return s.substr(0, len);
}

}  // namespace erratum
