// One HTTP request and its answer as the route handlers see them, free of
// the transport (http_server.hpp) that parses and writes them. The member
// names follow cpp-httplib's (get_header_value, params, matches, set_content)
// so that handlers read the same whatever carries the bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <string_view>

namespace erratum::collector {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method;           // "GET", "POST"... ("HEAD" reaches the GET handlers)
  std::string target;           // as sent: "/inbox?page=%2Fa"
  std::string path;             // percent-decoded, without the query: "/inbox"
  Params params;                // the query, and a form body's fields (application/x-www-form-urlencoded)
  Headers headers;              // values exactly as sent: never decoded
  std::string body;             // empty when body_too_large
  bool body_too_large = false;  // over the route's limit: not read, and the connection closes after the answer
  std::size_t body_size = 0;    // bytes announced (Content-Length) or received
  std::string remote_addr;
  int remote_port = 0;
  std::smatch matches;  // the route pattern's groups, over `path`

  bool has_header(const std::string& name) const;
  // The first value of `name`, or "" when absent.
  std::string get_header_value(const std::string& name) const;
  std::size_t get_header_value_count(const std::string& name) const;
  bool has_param(const std::string& name) const;
  std::string get_param_value(const std::string& name) const;
};

// A body sent as it is produced, in chunks (Transfer-Encoding: chunked), for
// answers too large to hold in memory. Each call appends the next part to
// `out`: More while more follows, Done with the last part, Failed to cut the
// answer short (the connection closes without the final chunk, so the client
// sees the answer incomplete rather than ended).
enum class StreamStep { More, Done, Failed };
using BodyStream = std::function<StreamStep(std::string& out)>;

struct Response {
  int status = -1;  // -1 until set: a handler that leaves it answers 200
  Headers headers;
  std::string body;
  bool close_connection = false;  // set by the transport when the request's body was left unread
  BodyStream stream;              // when set, the body: `body` is not sent

  bool has_header(const std::string& name) const;
  std::string get_header_value(const std::string& name) const;
  // Replaces any earlier value of `name`.
  void set_header(const std::string& name, const std::string& value);
  // Keeps earlier values of `name`: for fields sent once per value (Set-Cookie).
  void add_header(const std::string& name, const std::string& value);
  void set_content(std::string content, const std::string& content_type);
  void set_stream(BodyStream producer, const std::string& content_type);
  void set_redirect(const std::string& location, int status = 302);
};

}  // namespace erratum::collector
