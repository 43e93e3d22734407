// A plain TCP client for the tests that must send what no HTTP client
// library sends: bytes one at a time, conflicting fields, a body that never
// ends or stops half-way. Every wait has a cap, so a server that misbehaves
// fails the test instead of hanging it; no assertion depends on timing.
#pragma once

#include <cstddef>
#include <string>

namespace erratum::collector::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port from `source` (any 127.x.y.z address is this
  // machine, and the server sees it as another client).
  explicit RawConnection(int port, const std::string& source = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the server has closed or reset the connection.
  bool send(const std::string& bytes);
  // Everything the server sends until it closes (or the cap passes).
  std::string read_until_closed(int cap_ms = 10000);
  // What has arrived within `cap_ms`, at least one byte unless closed.
  std::string read_some(int cap_ms = 10000);
  // True when the server closed (or reset) the connection within the cap;
  // what it sent before is appended to `received`.
  bool wait_closed(std::string& received, int cap_ms = 10000);

  struct Flood {
    std::string response;  // what the server answered meanwhile
    std::size_t sent = 0;  // body bytes the server took before closing
    bool closed = false;   // the server closed before the whole body was sent
  };
  // Sends `head`, then up to `body_bytes` of filler (raw, or as 64 KiB
  // chunks), reading the server's answer as it comes.
  Flood flood(const std::string& head, std::size_t body_bytes, bool chunked);

  void close();

 private:
  int fd_ = -1;
};

}  // namespace erratum::collector::testing
