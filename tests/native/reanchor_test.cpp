// approx_search against a plain dynamic-programming search (Sellers), and
// reanchor_quote on edited articles and against a brute-force rendering of
// Hypothesis' choice rules.
#include "erratum/core/reanchor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../support/edit_distance.hpp"
#include "erratum/core/text.hpp"

namespace erratum {
namespace {

std::u16string u16(std::string_view utf8) { return utf8_to_utf16(utf8); }

// ---------------------------------------------------------------- references

using erratum::reference::edit_distance;

// Levenshtein distance counting only alignments within `band` of the
// diagonal: exact whenever the distance is <= band, for long strings.
int banded_edit_distance(std::u16string_view a, std::u16string_view b, std::size_t band) {
  const int kFar = 1 << 28;
  std::vector<int> row(b.size() + 1, kFar), next(b.size() + 1, kFar);
  for (std::size_t j = 0; j <= std::min(b.size(), band); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t lo = i > band ? i - band : 0;
    const std::size_t hi = std::min(b.size(), i + band);
    std::fill(next.begin() + static_cast<std::ptrdiff_t>(lo > 0 ? lo - 1 : 0),
              next.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), hi + 1) + 1), kFar);
    if (lo == 0) next[0] = static_cast<int>(i);
    for (std::size_t j = std::max<std::size_t>(lo, 1); j <= hi; ++j) {
      next[j] = std::min({row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(row, next);
  }
  return row[b.size()];
}

// Sellers' search: for every end j, the smallest distance of the pattern to a
// substring ending at j and the earliest start achieving it (alignments
// compared on (distance, start), which adding the same cost keeps ordered).
struct Cell {
  int distance;
  std::size_t start;
};
std::vector<Cell> sellers_last_row(std::u16string_view text, std::u16string_view pattern) {
  const std::size_t m = pattern.size();
  std::vector<Cell> column(m + 1), next(m + 1), last_row;
  for (std::size_t i = 0; i <= m; ++i) column[i] = Cell{static_cast<int>(i), 0};
  last_row.push_back(column[m]);
  const auto better = [](const Cell& a, const Cell& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.start < b.start);
  };
  for (std::size_t j = 1; j <= text.size(); ++j) {
    next[0] = Cell{0, j};
    for (std::size_t i = 1; i <= m; ++i) {
      Cell best{column[i - 1].distance + (pattern[i - 1] == text[j - 1] ? 0 : 1), column[i - 1].start};
      const Cell left{column[i].distance + 1, column[i].start};
      const Cell up{next[i - 1].distance + 1, next[i - 1].start};
      if (better(left, best)) best = left;
      if (better(up, best)) best = up;
      next[i] = best;
    }
    std::swap(column, next);
    last_row.push_back(column[m]);
  }
  return last_row;
}

// approx-string-match's result, computed the slow way: every end (>= 1) whose
// distance is the minimum over the text, if that minimum is <= max_errors.
std::vector<ApproxMatch> best_of_row(const std::vector<Cell>& row, int max_errors) {
  std::vector<ApproxMatch> out;
  int best = max_errors;
  for (std::size_t j = 1; j < row.size(); ++j) best = std::min(best, row[j].distance);
  for (std::size_t j = 1; j < row.size(); ++j) {
    if (row[j].distance == best) out.push_back(ApproxMatch{row[j].start, j, best});
  }
  return out;
}
std::vector<ApproxMatch> brute_search(std::u16string_view text, std::u16string_view pattern, int max_errors) {
  if (pattern.empty() || text.empty()) return {};
  return best_of_row(sellers_last_row(text, pattern), max_errors);
}

std::string describe(const std::vector<ApproxMatch>& matches) {
  std::string s;
  for (const ApproxMatch& m : matches) {
    s += "[" + std::to_string(m.start) + "," + std::to_string(m.end) + ")e" + std::to_string(m.errors) + " ";
  }
  return s;
}

// Code units for random texts: ASCII letters, Latin-1 letters, CJK units and
// surrogate halves, so both the direct table and the hashed units are used.
std::u16string random_alphabet(std::mt19937& rng, int size) {
  static const char16_t pool[] = {u'a',   u'b',   u'c',   u'd',   0x00E9, 0x00E0,
                                  0x4E2D, 0x6587, 0xD83D, 0xDE00, 0x0416, 0xFFFD};
  std::vector<char16_t> units(std::begin(pool), std::end(pool));
  std::shuffle(units.begin(), units.end(), rng);
  return std::u16string(units.begin(), units.begin() + size);
}

std::u16string random_string(std::mt19937& rng, std::u16string_view alphabet, std::size_t length) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::u16string s;
  for (std::size_t i = 0; i < length; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

// Applies `edits` random substitutions, insertions and deletions.
std::u16string mutate(std::mt19937& rng, std::u16string s, std::u16string_view alphabet, int edits) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int e = 0; e < edits; ++e) {
    const int kind = static_cast<int>(rng() % 3);
    if (s.empty() || kind == 0) {
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(rng() % (s.size() + 1)), alphabet[pick(rng)]);
    } else if (kind == 1) {
      s[rng() % s.size()] = alphabet[pick(rng)];
    } else {
      s.erase(s.begin() + static_cast<std::ptrdiff_t>(rng() % s.size()));
    }
  }
  return s;
}

// ---------------------------------------------------------------- approx_search

TEST(ApproxSearch, AgreesWithSellersOnRandomCases) {
  std::mt19937 rng(20240611);
  int with_matches = 0, multi_block = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::u16string alphabet = random_alphabet(rng, 2 + static_cast<int>(rng() % 4));
    const std::size_t m = 1 + rng() % 200;
    const std::size_t n = rng() % 500;
    std::u16string text = random_string(rng, alphabet, n);
    std::u16string pattern;
    if (round % 2 == 0 && n >= 2) {
      // A mutated piece of the text, so that low-distance matches exist.
      const std::size_t from = rng() % n;
      const std::size_t len = std::min(m, n - from);
      pattern = mutate(rng, text.substr(from, len), alphabet, static_cast<int>(rng() % (len / 4 + 2)));
      if (pattern.empty()) pattern = alphabet.substr(0, 1);
    } else {
      pattern = random_string(rng, alphabet, m);
    }
    const int max_errors = static_cast<int>(rng() % (pattern.size() + 3));
    const std::vector<ApproxMatch> expected = brute_search(text, pattern, max_errors);
    const std::vector<ApproxMatch> actual = approx_search(text, pattern, max_errors);
    ASSERT_EQ(describe(actual), describe(expected))
        << "round " << round << " m=" << pattern.size() << " n=" << n << " k=" << max_errors;
    if (!expected.empty()) ++with_matches;
    if (pattern.size() > 64) ++multi_block;
  }
  // The generator really exercised matches and multi-word patterns.
  EXPECT_GT(with_matches, 1000);
  EXPECT_GT(multi_block, 1000);
}

TEST(ApproxSearch, StartIsTheEarliestOfTheClosestSubstrings) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const std::u16string alphabet = random_alphabet(rng, 2 + static_cast<int>(rng() % 2));
    const std::u16string text = random_string(rng, alphabet, rng() % 40);
    const std::u16string pattern = random_string(rng, alphabet, 1 + rng() % 12);
    for (const ApproxMatch& match : approx_search(text, pattern, static_cast<int>(pattern.size()))) {
      std::u16string_view view(text);
      ASSERT_EQ(edit_distance(pattern, view.substr(match.start, match.end - match.start)), match.errors);
      for (std::size_t s = 0; s < match.start; ++s) {
        ASSERT_GT(edit_distance(pattern, view.substr(s, match.end - s)), match.errors) << "round " << round;
      }
    }
  }
}

TEST(ApproxSearch, LongPatternWithFewEditsAgreesWithSellers) {
  std::mt19937 rng(99);
  const std::u16string alphabet = u"abcdefghij \u00e9\u4e2d";
  for (int round = 0; round < 6; ++round) {
    const std::u16string text = random_string(rng, alphabet, 6000);
    const std::size_t from = rng() % 4000;
    const std::u16string pattern = mutate(rng, text.substr(from, 700 + rng() % 1000), alphabet, 5 + round * 20);
    const std::vector<Cell> row = sellers_last_row(text, pattern);
    for (const int max_errors : {0, 30, 256}) {
      EXPECT_EQ(describe(approx_search(text, pattern, max_errors)), describe(best_of_row(row, max_errors)))
          << "round " << round << " k=" << max_errors;
    }
  }
}

TEST(ApproxSearch, ReportsOnlyTheLowestDistance) {
  // "abcd" occurs verbatim once and with one substitution once.
  const std::vector<ApproxMatch> matches = approx_search(u"xxabxdxxabcdxx", u"abcd", 2);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].start, 8u);
  EXPECT_EQ(matches[0].end, 12u);
  EXPECT_EQ(matches[0].errors, 0);
}

TEST(ApproxSearch, DegenerateInputs) {
  EXPECT_TRUE(approx_search(u"abc", u"", 3).empty());
  EXPECT_TRUE(approx_search(u"abc", u"abc", -1).empty());
  EXPECT_TRUE(approx_search(u"", u"abc", 3).empty());
  // Text shorter than the pattern: the whole text, with the missing units as errors.
  const std::vector<ApproxMatch> short_text = approx_search(u"ab", u"abcd", 2);
  ASSERT_EQ(short_text.size(), 1u);
  EXPECT_EQ(short_text[0].start, 0u);
  EXPECT_EQ(short_text[0].end, 2u);
  EXPECT_EQ(short_text[0].errors, 2);
  EXPECT_TRUE(approx_search(u"ab", u"abcd", 1).empty());
  // A bound above the pattern length behaves as the pattern length.
  EXPECT_EQ(describe(approx_search(u"xyz", u"ab", 1000)), describe(brute_search(u"xyz", u"ab", 2)));
}

// ---------------------------------------------------------------- reanchor_quote

std::u16string join(const std::vector<std::string>& blocks) {
  std::string s;
  for (std::size_t i = 0; i < blocks.size(); ++i) s += (i ? "\n" : "") + blocks[i];
  return u16(s);
}

const std::vector<std::string> kArticle = {
    "La réforme des retraites revient au Parlement.",
    "Le gouvernement a présenté mardi un texte révisé qui repousse l'âge légal de départ à soixante-quatre ans, "
    "avec une montée en charge progressive jusqu'en 2030.",
    "Les syndicats dénoncent une mesure injuste et appellent à une nouvelle journée de mobilisation le 7 mars.",
    "Selon l'exécutif, la réforme permettrait d'équilibrer le système d'ici la fin de la décennie.",
    "Les économistes restent partagés : certains saluent l'effort, d'autres jugent les hypothèses trop optimistes.",
};

// An anchor as the client would make it: the quote, 32 units of context each
// side, and the quote's start as the hint.
QuoteQuery anchor_on(const std::u16string& text, const std::u16string& quote, std::size_t occurrence = 0) {
  std::size_t start = text.find(quote);
  for (std::size_t i = 0; i < occurrence; ++i) start = text.find(quote, start + 1);
  EXPECT_NE(start, std::u16string::npos);
  const std::size_t prefix_from = start >= 32 ? start - 32 : 0;
  QuoteQuery q;
  q.exact = std::u16string_view(text).substr(start, quote.size());
  q.prefix = std::u16string_view(text).substr(prefix_from, start - prefix_from);
  q.suffix = std::u16string_view(text).substr(start + quote.size(), 32);
  q.position_hint = start;
  return q;
}

TEST(Reanchor, UneditedArticleIsExactAtFullScore) {
  const std::u16string text = join(kArticle);
  const std::u16string quote = u16("repousse l'âge légal de départ");
  const ReanchorResult r = reanchor_quote(text, anchor_on(text, quote));
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.start, text.find(quote));
  EXPECT_EQ(r.end, r.start + quote.size());
  EXPECT_EQ(r.errors, 0);
  EXPECT_DOUBLE_EQ(r.score, 1.0);
}

TEST(Reanchor, WordsInsertedBeforeTheQuoteShiftIt) {
  const std::u16string before = join(kArticle);
  const std::u16string quote = u16("appellent à une nouvelle journée de mobilisation");
  const QuoteQuery q = anchor_on(before, quote);
  std::vector<std::string> edited = kArticle;
  edited[0] = "La très contestée réforme des retraites revient enfin devant le Parlement.";
  edited[1].insert(0, "Comme annoncé, ");
  const std::u16string after = join(edited);
  const ReanchorResult r = reanchor_quote(after, q);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.start, after.find(quote));
  EXPECT_GT(r.start, *q.position_hint);
  EXPECT_LT(r.score, 1.0);  // the position moved
}

TEST(Reanchor, EditedQuoteIsFoundApproximately) {
  const std::u16string before = join(kArticle);
  const std::u16string quote = u16("la réforme permettrait d'équilibrer le système d'ici la fin de la décennie");
  const QuoteQuery q = anchor_on(before, quote);
  struct Edit {
    const char* from;
    const char* to;
  };
  // One, two and three word edits inside the quote.
  const std::vector<std::vector<Edit>> variants = {
      {{"permettrait", "devrait permettre"}},
      {{"équilibrer", "rééquilibrer"}, {"système", "régime"}},
      {{"permettrait", "permettra"}, {"d'ici", "avant"}, {"la fin de", "le terme de"}},
  };
  for (const std::vector<Edit>& edits : variants) {
    std::string paragraph = kArticle[3];
    std::string new_quote = utf16_to_utf8(quote);
    for (const Edit& e : edits) {
      paragraph.replace(paragraph.find(e.from), std::string(e.from).size(), e.to);
      new_quote.replace(new_quote.find(e.from), std::string(e.from).size(), e.to);
    }
    std::vector<std::string> edited = kArticle;
    edited[3] = paragraph;
    const std::u16string after = join(edited);
    const std::u16string expected = u16(new_quote);
    const ReanchorResult r = reanchor_quote(after, q);
    ASSERT_TRUE(r.found) << new_quote;
    EXPECT_FALSE(r.exact);
    // The quote's first and last words are untouched: the match spans exactly the edited quote.
    EXPECT_EQ(r.start, after.find(expected)) << new_quote;
    EXPECT_EQ(r.end, after.find(expected) + expected.size()) << new_quote;
    EXPECT_EQ(r.errors, edit_distance(quote, expected)) << new_quote;
    EXPECT_GT(r.score, 0.5);
    EXPECT_LT(r.score, 1.0);
  }
}

TEST(Reanchor, MovedParagraphIsFoundAtItsNewPlace) {
  const std::u16string before = join(kArticle);
  const std::u16string quote = u16("certains saluent l'effort");
  const QuoteQuery q = anchor_on(before, quote);
  const std::vector<std::string> moved = {kArticle[0], kArticle[4], kArticle[1], kArticle[2], kArticle[3]};
  const std::u16string after = join(moved);
  const ReanchorResult r = reanchor_quote(after, q);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.start, after.find(quote));
  EXPECT_LT(r.start, *q.position_hint);
}

TEST(Reanchor, DeletedParagraphIsOrphaned) {
  const std::u16string before = join(kArticle);
  const QuoteQuery q = anchor_on(before, u16("dénoncent une mesure injuste et appellent à une nouvelle journée"));
  const std::vector<std::string> without = {kArticle[0], kArticle[1], kArticle[3], kArticle[4]};
  const ReanchorResult r = reanchor_quote(join(without), q);
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.score, 0.0);
}

TEST(Reanchor, ContextChoosesBetweenTwoOccurrences) {
  const std::u16string text =
      u16("Le ministre a confirmé la date du scrutin. Plus tard, le ministre a confirmé la date du scrutin "
          "devant les députés.");
  const std::u16string twice = u16("ministre a confirmé la date du scrutin");
  QuoteQuery q = anchor_on(text, twice, 1);
  const std::size_t second = *q.position_hint;
  q.position_hint.reset();  // context alone must decide
  ReanchorResult r = reanchor_quote(text, q);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.start, second);
  q = anchor_on(text, twice, 0);
  q.position_hint.reset();
  r = reanchor_quote(text, q);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.start, text.find(twice));
}

TEST(Reanchor, PositionHintChoosesBetweenIdenticalContexts) {
  const std::u16string paragraph = u16("Voir le tableau ci-dessous pour le détail des chiffres.");
  const std::u16string text = paragraph + u"\n" + paragraph + u"\n" + paragraph;
  const std::u16string quote = u16("le tableau");
  for (std::size_t occurrence = 0; occurrence < 3; ++occurrence) {
    QuoteQuery q;
    q.exact = quote;
    q.position_hint = occurrence * (paragraph.size() + 1) + 5;
    const ReanchorResult r = reanchor_quote(text, q);
    ASSERT_TRUE(r.found);
    EXPECT_EQ(r.start, occurrence * (paragraph.size() + 1) + 5);
  }
}

TEST(Reanchor, AccentedFrenchTextWithAccentsLost) {
  const std::u16string before = join(kArticle);
  const std::u16string quote = u16("Les économistes restent partagés");
  const QuoteQuery q = anchor_on(before, quote);
  std::vector<std::string> edited = kArticle;
  edited[4] =
      "Les economistes restent partages : certains saluent l'effort, d'autres jugent les hypothèses trop optimistes.";
  const std::u16string after = join(edited);
  const ReanchorResult r = reanchor_quote(after, q);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.errors, 2);
  EXPECT_EQ(r.start, after.find(u16("Les economistes")));
  EXPECT_EQ(r.end, r.start + quote.size());
}

TEST(Reanchor, EmojiSurrogatePairs) {
  const std::u16string before = u16("Bravo 👏👏 pour cet article 😀 très clair 🇫🇷 et merci !");
  const std::u16string quote = u16("cet article 😀 très clair 🇫🇷");
  const QuoteQuery q = anchor_on(before, quote);
  ReanchorResult r = reanchor_quote(before, q);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.start, before.find(quote));
  // One emoji replaced by another: two code units differ (the low surrogates here).
  const std::u16string after = u16("Bravo 👏👏 pour cet article 😃 très clair 🇫🇷 et merci !");
  r = reanchor_quote(after, q);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.start, after.find(u16("cet article")));
  EXPECT_EQ(r.end, r.start + quote.size());
  EXPECT_EQ(r.errors, edit_distance(quote, u16("cet article 😃 très clair 🇫🇷")));
}

TEST(Reanchor, DegenerateQueries) {
  const std::u16string text = join(kArticle);
  QuoteQuery q;
  EXPECT_FALSE(reanchor_quote(text, q).found);  // empty quote
  q.exact = u"réforme";
  EXPECT_FALSE(reanchor_quote(u"", q).found);
  q.exact = text;  // longer than the text once one more word is added
  const std::u16string longer = text + u" et encore";
  q.exact = longer;
  const ReanchorResult r = reanchor_quote(text, q);
  ASSERT_TRUE(r.found);  // 10 missing units out of many: still similar
  EXPECT_EQ(r.start, 0u);
  EXPECT_EQ(r.end, text.size());
  EXPECT_EQ(r.errors, 10);
  q.exact = u"une phrase qui n'existe nulle part dans le texte";
  EXPECT_FALSE(reanchor_quote(u"court", q).found);
  q.position_hint = 1u << 30;  // a hint far outside the text is harmless
  q.exact = u"réforme";
  EXPECT_TRUE(reanchor_quote(text, q).found);
}

// A long article built from numbered, varied sentences, so that a long quote
// has a single plausible place.
std::u16string long_article(std::size_t units) {
  static const char* const words[] = {"le",       "gouvernement", "réforme", "économie", "député", "été",
                                      "à",        "où",           "projet",  "loi",      "crédit", "société",
                                      "français", "première",     "année"};
  std::mt19937 rng(3);
  std::u16string s;
  for (std::size_t sentence = 0; s.size() < units; ++sentence) {
    std::string words_of_sentence = "Phrase " + std::to_string(sentence) + " :";
    for (int w = 0; w < 12; ++w) words_of_sentence += std::string(" ") + words[rng() % 15];
    s += u16(words_of_sentence + ". ");
  }
  return s.substr(0, units);
}

TEST(Reanchor, QuotesLongerThanTheWholeQuoteLimit) {
  const std::u16string text = long_article(120000);
  const std::size_t from = 40000, length = 30000;
  const std::u16string quote = text.substr(from, length);
  QuoteQuery q;
  q.exact = quote;
  q.prefix = std::u16string_view(text).substr(from - 32, 32);
  q.suffix = std::u16string_view(text).substr(from + length, 32);
  q.position_hint = from;
  ReanchorResult r = reanchor_quote(text, q);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.start, from);

  // Edit the article inside the quote (middle, head and tail) and insert text before it.
  std::u16string edited = text;
  edited.replace(from + 15000, 10, u"REMPLACÉ");
  edited.erase(from + length - 100, 7);
  edited.insert(from + 50, u"[ajout]");
  edited.insert(1000, u"Un paragraphe ajouté en tête. ");
  const std::size_t shift = 30;
  r = reanchor_quote(edited, q);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.start, from + shift);
  EXPECT_EQ(r.end, from + shift + length + 8 - 10 - 7 + 7);
  const std::u16string_view found = std::u16string_view(edited).substr(r.start, r.end - r.start);
  EXPECT_EQ(r.errors, banded_edit_distance(quote, found, 64));
  EXPECT_LE(r.errors, 10 + 7 + 7);
}

// ---------------------------------------------------------------- Hypothesis rules

// Hypothesis' matchQuote written out directly on the brute-force search.
struct Choice {
  bool found = false;
  std::size_t start = 0, end = 0;
  int errors = 0;
  double score = 0.0;
};
double brute_context_similarity(std::u16string_view window, std::u16string_view context) {
  if (window.empty()) return 0.0;
  const std::vector<ApproxMatch> best = brute_search(window, context, static_cast<int>(context.size()));
  return 1.0 - static_cast<double>(best.front().errors) / static_cast<double>(context.size());
}
Choice hypothesis_choice(std::u16string_view text, const QuoteQuery& q) {
  Choice choice;
  std::vector<ApproxMatch> candidates;
  for (std::size_t pos = text.find(q.exact); pos != std::u16string_view::npos; pos = text.find(q.exact, pos + 1)) {
    candidates.push_back(ApproxMatch{pos, pos + q.exact.size(), 0});
  }
  if (candidates.empty())
    candidates = brute_search(text, q.exact, static_cast<int>(std::min<std::size_t>(256, q.exact.size() / 2)));
  for (const ApproxMatch& c : candidates) {
    const double quote = 1.0 - static_cast<double>(c.errors) / static_cast<double>(q.exact.size());
    double prefix = 1.0, suffix = 1.0, position = 1.0;
    if (!q.prefix.empty()) {
      const std::size_t from = c.start - std::min(c.start, q.prefix.size());
      prefix = brute_context_similarity(text.substr(from, c.start - from), q.prefix);
    }
    if (!q.suffix.empty()) suffix = brute_context_similarity(text.substr(c.end, q.suffix.size()), q.suffix);
    if (q.position_hint) {
      const double offset = std::fabs(static_cast<double>(c.start) - static_cast<double>(*q.position_hint));
      position = 1.0 - offset / static_cast<double>(text.size());
    }
    const double score = (50.0 * quote + 20.0 * prefix + 20.0 * suffix + 2.0 * position) / 92.0;
    if (!choice.found || score > choice.score) choice = Choice{true, c.start, c.end, c.errors, score};
  }
  return choice;
}

TEST(Reanchor, ChoosesAsHypothesisOnRandomEditedTexts) {
  std::mt19937 rng(1234);
  int approximate = 0, orphaned = 0;
  for (int round = 0; round < 1500; ++round) {
    const std::u16string alphabet = random_alphabet(rng, 3 + static_cast<int>(rng() % 3)) + u"  ";
    const std::u16string text = random_string(rng, alphabet, 50 + rng() % 400);
    const std::size_t length = 1 + rng() % 120;
    const std::size_t start = rng() % (text.size() - std::min(text.size() - 1, length));
    const std::u16string quote = text.substr(start, length);
    QuoteQuery q;
    q.exact = quote;
    const std::size_t prefix_from = start >= 32 ? start - 32 : 0;
    q.prefix = std::u16string_view(text).substr(prefix_from, start - prefix_from);
    q.suffix = std::u16string_view(text).substr(start + quote.size(), 32);
    if (rng() % 4 != 0) q.position_hint = start;
    // One round in ten, the article was replaced by an unrelated one.
    const std::u16string edited = round % 10 == 0 ? random_string(rng, u"xyz ", text.size())
                                                  : mutate(rng, text, alphabet, static_cast<int>(rng() % 40));
    const Choice expected = hypothesis_choice(edited, q);
    const ReanchorResult actual = reanchor_quote(edited, q);
    ASSERT_EQ(actual.found, expected.found) << "round " << round;
    if (!expected.found) {
      ++orphaned;
      continue;
    }
    if (actual.errors > 0) ++approximate;
    ASSERT_EQ(actual.start, expected.start) << "round " << round;
    ASSERT_EQ(actual.end, expected.end) << "round " << round;
    ASSERT_EQ(actual.errors, expected.errors) << "round " << round;
    ASSERT_EQ(actual.score, expected.score) << "round " << round;
    ASSERT_GE(actual.score, 0.0);
    ASSERT_LE(actual.score, 1.0);
  }
  EXPECT_GT(approximate, 300);
  EXPECT_GT(orphaned, 10);
}

// Longer texts, quotes often repeated verbatim, hints off by up to a few
// thousand units: the search around the hint must choose as a whole-text
// search would.
TEST(Reanchor, ChoosesAsHypothesisOnLongTextsWithRepeatedQuotes) {
  std::mt19937 rng(4321);
  int verbatim_elsewhere = 0;
  for (int round = 0; round < 200; ++round) {
    const std::u16string alphabet = random_alphabet(rng, 3 + static_cast<int>(rng() % 3)) + u" ";
    const std::u16string text = random_string(rng, alphabet, 1100 + rng() % 20000);
    const std::size_t length = 1 + rng() % 12;
    const std::size_t start = rng() % (text.size() - length);
    QuoteQuery q;
    q.exact = std::u16string_view(text).substr(start, length);
    const std::size_t prefix_from = start >= 32 ? start - 32 : 0;
    q.prefix = std::u16string_view(text).substr(prefix_from, start - prefix_from);
    q.suffix = std::u16string_view(text).substr(start + length, 32);
    const std::size_t shift = rng() % 6000;
    q.position_hint = rng() % 2 ? start + shift : start - std::min(start, shift);
    const std::u16string edited = mutate(rng, text, alphabet, static_cast<int>(rng() % 20));
    const Choice expected = hypothesis_choice(edited, q);
    const ReanchorResult actual = reanchor_quote(edited, q);
    ASSERT_EQ(actual.found, expected.found) << "round " << round;
    ASSERT_EQ(actual.start, expected.start) << "round " << round;
    ASSERT_EQ(actual.end, expected.end) << "round " << round;
    ASSERT_EQ(actual.errors, expected.errors) << "round " << round;
    ASSERT_EQ(actual.score, expected.score) << "round " << round;
    if (actual.exact && actual.start != start) ++verbatim_elsewhere;
  }
  EXPECT_GT(verbatim_elsewhere, 30);
}

TEST(Reanchor, RepetitiveTextKeepsTheCandidatesNearTheHint) {
  // Every end in the text is one edit from the quote: far more equally good
  // candidates than are scored; the one at the hint must still win, also
  // when the hint is so near an end of the text that the kept candidates
  // all lie on one side of it.
  const std::u16string text(200000, u'a');
  const std::u16string quote = std::u16string(63, u'a') + u"b";
  const std::u16string context(32, u'a');
  for (const std::size_t hint : {std::size_t{150000}, std::size_t{40}, text.size() - quote.size() - 40}) {
    QuoteQuery q;
    q.exact = quote;
    q.prefix = context;
    q.suffix = context;
    q.position_hint = hint;
    const ReanchorResult r = reanchor_quote(text, q);
    ASSERT_TRUE(r.found) << hint;
    EXPECT_EQ(r.start, hint);
    EXPECT_EQ(r.end, hint + quote.size());
    EXPECT_EQ(r.errors, 1);
  }
}

}  // namespace
}  // namespace erratum
