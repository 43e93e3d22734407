#include "raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace erratum::collector::testing {

RawConnection::RawConnection(int port, const std::string& source) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0)
    close();
}

RawConnection::~RawConnection() { close(); }

void RawConnection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawConnection::send(const std::string& bytes) {
  std::size_t done = 0;
  while (fd_ >= 0 && done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return fd_ >= 0;
}

std::string RawConnection::read_some(int cap_ms) {
  std::string out;
  pollfd p{fd_, POLLIN, 0};
  if (fd_ < 0 || ::poll(&p, 1, cap_ms) <= 0) return out;
  char buffer[65536];
  const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

bool RawConnection::wait_closed(std::string& received, int cap_ms) {
  char buffer[65536];
  while (fd_ >= 0) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, cap_ms) <= 0) return false;
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return true;  // closed, or reset
    received.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

std::string RawConnection::read_until_closed(int cap_ms) {
  std::string out;
  wait_closed(out, cap_ms);
  return out;
}

RawConnection::Flood RawConnection::flood(const std::string& head, std::size_t body_bytes, bool chunked) {
  Flood result;
  if (!send(head)) {
    result.closed = true;
    return result;
  }
  const std::string filler(64 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", filler.size());
  const std::string piece = chunked ? size_line + filler + "\r\n" : filler;
  std::size_t offset = 0;  // into `piece`
  char buffer[65536];
  while (result.sent < body_bytes) {
    pollfd p{fd_, POLLIN | POLLOUT, 0};
    if (::poll(&p, 1, 10000) <= 0) break;  // neither side moves: the caller's checks fail
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) {
        result.response.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        result.closed = true;
        break;
      }
    }
    if (p.revents & POLLOUT) {
      const ssize_t n = ::send(fd_, piece.data() + offset, piece.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        result.closed = true;
        break;
      }
      if (n > 0) {
        offset += static_cast<std::size_t>(n);
        if (offset == piece.size()) {
          offset = 0;
          result.sent += filler.size();
        }
      }
    }
  }
  if (result.closed) wait_closed(result.response, 2000);  // what is left of the answer
  return result;
}

}  // namespace erratum::collector::testing
