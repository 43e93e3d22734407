// The editors' tokens, read from --editor-token-file. One token per line,
// optionally preceded by a label and a colon ("camille:3q2-...", or the bare
// token); the label names who acted, for the request log of later write
// routes. Blank lines and lines starting with '#' are skipped. Only each
// token's SHA-256 is kept in memory, and a candidate is compared with every
// token in constant time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// Shorter tokens are refused: 16 base64url characters are 96 random bits.
inline constexpr std::size_t kMinTokenLength = 16;

struct EditorToken {
  std::string label;   // "editor 3" (its line) when the file gives none
  std::string digest;  // SHA-256 of the token
};

struct TokenFile {
  std::vector<EditorToken> tokens;
  std::string error;                  // set when the file cannot be used
  std::vector<std::string> warnings;  // usable, but worth saying (world-readable)
};

// Reads and checks the file: unreadable, empty, or with a malformed line is
// an error (which never quotes a token).
TokenFile load_token_file(const std::string& path);

// The file's text, for load_token_file and the tests.
TokenFile parse_token_lines(std::string_view text);

class EditorTokens {
 public:
  explicit EditorTokens(std::vector<EditorToken> tokens);

  // The label of the token equal to `candidate`, or nullopt. Every token is
  // compared, whatever matches, so the time taken does not say which token
  // (or how much of one) was right.
  std::optional<std::string> label_of(std::string_view candidate) const;

  bool empty() const { return tokens_.empty(); }

 private:
  std::vector<EditorToken> tokens_;
};

}  // namespace erratum::collector
