// Word-level diff of a paragraph and its proposed correction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace erratum {

enum class DiffOpKind { Equal = 0, Insert = 1, Delete = 2 };  // values are part of api::diff_packed

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

// Minimal token-level edit script (Myers O(ND), linear space) over the tokens
// of tokenize() (tokenize.hpp): the Equal tokens form a longest common
// subsequence of the two token lists. Identical inputs give exactly one Equal
// op (or none when both are empty). Applying the ops to `original` yields
// `corrected`: Equal + Delete texts concatenate to `original`, Equal + Insert
// texts to `corrected`.
// Among equally short scripts, changes a few tokens apart keep as many
// visible (non-space) tokens as any: from "il reste de pain, ici" to
// "il reste pain frais, ici" the diff deletes "de " and inserts " frais"
// rather than keep the space between two replaced words.
// The output is canonical: adjacent ops of one kind are merged, a Delete
// comes before the Insert of the same change, and each run of changed tokens
// sits as late as an equally short script allows, so removing a word from
// "le très bon" deletes "très " (the word and the space after it).
// Time O((N + M) * D) at worst for N and M tokens and D changed tokens, close
// to O(N + M + D^2) for scattered edits; memory O(N + M).
DiffResult diff_words(std::string_view original, std::string_view corrected);

// The same script as spans of the inputs rather than copies of their text:
// what crosses the JS/wasm boundary, where the caller already holds both
// strings. Offsets are UTF-16 code units (as JS strings count them): Equal and
// Delete spans index `original`, Insert spans index `corrected`.
struct DiffSpan {
  DiffOpKind kind;
  std::uint32_t start;
  std::uint32_t end;
};

// A read-only array of T held in storage owned elsewhere.
template <typename T>
struct ArrayView {
  const T* items = nullptr;
  std::size_t count = 0;

  std::size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const T* begin() const { return items; }
  const T* end() const { return items + count; }
  const T& operator[](std::size_t i) const { return items[i]; }
};

struct DiffSpans {
  ArrayView<DiffSpan> ops;  // in the workspace the diff ran in
  DiffCounts counts;
};

// The storage a diff works in, kept by a caller that diffs again and again
// (the widget's live preview diffs on every pause in typing): each diff then
// reuses the vectors the previous ones grew instead of allocating some twenty
// of them, which on a short paragraph cost as much as a fifth of the diff.
// It holds on to the largest diff's memory until it is destroyed.
class DiffWorkspace {
 public:
  DiffWorkspace();
  ~DiffWorkspace();
  DiffWorkspace(const DiffWorkspace&) = delete;
  DiffWorkspace& operator=(const DiffWorkspace&) = delete;

  struct Storage;  // defined in diff.cpp
  Storage& storage() { return *storage_; }

 private:
  std::unique_ptr<Storage> storage_;
};

// The spans live in `workspace`: valid until its next diff.
const DiffSpans& diff_word_spans(std::string_view original, std::string_view corrected, DiffWorkspace& workspace);

const char* op_name(DiffOpKind kind);  // "equal" / "insert" / "delete"

}  // namespace erratum
