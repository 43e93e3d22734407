// The word tokenizer: what the diff counts as a word, a number, a space or a
// punctuation mark (tokenize), and the compact token lists the diff works on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "erratum/core/text.hpp"

namespace erratum {

enum class TokenKind { Word, Number, Punctuation, Space };

struct Token {
  std::string_view text;  // a view into the tokenized string
  TokenKind kind;
};

// Splits UTF-8 text into:
//  - words: runs of letters, marks and digits with inner apostrophes ' and ’
//    and inner hyphens ("l'article", "aujourd’hui", "peut-être",
//    "c'est-à-dire", "COVID-19"); a run mixing letters and digits is a word
//    ("1er", "10h30", "H2O");
//  - numbers: digit runs with inner "," or "." between digits ("3,5", "1.5",
//    "2016"; "2 000" is two numbers, "10%" a number and a punctuation mark,
//    "2016-2017" number, punctuation, number);
//  - CJK, kana, Hangul, Thai and Lao characters: one word token each, since
//    these scripts are written without spaces;
//  - whitespace runs (Unicode spaces, NBSP and narrow NBSP included);
//  - punctuation: every other character on its own, runs included ("..." is
//    three tokens; « » — … ’ are single tokens). Emoji are punctuation too.
// Combining marks, variation selectors, skin-tone modifiers and ZWJ
// sequences stay with the preceding character, so a grapheme is never split;
// two regional indicators make one flag. Each byte that is not part of
// well-formed UTF-8 is a punctuation token of its own.
// Concatenating the tokens gives the input back exactly, whatever the input.
std::vector<Token> tokenize(std::string_view text);

// ---------------------------------------------------------------- for the diff

// The tokens of one text as the diff keeps them: where each one ends and its
// kind, 9 bytes a token (5 in wasm32) instead of a Token's 24, so that a long
// paragraph takes little memory and stays in cache. The arrays only grow, so
// a list reused from one diff to the next allocates only for a longer text,
// and appending a token is two stores, with no call.
class TokenList {
 public:
  std::string_view text;

  std::size_t size() const { return size_; }
  std::size_t end(std::size_t i) const { return ends_[i]; }
  std::size_t start(std::size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }
  // Ends lie within the text: views without substr()'s check.
  std::string_view token(std::size_t i) const { return {text.data() + start(i), end(i) - start(i)}; }
  TokenKind kind(std::size_t i) const { return static_cast<TokenKind>(kinds_[i]); }
  // The text of tokens [first, last), first < last.
  std::string_view span(std::size_t first, std::size_t last) const {
    return {text.data() + start(first), end(last - 1) - start(first)};
  }
  const std::size_t* ends() const { return ends_.get(); }
  const std::uint8_t* kinds() const { return kinds_.get(); }

  // Empties the list for `new_text`, with room for `tokens` tokens (more
  // only costs a reallocation), keeping the storage for the next diff.
  void reset(std::string_view new_text, std::size_t tokens) {
    text = new_text;
    size_ = 0;
    copies.clear();
    if (capacity_ < tokens) grow(tokens);
  }
  ERRATUM_INLINE void push(std::size_t end, TokenKind kind) {
    if (size_ == capacity_) grow(size_ + 1);
    ends_[size_] = end;
    kinds_[size_] = static_cast<std::uint8_t>(kind);
    ++size_;
  }

  // For a text tokenized against a reference (tokenize_sharing): the runs of
  // tokens that are copies of reference tokens, in order (two runs may
  // follow each other), so that the diff knows those pairs are equal without
  // comparing them.
  struct CopiedRun {
    std::size_t first;            // index of the run's first token
    std::size_t reference_first;  // index of the reference token it copies
    std::size_t count;
  };
  std::vector<CopiedRun> copies;
  // Appends copies of the reference's tokens [first, last), their ends moved
  // by `shift` (unsigned arithmetic: a shift back wraps into range), as one
  // run: whole runs are copied at once, with no per-token bookkeeping.
  void push_copies(const TokenList& reference, std::size_t first, std::size_t last, std::size_t shift) {
    if (first >= last) return;
    const std::size_t count = last - first;
    copies.push_back({size_, first, count});
    if (capacity_ - size_ < count) grow(size_ + count);
    std::size_t* ends = ends_.get() + size_;
    const std::size_t* from = reference.ends_.get() + first;
    for (std::size_t k = 0; k < count; ++k) ends[k] = from[k] + shift;
    std::memcpy(kinds_.get() + size_, reference.kinds_.get() + first, count);
    size_ += count;
  }

 private:
  // Room for at least `tokens` tokens, the first size() kept.
  void grow(std::size_t tokens);

  std::unique_ptr<std::size_t[]> ends_;
  std::unique_ptr<std::uint8_t[]> kinds_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// How many leading and trailing tokens tokenize_sharing() found identical
// on both sides (they never overlap).
struct SharedEnds {
  std::size_t prefix = 0;
  std::size_t suffix = 0;
};

// Fills `tokens` with the tokens of `text` (the same tokens as tokenize()),
// reusing those of `reference` (another text, already tokenized) where the
// bytes are the same: a reader's correction usually changes a few words of a
// long paragraph, so most of it need not be tokenized twice. With an empty
// reference this is plain tokenization. `tokens` must not be `reference`.
SharedEnds tokenize_sharing(std::string_view text, const TokenList& reference, TokenList& tokens);

}  // namespace erratum
