// Word diff (wasm/core/diff.hpp); the tokenizer has tokenize_test.cpp.
#include "erratum/core/diff.hpp"

#include "../support/fragment_texts.hpp"
#include "erratum/core/tokenize.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace erratum {

using testing::edit_fragments;
using testing::join_fragments;
using testing::random_fragments;
namespace {

struct Applied {
  std::string original;
  std::string corrected;
};

// Rebuilds both texts from an edit script: equal+delete give the original,
// equal+insert give the correction.
Applied apply_ops(const DiffResult& r) {
  Applied out;
  for (const DiffOp& op : r.ops) {
    if (op.kind != DiffOpKind::Insert) out.original += op.text;
    if (op.kind != DiffOpKind::Delete) out.corrected += op.text;
  }
  return out;
}

struct OpView {
  std::string op;
  std::string text;
  bool operator==(const OpView& o) const { return op == o.op && text == o.text; }
};

std::ostream& operator<<(std::ostream& os, const OpView& v) { return os << v.op << ":\"" << v.text << '"'; }

std::vector<OpView> ops_of(const DiffResult& r) {
  std::vector<OpView> out;
  for (const DiffOp& op : r.ops) out.push_back({op_name(op.kind), op.text});
  return out;
}

// The most tokens an edit script can keep between two token lists, and
// among the scripts that keep that many, the most visible (non-space) tokens:
// by the textbook quadratic dynamic programme, the reference for minimality.
struct Kept {
  std::size_t tokens = 0;
  std::size_t visible = 0;
  bool operator<(const Kept& o) const { return tokens != o.tokens ? tokens < o.tokens : visible < o.visible; }
};

Kept brute_force_kept(const std::vector<Token>& a, const std::vector<Token>& b) {
  std::vector<std::vector<Kept>> t(a.size() + 1, std::vector<Kept>(b.size() + 1));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      Kept best = std::max(t[i + 1][j], t[i][j + 1]);
      if (a[i].text == b[j].text) {
        Kept keep = t[i + 1][j + 1];
        ++keep.tokens;
        keep.visible += a[i].kind != TokenKind::Space;
        best = std::max(best, keep);
      }
      t[i][j] = best;
    }
  }
  return t[0][0];
}

std::size_t visible_tokens(const std::vector<Token>& tokens) {
  return static_cast<std::size_t>(
      std::count_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind != TokenKind::Space; }));
}

// Every structural promise of diff_words, checked on one pair of texts: the
// ops rebuild both texts, are canonical, and keep as many tokens as any edit
// script can. With `fewest_visible`, they also change no more visible tokens
// than any other script that keeps that many.
void check_diff(const std::string& original, const std::string& corrected, bool fewest_visible = false) {
  SCOPED_TRACE("original=\"" + original + "\" corrected=\"" + corrected + "\"");
  const DiffResult r = diff_words(original, corrected);
  const Applied applied = apply_ops(r);
  ASSERT_EQ(applied.original, original);
  ASSERT_EQ(applied.corrected, corrected);
  for (std::size_t k = 0; k < r.ops.size(); ++k) {
    ASSERT_FALSE(r.ops[k].text.empty());
    if (k > 0) {
      ASSERT_NE(r.ops[k].kind, r.ops[k - 1].kind) << "adjacent ops of one kind must be merged";
      ASSERT_FALSE(r.ops[k - 1].kind == DiffOpKind::Insert && r.ops[k].kind == DiffOpKind::Delete)
          << "deletions come before insertions";
    }
  }
  const std::vector<Token> a = tokenize(original);
  const std::vector<Token> b = tokenize(corrected);
  const Kept kept = brute_force_kept(a, b);
  EXPECT_EQ(r.counts.equal, kept.tokens);
  EXPECT_EQ(r.counts.deleted, a.size() - kept.tokens);
  EXPECT_EQ(r.counts.inserted, b.size() - kept.tokens);
  EXPECT_LE(r.counts.words_deleted, r.counts.deleted);
  EXPECT_LE(r.counts.words_inserted, r.counts.inserted);
  if (fewest_visible) {
    EXPECT_EQ(r.counts.words_deleted, visible_tokens(a) - kept.visible);
    EXPECT_EQ(r.counts.words_inserted, visible_tokens(b) - kept.visible);
  }
}

TEST(DiffWords, IdenticalTextsGiveOneEqualOp) {
  const std::string text = "Amesys est une soci\u00e9t\u00e9 sp\u00e9cialis\u00e9e, n'est-ce pas ?";
  const DiffResult r = diff_words(text, text);
  ASSERT_EQ(r.ops.size(), 1u);
  EXPECT_EQ(r.ops[0].kind, DiffOpKind::Equal);
  EXPECT_EQ(r.ops[0].text, text);
  EXPECT_EQ(r.counts.equal, tokenize(text).size());
  EXPECT_EQ(r.counts.inserted + r.counts.deleted + r.counts.words_inserted + r.counts.words_deleted, 0u);
}

TEST(DiffWords, EmptyTexts) {
  const DiffResult both = diff_words("", "");
  EXPECT_TRUE(both.ops.empty());
  EXPECT_EQ(both.counts.equal + both.counts.inserted + both.counts.deleted, 0u);

  const DiffResult added = diff_words("", "Un texte neuf.");
  EXPECT_EQ(ops_of(added), std::vector<OpView>({{"insert", "Un texte neuf."}}));
  EXPECT_EQ(added.counts.inserted, 6u);  // Un, ' ', texte, ' ', neuf, .
  EXPECT_EQ(added.counts.words_inserted, 4u);

  const DiffResult removed = diff_words("Tout part.", "");
  EXPECT_EQ(ops_of(removed), std::vector<OpView>({{"delete", "Tout part."}}));
  EXPECT_EQ(removed.counts.deleted, 4u);
  EXPECT_EQ(removed.counts.words_deleted, 3u);
}

TEST(DiffWords, ReplacedWordIsOneDeleteThenOneInsert) {
  const DiffResult r = diff_words("le prestataire privil\u00e9gi\u00e9e du gouvernement",
                                  "le prestataire privil\u00e9gi\u00e9 du gouvernement");
  EXPECT_EQ(ops_of(r), std::vector<OpView>({{"equal", "le prestataire "},
                                            {"delete", "privil\u00e9gi\u00e9e"},
                                            {"insert", "privil\u00e9gi\u00e9"},
                                            {"equal", " du gouvernement"}}));
  EXPECT_EQ(r.counts.equal, 8u);
  EXPECT_EQ(r.counts.deleted, 1u);
  EXPECT_EQ(r.counts.inserted, 1u);
  EXPECT_EQ(r.counts.words_deleted, 1u);
  EXPECT_EQ(r.counts.words_inserted, 1u);
}

TEST(DiffWords, RemovedOrAddedWordTakesItsFollowingSpace) {
  EXPECT_EQ(ops_of(diff_words("le tr\u00e8s bon", "le bon")),
            std::vector<OpView>({{"equal", "le "}, {"delete", "tr\u00e8s "}, {"equal", "bon"}}));
  EXPECT_EQ(ops_of(diff_words("le bon", "le tr\u00e8s bon")),
            std::vector<OpView>({{"equal", "le "}, {"insert", "tr\u00e8s "}, {"equal", "bon"}}));
  // At the end of a sentence there is no following space: the leading one goes.
  EXPECT_EQ(ops_of(diff_words("Il part vite.", "Il part.")),
            std::vector<OpView>({{"equal", "Il part"}, {"delete", " vite"}, {"equal", "."}}));
}

TEST(DiffWords, ChangesSitAsLateAsPossible) {
  // The doubled comma could be either of the two: the later one is reported,
  // and the shifted run stays a single insertion.
  EXPECT_EQ(ops_of(diff_words("Fin. Oui,", "Bon. Fin. Oui,,")),
            std::vector<OpView>({{"insert", "Bon. "}, {"equal", "Fin. Oui,"}, {"insert", ","}}));
  EXPECT_EQ(ops_of(diff_words("la la la", "la la")), std::vector<OpView>({{"equal", "la la"}, {"delete", " la"}}));
  // A replacement is never split to move one of its halves: the deleted ","
  // could slide past the kept one, but it stays with its insertion.
  EXPECT_EQ(ops_of(diff_words(",,", ".tr\u00e8s,")),
            std::vector<OpView>({{"delete", ","}, {"insert", ".tr\u00e8s"}, {"equal", ","}}));
}

TEST(DiffWords, KeepsAWordRatherThanTheSpaceBeforeIt) {
  // A word removed just before a word that gains a neighbour: keeping the
  // space between the two would be as short a script, but it would replace
  // two words instead of deleting one and inserting one.
  const DiffResult r = diff_words("Il reste de pain, ici.", "Il reste pain frais, ici.");
  EXPECT_EQ(
      ops_of(r),
      std::vector<OpView>(
          {{"equal", "Il reste "}, {"delete", "de "}, {"equal", "pain"}, {"insert", " frais"}, {"equal", ", ici."}}));
  EXPECT_EQ(r.counts.words_deleted, 1u);
  EXPECT_EQ(r.counts.words_inserted, 1u);
  check_diff("Il reste de pain, ici.", "Il reste pain frais, ici.", true);
  // The same shape, mirrored, and with punctuation kept instead of a word.
  check_diff("Il reste pain frais, ici.", "Il reste de pain, ici.", true);
  check_diff("a , b ; c", "x , c ; b", true);
}

TEST(DiffWords, PunctuationOnlyChange) {
  const DiffResult r = diff_words("Merci.", "Merci\u202f!");
  EXPECT_EQ(ops_of(r), std::vector<OpView>({{"equal", "Merci"}, {"delete", "."}, {"insert", "\u202f!"}}));
  EXPECT_EQ(r.counts.words_inserted, 1u);  // "!" counts, the narrow space does not
  EXPECT_EQ(r.counts.inserted, 2u);
}

TEST(DiffWords, ElisionChangesTheWholeWord) {
  const DiffResult r = diff_words("la article", "l'article");
  EXPECT_EQ(ops_of(r), std::vector<OpView>({{"delete", "la article"}, {"insert", "l'article"}}));
}

TEST(DiffWords, CjkTextWithoutSpacesDiffsPerCharacter) {
  const DiffResult r = diff_words("\u6211\u559c\u6b22\u732b", "\u6211\u8ba8\u538c\u732b");
  EXPECT_EQ(ops_of(r),
            std::vector<OpView>(
                {{"equal", "\u6211"}, {"delete", "\u559c\u6b22"}, {"insert", "\u8ba8\u538c"}, {"equal", "\u732b"}}));
}

TEST(DiffWords, InvalidBytesArePreserved) { check_diff("caf\xc3 au lait\xff", "caf\xc3\xa9 au lait"); }

TEST(DiffWords, RandomPairsAreReproducedAndMinimal) {
  // Small alphabet so that tokens repeat a lot: the hard case for alignment.
  const std::vector<std::string> fragments = {"a", "b", "le",  "la", " ",      " ",     " ",
                                              ".", ",", "l'a", "-",  "\u00e9", "\u00a0"};
  std::mt19937 rng(424242);
  const auto random_text = [&](int max_fragments) {
    std::string text;
    const int length = static_cast<int>(rng() % static_cast<unsigned>(max_fragments + 1));
    for (int k = 0; k < length; ++k) text += fragments[rng() % fragments.size()];
    return text;
  };
  for (int round = 0; round < 3000; ++round) {
    check_diff(random_text(14), random_text(14), true);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(DiffWords, RandomEditsAreReproducedAndMinimal) {
  // A text and a lightly edited copy, as a reader's correction would be: a
  // few repeated words, so that many scripts are equally short and only some
  // of them keep the most words.
  const std::vector<std::string> words = {
      "le", "la", "les", "un", "une", "de", "chat", "chien", "l'ami", "peut-\u00eatre", ",", "."};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> original;
    const int length = static_cast<int>(rng() % 40);
    for (int k = 0; k < length; ++k) original.push_back(words[rng() % words.size()]);
    std::vector<std::string> corrected = original;
    const int edits = static_cast<int>(rng() % 5);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = corrected.empty() ? 0 : rng() % (corrected.size() + 1);
      switch (rng() % 3) {
        case 0:
          corrected.insert(corrected.begin() + static_cast<std::ptrdiff_t>(at), words[rng() % words.size()]);
          break;
        case 1:
          if (at < corrected.size()) corrected.erase(corrected.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        default:
          if (at < corrected.size()) corrected[at] = words[rng() % words.size()];
          break;
      }
    }
    const auto join = [](const std::vector<std::string>& ws) {
      std::string s;
      for (const std::string& w : ws) s += (s.empty() ? "" : " ") + w;
      return s;
    };
    check_diff(join(original), join(corrected), true);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(DiffWords, LongSharedStartsAndEndsAreTokenizedLikeTheWholeText) {
  // diff_words reuses the original's tokens where both texts share bytes;
  // the boundary cases are the lookahead rules (l'a, 3,5, peut-être, ZWJ).
  const std::vector<std::string> fragments = {"a",          "b",      "l",       "'",          "\u2019", "-",
                                              ",",          ".",      "3",       "0",          " ",      " ",
                                              "\u00a0",     "\u00e9", "e\u0301", "\U0001F468", "\u200D", "\uFE0F",
                                              "\U0001F1EB", "\u65e5", "\xff",    "\xe2\x82",   "\u0e2a", "\u0e31"};
  std::mt19937 rng(2718);
  const auto random_text = [&](int max_fragments) {
    std::string text;
    const int length = static_cast<int>(rng() % static_cast<unsigned>(max_fragments + 1));
    for (int k = 0; k < length; ++k) text += fragments[rng() % fragments.size()];
    return text;
  };
  for (int round = 0; round < 4000; ++round) {
    const std::string start = random_text(12), end = random_text(12);
    const std::string original = start + random_text(4) + end;
    std::string corrected = start + random_text(4) + (round % 3 == 0 ? random_text(2) : "") + end;
    if (round % 10 == 0) corrected = original + original;
    check_diff(original, corrected);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(DiffWords, EditsInsideLongTextsAreTokenizedLikeTheWholeText) {
  // Between edits diff_words reuses the original's tokens where the bytes
  // agree again (at a shifted position); the boundary cases are the same
  // lookahead rules, now next to each edit, several edits per text.
  std::mt19937 rng(31415);
  for (int round = 0; round < 1500; ++round) {
    const std::vector<std::string> original = random_fragments(60 + rng() % 140, rng);
    const std::vector<std::string> corrected = edit_fragments(original, 1 + static_cast<int>(rng() % 6), rng);
    check_diff(join_fragments(original), join_fragments(corrected));
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(DiffWords, LopsidedSizes) {
  check_diff("a", "b a b a b a b a b a b a b a b a b a b a b a b");
  check_diff("a b a b a b a b a b a b a b a b a b a b a b a b", "b");
  check_diff("x y z", "z y x z y x");
  check_diff(". . . . .", ".");
}

TEST(DiffWords, LargeParagraphWithScatteredEdits) {
  // 3,000 words drawn from a small vocabulary; every 20th word replaced by a
  // word that occurs nowhere else, so the minimal script must delete exactly
  // those words and insert exactly their replacements.
  const std::vector<std::string> vocabulary = {"le",           "la", "les",          "soci\u00e9t\u00e9",
                                               "r\u00e9seaux", "de", "surveillance", "l'\u00c9tat"};
  std::mt19937 rng(99);
  std::string original, corrected;
  std::size_t replaced = 0;
  for (int k = 0; k < 3000; ++k) {
    const std::string& word = vocabulary[rng() % vocabulary.size()];
    const std::string sep = k == 0 ? "" : (k % 17 == 0 ? ", " : " ");
    original += sep + word;
    if (k % 20 == 7) {
      corrected += sep + "mot" + std::to_string(k);
      ++replaced;
    } else {
      corrected += sep + word;
    }
  }
  const DiffResult r = diff_words(original, corrected);
  const Applied applied = apply_ops(r);
  EXPECT_EQ(applied.original, original);
  EXPECT_EQ(applied.corrected, corrected);
  EXPECT_EQ(r.counts.words_deleted, replaced);
  EXPECT_EQ(r.counts.words_inserted, replaced);
  EXPECT_EQ(r.counts.deleted, replaced);
  EXPECT_EQ(r.counts.inserted, replaced);
  EXPECT_EQ(r.ops.size(), 3 * replaced + 1);  // equal, then (delete, insert, equal) per edit
}

TEST(DiffWords, CompletelyRewrittenParagraph) {
  std::string original, corrected;
  for (int k = 0; k < 1500; ++k) {
    original += "alpha" + std::to_string(k) + (k % 9 == 0 ? ". " : " ");
    corrected += "beta" + std::to_string(k % 700) + (k % 5 == 0 ? ", " : " ");
  }
  const DiffResult r = diff_words(original, corrected);
  const Applied applied = apply_ops(r);
  EXPECT_EQ(applied.original, original);
  EXPECT_EQ(applied.corrected, corrected);
  // No word or punctuation mark survives ("." never occurs in the correction,
  // "," never in the original); only white space can be kept.
  const auto non_space = [](const std::string& text) {
    const std::vector<Token> tokens = tokenize(text);
    return static_cast<std::size_t>(
        std::count_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind != TokenKind::Space; }));
  };
  EXPECT_EQ(r.counts.words_deleted, non_space(original));
  EXPECT_EQ(r.counts.words_inserted, non_space(corrected));
}

// A workspace keeps the storage of earlier diffs (the widget diffs on every
// pause in typing): whatever came before, long or short, sharing text or not,
// a diff in it gives what a fresh workspace gives.
TEST(DiffWordSpans, ReusedWorkspaceGivesWhatAFreshOneGives) {
  std::string long_text;
  for (int k = 0; k < 400; ++k) long_text += "mot" + std::to_string(k % 37) + (k % 11 == 0 ? ", " : " ");
  std::string long_edit = long_text;
  long_edit.replace(700, 12, "changé, très");
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {long_text, long_edit},
      {"le chat dort", "le chien dort"},
      {"", ""},
      {long_edit, "court"},
      {"a b c d e", "e d c b a"},
      {"l'été — 3,5 %", "l’été 3,5 % !"},
      {long_text, long_text},
      {"chat", "chien"},
  };
  DiffWorkspace reused;
  for (int round = 0; round < 2; ++round) {
    for (const auto& [original, corrected] : pairs) {
      DiffWorkspace fresh;
      const DiffSpans expected = diff_word_spans(original, corrected, fresh);
      const DiffSpans& got = diff_word_spans(original, corrected, reused);
      ASSERT_EQ(got.ops.size(), expected.ops.size()) << original << " -> " << corrected;
      for (std::size_t k = 0; k < got.ops.size(); ++k) {
        EXPECT_EQ(got.ops[k].kind, expected.ops[k].kind);
        EXPECT_EQ(got.ops[k].start, expected.ops[k].start);
        EXPECT_EQ(got.ops[k].end, expected.ops[k].end);
      }
      EXPECT_EQ(got.counts.equal, expected.counts.equal);
      EXPECT_EQ(got.counts.inserted, expected.counts.inserted);
      EXPECT_EQ(got.counts.deleted, expected.counts.deleted);
      EXPECT_EQ(got.counts.words_inserted, expected.counts.words_inserted);
      EXPECT_EQ(got.counts.words_deleted, expected.counts.words_deleted);
    }
  }
}

}  // namespace
}  // namespace erratum
