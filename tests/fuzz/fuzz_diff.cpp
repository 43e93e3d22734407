// libFuzzer target for the word diff (wasm/core/diff.hpp).
//
// The input is split in two at its first 0 byte (or in the middle when there
// is none): original and corrected text, arbitrary bytes. Checks, aborting on
// any violation:
//  - tokenize: tokens are non-empty and concatenate to the input;
//  - diff_words: Equal + Delete texts rebuild the original, Equal + Insert
//    texts the correction; ops are non-empty, merged, Delete before Insert;
//    counts agree with the token lists (equal + deleted == tokens of the
//    original, equal + inserted == tokens of the correction);
//  - api::diff (the JSON path the collector calls) and api::diff_packed (the
//    widget's path: UTF-16 spans of the inputs), when both texts are valid
//    UTF-8: exactly diff_words' ops and counts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "erratum/api.hpp"
#include "erratum/core/diff.hpp"
#include "erratum/core/document.hpp"
#include "erratum/core/text.hpp"
#include "erratum/core/tokenize.hpp"

namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz_diff: %s\n", what);
    std::abort();
  }
}

std::size_t check_tokens(std::string_view text) {
  const std::vector<erratum::Token> tokens = erratum::tokenize(text);
  std::string joined;
  for (const erratum::Token& t : tokens) {
    require(!t.text.empty(), "empty token");
    joined.append(t.text);
  }
  require(joined == text, "tokens do not concatenate to the input");
  return tokens.size();
}

void check_api(std::string_view original, std::string_view corrected, const erratum::DiffResult& direct) {
  if (!erratum::is_valid_utf8(original) || !erratum::is_valid_utf8(corrected)) return;
  using erratum::Json;
  const std::string answer = erratum::api::diff(
      erratum::dump_json(Json{{"original", std::string(original)}, {"corrected", std::string(corrected)}}));
  const auto parsed = erratum::parse_json(answer);
  require(parsed && parsed->is_object(), "api::diff answers a JSON object");
  const Json* ok = erratum::member(*parsed, "ok");
  require(ok && ok->is_boolean() && erratum::as_bool(*ok), "api::diff accepts two strings");
  const Json* ops = erratum::member(*parsed, "ops");
  require(ops && ops->is_array() && ops->size() == direct.ops.size(), "api::diff gives diff_words' ops");
  for (std::size_t k = 0; k < ops->size(); ++k) {
    const std::string* kind = erratum::string_member((*ops)[k], "op");
    const std::string* text = erratum::string_member((*ops)[k], "text");
    require(kind && text && *kind == erratum::op_name(direct.ops[k].kind) && *text == direct.ops[k].text,
            "api::diff gives diff_words' ops");
  }
  const Json* counts = erratum::member(*parsed, "counts");
  const Json expected{{"equal", direct.counts.equal},
                      {"inserted", direct.counts.inserted},
                      {"deleted", direct.counts.deleted},
                      {"wordsInserted", direct.counts.words_inserted},
                      {"wordsDeleted", direct.counts.words_deleted}};
  require(counts && *counts == expected, "api::diff gives diff_words' counts");
}

void check_packed(std::string_view original, std::string_view corrected, const erratum::DiffResult& direct) {
  if (!erratum::is_valid_utf8(original) || !erratum::is_valid_utf8(corrected)) return;
  const std::vector<std::uint32_t> packed = erratum::api::diff_packed(original, corrected);
  const std::size_t header = erratum::api::kPackedDiffHeader;
  require(packed.size() == header + 3 * direct.ops.size(), "api::diff_packed gives diff_words' ops");
  require(packed[0] == direct.counts.equal && packed[1] == direct.counts.inserted &&
              packed[2] == direct.counts.deleted && packed[3] == direct.counts.words_inserted &&
              packed[4] == direct.counts.words_deleted,
          "api::diff_packed gives diff_words' counts");
  const std::u16string original16 = erratum::utf8_to_utf16(original), corrected16 = erratum::utf8_to_utf16(corrected);
  for (std::size_t k = 0; k < direct.ops.size(); ++k) {
    const std::uint32_t kind = packed[header + 3 * k], start = packed[header + 3 * k + 1],
                        end = packed[header + 3 * k + 2];
    require(kind == static_cast<std::uint32_t>(direct.ops[k].kind), "api::diff_packed gives diff_words' op kinds");
    const std::u16string& text16 = direct.ops[k].kind == erratum::DiffOpKind::Insert ? corrected16 : original16;
    require(start <= end && end <= text16.size(), "api::diff_packed spans lie inside their text");
    require(text16.compare(start, end - start, erratum::utf8_to_utf16(direct.ops[k].text)) == 0,
            "api::diff_packed spans hold diff_words' op texts");
  }
}

void check_diff(std::string_view original, std::string_view corrected) {
  const erratum::DiffResult r = erratum::diff_words(original, corrected);
  check_api(original, corrected, r);
  check_packed(original, corrected, r);
  std::string rebuilt_original, rebuilt_corrected;
  for (std::size_t k = 0; k < r.ops.size(); ++k) {
    const erratum::DiffOp& op = r.ops[k];
    require(!op.text.empty(), "empty op");
    if (k > 0) {
      require(op.kind != r.ops[k - 1].kind, "adjacent ops of one kind");
      require(!(r.ops[k - 1].kind == erratum::DiffOpKind::Insert && op.kind == erratum::DiffOpKind::Delete),
              "insert before delete");
    }
    if (op.kind != erratum::DiffOpKind::Insert) rebuilt_original += op.text;
    if (op.kind != erratum::DiffOpKind::Delete) rebuilt_corrected += op.text;
  }
  require(rebuilt_original == original, "ops do not rebuild the original");
  require(rebuilt_corrected == corrected, "ops do not rebuild the correction");

  const std::size_t original_tokens = check_tokens(original);
  const std::size_t corrected_tokens = check_tokens(corrected);
  require(r.counts.equal + r.counts.deleted == original_tokens, "counts disagree with the original's tokens");
  require(r.counts.equal + r.counts.inserted == corrected_tokens, "counts disagree with the correction's tokens");
  require(r.counts.words_deleted <= r.counts.deleted && r.counts.words_inserted <= r.counts.inserted,
          "more words than tokens");
  if (original == corrected) {
    require(r.ops.size() == (original.empty() ? 0u : 1u), "identical texts must give one equal op");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t zero = input.find('\0');
  const std::size_t cut = zero == std::string_view::npos ? size / 2 : zero;
  const std::string_view original = input.substr(0, cut);
  const std::string_view corrected = input.substr(zero == std::string_view::npos ? cut : cut + 1);
  check_diff(original, corrected);
  check_diff(original, original);
  return 0;
}
