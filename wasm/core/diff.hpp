// Word-level diff of a paragraph and its proposed correction.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace erratum {

enum class TokenKind { Word, Number, Punctuation, Space };

struct Token {
  std::string_view text;  // a view into the tokenized string
  TokenKind kind;
};

// Splits UTF-8 text into words (letters and marks, with inner apostrophes
// ' and ’ and inner hyphens: "l'article", "aujourd’hui", "peut-être"),
// numbers ("2 000" is two numbers; "3,5", "1.5", "10%"-> number + punct),
// single punctuation characters (« » — … ’ included) and whitespace runs.
// Concatenating the tokens gives the input back exactly.
std::vector<Token> tokenize(std::string_view text);

enum class DiffOpKind { Equal, Insert, Delete };

struct DiffOp {
  DiffOpKind kind;
  std::string text;  // adjacent tokens of the same op kind merged
};

struct DiffCounts {
  std::size_t equal = 0;     // tokens kept
  std::size_t inserted = 0;  // tokens inserted
  std::size_t deleted = 0;   // tokens deleted
  // Words (non-space tokens) inserted / deleted: what an editor reads as "changes".
  std::size_t words_inserted = 0;
  std::size_t words_deleted = 0;
};

struct DiffResult {
  std::vector<DiffOp> ops;
  DiffCounts counts;
};

// Minimal token-level edit script (Myers O(ND), linear space). Identical
// inputs give exactly one Equal op (or none when both are empty). Applying the
// ops to `original` yields `corrected`.
DiffResult diff_words(std::string_view original, std::string_view corrected);

const char* op_name(DiffOpKind kind);  // "equal" / "insert" / "delete"

}  // namespace erratum
