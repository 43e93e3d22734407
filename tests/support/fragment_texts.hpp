// Texts built from small fragments next to the tokenizer's lookahead rules
// (l'a, 3,5, peut-être, ZWJ sequences, flags, ill-formed bytes), and random
// edits of them: what the tokenizer-sharing and diff tests feed the core to
// reach every boundary case next to an edit, several edits per text.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace erratum::testing {

inline const std::vector<std::string>& lookahead_fragments() {
  static const std::vector<std::string> fragments = {
      "a",          "bc",     "l",    "'",        "\u2019", "-",       ",",          ".",      "3",
      "0",          " ",      "  ",   "\u00a0",   "\u00e9", "e\u0301", "\U0001F468", "\u200D", "\uFE0F",
      "\U0001F1EB", "\u65e5", "\xff", "\xe2\x82", "\u0e2a", "\u0e31",  "mot "};
  return fragments;
}

// `count` fragments drawn at random.
inline std::vector<std::string> random_fragments(std::size_t count, std::mt19937& rng) {
  const auto& fragments = lookahead_fragments();
  std::vector<std::string> out(count);
  for (std::string& f : out) f = fragments[rng() % fragments.size()];
  return out;
}

// `text` with `edits` fragments inserted, removed or replaced at random places.
inline std::vector<std::string> edit_fragments(std::vector<std::string> text, int edits, std::mt19937& rng) {
  const auto& fragments = lookahead_fragments();
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = rng() % (text.size() + 1);
    const std::string& f = fragments[rng() % fragments.size()];
    switch (rng() % 3) {
      case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), f); break;
      case 1:
        if (at < text.size()) text.erase(text.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      default:
        if (at < text.size()) text[at] = f;
        break;
    }
  }
  return text;
}

inline std::string join_fragments(const std::vector<std::string>& fragments) {
  std::string s;
  for (const std::string& f : fragments) s += f;
  return s;
}

}  // namespace erratum::testing
