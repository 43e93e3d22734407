// Runs the word diff bench's headline inputs (written by diff-inputs.mjs)
// through diff_word_spans() as the live diff does (both texts in one buffer,
// one workspace for every call), `passes` times, and prints a checksum of
// every span and count, so that two builds can be checked to agree.
// Usage: diff-harness INPUTS.bin [passes]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "erratum/core/diff.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s INPUTS.bin [passes]\n", argv[0]);
    return 2;
  }
  std::FILE* file = std::fopen(argv[1], "rb");
  if (!file) {
    std::perror(argv[1]);
    return 1;
  }
  std::string data;
  char chunk[65536];
  for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, file)) > 0;) data.append(chunk, got);
  std::fclose(file);
  const int passes = argc > 2 ? std::atoi(argv[2]) : 1;

  std::vector<std::string_view> texts;
  for (std::size_t at = 0; at + 4 <= data.size();) {
    std::uint32_t length;
    std::memcpy(&length, data.data() + at, 4);
    at += 4;
    if (length > data.size() - at) break;
    texts.emplace_back(data.data() + at, length);
    at += length;
  }

  erratum::DiffWorkspace workspace;
  std::vector<char> buffer;
  std::uint64_t sum = 0;
  for (int pass = 0; pass < passes; ++pass) {
    for (std::size_t i = 0; i + 1 < texts.size(); i += 2) {
      buffer.assign(texts[i].begin(), texts[i].end());
      buffer.insert(buffer.end(), texts[i + 1].begin(), texts[i + 1].end());
      const std::string_view original(buffer.data(), texts[i].size());
      const std::string_view corrected(buffer.data() + texts[i].size(), texts[i + 1].size());
      const erratum::DiffSpans& spans = erratum::diff_word_spans(original, corrected, workspace);
      sum = sum * 31 + spans.counts.equal + 3 * spans.counts.inserted + 5 * spans.counts.deleted +
            7 * spans.counts.words_inserted + 11 * spans.counts.words_deleted;
      for (const erratum::DiffSpan& op : spans.ops)
        sum = sum * 31 + static_cast<unsigned>(op.kind) * 7 + op.start * 3 + op.end;
    }
  }
  std::printf("%zu pairs, %d passes, checksum %llu\n", texts.size() / 2, passes, static_cast<unsigned long long>(sum));
  return 0;
}
