// The word tokenizer (wasm/core/tokenize.hpp): tokenize(), and
// tokenize_sharing(), which must give the same tokens.
#include "erratum/core/tokenize.hpp"

#include "../support/fragment_texts.hpp"
#include "erratum/core/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace erratum {

using testing::edit_fragments;
using testing::join_fragments;
using testing::random_fragments;
namespace {

std::vector<std::string> token_texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) out.emplace_back(t.text);
  return out;
}

// One letter per token: W(ord) N(umber) P(unctuation) S(pace).
std::string token_kinds(std::string_view text) {
  std::string out;
  for (const Token& t : tokenize(text)) {
    switch (t.kind) {
      case TokenKind::Word: out += 'W'; break;
      case TokenKind::Number: out += 'N'; break;
      case TokenKind::Punctuation: out += 'P'; break;
      case TokenKind::Space: out += 'S'; break;
    }
  }
  return out;
}

using Texts = std::vector<std::string>;

// ------------------------------------------------------------------ tokenizer

TEST(Tokenize, FrenchElisionsWithBothApostrophesStayOneWord) {
  EXPECT_EQ(token_texts("l'article"), Texts({"l'article"}));
  EXPECT_EQ(token_texts("aujourd\u2019hui"), Texts({"aujourd\u2019hui"}));
  EXPECT_EQ(token_texts("qu'on l\u2019a dit"), Texts({"qu'on", " ", "l\u2019a", " ", "dit"}));
  EXPECT_EQ(token_kinds("qu'on l\u2019a dit"), "WSWSW");
}

TEST(Tokenize, ApostropheNotBetweenLettersIsPunctuation) {
  EXPECT_EQ(token_texts("l' article"), Texts({"l", "'", " ", "article"}));
  EXPECT_EQ(token_texts("'cite'"), Texts({"'", "cite", "'"}));
  EXPECT_EQ(token_texts("les 80's"), Texts({"les", " ", "80", "'", "s"}));
  EXPECT_EQ(token_texts("dit\u2019 "), Texts({"dit", "\u2019", " "}));
}

TEST(Tokenize, HyphenatedWordsStayOneWord) {
  EXPECT_EQ(token_texts("peut-\u00eatre"), Texts({"peut-\u00eatre"}));
  EXPECT_EQ(token_texts("c'est-\u00e0-dire"), Texts({"c'est-\u00e0-dire"}));
  EXPECT_EQ(token_texts("COVID-19"), Texts({"COVID-19"}));
  EXPECT_EQ(token_texts("non\u2011stop"), Texts({"non\u2011stop"}));  // non-breaking hyphen
  EXPECT_EQ(token_texts("2016-2017"), Texts({"2016", "-", "2017"}));
  EXPECT_EQ(token_texts("a - b"), Texts({"a", " ", "-", " ", "b"}));
  EXPECT_EQ(token_texts("anti-"), Texts({"anti", "-"}));
  EXPECT_EQ(token_texts("a--b"), Texts({"a", "-", "-", "b"}));
}

TEST(Tokenize, GuillemetsWithNoBreakSpaces) {
  // « NBSP guillemets NBSP » and narrow NBSP before ! : spaces are their own tokens.
  EXPECT_EQ(token_texts("\u00ab\u00a0guillemets\u00a0\u00bb"),
            Texts({"\u00ab", "\u00a0", "guillemets", "\u00a0", "\u00bb"}));
  EXPECT_EQ(token_kinds("\u00ab\u00a0guillemets\u00a0\u00bb"), "PSWSP");
  EXPECT_EQ(token_texts("Merci\u202f!"), Texts({"Merci", "\u202f", "!"}));
  EXPECT_EQ(token_kinds("Merci\u202f!"), "WSP");
}

TEST(Tokenize, DashesEllipsisAndPunctuationAreSingleCharacters) {
  EXPECT_EQ(token_texts("Mais \u2014 enfin\u2026"), Texts({"Mais", " ", "\u2014", " ", "enfin", "\u2026"}));
  // Runs of ASCII punctuation are not merged: each character is a token.
  EXPECT_EQ(token_texts("Quoi...?!"), Texts({"Quoi", ".", ".", ".", "?", "!"}));
  EXPECT_EQ(token_texts("(voir)"), Texts({"(", "voir", ")"}));
  EXPECT_EQ(token_kinds("(voir)"), "PWP");
}

TEST(Tokenize, WhitespaceRunsAreOneToken) {
  EXPECT_EQ(token_texts("a \t\r\n  b"), Texts({"a", " \t\r\n  ", "b"}));
  EXPECT_EQ(token_texts("\n\nfin\n"), Texts({"\n\n", "fin", "\n"}));
  EXPECT_EQ(token_kinds("\n\nfin\n"), "SWS");
}

TEST(Tokenize, Numbers) {
  EXPECT_EQ(token_texts("3,5 1.5 2016"), Texts({"3,5", " ", "1.5", " ", "2016"}));
  EXPECT_EQ(token_kinds("3,5 1.5 2016"), "NSNSN");
  EXPECT_EQ(token_texts("2 000"), Texts({"2", " ", "000"}));
  EXPECT_EQ(token_texts("10%"), Texts({"10", "%"}));
  EXPECT_EQ(token_kinds("10%"), "NP");
  EXPECT_EQ(token_texts("1,000.50"), Texts({"1,000.50"}));
  EXPECT_EQ(token_texts("en 2016."), Texts({"en", " ", "2016", "."}));
  EXPECT_EQ(token_texts("3,a"), Texts({"3", ",", "a"}));
  EXPECT_EQ(token_texts("a.b"), Texts({"a", ".", "b"}));
  // Digits next to letters make a word: ordinals, hours, chemical formulas.
  EXPECT_EQ(token_texts("1er 10h30 H2O"), Texts({"1er", " ", "10h30", " ", "H2O"}));
  EXPECT_EQ(token_kinds("1er 10h30 H2O"), "WSWSW");
  EXPECT_EQ(token_texts("m\u00b2"), Texts({"m\u00b2"}));
}

TEST(Tokenize, OtherScriptsFormWords) {
  EXPECT_EQ(token_texts("\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440"),
            Texts({"\u041f\u0440\u0438\u0432\u0435\u0442", ",", " ", "\u043c\u0438\u0440"}));
  EXPECT_EQ(token_kinds("\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5"), "WSW");
  EXPECT_EQ(token_kinds("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"), "WSW");
  EXPECT_EQ(token_kinds("\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645"), "WSW");
  // Devanagari with virama and vowel signs: "नमस्ते दुनिया".
  EXPECT_EQ(token_kinds("\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e\u0964"), "WSWP");
  // Persian word with a zero-width non-joiner inside: "می‌خواهم".
  EXPECT_EQ(token_texts("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
            Texts({"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"}));
  // Vietnamese (Latin Extended Additional).
  EXPECT_EQ(token_texts("Vi\u1ec7t Nam"), Texts({"Vi\u1ec7t", " ", "Nam"}));
}

TEST(Tokenize, CjkCharactersAreTokensOfTheirOwn) {
  EXPECT_EQ(token_texts("\u65e5\u672c\u8a9e\u3067\u3059"), Texts({"\u65e5", "\u672c", "\u8a9e", "\u3067", "\u3059"}));
  EXPECT_EQ(token_kinds("\u65e5\u672c\u8a9e\u3067\u3059"), "WWWWW");
  EXPECT_EQ(token_texts("\ud55c\uad6d\uc5b4"), Texts({"\ud55c", "\uad6d", "\uc5b4"}));
  EXPECT_EQ(token_texts("\u30c6\u30ad\u30b9\u30c8\u3002"), Texts({"\u30c6", "\u30ad", "\u30b9", "\u30c8", "\u3002"}));
  EXPECT_EQ(token_texts("\u6771\u4eac2020"), Texts({"\u6771", "\u4eac", "2020"}));
  // A CJK extension B ideograph (4-byte UTF-8).
  EXPECT_EQ(token_texts("\U00020BB7\u91ce"), Texts({"\U00020BB7", "\u91ce"}));
  // Kana + combining voiced mark stays together.
  EXPECT_EQ(token_texts("\u304b\u3099\u304d"), Texts({"\u304b\u3099", "\u304d"}));
  // Thai is written without spaces: one token per character with its marks.
  EXPECT_EQ(token_texts("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"),
            Texts({"\u0e2a", "\u0e27\u0e31", "\u0e2a", "\u0e14\u0e35"}));
}

TEST(Tokenize, EmojiSequencesAreNeverSplit) {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
  EXPECT_EQ(token_texts("a " + family + "!"), Texts({"a", " ", family, "!"}));
  EXPECT_EQ(token_texts("\U0001F44D\U0001F3FD\U0001F44D"), Texts({"\U0001F44D\U0001F3FD", "\U0001F44D"}));
  EXPECT_EQ(token_texts("\u2764\uFE0F\u2764"), Texts({"\u2764\uFE0F", "\u2764"}));
  // Two flags: regional indicators pair up.
  EXPECT_EQ(token_texts("\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA\U0001F1EE"),
            Texts({"\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA", "\U0001F1EE"}));
  // Keycap: digit + VS16 + combining enclosing keycap.
  EXPECT_EQ(token_texts("1\uFE0F\u20E3 2"), Texts({"1\uFE0F\u20E3", " ", "2"}));
  // Subdivision flag (tag sequence).
  const std::string scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";
  EXPECT_EQ(token_texts(scotland + scotland), Texts({scotland, scotland}));
  // A trailing joiner keeps the next code point, but never white space.
  EXPECT_EQ(token_texts("\U0001F468\u200D \U0001F469"), Texts({"\U0001F468\u200D", " ", "\U0001F469"}));
}

TEST(Tokenize, CombiningMarksStayOnTheirBase) {
  // "été" written with combining acute accents.
  EXPECT_EQ(token_texts("e\u0301te\u0301 chaud"), Texts({"e\u0301te\u0301", " ", "chaud"}));
  EXPECT_EQ(token_texts("l'e\u0301te\u0301"), Texts({"l'e\u0301te\u0301"}));
  EXPECT_EQ(token_texts("!\u0301x"), Texts({"!\u0301", "x"}));
  // A mark after a space does not make the space token impure.
  EXPECT_EQ(token_texts(" \u0301"), Texts({" ", "\u0301"}));
  EXPECT_EQ(token_kinds(" \u0301"), "SP");
  // Soft hyphen inside a word.
  EXPECT_EQ(token_texts("anti\u00adconstitutionnel"), Texts({"anti\u00adconstitutionnel"}));
}

TEST(Tokenize, InvalidUtf8BytesAreSingleByteTokens) {
  EXPECT_EQ(token_texts("a\xff"
                        "b"),
            Texts({"a", "\xff", "b"}));
  EXPECT_EQ(token_kinds("a\xff"
                        "b"),
            "WPW");
  EXPECT_EQ(token_texts("caf\xc3"), Texts({"caf", "\xc3"}));  // truncated é
  EXPECT_EQ(token_texts("\xe2\x82"
                        "A"),
            Texts({"\xe2", "\x82", "A"}));                                              // truncated €
  EXPECT_EQ(token_texts("\xc0\xaf"), Texts({"\xc0", "\xaf"}));                          // overlong '/'
  EXPECT_EQ(token_texts("\xed\xa0\x80"), Texts({"\xed", "\xa0", "\x80"}));              // UTF-16 surrogate
  EXPECT_EQ(token_texts("\xf4\x90\x80\x80"), Texts({"\xf4", "\x90", "\x80", "\x80"}));  // > U+10FFFF
  EXPECT_EQ(token_texts("\xe2\x80\x99"), Texts({"\u2019"}));                            // valid ’ for contrast
}

TEST(Tokenize, EmptyInput) { EXPECT_TRUE(tokenize("").empty()); }

TEST(Tokenize, EveryCodePointAloneIsOneTokenAndSpacesAgreeWithIsSpace) {
  // Planes 0-3 and 14 in full (everything the tables mention), the rest sampled.
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x40000 || (cp >= 0xE0000 && cp < 0xF0000)) ? 1 : 0x101) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string text;
    append_utf8(text, cp);
    const std::vector<Token> tokens = tokenize(text);
    ASSERT_EQ(tokens.size(), 1u) << std::hex << "U+" << static_cast<unsigned long>(cp);
    ASSERT_EQ(tokens[0].text, text);
    ASSERT_EQ(tokens[0].kind == TokenKind::Space, is_space(cp)) << std::hex << "U+" << static_cast<unsigned long>(cp);
  }
}

TEST(Tokenize, TwoByteSequencesAreSplitExactlyWhenIllFormed) {
  // Every byte pair with a non-ASCII first byte: one token when it is a
  // well-formed character (as text.hpp judges), else one token per byte.
  for (int lead = 0x80; lead <= 0xFF; ++lead) {
    for (int second = 0; second <= 0xFF; ++second) {
      const std::string text = {static_cast<char>(lead), static_cast<char>(second)};
      const std::vector<Token> tokens = tokenize(text);
      ASSERT_EQ(tokens.size(), is_valid_utf8(text) ? 1u : 2u) << std::hex << lead << ' ' << second;
      ASSERT_EQ(std::string(tokens[0].text) + std::string(tokens.back().text), tokens.size() == 1 ? text + text : text);
    }
  }
}

TEST(Tokenize, TokensConcatenateToTheInput) {
  // Fragments chosen to hit every tokenizer path, glued at random, plus raw bytes.
  const std::vector<std::string> fragments = {"a",
                                              "Z",
                                              "\u00e9",
                                              "e\u0301",
                                              "l",
                                              "'",
                                              "\u2019",
                                              "-",
                                              "\u2011",
                                              ".",
                                              ",",
                                              "3",
                                              "0",
                                              " ",
                                              "\t",
                                              "\u00a0",
                                              "\u202f",
                                              "\u00ab",
                                              "\u00bb",
                                              "\u2014",
                                              "\u2026",
                                              "\u65e5",
                                              "\u3099",
                                              "\u0e2a",
                                              "\u0e31",
                                              "\U0001F468",
                                              "\u200D",
                                              "\u200C",
                                              "\uFE0F",
                                              "\U0001F3FD",
                                              "\U0001F1EB",
                                              "\u20E3",
                                              "\u0301",
                                              "\u00ad",
                                              "\xff",
                                              "\xc3",
                                              "\xe2\x82",
                                              "\xf0\x9f\x98",
                                              "\xed\xa0\x80",
                                              "\x80",
                                              "\u0928",
                                              "\u0964",
                                              "\u0645"};
  std::mt19937 rng(20240611);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 24);
    for (int k = 0; k < length; ++k) {
      if (rng() % 8 == 0) {
        text.push_back(static_cast<char>(rng() & 0xFF));
      } else {
        text += fragments[rng() % fragments.size()];
      }
    }
    std::string joined;
    for (const Token& t : tokenize(text)) {
      ASSERT_FALSE(t.text.empty());
      joined.append(t.text);
    }
    ASSERT_EQ(joined, text);
  }
}

// ------------------------------------------------------------------ sharing

// One entry per token: its kind's letter (as token_kinds) and its text.
std::vector<std::string> described(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back("WNPS"[static_cast<int>(t.kind)] + std::string(t.text));
  return out;
}

std::vector<std::string> described(const TokenList& list) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back("WNPS"[static_cast<int>(list.kind(i))] + std::string(list.token(i)));
  }
  return out;
}

// Everything tokenize_sharing() promises for `text` against `reference_text`.
// The lists are the caller's, reused from one check to the next as the
// diff's workspace reuses them.
SharedEnds check_sharing(const std::string& reference_text, const std::string& text, TokenList& reference,
                         TokenList& tokens) {
  SCOPED_TRACE("reference=\"" + reference_text + "\" text=\"" + text + "\"");
  const SharedEnds alone = tokenize_sharing(reference_text, TokenList{}, reference);
  EXPECT_EQ(alone.prefix, 0u);
  EXPECT_EQ(alone.suffix, 0u);
  EXPECT_TRUE(reference.copies.empty());
  EXPECT_EQ(described(reference), described(tokenize(reference_text)));

  const SharedEnds shared = tokenize_sharing(text, reference, tokens);
  EXPECT_EQ(described(tokens), described(tokenize(text)));
  EXPECT_LE(shared.prefix + shared.suffix, std::min(reference.size(), tokens.size()));
  // The copied runs come in order, and each token in them is its reference
  // token (what lets the diff skip comparing them).
  std::size_t runs_end = 0;
  for (const TokenList::CopiedRun& run : tokens.copies) {
    EXPECT_GT(run.count, 0u);
    EXPECT_GE(run.first, runs_end);
    EXPECT_LE(run.first + run.count, tokens.size());
    EXPECT_LE(run.reference_first + run.count, reference.size());
    if (run.first + run.count > tokens.size() || run.reference_first + run.count > reference.size()) break;
    for (std::size_t k = 0; k < run.count; ++k) {
      EXPECT_EQ(tokens.token(run.first + k), reference.token(run.reference_first + k));
      EXPECT_EQ(tokens.kind(run.first + k), reference.kind(run.reference_first + k));
    }
    runs_end = run.first + run.count;
  }
  // The shared ends are the reference's first and last tokens.
  if (shared.prefix + shared.suffix <= std::min(reference.size(), tokens.size())) {
    for (std::size_t i = 0; i < shared.prefix; ++i) EXPECT_EQ(tokens.token(i), reference.token(i));
    for (std::size_t k = 1; k <= shared.suffix; ++k) {
      EXPECT_EQ(tokens.token(tokens.size() - k), reference.token(reference.size() - k));
    }
  }
  return shared;
}

std::size_t copied_tokens(const TokenList& tokens) {
  std::size_t n = 0;
  for (const TokenList::CopiedRun& run : tokens.copies) n += run.count;
  return n;
}

TEST(TokenizeSharing, EmptyReferenceIsPlainTokenization) {
  TokenList reference, tokens;
  for (const char* text : {"", "a", "l'article, peut-\u00eatre 3,5 %", "\U0001F468\u200D\U0001F469 \xff"}) {
    const SharedEnds shared = check_sharing("", text, reference, tokens);
    EXPECT_EQ(shared.prefix, 0u);
    EXPECT_EQ(shared.suffix, 0u);
    EXPECT_TRUE(tokens.copies.empty());
  }
}

TEST(TokenizeSharing, IdenticalTextIsAllCopied) {
  TokenList reference, tokens;
  std::string text;
  for (int k = 0; k < 200; ++k) text += "mot" + std::to_string(k % 23) + (k % 7 == 0 ? ", " : " ");
  const SharedEnds shared = check_sharing(text, text, reference, tokens);
  EXPECT_EQ(shared.prefix + shared.suffix, tokens.size());
  EXPECT_EQ(copied_tokens(tokens), tokens.size());
}

TEST(TokenizeSharing, OneEditLeavesOnlyTokensNearItToTokenize) {
  TokenList reference, tokens;
  std::string original;
  for (int k = 0; k < 400; ++k) original += "mot" + std::to_string(k % 37) + (k % 11 == 0 ? ", " : " ");
  std::string corrected = original;
  corrected.replace(1500, 5, "chang\u00e9, tr\u00e8s");
  check_sharing(original, corrected, reference, tokens);
  EXPECT_LE(tokens.size() - copied_tokens(tokens), 12u) << "of " << tokens.size();
}

TEST(TokenizeSharing, RandomEditsGiveTheTokensOfTokenize) {
  // Edits next to the lookahead rules (l'a, 3,5, peut-être, ZWJ, flags),
  // at the ends and in the middle of long texts, several per text.
  std::mt19937 rng(1618);
  TokenList reference, tokens;
  for (int round = 0; round < 1500; ++round) {
    const std::vector<std::string> original = random_fragments(rng() % 200, rng);
    const std::vector<std::string> corrected = edit_fragments(original, static_cast<int>(rng() % 6), rng);
    check_sharing(join_fragments(original), join_fragments(corrected), reference, tokens);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace erratum
