// Signed-in editors, in memory: a session id (the cookie's value, from the
// CSPRNG) maps to who signed in, the session's CSRF token and when it
// expires. Only the id's SHA-256 is kept as the key, so what is stored
// cannot be replayed as a cookie. A restart signs everyone out.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace erratum::collector {

class EditorSessions {
 public:
  using Clock = std::chrono::steady_clock;

  struct Session {
    std::string label;       // the token's label: who acts
    std::string csrf_token;  // what the session's forms carry back
    Clock::time_point expires_at;
  };
  struct Opened {
    std::string id;  // for the cookie; never stored
    Session session;
  };

  // `now` is the clock (tests pass their own). At most `capacity` sessions
  // live at once; opening one more drops the one closest to expiry.
  explicit EditorSessions(std::chrono::seconds lifetime, std::function<Clock::time_point()> now = Clock::now,
                          std::size_t capacity = 1024);

  // A new session for `label`; nullopt when the CSPRNG fails.
  std::optional<Opened> open(const std::string& label);

  // The live session with this id; an expired one is forgotten here.
  std::optional<Session> find(std::string_view id);

  void close(std::string_view id);

  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  void forget_expired(Clock::time_point now);  // holds mutex_

  const std::chrono::seconds lifetime_;
  const std::function<Clock::time_point()> now_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Session> by_id_digest_;
};

}  // namespace erratum::collector
