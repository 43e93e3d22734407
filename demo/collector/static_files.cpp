#include "static_files.hpp"

#include "http_text.hpp"

#include <sys/stat.h>

#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace erratum::collector {
namespace {

struct MimeEntry {
  const char* extension;
  const char* type;
};

// JavaScript modules must be served as text/javascript and wasm as
// application/wasm, or browsers refuse to run them (and to stream-compile).
// clang-format off: a table, laid out by hand
constexpr MimeEntry kMimeTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"wasm", "application/wasm"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/vnd.microsoft.icon"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
};
// clang-format on

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (!::realpath(path.c_str(), buffer)) return std::nullopt;
  return std::string(buffer);
}

bool inside(const std::string& real, const std::string& root) {
  return real.size() > root.size() && real.compare(0, root.size(), root) == 0 && real[root.size()] == '/';
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string etag_of(const struct stat& st) {
  char buffer[64];
  const long long nanos = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  std::snprintf(buffer, sizeof buffer, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(nanos));
  return buffer;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(buffer).str();
  return true;
}

}  // namespace

std::string mime_type_for(std::string_view file_name) {
  const std::size_t slash = file_name.rfind('/');
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "application/octet-stream";
  std::string ext(file_name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& m : kMimeTypes)
    if (ext == m.extension) return m.type;
  return "application/octet-stream";
}

bool is_safe_relative_path(std::string_view relative) {
  if (relative.find('\\') != std::string_view::npos || relative.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start < relative.size()) {
    const std::size_t slash = relative.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? relative.size() : slash;
    const std::string_view segment = relative.substr(start, end - start);
    // Empty segments ("a//b", a leading "/") and names starting with "."
    // (".", "..", ".git", ".env") are never part of a served file's path.
    if (segment.empty() || segment.front() == '.') return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;  // a trailing "/" ends the loop here: it names a folder
  }
  return true;
}

StaticFiles::StaticFiles(const std::vector<std::string>& roots, std::vector<std::string>* problems) {
  for (const std::string& root : roots) {
    const std::optional<std::string> real = real_path(root);
    if (real && is_directory(*real)) {
      roots_.push_back(*real);
    } else if (problems) {
      problems->push_back(root + " is not a folder");
    }
  }
}

std::optional<std::string> StaticFiles::resolve(std::string_view relative) const {
  if (!is_safe_relative_path(relative)) return std::nullopt;
  std::string name(relative);
  if (name.empty() || name.back() == '/') name += "index.html";
  for (const std::string& root : roots_) {
    const std::optional<std::string> real = real_path(root + "/" + name);
    if (!real || !inside(*real, root)) continue;
    struct stat st {};
    if (::stat(real->c_str(), &st) == 0 && S_ISREG(st.st_mode)) return real;
  }
  return std::nullopt;
}

void StaticFiles::serve(std::string_view relative, const Request& req, Response& res,
                        const std::string& html_csp) const {
  res.set_header("Cache-Control", "no-cache");
  if (!is_safe_relative_path(relative)) {
    res.status = 403;
    return;
  }
  const std::optional<std::string> file = resolve(relative);
  if (!file) {
    // A folder named without its trailing slash: relative links in its
    // index.html only work once the URL ends with "/".
    if (!relative.empty() && relative.back() != '/') {
      for (const std::string& root : roots_) {
        const std::optional<std::string> real = real_path(root + "/" + std::string(relative));
        if (real && inside(*real, root) && is_directory(*real) && resolve(std::string(relative) + "/")) {
          res.status = 301;
          res.set_header("Location", req.path + "/");
          return;
        }
      }
    }
    res.status = 404;
    return;
  }
  struct stat st {};
  if (::stat(file->c_str(), &st) != 0) {
    res.status = 404;
    return;
  }
  const std::string etag = etag_of(st);
  res.set_header("ETag", etag);
  const std::string type = mime_type_for(*file);
  if (!html_csp.empty() && type.rfind("text/html", 0) == 0) res.set_header("Content-Security-Policy", html_csp);
  if (req.get_header_value("If-None-Match").find(etag) != std::string::npos) {
    res.status = 304;
    return;
  }
  std::string body;
  if (!read_file(*file, body)) {
    res.status = 404;
    return;
  }
  res.set_header("Accept-Ranges", "bytes");
  RangeRequest range = parse_range(req.get_header_value("Range"), body.size());
  // If-Range names the version the client holds a part of: another one gets the whole file.
  if (req.has_header("If-Range") && req.get_header_value("If-Range") != etag) range = RangeRequest{};
  if (range.kind == RangeRequest::Kind::Unsatisfiable) {
    res.status = 416;
    res.set_header("Content-Range", "bytes */" + std::to_string(body.size()));
    return;
  }
  if (range.kind == RangeRequest::Kind::Part) {
    res.status = 206;
    res.set_header("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                        std::to_string(body.size()));
    body = body.substr(range.first, range.last - range.first + 1);
  } else {
    res.status = 200;
  }
  res.set_content(std::move(body), type);
}

}  // namespace erratum::collector
