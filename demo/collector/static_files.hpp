// Serves files from a list of folders (the demo site at "/", the widget and
// the wasm build under "/erratum/"). Only regular files that really lie
// inside a root are served: "..", hidden names and symlinks that lead out of
// the root are refused. Files carry a strong ETag and "Cache-Control:
// no-cache" — names are not content-hashed, so browsers revalidate and get a
// cheap 304 while the file is unchanged. A Range of one byte range is
// answered 206 (416 when it starts past the end); a list of ranges gets the
// whole file, 200, so no request can ask for more bytes than the file has.
#pragma once

#include "http_exchange.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erratum::collector {

// MIME type for a file name by extension (text types with charset=utf-8);
// application/octet-stream when unknown.
std::string mime_type_for(std::string_view file_name);

// The URL path below a root must be made of plain names: no "", ".", ".."
// segments except a trailing "/", no segment starting with ".", no "\" or NUL.
bool is_safe_relative_path(std::string_view relative);

class StaticFiles {
 public:
  // Roots that do not exist are dropped (and named in `problems`).
  StaticFiles(const std::vector<std::string>& roots, std::vector<std::string>* problems = nullptr);

  bool empty() const { return roots_.empty(); }

  // The real path of the file `relative` (URL-decoded, without the mount
  // prefix) resolves to in the first root that has it; "" or ending in "/"
  // means that folder's index.html.
  std::optional<std::string> resolve(std::string_view relative) const;

  // Answers GET/HEAD: 200 with the file, 206 with one range of it, 416, 304, 301 to add a trailing slash to
  // a folder, 403 for unsafe paths, 404 otherwise. HTML files are sent with
  // `html_csp` as their Content-Security-Policy when it is not empty.
  void serve(std::string_view relative, const Request& req, Response& res, const std::string& html_csp = "") const;

 private:
  std::vector<std::string> roots_;  // real paths
};

}  // namespace erratum::collector
