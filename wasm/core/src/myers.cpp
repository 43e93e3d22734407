// Myers' O(ND) difference algorithm on token ids: a minimal edit script in
// linear space (middle-snake divide and conquer, driven by an explicit stack
// so depth never depends on input).
#include "erratum/core/myers.hpp"

#include <cassert>
#include <cstdint>

namespace erratum {
namespace {

using Box = MyersStorage::Box;

// mark_edits(): the search over the whole of `a` and `b`, split into boxes.
class EditMarker {
 public:
  EditMarker(const std::uint32_t* a, std::size_t n, const std::uint32_t* b, std::size_t m, Marks& deleted,
             Marks& inserted, MyersStorage& storage)
      : a_(a),
        b_(b),
        n_(static_cast<std::ptrdiff_t>(n)),
        m_(static_cast<std::ptrdiff_t>(m)),
        deleted_(deleted),
        inserted_(inserted) {
    const std::ptrdiff_t max_d = (n_ + m_ + 1) / 2;
    offset_ = max_d + 1;
    // Only grown, never cleared: the search writes every entry before reading it.
    const auto diagonals = static_cast<std::size_t>(2 * max_d + 3);
    storage.forward.resize_for_overwrite(diagonals);
    storage.backward.resize_for_overwrite(diagonals);
    forward_ = storage.forward.data();
    backward_ = storage.backward.data();
  }

  void run() {
    // Each box is split at a point of an optimal path into two boxes of at
    // most half the cost, rounded up, so the stack never holds more than
    // about log2(D) + 2 boxes: a fixed array does, with no allocation.
    Box pending[kMaxPending];
    std::size_t count = 0;
    pending[count++] = {0, n_, 0, m_};
    while (count > 0) {
      Box box = pending[--count];
      while (box.a_begin < box.a_end && box.b_begin < box.b_end && a_[box.a_begin] == b_[box.b_begin]) {
        ++box.a_begin;
        ++box.b_begin;
      }
      while (box.a_begin < box.a_end && box.b_begin < box.b_end && a_[box.a_end - 1] == b_[box.b_end - 1]) {
        --box.a_end;
        --box.b_end;
      }
      if (box.a_begin == box.a_end || box.b_begin == box.b_end) {
        mark_all(box);
        continue;
      }
      // Both sides non-empty and no common prefix or suffix: the cost is at
      // least 2, so the split leaves two strictly cheaper boxes.
      const Point mid = middle_point(box);
      const bool inside = mid.x >= box.a_begin && mid.x <= box.a_end && mid.y >= box.b_begin && mid.y <= box.b_end;
      const bool splits =
          !(mid.x == box.a_begin && mid.y == box.b_begin) && !(mid.x == box.a_end && mid.y == box.b_end);
      assert(inside && splits);
      if (!inside || !splits || count + 2 > kMaxPending) {  // cannot happen; never loop forever if it did
        mark_all(box);
        continue;
      }
      pending[count++] = {mid.x, box.a_end, mid.y, box.b_end};
      pending[count++] = {box.a_begin, mid.x, box.b_begin, mid.y};
    }
  }

 private:
  struct Point {
    std::ptrdiff_t x, y;
  };

  // log2 of the largest cost, plus room: never reached.
  static constexpr std::size_t kMaxPending = 8 * sizeof(std::size_t) + 8;

  void mark_all(const Box& box) {
    for (std::ptrdiff_t i = box.a_begin; i < box.a_end; ++i) deleted_[static_cast<std::size_t>(i)] = 1;
    for (std::ptrdiff_t j = box.b_begin; j < box.b_end; ++j) inserted_[static_cast<std::size_t>(j)] = 1;
  }

  std::ptrdiff_t& fwd(std::ptrdiff_t k) { return forward_[static_cast<std::size_t>(k + offset_)]; }
  std::ptrdiff_t& bwd(std::ptrdiff_t k) { return backward_[static_cast<std::size_t>(k + offset_)]; }

  // Myers' "middle snake": runs the forward search from the top-left corner
  // and the backward search from the bottom-right corner one cost step at a
  // time until they overlap on a diagonal; the meeting point lies on an
  // optimal path with ceil(D/2) edits before it and floor(D/2) after it.
  // Coordinates are relative to the box; diagonal k holds the points with
  // x - y == k. forward(k): largest x reached on diagonal k; backward(c):
  // smallest x reached on diagonal delta + c.
  Point middle_point(const Box& box) {
    const std::uint32_t* a = a_ + box.a_begin;
    const std::uint32_t* b = b_ + box.b_begin;
    const std::ptrdiff_t n = box.a_end - box.a_begin;
    const std::ptrdiff_t m = box.b_end - box.b_begin;
    const std::ptrdiff_t delta = n - m;
    const bool odd = (delta & 1) != 0;
    const std::ptrdiff_t max_d = (n + m + 1) / 2;
    fwd(1) = 0;      // so that d = 0 starts at (0, 0)
    bwd(1) = n + 1;  // so that d = 0 starts at (n, m)
    for (std::ptrdiff_t d = 0; d <= max_d; ++d) {
      for (std::ptrdiff_t k = -d; k <= d; k += 2) {
        // Step down from diagonal k + 1 or right from diagonal k - 1,
        // whichever gets further, then follow matching tokens.
        std::ptrdiff_t x = (k == -d || (k != d && fwd(k - 1) < fwd(k + 1))) ? fwd(k + 1) : fwd(k - 1) + 1;
        std::ptrdiff_t y = x - k;
        while (x < n && y < m && a[x] == b[y]) {
          ++x;
          ++y;
        }
        fwd(k) = x;
        const std::ptrdiff_t c = k - delta;
        if (odd && c >= -(d - 1) && c <= d - 1 && x >= bwd(c)) return {box.a_begin + x, box.b_begin + y};
      }
      for (std::ptrdiff_t c = -d; c <= d; c += 2) {
        // Step left from diagonal c + 1 or up from diagonal c - 1, whichever
        // gets further back, then follow matching tokens backwards.
        std::ptrdiff_t x = (c == -d || (c != d && bwd(c + 1) <= bwd(c - 1))) ? bwd(c + 1) - 1 : bwd(c - 1);
        const std::ptrdiff_t k = c + delta;
        std::ptrdiff_t y = x - k;
        while (x > 0 && y > 0 && a[x - 1] == b[y - 1]) {
          --x;
          --y;
        }
        bwd(c) = x;
        if (!odd && k >= -d && k <= d && x <= fwd(k)) return {box.a_begin + x, box.b_begin + y};
      }
    }
    return {box.a_begin, box.b_begin};  // unreachable: the searches meet by d = max_d
  }

  const std::uint32_t* a_;
  const std::uint32_t* b_;
  std::ptrdiff_t n_, m_;
  Marks& deleted_;
  Marks& inserted_;
  std::ptrdiff_t* forward_;
  std::ptrdiff_t* backward_;
  std::ptrdiff_t offset_ = 0;
};

}  // namespace

void mark_edits(const std::uint32_t* a, std::size_t n, const std::uint32_t* b, std::size_t m, Marks& deleted,
                Marks& inserted, MyersStorage& storage) {
  EditMarker(a, n, b, m, deleted, inserted, storage).run();
}

}  // namespace erratum
