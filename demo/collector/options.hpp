// Command-line configuration of the collector. Parsing is separate from the
// server so that tests can build options the same way the binary does.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace erratum::collector {

// The policy the demo site is served with: the widget and its wasm core must
// run without inline scripts, inline styles or eval ('wasm-unsafe-eval' only
// allows compiling WebAssembly, which the core needs).
inline constexpr const char* kDefaultSiteCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

struct RateLimit {
  int max_requests = 20;  // 0 disables the limit
  std::chrono::seconds window{60};
};

// What one client may hold of the server, whatever it sends or fails to send
// (see http_server.hpp). Deadlines are total times, not per read.
struct HttpLimits {
  std::size_t max_connections = 256;                   // open at once; 0: no limit
  std::size_t max_connections_per_address = 32;        // open at once per client address; 0: no limit
  std::chrono::milliseconds header_timeout{10000};     // from the first byte (or the accept) to the blank line
  std::chrono::milliseconds body_timeout{30000};       // to receive a body, or to send an answer
  std::chrono::milliseconds keep_alive_timeout{1000};  // idle between requests of one connection
  int listen_backlog = 511;
  std::size_t header_limit = 16 * 1024;  // request line and fields, bytes
};

enum class WebhookFormat {
  Json,   // the report's summary (webhook_payload.hpp), signed
  Slack,  // a Slack incoming-webhook message
};

// Notifications of new reports (webhook_dispatcher.hpp).
struct WebhookOptions {
  std::vector<std::string> urls;  // http:// or https://; none: no notification
  std::string secret_file;        // the HMAC key of X-Erratum-Signature
  std::string ca_file;            // PEM certificates trusted for https besides the system's
  WebhookFormat format = WebhookFormat::Json;
  std::chrono::milliseconds timeout{10000};      // one attempt, from resolving the host to the answer's fields
  std::chrono::milliseconds first_retry{10000};  // wait after a first failure, doubled after each next one
  std::chrono::milliseconds max_retry{3600000};  // the longest wait between two attempts
  std::chrono::milliseconds idle_poll{30000};    // how often an idle dispatcher looks at the queue anyway
};

// More webhooks than this are a configuration mistake: each has a thread.
inline constexpr std::size_t kMaxWebhooks = 8;

struct CollectorOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: let the system pick a free port
  std::string db_path = "./erratum-reports.sqlite";
  std::string site_dir;                 // served at "/" when set
  std::vector<std::string> asset_dirs;  // served under "/erratum/", first match wins
  std::vector<std::string> allowed_origins;
  RateLimit rate_limit;
  std::size_t body_limit = 64 * 1024;
  std::string articles_path;               // page URL -> article blocks, for the inbox
  std::string config_path;                 // the widget's JSON config: its limits apply on receipt too
  std::string site_csp = kDefaultSiteCsp;  // "" sends no CSP with the site's pages
  bool log_requests = true;                // one line per request on stderr
  HttpLimits http;
  int retention_days = 0;  // readers' contact data kept this many days (retention.hpp); 0 = kept

  // Editor access (editor_auth.hpp, host_guard.hpp).
  std::string editor_token_file;  // "label:token" lines; "" without tokens
  bool insecure_no_auth = false;  // editor routes open to every peer (a proxy authenticates)
  std::chrono::seconds session_lifetime{12 * 3600};
  std::string public_url;                  // how browsers reach the collector, e.g. https://reports.example.org
  std::vector<std::string> allowed_hosts;  // Host values answered besides the defaults

  WebhookOptions webhooks;
};

struct ParsedArgs {
  bool ok = false;
  bool help = false;
  std::string error;  // set when !ok
  CollectorOptions options;
};

// Parses argv[1..]. Accepts "--flag value" and "--flag=value"; --assets and
// --allow-origin may be repeated or given comma-separated lists.
ParsedArgs parse_args(const std::vector<std::string>& args);

std::string usage();

// "20/60", "20/60s", "5/1m", "100/1h"; "off" or "0" disables.
bool parse_rate_limit(const std::string& text, RateLimit& out);
// "90", "90s", "30m", "12h", "7d" (up to 30 days).
bool parse_duration(const std::string& text, std::chrono::seconds& out);
// "65536", "64k", "64KiB", "1M".
bool parse_byte_size(const std::string& text, std::size_t& out);
// "10" or "10s" (seconds), "500ms"; from 1 ms to 1 hour.
bool parse_timeout(const std::string& text, std::chrono::milliseconds& out);

}  // namespace erratum::collector
