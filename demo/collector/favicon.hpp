// The collector's own icon, /favicon.ico when the site has none: a 16×16
// ICO drawn here from a pattern, so no binary file ships with the sources.
#pragma once

#include <string>

namespace erratum::collector {

// The bytes of the ICO file (image/x-icon).
const std::string& favicon_ico();

}  // namespace erratum::collector
