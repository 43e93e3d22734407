#include "favicon.hpp"

#include <cstdint>

namespace erratum::collector {
namespace {

// '#': the accent, 'o': white, '.': transparent. Top row first.
constexpr const char* kPattern[16] = {
    "..############..", ".##############.", "################", "####oooooooo####",
    "####oooooooo####", "####oo##########", "####oo##########", "####ooooooo#####",
    "####ooooooo#####", "####oo##########", "####oo##########", "####oooooooo####",
    "####oooooooo####", "################", ".##############.", "..############..",
};

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::string draw() {
  constexpr int kSize = 16;
  constexpr std::uint32_t kPixels = kSize * kSize * 4;
  constexpr std::uint32_t kMask = kSize * 4;  // 1 bit a pixel, rows padded to 32 bits
  std::string out;
  // ICONDIR and its one entry.
  put16(out, 0);
  put16(out, 1);
  put16(out, 1);
  out.push_back(static_cast<char>(kSize));
  out.push_back(static_cast<char>(kSize));
  out.push_back(0);
  out.push_back(0);
  put16(out, 1);
  put16(out, 32);
  put32(out, 40 + kPixels + kMask);
  put32(out, 6 + 16);
  // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
  put32(out, 40);
  put32(out, kSize);
  put32(out, kSize * 2);
  put16(out, 1);
  put16(out, 32);
  put32(out, 0);
  put32(out, kPixels + kMask);
  for (int i = 0; i < 4; ++i) put32(out, 0);
  // BGRA rows, bottom row first.
  for (int y = kSize - 1; y >= 0; --y) {
    for (int x = 0; x < kSize; ++x) {
      const char c = kPattern[y][x];
      if (c == '#') {
        out += std::string{'\x1e', '\x26', '\xb3', '\xff'};
      } else if (c == 'o') {
        out += std::string{'\xff', '\xff', '\xff', '\xff'};
      } else {
        out += std::string(4, '\0');
      }
    }
  }
  // The AND mask: set for transparent pixels, for readers that ignore alpha.
  for (int y = kSize - 1; y >= 0; --y) {
    unsigned char bytes[4] = {0, 0, 0, 0};  // the leftmost pixel is the first byte's high bit
    for (int x = 0; x < kSize; ++x)
      if (kPattern[y][x] == '.') bytes[x / 8] |= static_cast<unsigned char>(0x80u >> (x % 8));
    for (const unsigned char b : bytes) out.push_back(static_cast<char>(b));
  }
  return out;
}

}  // namespace

const std::string& favicon_ico() {
  static const std::string ico = draw();
  return ico;
}

}  // namespace erratum::collector
