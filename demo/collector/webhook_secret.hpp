// The secret of --webhook-secret-file, which signs every webhook body. The
// file holds the secret on its first line; surrounding spaces and the line
// break do not count. Start-up stops on a file that cannot serve: unreadable,
// empty, or too short to resist guessing.
#pragma once

#include <string>
#include <vector>

namespace erratum::collector {

// As for editor tokens: 16 characters at the least.
inline constexpr std::size_t kMinWebhookSecretLength = 16;

struct WebhookSecret {
  std::string secret;
  std::string error;                  // set when the file cannot be used; says how to fix it
  std::vector<std::string> warnings;  // usable, but worth saying (world-readable)
};

WebhookSecret load_webhook_secret(const std::string& path);

}  // namespace erratum::collector
