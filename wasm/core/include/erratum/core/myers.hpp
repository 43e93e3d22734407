// Myers' O(ND) difference algorithm, the engine of the word diff (internal
// to the core; diff.cpp runs it on token ids).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace erratum {

// An array of per-token scratch data kept in a DiffWorkspace: it only grows,
// so from one diff to the next it is allocated again only for a longer text.
// Smaller code than std::vector's assign(), which counts in the wasm build.
template <typename T>
class ScratchArray {
 public:
  // `n` elements, left as the previous diff wrote them.
  void resize_for_overwrite(std::size_t n) {
    if (capacity_ < n) {
      data_.reset(new T[n]);
      capacity_ = n;
    }
    size_ = n;
  }
  // `n` elements, all zero.
  void assign_zeros(std::size_t n) {
    resize_for_overwrite(n);
    zero(0, n);
  }
  // Elements [first, last) set to zero, the others left as they are.
  void zero(std::size_t first, std::size_t last) {
    if (first < last) std::memset(data_.get() + first, 0, (last - first) * sizeof(T));
  }
  std::size_t size() const { return size_; }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  std::unique_ptr<T[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// One flag per token: 1 where the edit script deletes (or inserts) it.
using Marks = ScratchArray<char>;

// The search's storage, kept by the caller from one diff to the next.
struct MyersStorage {
  // A sub-problem of the search: tokens [a_begin, a_end) of `a` against
  // [b_begin, b_end) of `b`.
  struct Box {
    std::ptrdiff_t a_begin, a_end, b_begin, b_end;
  };

  ScratchArray<std::ptrdiff_t> forward, backward;
};

// Marks which tokens of `a` (n ids) are deleted and which of `b` (m ids) are inserted in a
// minimal edit script; the unmarked tokens form a longest common subsequence.
// `deleted` and `inserted` hold one flag per token of `a` and of `b`, all
// zero on entry. Time O((N + M) * D) at worst for N and M tokens and D edits,
// memory O(N + M).
void mark_edits(const std::uint32_t* a, std::size_t n, const std::uint32_t* b, std::size_t m, Marks& deleted,
                Marks& inserted, MyersStorage& storage);

}  // namespace erratum
