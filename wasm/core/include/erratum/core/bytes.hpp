// Byte compares for the tokenizer and the diff (internal to the core).
#pragma once

#include <cstring>

namespace erratum {

// Tokens are short (a few bytes): fixed-size word compares, possibly
// overlapping, beat a call to memcmp. A template needs no `inline`, whose
// inline hint would change what the -Os kernels inline around it.
template <typename Word>
bool same_word(const char* x, const char* y) {
  Word wx, wy;
  std::memcpy(&wx, x, sizeof(Word));
  std::memcpy(&wy, y, sizeof(Word));
  return wx == wy;
}

}  // namespace erratum
