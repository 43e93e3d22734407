#include "report_items.hpp"

#include "secrets.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {
namespace {

bool is_content_hash(const std::string& s) {
  if (s.size() != 7 + 64 || s.compare(0, 7, "sha256:") != 0) return false;
  for (std::size_t i = 7; i < s.size(); ++i) {
    const char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Adds one change's text, trimmed, to a summary of the item's changes.
void append_piece(std::string& out, std::string& piece) {
  const std::size_t first = piece.find_first_not_of(" \t\n");
  if (first != std::string::npos) {
    const std::size_t last = piece.find_last_not_of(" \t\n");
    if (!out.empty()) out += " \u2026 ";
    out += piece.substr(first, last - first + 1);
  }
  piece.clear();
}

}  // namespace

std::string paragraph_key_of(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  const std::string digest = sha256(text);
  std::string out = "sha256:";
  for (const char ch : digest) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::vector<ItemFacts> item_facts(const std::string& body) {
  std::vector<ItemFacts> out;
  const std::optional<Json> report = parse_json(body);
  const Json* items = report ? member(*report, "items") : nullptr;
  if (!items || !items->is_array()) return out;
  int position = 0;
  for (const Json& item : *items) {
    ItemFacts f;
    f.position = position++;
    const std::string original = string_at(item, "original");
    const Json* anchor = member(item, "anchor");
    const std::string hash = anchor ? string_at(*anchor, "contentHash") : std::string();
    f.paragraph = is_content_hash(hash) ? hash : paragraph_key_of(original);
    f.block_index = anchor ? index_member(*anchor, "blockIndex") : -1;
    f.element_id = anchor ? string_at(*anchor, "elementId") : std::string();
    f.kind = string_at(item, "kind");
    f.error_type = string_at(item, "errorType");
    f.corrected = string_at(item, "corrected");
    f.changed = f.corrected != original;
    const Json* diff = member(item, "diff");
    const Json* ops = diff ? member(*diff, "ops") : nullptr;
    if (f.changed && ops && ops->is_array()) {
      // Inserts and deletes between two equal runs are one change.
      std::string inserted, deleted;
      for (const Json& op : *ops) {
        const std::string kind = string_at(op, "op");
        if (kind == "insert") {
          inserted += string_at(op, "text");
        } else if (kind == "delete") {
          deleted += string_at(op, "text");
        } else {
          append_piece(f.inserted, inserted);
          append_piece(f.deleted, deleted);
        }
      }
      append_piece(f.inserted, inserted);
      append_piece(f.deleted, deleted);
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace erratum::collector
