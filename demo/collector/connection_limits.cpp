#include "connection_limits.hpp"

namespace erratum::collector {

bool ConnectionLimits::admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (total_limit_ && open_ >= total_limit_) return false;
  std::size_t& mine = per_address_[address];
  if (per_address_limit_ && mine >= per_address_limit_) {
    return false;
  }
  ++mine;
  ++open_;
  return true;
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = per_address_.find(address);
  if (it == per_address_.end()) return;
  if (--it->second == 0) per_address_.erase(it);
  --open_;
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

}  // namespace erratum::collector
