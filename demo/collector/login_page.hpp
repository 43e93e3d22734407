// The inbox's sign-in page: one password field for the editor's token, the
// form's CSRF token in a hidden field, and a notice after a failed attempt.
// Like the inbox it has no script and no inline style, in English or French.
#pragma once

#include "vocabulary.hpp"

#include <string>

namespace erratum::collector {

inline constexpr const char* kLoginPath = "/login";
inline constexpr const char* kLogoutPath = "/logout";

enum class LoginNotice {
  None,
  WrongToken,   // the token matched none
  FormExpired,  // the form's CSRF check failed: reload and try again
  Unavailable,  // no secure random number: nothing to sign in with
};

struct LoginView {
  Lang lang;
  std::string csrf_token;
  LoginNotice notice = LoginNotice::None;
};

std::string render_login(const LoginView& view);

// The sign-out button the inbox shows to a signed-in editor.
std::string render_logout_form(const Lang& lang, const std::string& csrf_token);

}  // namespace erratum::collector
