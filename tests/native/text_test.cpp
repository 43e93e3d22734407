#include <gtest/gtest.h>
#include <cstdint>

#include <random>

#include "erratum/core/text.hpp"

using namespace erratum;

TEST(Sha256, StandardVectors) {
  // FIPS 180-2 examples, plus the two-block message.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Utf8, ValidationRejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate encoded as UTF-8
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));       // truncated
  EXPECT_FALSE(is_valid_utf8("\x80"));
}

TEST(Utf8, DecodingReplacesEachInvalidSubpart) {
  EXPECT_EQ(decode_utf8("a\xE2\x82z"), std::u32string(U"a\uFFFDz"));
  EXPECT_EQ(decode_utf8("\xFF\xFE"), std::u32string(U"\uFFFD\uFFFD"));
}

TEST(Utf16, RoundTripAndLength) {
  const std::string s =
      "l\xE2\x80\x99"
      "article \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";
  const std::u16string u = utf8_to_utf16(s);
  EXPECT_EQ(u.size(), utf16_length(s));
  EXPECT_EQ(u.size(), 2u + 8u + 2u + 1u + 2u);
  EXPECT_EQ(utf16_to_utf8(u), s);
  // A lone surrogate cannot be encoded: it becomes U+FFFD.
  EXPECT_EQ(utf16_to_utf8(std::u16string(u"a\xD800"
                                         "b")),
            "a\xEF\xBF\xBD"
            "b");
}

// utf16_length() counts common sequences without decoding them; on any bytes
// it must agree with the decoder, ill-formed sequences included.
TEST(Utf16, LengthAgreesWithTheDecoderOnRandomBytes) {
  std::uint32_t seed = 12345;
  const auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1,
                                       0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F};
  for (int round = 0; round < 20000; ++round) {
    std::string bytes(next() % 12, '\0');
    for (char& c : bytes) {
      const std::uint32_t r = next();
      c = static_cast<char>((r >> 8) % 2 ? interesting[(r >> 16) % sizeof interesting] : (r >> 16) & 0xFF);
    }
    ASSERT_EQ(utf16_length(bytes), utf8_to_utf16(bytes).size()) << round;
  }
}

TEST(Normalize, MapsEveryNormalizedOffsetBackToTheOriginal) {
  // "  Le\u00A0\u00A0monde \u200Bici " (original UTF-16 offsets in comments)
  const std::string original = "  Le\xC2\xA0\xC2\xA0monde \xE2\x80\x8Bici ";
  const NormalizedText n = normalize(original);
  EXPECT_EQ(n.utf8, "Le monde ici");
  ASSERT_EQ(n.to_original.size(), n.utf16.size() + 1);
  EXPECT_EQ(n.to_original[0], 2u);    // 'L'
  EXPECT_EQ(n.to_original[2], 4u);    // the collapsed run starts at the first NBSP
  EXPECT_EQ(n.to_original[3], 6u);    // 'm'
  EXPECT_EQ(n.to_original[9], 13u);   // "i" after the removed zero-width space (at 12)
  EXPECT_EQ(n.to_original[12], 16u);  // end of the last character
  EXPECT_EQ(n.from_original(6), 3u);
  EXPECT_EQ(n.from_original(0), 0u);
  EXPECT_EQ(n.from_original(16), n.utf16.size());
}

TEST(Normalize, IsIdempotentOnRandomText) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "a",  "\xC3\xA9", " ",    "\t",          "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x8B", "\xF0\x9F\x98\x80",
      "\n", "\x07",     "\xFF", "\xE2\x80\x8D"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int len = static_cast<int>(rng() % 20);
    for (int i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    const NormalizedText n = normalize(s);
    EXPECT_TRUE(is_valid_utf8(n.utf8));
    EXPECT_EQ(normalize(n.utf8).utf8, n.utf8);
    EXPECT_EQ(utf8_to_utf16(n.utf8), n.utf16);
    EXPECT_TRUE(std::is_sorted(n.to_original.begin(), n.to_original.end()));
    EXPECT_TRUE(n.utf8.empty() || (n.utf8.front() != ' ' && n.utf8.back() != ' '));
    EXPECT_EQ(n.utf8.find("  "), std::string::npos);
  }
}

// Each ill-formed byte grows the UTF-8 text by two bytes (one U+FFFD): many
// of them before a long ASCII run must not write past its room.
TEST(Normalize, IllFormedBytesBeforeAsciiStayInBounds) {
  const std::string original = std::string(100, '\xFF') + std::string(300, 'a');
  const NormalizedText n = normalize(original);
  std::string expected;
  for (int i = 0; i < 100; ++i) expected += "\xEF\xBF\xBD";
  expected += std::string(300, 'a');
  EXPECT_EQ(n.utf8, expected);
  EXPECT_EQ(n.utf16.size(), 400u);
  EXPECT_EQ(normalize_utf16(original), n.utf16);
}

// normalize_utf16() is normalize()'s UTF-16 text, without the rest.
TEST(Normalize, Utf16AloneIsTheSameText) {
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {
      "a",    "\xC3\xA9",     " ",    "\t",          "\xC2\xA0", "\xE2\x80\x8B", "\xF0\x9F\x98\x80", "\n",
      "\x07", "\xEF\xB7\x90", "\xFF", "\xED\xA0\x80"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    for (int i = 0, len = static_cast<int>(rng() % 30); i < len; ++i) s += pieces[rng() % pieces.size()];
    EXPECT_EQ(normalize_utf16(s), normalize(s).utf16) << round;
  }
}

TEST(Clip, NeverSplitsASurrogatePair) {
  const std::u16string s = u"ab\U0001F600cd";  // a b HI LO c d
  EXPECT_EQ(clip_utf16_front(s, 3), u"cd");    // would start on the low surrogate
  EXPECT_EQ(clip_utf16_back(s, 3), u"ab");     // would end on the high surrogate
  EXPECT_EQ(clip_utf16_back(s, 4), u"ab\U0001F600");
}
