#include "webhook_secret.hpp"

#include "secret_file.hpp"

#include <fstream>
#include <sstream>

namespace erratum::collector {

WebhookSecret load_webhook_secret(const std::string& path) {
  WebhookSecret out;
  const std::string fix =
      "; write a random secret in it, e.g. `openssl rand -hex 32 > " + path + "`, and give receivers the same";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "cannot read the webhook secret file " + path + fix;
    return out;
  }
  std::string line;
  std::getline(in, line);
  const std::size_t first = line.find_first_not_of(" \t\r");
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (first != std::string::npos) out.secret = line.substr(first, last - first + 1);
  if (out.secret.empty()) {
    out.error = "the webhook secret file " + path + " is empty" + fix;
    return out;
  }
  if (out.secret.size() < kMinWebhookSecretLength) {
    out.secret.clear();
    out.error =
        "the secret in " + path + " is shorter than " + std::to_string(kMinWebhookSecretLength) + " characters" + fix;
    return out;
  }
  if (auto warning = world_access_warning("the webhook secret file", path)) out.warnings.push_back(std::move(*warning));
  return out;
}

}  // namespace erratum::collector
