#pragma once

#include <cstdarg>
#include <cstddef>

namespace erratum::libc {

// vsnprintf for C's integer, character, string and pointer conversions
// (d i u o x X c s p and %%, with every flag, width, precision and integer
// length modifier), written to match musl's output. A floating-point, wide
// or %n conversion is refused: nothing more is written and the answer is -1,
// as for a result longer than INT_MAX. The browser module's snprintf and
// sprintf (printf_entries.cpp) are this, so that musl's printf core, which
// carries every conversion, stays out of the download; natively it is tested
// against the C library's vsnprintf.
int integer_vsnprintf(char* out, std::size_t size, const char* format, std::va_list arguments);

}  // namespace erratum::libc
