// The browser module's snprintf and sprintf: erratum::libc's integer-only
// formatter. Their callers here are nlohmann/json ("\u%04x" in the
// serializer, "<U+%.4X>" in the lexer's error text) and Embind ("%p" naming a
// type it was not told of); musl's printf core would bring floating-point
// formatting and wide characters that nothing asks for. Their va_list forms
// are here too, so that no caller links musl's back; siprintf is the name the
// compiler gives a sprintf call without floating-point arguments.
#include "erratum/integer_printf.hpp"

#include <cstdarg>
#include <cstddef>
#include <cstdint>

using erratum::libc::integer_vsnprintf;

extern "C" {

int vsnprintf(char* __restrict out, std::size_t size, const char* __restrict format, va_list arguments) {
  return integer_vsnprintf(out, size, format, arguments);
}

int snprintf(char* __restrict out, std::size_t size, const char* __restrict format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int written = integer_vsnprintf(out, size, format, arguments);
  va_end(arguments);
  return written;
}

int vsprintf(char* __restrict out, const char* __restrict format, va_list arguments) {
  return integer_vsnprintf(out, SIZE_MAX, format, arguments);
}

int sprintf(char* __restrict out, const char* __restrict format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int written = integer_vsnprintf(out, SIZE_MAX, format, arguments);
  va_end(arguments);
  return written;
}

// The same function under the second name, not a second copy of it.
int siprintf(char* __restrict out, const char* __restrict format, ...) __attribute__((alias("sprintf")));

}  // extern "C"
