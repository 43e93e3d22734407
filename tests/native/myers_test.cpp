// Myers' O(ND) engine of the word diff (wasm/core/myers.hpp), on id sequences.
#include "erratum/core/myers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace erratum {
namespace {

using Ids = std::vector<std::uint32_t>;

// Length of the longest common subsequence, by the textbook quadratic
// dynamic programme: the reference for minimality.
std::size_t brute_force_lcs(const Ids& a, const Ids& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    }
  }
  return t[0][0];
}

Ids unmarked(const Ids& ids, const Marks& marks) {
  Ids out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!marks[i]) out.push_back(ids[i]);
  }
  return out;
}

// Runs mark_edits() and checks that the unmarked ids are one common
// subsequence of both sides, as long as any. Returns how many are marked.
std::size_t check_marks(const Ids& a, const Ids& b, MyersStorage& storage) {
  Marks deleted, inserted;
  deleted.assign_zeros(a.size());
  inserted.assign_zeros(b.size());
  mark_edits(a.data(), a.size(), b.data(), b.size(), deleted, inserted, storage);
  const Ids kept_a = unmarked(a, deleted), kept_b = unmarked(b, inserted);
  EXPECT_EQ(kept_a, kept_b);
  EXPECT_EQ(kept_a.size(), brute_force_lcs(a, b));
  return (a.size() - kept_a.size()) + (b.size() - kept_b.size());
}

TEST(MarkEdits, EdgeCases) {
  MyersStorage storage;
  EXPECT_EQ(check_marks({}, {}, storage), 0u);
  EXPECT_EQ(check_marks({1, 2, 3}, {}, storage), 3u);
  EXPECT_EQ(check_marks({}, {1, 2}, storage), 2u);
  EXPECT_EQ(check_marks({1, 2, 3}, {1, 2, 3}, storage), 0u);
  EXPECT_EQ(check_marks({1, 2, 3}, {4, 5}, storage), 5u);
  EXPECT_EQ(check_marks({1, 2, 3, 4}, {1, 3, 4}, storage), 1u);
  EXPECT_EQ(check_marks({1, 2}, {2, 1}, storage), 2u);
}

TEST(MarkEdits, RandomSequencesGetAMinimalScript) {
  // Small alphabets make many equally long common subsequences; one storage
  // serves every search, long then short, as the diff's workspace does.
  std::mt19937 rng(577);
  MyersStorage storage;
  for (int round = 0; round < 3000; ++round) {
    const std::uint32_t alphabet = 1 + rng() % 6;
    Ids a(rng() % 48), b(rng() % 48);
    for (std::uint32_t& id : a) id = rng() % alphabet;
    for (std::uint32_t& id : b) id = rng() % alphabet;
    if (round % 5 == 0) {  // mostly the same sequence, a few edits
      b = a;
      for (int e = static_cast<int>(rng() % 4); e >= 0 && !b.empty(); --e) b[rng() % b.size()] = alphabet;
    }
    check_marks(a, b, storage);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace erratum
