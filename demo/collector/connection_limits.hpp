// How many connections the collector holds open at once, in all and per
// client address, so that no client (and no crowd of idle ones) can take
// every socket. A connection over either limit is closed as soon as it is
// accepted, before a byte of it is read.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace erratum::collector {

class ConnectionLimits {
 public:
  // 0 disables a limit.
  ConnectionLimits(std::size_t total, std::size_t per_address) : total_limit_(total), per_address_limit_(per_address) {}

  // Counts a new connection from `address` if both limits allow it.
  bool admit(const std::string& address);
  // Forgets a connection admit() counted.
  void release(const std::string& address);

  std::size_t open() const;

 private:
  const std::size_t total_limit_;
  const std::size_t per_address_limit_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace erratum::collector
