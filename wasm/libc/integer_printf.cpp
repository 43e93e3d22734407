#include "erratum/integer_printf.hpp"

#include <climits>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace erratum::libc {
namespace {

// The flag characters, in the order of their bits in Flag.
constexpr char kFlagCharacters[] = "-+ #0";
enum Flag : unsigned { kLeft = 1, kPlus = 2, kSpace = 4, kAlternate = 8, kZero = 16 };
enum class Length { kChar, kShort, kInt, kLong, kLongLong, kMax, kSize, kPtrdiff };

// Writes what fits (size - 1 bytes and the NUL) and counts everything, as
// snprintf answers the length the whole result needs.
class Sink {
 public:
  Sink(char* out, std::size_t size) : out_(out), size_(size) {}

  std::size_t count() const { return count_; }
  void put(const char* text, std::size_t length) {
    if (const std::size_t n = fitting(length)) std::memcpy(out_ + count_, text, n);
    count_ += length;
  }
  void put(char c) { repeat(c, 1); }
  void repeat(char c, std::size_t times) {
    if (const std::size_t n = fitting(times)) std::memset(out_ + count_, c, n);
    count_ += times;
  }
  // The NUL after what fits; -1 when the count does not fit an int.
  int finish() {
    if (size_ > 0) out_[count_ < size_ ? count_ : size_ - 1] = '\0';
    return count_ > static_cast<std::size_t>(INT_MAX) ? -1 : static_cast<int>(count_);
  }
  int fail() {
    finish();
    return -1;
  }

 private:
  std::size_t fitting(std::size_t length) const {
    const std::size_t room = count_ + 1 < size_ ? size_ - 1 - count_ : 0;
    return length < room ? length : room;
  }

  char* out_;
  std::size_t size_;
  std::size_t count_ = 0;
};

// Reads a decimal field (width or precision); false past INT_MAX.
bool read_number(const char*& format, int& value) {
  long long n = 0;
  while (*format >= '0' && *format <= '9') {
    n = n * 10 + (*format++ - '0');
    if (n > INT_MAX) return false;
  }
  value = static_cast<int>(n);
  return true;
}

Length read_length(const char*& format) {
  switch (*format) {
    case 'h': return *++format == 'h' ? (++format, Length::kChar) : Length::kShort;
    case 'l': return *++format == 'l' ? (++format, Length::kLongLong) : Length::kLong;
    case 'j': return ++format, Length::kMax;
    case 'z': return ++format, Length::kSize;
    case 't': return ++format, Length::kPtrdiff;
    default: return Length::kInt;
  }
}

// The bits of each length's type, in the order of Length.
constexpr unsigned char kBits[] = {
    CHAR_BIT,
    CHAR_BIT * sizeof(short),
    CHAR_BIT * sizeof(int),
    CHAR_BIT * sizeof(long),
    CHAR_BIT * sizeof(long long),
    CHAR_BIT * sizeof(std::intmax_t),
    CHAR_BIT * sizeof(std::size_t),
    CHAR_BIT * sizeof(std::ptrdiff_t),
};

// An integer conversion's argument, read as its type's unsigned counterpart
// (char and short arrive promoted to int) and widened to uintmax_t. One read
// serves the signed conversions too: the sign is the type's top bit.
std::uintmax_t integer_argument(Length length, std::va_list& arguments) {
  switch (length) {
    case Length::kLong: return va_arg(arguments, unsigned long);
    case Length::kLongLong: return va_arg(arguments, unsigned long long);
    case Length::kMax: return va_arg(arguments, std::uintmax_t);
    case Length::kSize: return va_arg(arguments, std::size_t);
    case Length::kPtrdiff: return va_arg(arguments, std::make_unsigned_t<std::ptrdiff_t>);
    default: return va_arg(arguments, unsigned);
  }
}

// Prints `format` into `sink`; false at a conversion it refuses or a result
// past INT_MAX, with what came before it written.
bool format_into(Sink& sink, const char* format, std::va_list& args) {
  // Digits are written from the end of `digits`; an octal uintmax_t needs 22.
  char digits[24];
  char* const digits_end = digits + sizeof digits;
  for (; *format; ++format) {
    if (*format != '%') {
      sink.put(*format);
      continue;
    }
    if (*++format == '%') {
      sink.put('%');
      continue;
    }
    unsigned flags = 0;
    for (;; ++format) {
      const char* flag = *format ? std::strchr(kFlagCharacters, *format) : nullptr;
      if (!flag) break;
      flags |= 1u << (flag - kFlagCharacters);
    }
    int width = 0;
    if (*format == '*') {
      ++format;
      width = va_arg(args, int);
      if (width < 0) {
        if (width == INT_MIN) return false;
        flags |= kLeft;
        width = -width;
      }
    } else if (!read_number(format, width)) {
      return false;
    }
    int precision = -1;
    if (*format == '.') {
      if (*++format == '*') {
        ++format;
        precision = va_arg(args, int);
        if (precision < 0) precision = -1;
      } else if (!read_number(format, precision)) {
        return false;
      }
    }
    const Length length = read_length(format);
    // '-' outdoes '0', and so does a precision (for every conversion that
    // zero-pads: the integer ones).
    if (flags & kLeft || precision >= 0) flags &= ~kZero;

    const char* body = digits_end;  // what the conversion prints, before padding
    char prefix[2];
    int prefix_length = 0;
    const char conversion = *format;
    switch (conversion) {
      case 'c':
        if (length != Length::kInt) return false;
        digits[0] = static_cast<char>(va_arg(args, int));
        body = digits;
        precision = 1;
        flags &= ~kZero;
        break;
      case 's': {
        if (length != Length::kInt) return false;
        const char* text = va_arg(args, const char*);
        if (!text) text = "(null)";
        body = text;
        precision = static_cast<int>(precision < 0 ? std::strlen(text) : strnlen(text, precision));
        flags &= ~kZero;
        break;
      }
      case 'p':
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        std::uintmax_t value;
        unsigned base = 16;
        if (conversion == 'p') {
          value = reinterpret_cast<std::uintptr_t>(va_arg(args, void*));
          flags |= kAlternate;
          if (precision < static_cast<int>(2 * sizeof(void*))) precision = 2 * sizeof(void*);
        } else {
          const unsigned bits = kBits[static_cast<int>(length)];
          const std::uintmax_t mask =
              bits < CHAR_BIT * sizeof(std::uintmax_t) ? (std::uintmax_t{1} << bits) - 1 : ~std::uintmax_t{0};
          value = integer_argument(length, args) & mask;
          if (conversion == 'd' || conversion == 'i') {
            const bool negative = value >> (bits - 1);
            if (negative) value = (0 - value) & mask;
            if (negative || flags & (kPlus | kSpace))
              prefix[prefix_length++] = negative ? '-' : flags & kPlus ? '+' : ' ';
          }
          if (conversion == 'o') base = 8;
          if (conversion == 'd' || conversion == 'i' || conversion == 'u') base = 10;
        }
        const char* const numerals = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char* first = digits_end;
        for (std::uintmax_t rest = value; rest; rest /= base) *--first = numerals[rest % base];
        body = first;
        if (base == 16 && value && flags & kAlternate) {
          prefix[prefix_length++] = '0';
          prefix[prefix_length++] = conversion == 'X' ? 'X' : 'x';
        }
        const int length_of_digits = static_cast<int>(digits_end - first);
        if (base == 8 && flags & kAlternate && precision <= length_of_digits) precision = length_of_digits + 1;
        // A zero with precision 0 prints no digit; otherwise at least one.
        if (precision < 0) precision = value ? length_of_digits : 1;
        if (value == 0 && precision == 0) break;
        if (precision < length_of_digits) precision = length_of_digits;
        break;
      }
      default:  // floating point, %n, an unknown letter or the end of the format
        return false;
    }
    // `precision` is the body's length with its leading zeros from here on.
    const std::size_t body_length = conversion == 'c' || conversion == 's'
                                        ? static_cast<std::size_t>(precision)
                                        : static_cast<std::size_t>(digits_end - body);
    // What the conversion prints is checked against INT_MAX before a byte of
    // it is written, so a huge width costs no time.
    const std::size_t content = static_cast<std::size_t>(prefix_length) + precision;
    const std::size_t field = content > static_cast<std::size_t>(width) ? content : width;
    if (sink.count() > static_cast<std::size_t>(INT_MAX) || field > INT_MAX - sink.count()) return false;
    const std::size_t padding = field - content;
    if (!(flags & (kLeft | kZero))) sink.repeat(' ', padding);
    sink.put(prefix, prefix_length);
    if (flags & kZero) sink.repeat('0', padding);
    sink.repeat('0', precision - body_length);
    sink.put(body, body_length);
    if (flags & kLeft) sink.repeat(' ', padding);
  }
  return true;
}

}  // namespace

int integer_vsnprintf(char* out, std::size_t size, const char* format, std::va_list arguments) {
  Sink sink(out, size);
  // A copy, as the argument may be an array type that a reference cannot bind.
  std::va_list args;
  va_copy(args, arguments);
  const bool printed = format_into(sink, format, args);
  va_end(args);
  return printed ? sink.finish() : sink.fail();
}

}  // namespace erratum::libc
