// snprintf for the browser module, on libc's integer-only formatter. The
// module's only snprintf calls are nlohmann/json's, which format code points
// and bytes as hexadecimal integers ("\u%04x", "<U+%.4X>"); the full
// snprintf brings musl's floating-point formatting along, which nothing here
// uses. vsniprintf is the same printf core built without it (Emscripten's
// libc, the variant its own small-printf optimisation calls). A floating-point
// conversion would print nothing for its argument, so no caller may add one:
// tests/node/core-surface.test.mjs reaches both of nlohmann's formats.
#include <cstdarg>
#include <cstddef>

extern "C" int vsniprintf(char* __restrict out, std::size_t size, const char* __restrict format, va_list arguments);

extern "C" int snprintf(char* __restrict out, std::size_t size, const char* __restrict format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int written = vsniprintf(out, size, format, arguments);
  va_end(arguments);
  return written;
}
