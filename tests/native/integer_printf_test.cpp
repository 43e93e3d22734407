// The browser module's snprintf (wasm/libc/integer_printf.cpp) against the C
// library's, over every combination of flags, width, precision, length and
// integer conversion on values at each type's edges; then what it refuses.
#include "erratum/integer_printf.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Printed {
  int answer;
  std::string buffer;  // the whole buffer, sentinel bytes after the NUL included
  bool operator==(const Printed& other) const { return answer == other.answer && buffer == other.buffer; }
};

std::ostream& operator<<(std::ostream& out, const Printed& printed) {
  return out << printed.answer << " \"" << printed.buffer << '"';
}

constexpr std::size_t kBuffer = 96;

Printed ours(std::size_t size, const char* format, ...) {
  std::vector<char> buffer(kBuffer, '~');
  va_list arguments;
  va_start(arguments, format);
  const int answer = erratum::libc::integer_vsnprintf(size ? buffer.data() : nullptr, size, format, arguments);
  va_end(arguments);
  return {answer, std::string(buffer.data(), buffer.size())};
}

Printed libcs(std::size_t size, const char* format, ...) {
  std::vector<char> buffer(kBuffer, '~');
  va_list arguments;
  va_start(arguments, format);
  const int answer = std::vsnprintf(size ? buffer.data() : nullptr, size, format, arguments);
  va_end(arguments);
  return {answer, std::string(buffer.data(), buffer.size())};
}

constexpr long long kValues[] = {0,     1,       -1,      7,        -8,           42,        127,
                                 128,   -129,    255,     256,      32767,        -32768,    65535,
                                 65536, INT_MAX, INT_MIN, UINT_MAX, -12345678901, LLONG_MAX, LLONG_MIN};

// Prints `value` with `spec` (a format without its length and conversion)
// through both, passing the argument as the type the length names.
void expect_integer_alike(const std::string& spec, const std::string& length, char conversion, long long value) {
  const std::string format = "[" + spec + length + conversion + "]";
  const char* f = format.c_str();
  const bool is_signed = conversion == 'd' || conversion == 'i';
  Printed mine{}, theirs{};
  if (length == "hh" || length == "h" || length.empty()) {
    const int v = length == "hh"  ? (is_signed ? static_cast<signed char>(value) : static_cast<unsigned char>(value))
                  : length == "h" ? (is_signed ? static_cast<short>(value) : static_cast<unsigned short>(value))
                                  : static_cast<int>(value);
    mine = ours(kBuffer, f, v), theirs = libcs(kBuffer, f, v);
  } else if (length == "l") {
    mine = ours(kBuffer, f, static_cast<long>(value)), theirs = libcs(kBuffer, f, static_cast<long>(value));
  } else if (length == "ll") {
    mine = ours(kBuffer, f, value), theirs = libcs(kBuffer, f, value);
  } else if (length == "j") {
    mine = ours(kBuffer, f, static_cast<std::intmax_t>(value));
    theirs = libcs(kBuffer, f, static_cast<std::intmax_t>(value));
  } else if (length == "z") {
    mine = ours(kBuffer, f, static_cast<std::size_t>(value));
    theirs = libcs(kBuffer, f, static_cast<std::size_t>(value));
  } else {
    mine = ours(kBuffer, f, static_cast<std::ptrdiff_t>(value));
    theirs = libcs(kBuffer, f, static_cast<std::ptrdiff_t>(value));
  }
  ASSERT_EQ(mine, theirs) << format << " with " << value;
}

TEST(IntegerPrintf, EveryIntegerConversionPrintsAsTheCLibrary) {
  const char* const widths[] = {"", "1", "7", "23"};
  const char* const precisions[] = {"", ".", ".0", ".1", ".6", ".25"};
  const char* const lengths[] = {"hh", "h", "", "l", "ll", "j", "z", "t"};
  int compared = 0;
  for (unsigned flag_set = 0; flag_set < 32; ++flag_set) {
    std::string flags;
    for (int bit = 0; bit < 5; ++bit)
      if (flag_set & 1u << bit) flags += "-+ #0"[bit];
    for (const char conversion : std::string("diuoxX")) {
      // '#' with d, i or u is undefined in C: nothing to compare.
      if (flags.find('#') != std::string::npos && (conversion == 'd' || conversion == 'i' || conversion == 'u'))
        continue;
      for (const char* width : widths)
        for (const char* precision : precisions)
          for (const char* length : lengths)
            for (const long long value : kValues) {
              expect_integer_alike("%" + flags + width + precision, length, conversion, value);
              if (testing::Test::HasFatalFailure()) return;
              ++compared;
            }
    }
  }
  EXPECT_GT(compared, 500000);
}

TEST(IntegerPrintf, WidthAndPrecisionFromTheArgumentsPrintAsTheCLibrary) {
  for (const int width : {-12, -1, 0, 1, 9})
    for (const int precision : {-5, -1, 0, 3, 11})
      for (const char* format : {"<%*.*d>", "<%-*.*x>", "<%0*.*u>", "<%*.*s>", "<%0*d|%.*s>"})
        for (const int value : {0, 5, -77, 123456}) {
          const bool text = std::string(format).find("%*.*s") != std::string::npos;
          if (std::string(format) == "<%0*d|%.*s>") {
            ASSERT_EQ(ours(kBuffer, format, width, value, precision, "erratum"),
                      libcs(kBuffer, format, width, value, precision, "erratum"))
                << format;
          } else if (text) {
            ASSERT_EQ(ours(kBuffer, format, width, precision, "text"), libcs(kBuffer, format, width, precision, "text"))
                << format;
          } else {
            ASSERT_EQ(ours(kBuffer, format, width, precision, value), libcs(kBuffer, format, width, precision, value))
                << format << ' ' << width << ' ' << precision << ' ' << value;
          }
        }
}

TEST(IntegerPrintf, CharactersStringsAndPercentPrintAsTheCLibrary) {
  for (const char* format : {"%c", "%5c", "%-5c", "%1c"})
    for (const int c : {int{'a'}, int{'Z'}, int{' '}, 0x7f})
      EXPECT_EQ(ours(kBuffer, format, c), libcs(kBuffer, format, c)) << format;
  for (const char* format : {"%s", "%12s", "%-12s", "%.3s", "%8.3s", "%-8.0s", "%.20s", "a%%b%s%%"})
    for (const char* text : {"", "x", "hello world"})
      EXPECT_EQ(ours(kBuffer, format, text), libcs(kBuffer, format, text)) << format;
  EXPECT_EQ(ours(kBuffer, "%s|%10s", nullptr, nullptr), libcs(kBuffer, "%s|%10s", nullptr, nullptr));
  // A NUL from %c is written and counted.
  EXPECT_EQ(ours(kBuffer, "a%cb", 0), libcs(kBuffer, "a%cb", 0));
}

TEST(IntegerPrintf, NlohmannAndEmbindFormatsPrintAsTheCLibrary) {
  for (const unsigned code : {0u, 0x1fu, 0x7fu, 0xd800u, 0xffffu}) {
    EXPECT_EQ(ours(7, "\\u%04x", code), libcs(7, "\\u%04x", code));
    EXPECT_EQ(ours(9, "<U+%.4X>", code), libcs(9, "<U+%.4X>", code));
  }
}

TEST(IntegerPrintf, PointersPrintAsMuslDoes) {
  // musl writes every hexadecimal digit of the pointer's width after 0x
  // (glibc drops the leading zeros), and a null pointer as zeros only.
  int object = 0;
  const auto hex = [](std::uintptr_t value) {
    char text[64];
    std::snprintf(text, sizeof text, "%0*jx", static_cast<int>(2 * sizeof(void*)), static_cast<std::uintmax_t>(value));
    return std::string(text);
  };
  const std::string expected = "0x" + hex(reinterpret_cast<std::uintptr_t>(&object));
  EXPECT_EQ(ours(kBuffer, "%p", static_cast<void*>(&object)).buffer.c_str(), expected);
  EXPECT_EQ(ours(kBuffer, "%p", nullptr).buffer.c_str(), hex(0));
  EXPECT_EQ(ours(kBuffer, "%-40p|", nullptr).buffer.c_str(), hex(0) + std::string(40 - hex(0).size(), ' ') + "|");
}

TEST(IntegerPrintf, ATruncatedResultKeepsWhatFitsAndCountsTheWhole) {
  for (std::size_t size = 0; size < 24; ++size) {
    EXPECT_EQ(ours(size, "%s=%+08d;%#x", "key", -42, 0xbeefu), libcs(size, "%s=%+08d;%#x", "key", -42, 0xbeefu))
        << size;
    EXPECT_EQ(ours(size, "%-10s|%5c", "ab", 'z'), libcs(size, "%-10s|%5c", "ab", 'z')) << size;
  }
}

TEST(IntegerPrintf, FloatingWideAndUnknownConversionsAreRefused) {
  for (const char* format :
       {"ab%f", "ab%e", "ab%g", "ab%a", "ab%Lf", "ab%lc", "ab%ls", "ab%n", "ab%q", "ab%", "ab%5", "ab%-"}) {
    const Printed printed = ours(kBuffer, format, 1);
    EXPECT_EQ(printed.answer, -1) << format;
    EXPECT_STREQ(printed.buffer.c_str(), "ab") << format;
  }
}

TEST(IntegerPrintf, AResultPastIntMaxIsRefusedWithoutWritingIt) {
  EXPECT_EQ(ours(8, "%2147483647d%d", 1, 2).answer, -1);
  EXPECT_EQ(ours(8, "%2147483648d", 1).answer, -1);
  EXPECT_EQ(ours(8, "%.2147483648d", 1).answer, -1);
  EXPECT_EQ(ours(8, "%*d", INT_MIN, 1).answer, -1);
  const Printed largest = ours(8, "%2147483646d%c", 7, 'x');
  EXPECT_EQ(largest.answer, INT_MAX);
  EXPECT_STREQ(largest.buffer.c_str(), "       ");
}

}  // namespace
