// What the store indexes of each report item, read from the report body:
// the paragraph it is about (for grouping), the error type (for filtering)
// and the proposed text (for counting identical corrections). Every store
// derives its item rows with this one function, so a SQLite file and any
// other store group the same reports together.
#pragma once

#include <string>
#include <vector>

namespace erratum::collector {

struct ItemFacts {
  int position = 0;  // the item's index in the report
  // The paragraph: the anchor's contentHash ("sha256:<64 hex>") when it has
  // one of that form, else the SHA-256 of the item's original text, which is
  // what the widget hashes. Two reports on one version of a paragraph share it.
  std::string paragraph;
  long long block_index = -1;  // the anchor's blockIndex, -1 when absent
  std::string element_id;      // the anchor's elementId, "" when absent
  std::string kind;
  std::string error_type;
  std::string corrected;
  bool changed = false;  // corrected differs from original (not a comment only)
  std::string inserted;  // the diff's inserted texts, joined by " … "
  std::string deleted;   // the diff's deleted texts, joined by " … "
};

// The items of a stored report body (compact JSON); none when it has none
// or is not a report.
std::vector<ItemFacts> item_facts(const std::string& body);

// "sha256:" and the lower-case hex SHA-256 of `text`.
std::string paragraph_key_of(const std::string& text);

}  // namespace erratum::collector
