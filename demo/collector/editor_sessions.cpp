#include "editor_sessions.hpp"

#include "secrets.hpp"

#include <algorithm>

namespace erratum::collector {

EditorSessions::EditorSessions(std::chrono::seconds lifetime, std::function<Clock::time_point()> now,
                               std::size_t capacity)
    : lifetime_(lifetime), now_(std::move(now)), capacity_(std::max<std::size_t>(capacity, 1)) {}

std::optional<EditorSessions::Opened> EditorSessions::open(const std::string& label) {
  Opened opened{random_secret(), Session{label, random_secret(), {}}};
  if (opened.id.empty() || opened.session.csrf_token.empty()) return std::nullopt;
  const Clock::time_point now = now_();
  opened.session.expires_at = now + lifetime_;

  std::lock_guard<std::mutex> lock(mutex_);
  forget_expired(now);
  while (by_id_digest_.size() >= capacity_) {
    const auto soonest = std::min_element(by_id_digest_.begin(), by_id_digest_.end(), [](const auto& a, const auto& b) {
      return a.second.expires_at < b.second.expires_at;
    });
    by_id_digest_.erase(soonest);
  }
  by_id_digest_[sha256(opened.id)] = opened.session;
  return opened;
}

std::optional<EditorSessions::Session> EditorSessions::find(std::string_view id) {
  if (id.empty()) return std::nullopt;
  // The map is searched by the id's digest: how long the search takes says
  // nothing about the ids it holds.
  const std::string key = sha256(id);
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = by_id_digest_.find(key);
  if (it == by_id_digest_.end()) return std::nullopt;
  if (now_() >= it->second.expires_at) {
    by_id_digest_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void EditorSessions::close(std::string_view id) {
  if (id.empty()) return;
  const std::string key = sha256(id);
  std::lock_guard<std::mutex> lock(mutex_);
  by_id_digest_.erase(key);
}

void EditorSessions::forget_expired(Clock::time_point now) {
  for (auto it = by_id_digest_.begin(); it != by_id_digest_.end();)
    it = now >= it->second.expires_at ? by_id_digest_.erase(it) : std::next(it);
}

}  // namespace erratum::collector
