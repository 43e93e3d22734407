#include "erratum/core/article.hpp"

#include <algorithm>
#include <cmath>

namespace erratum {
namespace {

struct KindName {
  BlockKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {BlockKind::Title, "title"}, {BlockKind::Heading, "heading"},   {BlockKind::Paragraph, "paragraph"},
    {BlockKind::Quote, "quote"}, {BlockKind::ListItem, "listItem"}, {BlockKind::Caption, "caption"},
    {BlockKind::Media, "media"},
};

}  // namespace

const char* block_kind_name(BlockKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "paragraph";
}

std::optional<BlockKind> parse_block_kind(std::string_view name) {
  for (const auto& k : kKindNames)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

Json block_kind_names() {
  Json names = empty_array();
  for (const auto& k : kKindNames) names.push_back(k.name);
  return names;
}

std::optional<Article> Article::from_json(const Json& request, Issues& errors, const std::string& path) {
  const Json* blocks = member(request, "blocks");
  const std::string blocks_path = path_join(path, "blocks");
  if (!blocks || !blocks->is_array()) {
    add_type_expected(errors, blocks_path, "array");
    return std::nullopt;
  }
  if (blocks->size() > kMaxBlocks) {
    add_issue(errors, "article.too_large", blocks_path, json_object({{"count", blocks->size()}, {"max", kMaxBlocks}}));
    return std::nullopt;
  }
  Article article;
  article.blocks.reserve(blocks->size());
  const std::size_t errors_before = errors.size();
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    const Json& b = (*blocks)[i];
    const std::string bp = path_index(blocks_path, i);
    if (!b.is_object()) {
      add_type_expected(errors, bp, "object");
      continue;
    }
    Block block;
    const Json* text = member(b, "text");
    if (!text || !text->is_string()) {
      add_type_expected(errors, path_join(bp, "text"), "string");
      continue;
    }
    if (const Json* kind = member(b, "kind"); kind && !kind->is_null()) {
      const auto parsed = kind->is_string() ? parse_block_kind(as_string(*kind)) : std::nullopt;
      if (!parsed) {
        add_issue(errors, "value.not_allowed", path_join(bp, "kind"), json_object({{"allowed", block_kind_names()}}));
        continue;
      }
      block.kind = *parsed;
    }
    if (const Json* id = member(b, "id"); id && !id->is_null()) {
      if (!id->is_string()) {
        add_type_expected(errors, path_join(bp, "id"), "string");
        continue;
      }
      // Page text is not the reader's fault: it is repaired, never refused.
      block.id = repair_text(as_string(*id));
    }
    const std::string& raw = as_string(*text);
    block.original = is_valid_utf8(raw) ? raw : utf16_to_utf8(utf8_to_utf16(raw));
    block.text = normalize(block.original);
    block.hash = content_hash(block.text.utf8);
    article.blocks.push_back(std::move(block));
  }
  if (errors.size() != errors_before) return std::nullopt;

  // The article text (UTF-16, for offsets) and the same text in UTF-8 (for
  // its hash) are joined side by side: converting one into the other would
  // cost a pass over the whole article.
  std::size_t total16 = 0, total8 = 0;
  for (const auto& b : article.blocks) {
    total16 += b.text.utf16.size() + 1;
    total8 += b.text.utf8.size() + 1;
  }
  article.text.reserve(total16);
  std::string joined;
  joined.reserve(total8);
  for (auto& b : article.blocks) {
    if (!b.text.utf16.empty()) {
      if (!article.text.empty()) {
        article.text.push_back(u'\n');
        joined.push_back('\n');
      }
      b.start = article.text.size();
      article.text.append(b.text.utf16);
      joined.append(b.text.utf8);
    } else {
      b.start = article.text.size();
    }
    b.end = article.text.size();
  }
  article.hash = content_hash(joined);
  return article;
}

int Article::block_at(std::size_t offset) const {
  // Blocks are in text order: the last block starting at or before `offset`
  // that is not empty contains it (or ends right at it).
  auto it = std::upper_bound(blocks.begin(), blocks.end(), offset,
                             [](std::size_t off, const Block& b) { return off < b.start; });
  while (it != blocks.begin()) {
    --it;
    if (!it->text.utf16.empty() && offset <= it->end) return static_cast<int>(it - blocks.begin());
    if (!it->text.utf16.empty()) break;
  }
  return -1;
}

std::string Article::summary_json() const {
  // Written directly rather than through a JSON DOM: for a 20,000-block page
  // this answer is megabytes, and building 160,000 map nodes first costs more
  // than all the normalization and hashing before it.
  std::string out;
  std::size_t size = 96;
  for (const auto& b : blocks) size += b.text.utf8.size() + b.id.size() + 160;
  out.reserve(size);
  out += "{\"ok\":true,\"articleHash\":";
  append_json_string(out, hash);
  out += ",\"length\":";
  append_integer(out, static_cast<std::ptrdiff_t>(text.size()));
  out += ",\"blocks\":[";
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (i) out.push_back(',');
    out += "{\"index\":";
    append_integer(out, static_cast<std::ptrdiff_t>(i));
    out.append(",\"kind\":\"").append(block_kind_name(b.kind)).append("\",\"id\":");
    append_json_string(out, b.id);
    out += ",\"text\":";
    append_json_string(out, b.text.utf8);
    out.append(",\"hash\":\"").append(b.hash).append("\",\"start\":");
    append_integer(out, static_cast<std::ptrdiff_t>(b.start));
    out += ",\"end\":";
    append_integer(out, static_cast<std::ptrdiff_t>(b.end));
    out += b.selectable() ? ",\"selectable\":true}" : ",\"selectable\":false}";
  }
  out += "]}";
  return out;
}

std::optional<Issue> check_block_index(const Article& article, long long index, const std::string& path,
                                       bool must_be_selectable) {
  if (index < 0 || static_cast<std::size_t>(index) >= article.blocks.size())
    return Issue{"block.out_of_range", path, json_object({{"index", index}, {"count", article.blocks.size()}})};
  if (must_be_selectable && !article.blocks[static_cast<std::size_t>(index)].selectable())
    return Issue{"selection.empty_block", path, json_object({{"index", index}})};
  return std::nullopt;
}

bool Selection::contains(int index) const { return std::binary_search(indices_.begin(), indices_.end(), index); }

std::optional<Issue> Selection::select(const Article& article, int index) {
  if (auto issue = check_block_index(article, index, "", true)) return issue;
  if (contains(index)) return std::nullopt;
  if (static_cast<int>(indices_.size()) >= max_) return Issue{"selection.max", "", json_object({{"max", max_}})};
  // Kept sorted by one insertion step: a selection holds at most
  // maxParagraphs (50) indices, and this is less code than vector::insert.
  indices_.push_back(index);
  for (std::size_t i = indices_.size() - 1; i > 0 && indices_[i - 1] > index; --i)
    std::swap(indices_[i - 1], indices_[i]);
  return std::nullopt;
}

std::optional<Issue> Selection::deselect(const Article& article, int index) {
  if (auto issue = check_block_index(article, index, "", false)) return issue;
  auto it = std::lower_bound(indices_.begin(), indices_.end(), index);
  if (it != indices_.end() && *it == index) indices_.erase(it);
  return std::nullopt;
}

std::optional<Issue> Selection::toggle(const Article& article, int index) {
  return contains(index) ? deselect(article, index) : select(article, index);
}

std::optional<Narrowing> read_narrowing(const Json& object, const std::string& path, Issues& errors) {
  Narrowing n;
  const std::size_t before = errors.size();
  if (const Json* range = member(object, "range"); range && !range->is_null()) {
    const std::string rp = path_join(path, "range");
    const long long start = index_member(*range, "start");
    const long long end = index_member(*range, "end");
    if (start < 0 || end < 0 || start > end)
      add_issue(errors, "anchor.invalid_range", rp);
    else
      n.range = std::make_pair(static_cast<std::size_t>(start), static_cast<std::size_t>(end));
  }
  if (const Json* quote = member(object, "quote"); quote && !quote->is_null()) {
    if (!quote->is_string())
      add_type_expected(errors, path_join(path, "quote"), "string");
    else
      n.quote = as_string(*quote);
  }
  if (errors.size() != before) return std::nullopt;
  return n;
}

Json make_anchor(const Article& article, int index, const Narrowing& narrowing) {
  const Block& block = article.blocks[static_cast<std::size_t>(index)];
  const std::u16string& bt = block.text.utf16;
  std::size_t from = 0, to = bt.size();
  bool narrowed = false;

  std::optional<std::size_t> hint;
  if (narrowing.range) {
    const std::size_t a = block.text.from_original(narrowing.range->first);
    const std::size_t b = block.text.from_original(narrowing.range->second);
    hint = a;
    if (a < b && b <= bt.size()) {
      from = a;
      to = b;
      narrowed = true;
    }
  }
  if (narrowing.quote) {
    // The reader's selected phrase, normalized like the block, located in it;
    // among several occurrences the one nearest the range (if any) wins.
    const std::u16string q = normalize(*narrowing.quote).utf16;
    if (!q.empty() && q.size() <= bt.size()) {
      std::size_t best = std::u16string::npos;
      for (std::size_t pos = bt.find(q); pos != std::u16string::npos; pos = bt.find(q, pos + 1)) {
        const auto dist = [&](std::size_t p) { return hint ? (p > *hint ? p - *hint : *hint - p) : p; };
        if (best == std::u16string::npos || dist(pos) < dist(best)) best = pos;
        if (!hint) break;
      }
      if (best != std::u16string::npos) {
        from = best;
        to = best + q.size();
        narrowed = true;
      }
    }
  }
  // A DOM range may cut a surrogate pair (an emoji, a rare CJK character):
  // it is widened to whole characters, so the quote stays the page's text.
  if (from > 0 && from < bt.size() && is_low_surrogate(bt[from]) && is_high_surrogate(bt[from - 1])) --from;
  if (to > 0 && to < bt.size() && is_low_surrogate(bt[to]) && is_high_surrogate(bt[to - 1])) ++to;
  // A range that starts or ends on a space is trimmed to its words.
  while (from < to && bt[from] == u' ') ++from;
  while (to > from && bt[to - 1] == u' ') --to;
  if (from == to) {
    from = 0;
    to = bt.size();
    narrowed = false;
  }

  const std::size_t start = block.start + from;
  const std::size_t end = block.start + to;
  const std::u16string_view text(article.text);
  const std::u16string exact(text.substr(start, end - start));
  const std::u16string prefix(clip_utf16_front(text.substr(0, start), kQuoteContext));
  const std::u16string suffix(clip_utf16_back(text.substr(end), kQuoteContext));

  Json selector = empty_array();
  selector.push_back(json_object({{"type", "TextQuoteSelector"},
                                  {"exact", utf16_to_utf8(exact)},
                                  {"prefix", utf16_to_utf8(prefix)},
                                  {"suffix", utf16_to_utf8(suffix)}}));
  selector.push_back(json_object({{"type", "TextPositionSelector"}, {"start", start}, {"end", end}}));
  Json anchor = json_object(
      {{"selector", std::move(selector)}, {"blockIndex", index}, {"contentHash", block.hash}, {"narrowed", narrowed}});
  if (!block.id.empty()) anchor["elementId"] = block.id;
  return anchor;
}

}  // namespace erratum
