// The reference the re-anchoring tests (native and fuzz) check the core
// against: Levenshtein distance, textbook O(|a| |b|), kept obviously right
// rather than fast.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace erratum::reference {

inline int edit_distance(std::u16string_view a, std::u16string_view b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({up + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace erratum::reference
