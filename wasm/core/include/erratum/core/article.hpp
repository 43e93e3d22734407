// The article as the page extracted it: ordered blocks with their original
// and normalized text, content hashes, and their place in the article's
// normalized text (blocks joined by "\n"), plus the reader's selection and
// the W3C Web Annotation anchors made on it.
#pragma once

#include "erratum/core/issues.hpp"
#include "erratum/core/text.hpp"

#include <optional>
#include <string>
#include <vector>

namespace erratum {

enum class BlockKind { Title, Heading, Paragraph, Quote, ListItem, Caption, Media };

const char* block_kind_name(BlockKind kind);
std::optional<BlockKind> parse_block_kind(std::string_view name);
// The names parse_block_kind() accepts, in the table's order: the "allowed"
// of a value.not_allowed issue on a block kind.
Json block_kind_names();

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  std::string id;         // element id on the page, "" when none
  std::string original;   // as extracted (UTF-8, ill-formed bytes replaced)
  NormalizedText text;    // normalized form
  std::string hash;       // "sha256:<hex>" of the normalized UTF-8 text
  std::size_t start = 0;  // [start, end) in Article::text, UTF-16 units
  std::size_t end = 0;
  bool selectable() const { return kind != BlockKind::Media && !text.utf16.empty(); }
};

inline constexpr std::size_t kMaxBlocks = 200000;
inline constexpr std::size_t kQuoteContext = 32;  // prefix/suffix length, UTF-16 units

struct Article {
  std::vector<Block> blocks;
  std::u16string text;  // normalized block texts of non-empty blocks joined by "\n"
  std::string hash;     // content hash of `text`

  // Builds from {"blocks":[{"text","kind","id"}]}; on errors returns nullopt.
  static std::optional<Article> from_json(const Json& request, Issues& errors, const std::string& path = "");

  // Index of the block whose range contains `offset` (or ends at it); -1 if none.
  int block_at(std::size_t offset) const;
  std::string summary_json() const;  // what load_article answers (JSON text)
};

// The reader's picked blocks, in document order.
class Selection {
 public:
  void set_max(int max) { max_ = max; }
  int max() const { return max_; }
  const std::vector<int>& indices() const { return indices_; }
  bool contains(int index) const;
  // Each returns the problem, if any, and leaves the selection unchanged then.
  std::optional<Issue> select(const Article& article, int index);
  std::optional<Issue> deselect(const Article& article, int index);
  std::optional<Issue> toggle(const Article& article, int index);
  void clear() { indices_.clear(); }

 private:
  std::vector<int> indices_;
  int max_ = 10;
};

std::optional<Issue> check_block_index(const Article& article, long long index, const std::string& path,
                                       bool must_be_selectable);

// Where inside a block the reader pointed: a range in the block's original
// text (UTF-16 units, as a DOM Range gives), or the phrase they selected.
struct Narrowing {
  std::optional<std::pair<std::size_t, std::size_t>> range;
  std::optional<std::string> quote;
};

// Reads the optional "range" / "quote" members of an anchor request or draft item.
std::optional<Narrowing> read_narrowing(const Json& object, const std::string& path, Issues& errors);

// The anchor of block `index`, narrowed to the reader's phrase when given.
// Selector: TextQuoteSelector (exact, 32-unit prefix/suffix across blocks) and
// TextPositionSelector (in Article::text), plus blockIndex, elementId, contentHash.
Json make_anchor(const Article& article, int index, const Narrowing& narrowing);

}  // namespace erratum
