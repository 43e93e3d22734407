// strtod for the browser module, answered by the JavaScript engine's own
// number parser. nlohmann/json's lexer reads every JSON number with a
// fraction or an exponent through strtod; musl's strtod computes in 128-bit
// long double, which wasm32 has only as soft-float routines, so defining the
// symbol here keeps that whole chain out of the module (libc's strtod.o is
// then never linked). JavaScript's Number parsing rounds correctly, as musl's
// does, and every target of the module has it.
//
// The syntax taken is the decimal one of C's strtod: optional white space and
// sign, digits with an optional point, an optional exponent. Hexadecimal
// floats, "inf" and "nan" are not numbers in JSON, the only text this module
// parses, and give "no conversion" (0, *end = text) here.
//
// strtof and strtold are defined beside it because libc++'s string.o names
// them (std::stof, std::stold): one of them left to libc would link musl's
// strtod.o, and with it a second strtod. Nothing in the module calls them, and
// the link drops them; strtold answers in double precision.
#include <emscripten/emscripten.h>

#include <cerrno>
#include <cmath>
#include <cstddef>

EM_JS(double, parse_number_in_js, (const char* text, std::size_t length),
      { return parseFloat(UTF8ToString(text, length)); });

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char* skip_digits(const char* p) {
  while (is_digit(*p)) ++p;
  return p;
}

}  // namespace

extern "C" double strtod(const char* __restrict text, char** __restrict end) {
  const char* p = text;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
  const char* const start = p;
  if (*p == '+' || *p == '-') ++p;
  const char* const integer = p;
  p = skip_digits(p);
  bool has_digits = p != integer;
  if (*p == '.') {
    const char* const fraction = p + 1;
    const char* const after = skip_digits(fraction);
    if (has_digits || after != fraction) {
      has_digits = true;
      p = after;
    }
  }
  if (!has_digits) {
    if (end) *end = const_cast<char*>(text);
    return 0.0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* exponent = p + 1;
    if (*exponent == '+' || *exponent == '-') ++exponent;
    if (is_digit(*exponent)) p = skip_digits(exponent);
  }
  if (end) *end = const_cast<char*>(p);
  const double value = parse_number_in_js(start, static_cast<std::size_t>(p - start));
  if (std::isinf(value)) errno = ERANGE;
  return value;
}

extern "C" float strtof(const char* __restrict text, char** __restrict end) {
  return static_cast<float>(strtod(text, end));
}

extern "C" long double strtold(const char* __restrict text, char** __restrict end) { return strtod(text, end); }
