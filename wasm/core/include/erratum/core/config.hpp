// The site developer's configuration: one table of known keys with their
// types, defaults and limits. Validation reports every problem at once;
// unknown keys are reported as warnings (so a typo is named, not ignored)
// without disabling the widget.
#pragma once

#include "erratum/core/fields.hpp"
#include "erratum/core/issues.hpp"

#include <string>
#include <vector>

namespace erratum {

enum class ContactMode { Off, Optional, Required };

// The rules the core itself applies, read from a validated configuration.
struct Limits {
  int max_paragraphs = 10;
  int min_paragraphs = 1;
  int max_comment_length = 2000;
  int max_name_length = 100;
  int max_correction_length = 20000;
  int max_metadata_bytes = 4096;
  int min_fill_ms = 3000;
  ContactMode contact = ContactMode::Optional;
  UrlKeep page_url;  // what of the page's URL a report keeps
};

struct ConfigResult {
  Json config = empty_object();  // every known key, defaults filled in
  Limits limits;
  Issues errors;
  Issues warnings;
  bool ok() const { return errors.empty(); }
};

// `input` may be any JSON value; a non-object is one error.
ConfigResult validate_config(const Json& input);

}  // namespace erratum
