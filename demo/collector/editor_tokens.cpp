#include "editor_tokens.hpp"

#include "secret_file.hpp"
#include "secrets.hpp"

#include <fstream>
#include <sstream>

namespace erratum::collector {
namespace {

// RFC 6750's b64token characters: what an Authorization: Bearer header can
// carry as it is, and what a password field sends unchanged.
bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

TokenFile parse_token_lines(std::string_view text) {
  TokenFile file;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;

    std::string label = "editor " + std::to_string(line_number);
    std::string_view token = line;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      label = std::string(trim(line.substr(0, colon)));
      token = trim(line.substr(colon + 1));
      if (label.empty()) label = "editor " + std::to_string(line_number);
    }
    const std::string where = "line " + std::to_string(line_number);
    bool well_formed = !token.empty();
    for (char c : token) well_formed = well_formed && is_token_char(c);
    if (!well_formed) {
      file.error = where + ": a token is letters, digits and - . _ ~ + / = only";
      return file;
    }
    if (token.size() < kMinTokenLength) {
      file.error = where + ": the token is shorter than " + std::to_string(kMinTokenLength) + " characters";
      return file;
    }
    file.tokens.push_back(EditorToken{label, sha256(token)});
  }
  if (file.tokens.empty()) file.error = "it holds no token";
  return file;
}

TokenFile load_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    TokenFile file;
    file.error = "cannot read the editor token file " + path;
    return file;
  }
  std::ostringstream text;
  text << in.rdbuf();
  TokenFile file = parse_token_lines(text.str());
  if (!file.error.empty()) {
    file.error = "the editor token file " + path + ": " + file.error;
    return file;
  }
  if (auto warning = world_access_warning("the editor token file", path)) file.warnings.push_back(std::move(*warning));
  return file;
}

EditorTokens::EditorTokens(std::vector<EditorToken> tokens) : tokens_(std::move(tokens)) {}

std::optional<std::string> EditorTokens::label_of(std::string_view candidate) const {
  const std::string digest = sha256(candidate);
  const EditorToken* match = nullptr;
  for (const EditorToken& token : tokens_)
    if (same_digest(digest, token.digest) && !match) match = &token;
  if (!match) return std::nullopt;
  return match->label;
}

}  // namespace erratum::collector
