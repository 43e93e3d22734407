#include "options.hpp"

#include "host_guard.hpp"
#include "retention.hpp"
#include "webhook_url.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

namespace erratum::collector {
namespace {

// Strict unsigned decimal: no sign, no spaces, no overflow.
bool parse_unsigned(const std::string& text, std::uint64_t& out) {
  if (text.empty() || text.size() > 19) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = value;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Splits "a,b,,c" into {"a","b","c"}.
void append_list(const std::string& text, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

// Browsers send Origin without a trailing slash and with a lower-case host.
std::string normalize_origin(std::string origin) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  return lower(origin);
}

// Splits a number and its unit suffix: "64KiB" -> ("64", "kib").
void split_suffix(const std::string& text, std::string& number, std::string& unit) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  number = text.substr(0, i);
  unit = lower(text.substr(i));
}

}  // namespace

bool parse_rate_limit(const std::string& text, RateLimit& out) {
  const std::string t = lower(text);
  if (t == "off" || t == "0") {
    out.max_requests = 0;
    return true;
  }
  const std::size_t slash = t.find('/');
  if (slash == std::string::npos) return false;
  std::uint64_t count = 0;
  if (!parse_unsigned(t.substr(0, slash), count) || count > 1000000) return false;

  std::string number, unit;
  split_suffix(t.substr(slash + 1), number, unit);
  std::uint64_t amount = 0;
  if (!parse_unsigned(number, amount)) return false;
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else
    return false;
  const std::uint64_t seconds = amount * scale;
  if (seconds == 0 || seconds > 7 * 24 * 3600) return false;
  out.max_requests = static_cast<int>(count);
  out.window = std::chrono::seconds(static_cast<long long>(seconds));
  return true;
}

bool parse_duration(const std::string& text, std::chrono::seconds& out) {
  std::string number, unit;
  split_suffix(text, number, unit);
  std::uint64_t amount = 0;
  if (!parse_unsigned(number, amount)) return false;
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 24 * 3600;
  else
    return false;
  if (amount == 0 || amount > 30 * 24 * 3600 / scale) return false;
  out = std::chrono::seconds(static_cast<long long>(amount * scale));
  return true;
}

bool parse_byte_size(const std::string& text, std::size_t& out) {
  std::string number, unit;
  split_suffix(text, number, unit);
  std::uint64_t value = 0;
  if (!parse_unsigned(number, value)) return false;
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "b")
    scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    scale = 1024;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    scale = 1024 * 1024;
  else
    return false;
  // A report body never needs more than the core accepts in one request.
  if (value == 0 || value > (std::uint64_t{1} << 30) / scale) return false;
  out = static_cast<std::size_t>(value * scale);
  return true;
}

bool parse_timeout(const std::string& text, std::chrono::milliseconds& out) {
  std::string number, unit;
  split_suffix(text, number, unit);
  std::uint64_t value = 0;
  if (!parse_unsigned(number, value)) return false;
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1000;
  else if (unit == "ms")
    scale = 1;
  else
    return false;
  if (value == 0 || value > 3600 * 1000 / scale) return false;
  out = std::chrono::milliseconds(static_cast<long long>(value * scale));
  return true;
}

std::string usage() {
  return "Usage: erratum-collector [options]\n"
         "  --host HOST            address to listen on (default 127.0.0.1)\n"
         "  --port PORT            port (default 8080; 0 picks a free port)\n"
         "  --db PATH              SQLite file (default ./erratum-reports.sqlite)\n"
         "  --site DIR             static demo site served at /\n"
         "  --assets DIR[,DIR]     folders served under /erratum/ (repeatable)\n"
         "  --allow-origin ORIGIN  CORS allow-list for POST /api/reports (repeatable, comma list)\n"
         "  --rate-limit N/WINDOW  reports per client IP per window, e.g. 20/60s, 5/1m, off (default 20/60)\n"
         "  --body-limit BYTES     largest accepted report body, e.g. 65536 or 64k (default 64k)\n"
         "  --articles FILE        articles to import as versions, for re-anchoring in /inbox\n"
         "                         (absolute URLs, or paths of --public-url)\n"
         "  --config FILE          the widget's JSON configuration; its limits apply on receipt\n"
         "  --site-csp POLICY      Content-Security-Policy of the site's HTML pages (\"\" for none)\n"
         "  --max-connections N    connections open at once (default 256; 0: no limit)\n"
         "  --max-connections-per-address N\n"
         "                         connections open at once per client address (default 32; 0: no limit)\n"
         "  --header-timeout TIME  total time for a request's line and fields, e.g. 10s, 500ms (default 10s)\n"
         "  --body-timeout TIME    total time to receive a body or send an answer (default 30s)\n"
         "  --keep-alive-timeout TIME\n"
         "                         idle time allowed between requests of a connection (default 1s)\n"
         "  --listen-backlog N     connections the system queues before accept (default 511)\n"
         "  --editor-token-file FILE\n"
         "                         editors' tokens, one \"label:token\" a line: /inbox and GET /api/reports\n"
         "                         then ask for one (without it they answer this machine only)\n"
         "  --session-lifetime T   how long an inbox sign-in lasts, e.g. 12h, 30m (default 12h)\n"
         "  --public-url URL       the address browsers use, e.g. https://reports.example.org\n"
         "                         (its host is answered; https makes the session cookie Secure)\n"
         "  --allowed-host HOST    another Host value to answer, name or name:port (repeatable, comma list)\n"
         "  --insecure-no-auth     editor routes open to every client (an authenticating proxy is in front)\n"
         "  --retention-days N     remove readers' names and e-mails from reports older than N days,\n"
         "                         at start-up and hourly (default 0: keep them)\n"
         "  --webhook URL          POST a summary of each new report (not spam) to URL, http:// or https://\n"
         "                         (repeatable, at most 8); retried from a queue in the database\n"
         "  --webhook-secret-file FILE\n"
         "                         the secret that signs each webhook body (X-Erratum-Signature: sha256=HMAC)\n"
         "  --webhook-format F     json (default: the summary) or slack (a Slack incoming-webhook message)\n"
         "  --webhook-ca-file FILE PEM certificates trusted for https webhooks besides the system's\n"
         "  --webhook-timeout TIME one webhook attempt, connection to answer, e.g. 10s, 500ms (default 10s)\n"
         "  --quiet                no per-request log on stderr\n"
         "  --help                 this text\n";
}

ParsedArgs parse_args(const std::vector<std::string>& args) {
  ParsedArgs result;
  CollectorOptions& o = result.options;
  auto fail = [&](std::string message) {
    result.ok = false;
    result.error = std::move(message);
    return result;
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_inline_value = false;
    if (const std::size_t eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_inline_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      result.help = true;
      result.ok = true;
      return result;
    }
    if (flag == "--quiet") {
      o.log_requests = false;
      continue;
    }
    if (flag == "--insecure-no-auth") {
      o.insecure_no_auth = true;
      continue;
    }
    static const char* const kValued[] = {"--host",
                                          "--port",
                                          "--db",
                                          "--site",
                                          "--assets",
                                          "--allow-origin",
                                          "--rate-limit",
                                          "--body-limit",
                                          "--articles",
                                          "--config",
                                          "--site-csp",
                                          "--max-connections",
                                          "--max-connections-per-address",
                                          "--header-timeout",
                                          "--body-timeout",
                                          "--keep-alive-timeout",
                                          "--listen-backlog",
                                          "--editor-token-file",
                                          "--session-lifetime",
                                          "--public-url",
                                          "--allowed-host",
                                          "--retention-days",
                                          "--webhook",
                                          "--webhook-secret-file",
                                          "--webhook-format",
                                          "--webhook-ca-file",
                                          "--webhook-timeout"};
    bool known = false;
    for (const char* k : kValued) known = known || flag == k;
    if (!known) return fail("unknown option: " + flag);
    if (!has_inline_value) {
      if (i + 1 >= args.size()) return fail(flag + " needs a value");
      value = args[++i];
    }

    if (flag == "--host") {
      if (value.empty()) return fail("--host is empty");
      o.host = value;
    } else if (flag == "--port") {
      std::uint64_t port = 0;
      if (!parse_unsigned(value, port) || port > 65535) return fail("--port must be 0..65535");
      o.port = static_cast<int>(port);
    } else if (flag == "--db") {
      if (value.empty()) return fail("--db is empty");
      o.db_path = value;
    } else if (flag == "--site") {
      o.site_dir = value;
    } else if (flag == "--assets") {
      append_list(value, o.asset_dirs);
    } else if (flag == "--allow-origin") {
      std::vector<std::string> origins;
      append_list(value, origins);
      for (auto& origin : origins) o.allowed_origins.push_back(normalize_origin(origin));
    } else if (flag == "--rate-limit") {
      if (!parse_rate_limit(value, o.rate_limit)) return fail("--rate-limit must look like 20/60s, 5/1m or off");
    } else if (flag == "--body-limit") {
      if (!parse_byte_size(value, o.body_limit)) return fail("--body-limit must be a size like 65536 or 64k");
    } else if (flag == "--articles") {
      o.articles_path = value;
    } else if (flag == "--config") {
      o.config_path = value;
    } else if (flag == "--site-csp") {
      o.site_csp = value;
    } else if (flag == "--max-connections" || flag == "--max-connections-per-address") {
      std::uint64_t count = 0;
      if (!parse_unsigned(value, count) || count > 1000000) return fail(flag + " must be 0..1000000");
      (flag == "--max-connections" ? o.http.max_connections : o.http.max_connections_per_address) = count;
    } else if (flag == "--header-timeout" || flag == "--body-timeout" || flag == "--keep-alive-timeout") {
      std::chrono::milliseconds& target = flag == "--header-timeout" ? o.http.header_timeout
                                          : flag == "--body-timeout" ? o.http.body_timeout
                                                                     : o.http.keep_alive_timeout;
      if (!parse_timeout(value, target)) return fail(flag + " must be a time like 10s or 500ms (at most 1h)");
    } else if (flag == "--listen-backlog") {
      std::uint64_t backlog = 0;
      if (!parse_unsigned(value, backlog) || backlog == 0 || backlog > 65535)
        return fail("--listen-backlog must be 1..65535");
      o.http.listen_backlog = static_cast<int>(backlog);
    } else if (flag == "--editor-token-file") {
      if (value.empty()) return fail("--editor-token-file is empty");
      o.editor_token_file = value;
    } else if (flag == "--session-lifetime") {
      if (!parse_duration(value, o.session_lifetime)) return fail("--session-lifetime must look like 12h, 30m or 3600");
    } else if (flag == "--public-url") {
      if (!parse_public_url(value)) return fail("--public-url must be an http:// or https:// URL");
      o.public_url = value;
    } else if (flag == "--allowed-host") {
      append_list(value, o.allowed_hosts);
    } else if (flag == "--retention-days") {
      std::uint64_t days = 0;
      if (!parse_unsigned(value, days) || days > kMaxRetentionDays)
        return fail("--retention-days must be a number of days, 0 to " + std::to_string(kMaxRetentionDays));
      o.retention_days = static_cast<int>(days);
    } else if (flag == "--webhook") {
      if (!parse_webhook_url(value)) return fail("--webhook must be an http:// or https:// URL: " + value);
      if (o.webhooks.urls.size() == kMaxWebhooks)
        return fail("--webhook may be given at most " + std::to_string(kMaxWebhooks) + " times");
      o.webhooks.urls.push_back(value);
    } else if (flag == "--webhook-secret-file") {
      if (value.empty()) return fail("--webhook-secret-file is empty");
      o.webhooks.secret_file = value;
    } else if (flag == "--webhook-ca-file") {
      if (value.empty()) return fail("--webhook-ca-file is empty");
      o.webhooks.ca_file = value;
    } else if (flag == "--webhook-format") {
      const std::string format = lower(value);
      if (format == "json")
        o.webhooks.format = WebhookFormat::Json;
      else if (format == "slack")
        o.webhooks.format = WebhookFormat::Slack;
      else
        return fail("--webhook-format must be json or slack");
    } else if (flag == "--webhook-timeout") {
      if (!parse_timeout(value, o.webhooks.timeout))
        return fail("--webhook-timeout must be a time like 10s or 500ms (at most 1h)");
    }
  }
  result.ok = true;
  return result;
}

}  // namespace erratum::collector
