#include "collector.hpp"

#include "erratum/builtin_messages.hpp"

#include "article_catalog.hpp"
#include "cors_policy.hpp"
#include "editor_auth.hpp"
#include "error_envelope.hpp"
#include "favicon.hpp"
#include "host_guard.hpp"
#include "http_routes.hpp"
#include "http_server.hpp"
#include "http_text.hpp"
#include "inbox_page.hpp"
#include "inbox_view.hpp"
#include "login_page.hpp"
#include "rate_limiter.hpp"
#include "report_intake.hpp"
#include "report_queries.hpp"
#include "report_store.hpp"
#include "route_helpers.hpp"
#include "static_files.hpp"
#include "webhook_dispatcher.hpp"
#include "webhook_secret.hpp"

#include "vocabulary.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace erratum::collector {
namespace {

constexpr const char* kJson = kJsonType;

// The sign-in and sign-out forms: a CSRF token and an editor token,
// percent-encoded, with room to spare; a larger body is no form of ours.
constexpr std::size_t kFormBodyLimit = 8 * 1024;

// The editor's pages are French or English.
Lang editor_lang(const Request& req) {
  Lang lang = request_lang(req);
  if (!lang.french()) lang = Lang{};
  return lang;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

void redirect_to_inbox(Response& res) {
  res.status = 303;
  res.set_header("Location", "/inbox");
}

// Reads the widget configuration file and checks it with the core, the way
// validate_report will use it (an endpoint is implied: we are it).
bool load_config(const std::string& path, std::string& config_json, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<Json> config = parse_json(text.str());
  if (!config || !config->is_object()) {
    if (error) *error = path + " is not a JSON object";
    return false;
  }
  Json checked = *config;
  if (!member(checked, "endpoint")) checked["endpoint"] = "https://collector.invalid/";
  const std::optional<Json> answer = parse_json(api::validate_config(dump_json(Json{{"config", checked}})));
  const Json* ok = answer ? member(*answer, "ok") : nullptr;
  if (!ok || !ok->is_boolean() || !as_bool(*ok)) {
    if (error) *error = path + " is not a valid configuration: " + (answer ? dump_json((*answer)["errors"]) : "");
    return false;
  }
  config_json = dump_json(*config);
  return true;
}

}  // namespace

// The message tables are loaded before any thread serves a request.
Collector::Collector(const CollectorOptions& options) : options_(options) { api::load_builtin_messages(); }

Collector::~Collector() {
  if (server_) stop();
  if (webhooks_) webhooks_->stop();
  if (store_) store_->close();
}

std::unique_ptr<Collector> Collector::create(const CollectorOptions& options, std::string* error) {
  std::unique_ptr<Collector> c(new Collector(options));
  c->intake_ = std::make_unique<IntakeSettings>();
  c->intake_->body_limit = options.body_limit;
  if (!options.config_path.empty() && !load_config(options.config_path, c->intake_->config_json, error)) return nullptr;

  std::vector<std::string> problems;
  if (!options.site_dir.empty()) c->site_ = std::make_unique<StaticFiles>(std::vector{options.site_dir}, &problems);
  if (!options.asset_dirs.empty()) c->assets_ = std::make_unique<StaticFiles>(options.asset_dirs, &problems);
  if (!problems.empty()) {
    if (error) *error = problems.front();
    return nullptr;
  }

  c->store_ = ReportStore::open(options.db_path, error);
  if (!c->store_) return nullptr;
  c->limiter_ = std::make_unique<RateLimiter>(options.rate_limit.max_requests, options.rate_limit.window);
  c->cors_ = std::make_unique<CorsPolicy>(options.allowed_origins);
  if (!c->set_up_editor_access(error)) return nullptr;
  if (!c->set_up_webhooks(error)) return nullptr;
  c->articles_ = std::make_unique<ArticleCatalog>(*c->store_, options.articles_path, options.public_url);
  if (const std::string problem = c->articles_->import_if_changed(); !problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  c->routes_ = std::make_unique<HttpRoutes>(options.body_limit);
  c->install_routes();
  c->server_ = std::make_unique<HttpServer>(*c->routes_, options.http);
  return c;
}

bool Collector::set_up_editor_access(std::string* error) {
  const std::optional<EditorAccessMode> mode =
      editor_access_mode({options_.host, !options_.editor_token_file.empty(), options_.insecure_no_auth}, error);
  if (!mode) return false;
  EditorAuthSettings settings;
  settings.mode = *mode;
  settings.session_lifetime = options_.session_lifetime;
  if (const std::optional<PublicUrl> url = parse_public_url(options_.public_url)) {
    settings.secure_cookies = url->https;
    settings.public_origin = url->origin;
  }
  if (*mode == EditorAccessMode::Tokens) {
    TokenFile file = load_token_file(options_.editor_token_file);
    if (!file.error.empty()) {
      if (error) *error = file.error;
      return false;
    }
    settings.tokens = std::move(file.tokens);
    notices_ = std::move(file.warnings);
  } else if (*mode == EditorAccessMode::LoopbackPeers) {
    notices_.push_back(
        "/inbox and GET /api/reports answer this machine only, without a token; "
        "--editor-token-file FILE makes them ask for one (docs/collector.md)");
  } else {
    notices_.push_back(
        "warning: /inbox and GET /api/reports show reporters' data to every client "
        "(--insecure-no-auth): the proxy in front must authenticate editors");
  }
  editor_auth_ = std::make_unique<EditorAuth>(std::move(settings));
  return true;
}

bool Collector::set_up_webhooks(std::string* error) {
  const WebhookOptions& o = options_.webhooks;
  if (o.urls.empty()) return true;
  DispatcherSettings settings;
  if (o.secret_file.empty() && o.format == WebhookFormat::Json) {
    if (error)
      *error =
          "--webhook needs --webhook-secret-file FILE, the secret receivers check X-Erratum-Signature with "
          "(e.g. `openssl rand -hex 32 > FILE`)";
    return false;
  }
  if (!o.secret_file.empty()) {
    WebhookSecret secret = load_webhook_secret(o.secret_file);
    if (!secret.error.empty()) {
      if (error) *error = secret.error;
      return false;
    }
    settings.secret = std::move(secret.secret);
    notices_.insert(notices_.end(), secret.warnings.begin(), secret.warnings.end());
  }
  settings.urls = o.urls;
  settings.ca_file = o.ca_file;
  settings.timeout = o.timeout;
  settings.first_retry = o.first_retry;
  settings.max_retry = o.max_retry;
  settings.idle_poll = o.idle_poll;
  std::string problem;
  webhooks_ = std::make_unique<WebhookDispatcher>(
      *store_, std::move(settings),
      [](const std::string& line) { std::fprintf(stderr, "erratum-collector: %s\n", line.c_str()); }, &problem);
  if (!problem.empty()) {
    if (error) *error = problem;
    return false;
  }
  intake_->webhook_urls = o.urls;
  intake_->webhook_format = o.format;
  intake_->public_url = options_.public_url;
  intake_->on_queued = [dispatcher = webhooks_.get()] { dispatcher->wake(); };
  return true;
}

void Collector::install_routes() {
  HttpRoutes& s = *routes_;
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  // Before any route's handler, so a rebound host name reaches none.
  s.set_pre_routing_handler([this](const Request& req, Response& res) {
    if (host_guard_ && host_guard_->allows(req.get_header_value("Host"))) return HttpRoutes::HandlerResponse::Unhandled;
    no_store(res);
    const Issue issue{codes::kMisdirected, ""};
    if (starts_with(req.path, "/api/"))
      send_json(res, 421, error_envelope(issue, request_lang(req)));
    else
      send_text(res, 421, issue_message_any(issue, request_lang(req)));
    return HttpRoutes::HandlerResponse::Handled;
  });

  s.Options("/api/reports", [this](const Request& req, Response& res) { cors_->answer_preflight(req, res); });

  s.Post("/api/reports", [this](const Request& req, Response& res) {
    IntakeRequest in;
    // Over the limit, the transport reads none of the body and says how big it was.
    in.body_too_large = req.body_too_large;
    in.body_size = req.body_size;
    if (!req.body_too_large) in.body = req.body;

    in.content_type = req.get_header_value("Content-Type");
    in.accept_language = req.get_header_value("Accept-Language");
    if (req.has_header("Idempotency-Key")) in.idempotency_key = req.get_header_value("Idempotency-Key");
    in.client_ip = req.remote_addr;
    in.origin_allowed = cors_->may_post(req);

    const IntakeResponse out = receive_report(in, *intake_, *limiter_, *store_);
    cors_->decorate(req, res);
    no_store(res);
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    send_json(res, out.status, out.body);
  });

  s.Get("/api/reports", [this](const Request& req, Response& res) {
    no_store(res);
    if (!admit_api_reader(req, res)) return;
    Issues errors;
    const ReportQuery query = parse_report_query(req.params, errors);
    if (!errors.empty()) return send_json(res, 400, error_envelope(errors, request_lang(req)));
    const std::optional<ReportPage> page = store_->list(query);
    if (!page) return send_json(res, 503, error_envelope(Issue{codes::kStorageFailed, ""}, request_lang(req)));
    send_json(res, 200, report_page_json(*page, query));
  });

  s.Get(R"(/api/reports/([^/]+))", [this](const Request& req, Response& res) {
    no_store(res);
    if (!admit_api_reader(req, res)) return;
    const std::optional<StoredReport> report = store_->find(req.matches[1]);
    if (!report) return send_json(res, 404, error_envelope(Issue{codes::kNotFound, "id"}, request_lang(req)));
    const std::optional<std::vector<StatusChange>> history = store_->history(report->id);
    if (!history) return send_json(res, 503, error_envelope(Issue{codes::kStorageFailed, ""}, request_lang(req)));
    send_json(res, 200, report_record_json(*report, *history));
  });

  s.Get("/inbox", [this](const Request& req, Response& res) {
    no_store(res);
    res.set_header("Content-Security-Policy", kInboxCsp);
    // No Referer to readers' pages; a form posted from the page keeps its
    // Origin (no-referrer would send "Origin: null", which the CSRF check refuses).
    res.set_header("Referrer-Policy", "same-origin");
    InboxView view;
    view.lang = editor_lang(req);
    const AccessDecision access = editor_auth_->check_read(editor_request(req));
    if (access.verdict == Verdict::Forbidden)
      return send_text(res, 403, issue_message_any(Issue{codes::kLoopbackOnly, ""}, view.lang));
    if (access.verdict == Verdict::Unauthenticated) return send_login(res, view.lang, 401, LoginNotice::None);
    view.csrf = access.editor.csrf_token;
    Issues errors;
    view.query = parse_report_query(req.params, errors);
    if (!errors.empty()) {
      res.status = 400;
      std::string text;
      for (const Issue& e : errors) text += e.path + ": " + issue_message_any(e, view.lang) + "\n";
      return res.set_content(text, kTextType);
    }
    if (const std::string changed = req.get_param_value("changed");
        !changed.empty() && changed.size() <= 9 && changed.find_first_not_of("0123456789") == std::string::npos)
      view.changed = std::stoll(changed);
    const auto unavailable = [&] {
      res.status = 503;
      res.set_content(issue_message_any(Issue{codes::kStorageFailed, ""}, view.lang), kTextType);
    };
    const std::optional<ReportPage> page = store_->list(view.query);
    if (!page) return unavailable();
    view.total = page->total;
    for (const StoredReport& r : page->reports) {
      InboxReport shown = inbox_report_from(r, *articles_, view.lang);
      if (shown.article_lookup_failed) return unavailable();
      std::optional<std::vector<StatusChange>> history = store_->history(r.id);
      if (!history) return unavailable();
      shown.history = std::move(*history);
      view.reports.push_back(std::move(shown));
    }
    group_reports(view);
    for (InboxGroup& group : view.groups) {
      if (group.paragraphs.empty()) continue;  // a report without items
      std::optional<ParagraphGroup> summary =
          store_->paragraph_group({group.page_url, group.paragraphs}, view.query, kGroupIdLimit);
      if (!summary) return unavailable();
      group.summary = std::move(*summary);
    }
    res.set_content(render_inbox(view), "text/html; charset=utf-8");
  });

  s.Get("/favicon.ico", [this](const Request& req, Response& res) {
    if (site_ && site_->resolve("favicon.ico")) return site_->serve("favicon.ico", req, res);
    res.set_header("Cache-Control", "max-age=86400");
    res.set_content(favicon_ico(), "image/x-icon");
  });

  install_triage_routes();
  install_article_routes();
  install_editor_routes();

  s.Get(kInboxCssPath, [](const Request&, Response& res) {
    res.set_header("Cache-Control", "max-age=300");
    res.set_content(inbox_css(), "text/css; charset=utf-8");
  });

  s.Get(R"(/erratum/(.*))", [this](const Request& req, Response& res) {
    if (!assets_) {
      res.status = 404;
      return;
    }
    assets_->serve(req.matches[1].str(), req, res);
  });

  s.Get(R"(/(.*))", [this](const Request& req, Response& res) {
    if (!site_ || starts_with(req.path, "/api/")) {
      res.status = 404;
      return;
    }
    site_->serve(req.matches[1].str(), req, res, options_.site_csp);
  });

  // Bodies for refusals that carry none yet: JSON under /api/, text elsewhere.
  s.set_error_handler([](const Request& req, Response& res) {
    const Lang lang = request_lang(req);
    if (starts_with(req.path, "/api/")) {
      Issue issue{codes::kBadRequest, ""};
      if (res.status == 404)
        issue = Issue{codes::kRouteNotFound, ""};
      else if (res.status == 403)
        issue = Issue{codes::kOriginNotAllowed, ""};  // refused preflights
      else if (res.status == 405)
        issue = Issue{codes::kMethodNotAllowed, ""};
      else if (res.status == 408)
        issue = Issue{codes::kRequestTimeout, ""};
      else if (res.status == 413)
        issue = Issue{codes::kBodyTooLarge, ""};
      else if (res.status == 415)
        issue = Issue{codes::kContentEncoding, ""};
      else if (res.status >= 500)
        issue = Issue{codes::kInternal, ""};
      res.set_content(error_envelope(issue, lang), kJson);
    } else {
      res.set_content(std::to_string(res.status) + "\n", "text/plain; charset=utf-8");
    }
  });

  s.set_exception_handler([](const Request& req, Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(error_envelope(Issue{codes::kInternal, ""}, request_lang(req)), kJson);
  });

  if (options_.log_requests) {
    s.set_logger([](const Request& req, const Response& res) {
      // The path is decoded: a %0A must not forge a log line.
      std::string path = req.path;
      for (char& c : path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      if (path.empty()) path = "-";  // a request too malformed to have one
      std::fprintf(stderr, "%s %s %s %d\n", req.remote_addr.c_str(), req.method.empty() ? "-" : req.method.c_str(),
                   path.c_str(), res.status);
    });
  }
}

bool Collector::admit_api_reader(const Request& req, Response& res, Editor* editor) {
  const AccessDecision access = editor_auth_->check_read(editor_request(req));
  if (access.verdict == Verdict::Allowed) {
    if (editor) *editor = access.editor;
    return true;
  }
  if (access.verdict == Verdict::Forbidden) {
    send_json(res, 403, error_envelope(Issue{codes::kLoopbackOnly, ""}, request_lang(req)));
    return false;
  }
  res.set_header("WWW-Authenticate", "Bearer realm=\"erratum\"");
  send_json(res, 401, error_envelope(Issue{codes::kUnauthorized, ""}, request_lang(req)));
  return false;
}

std::optional<EditorWrite> Collector::admit_editor_write(const Request& req, Response& res, WriteBody body) {
  no_store(res);
  EditorWrite write{{}, request_lang(req)};
  if (req.body_too_large) {
    send_json(res, 413, error_envelope(Issue{codes::kBodyTooLarge, ""}, write.lang));
    return std::nullopt;
  }
  if (!admit_api_reader(req, res, &write.editor)) return std::nullopt;
  const MediaType media = parse_media_type(req.get_header_value("Content-Type"));
  const bool utf8 = media.utf8();
  write.form = body == WriteBody::JsonOrForm && utf8 && media.type == "application/x-www-form-urlencoded";
  if (!write.form && !(utf8 && media.type == "application/json")) {
    send_json(res, 415, error_envelope(Issue{codes::kUnsupportedMediaType, ""}, write.lang));
    return std::nullopt;
  }
  const std::string csrf = write.form ? req.get_param_value("csrf") : req.get_header_value("X-CSRF-Token");
  if (!editor_auth_->write_allowed(editor_request(req), write.editor, csrf)) {
    send_json(res, 403, error_envelope(Issue{codes::kForged, ""}, write.lang));
    return std::nullopt;
  }
  return write;
}

void Collector::send_login(Response& res, const Lang& lang, int status, LoginNotice notice) {
  LoginView view{lang, "", notice};
  const LoginChallenge challenge = editor_auth_->login_challenge();
  if (challenge.csrf_token.empty()) {
    view.notice = LoginNotice::Unavailable;
    status = 503;
  } else {
    view.csrf_token = challenge.csrf_token;
    res.add_header("Set-Cookie", challenge.set_cookie);
  }
  // The browser shows the page; an API client reading the inbox sees the 401.
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"erratum\"");
  res.status = status;
  res.set_content(render_login(view), "text/html; charset=utf-8");
}

void Collector::install_editor_routes() {
  HttpRoutes& s = *routes_;
  auto page_headers = [](Response& res) {
    no_store(res);
    res.set_header("Content-Security-Policy", kInboxCsp);
    res.set_header("Referrer-Policy", "same-origin");
  };

  s.Post(kLoginPath, kFormBodyLimit, [this, page_headers](const Request& req, Response& res) {
    page_headers(res);
    if (req.body_too_large)
      return send_text(res, 413, issue_message_any(Issue{codes::kBodyTooLarge, ""}, request_lang(req)));
    if (editor_auth_->mode() != EditorAccessMode::Tokens) return redirect_to_inbox(res);
    const FormOutcome outcome =
        editor_auth_->login(editor_request(req), req.get_param_value("token"), req.get_param_value("csrf"));
    for (const std::string& cookie : outcome.set_cookies) res.add_header("Set-Cookie", cookie);
    const Lang lang = editor_lang(req);
    if (outcome.verdict == Verdict::Allowed) return redirect_to_inbox(res);
    if (outcome.verdict == Verdict::Unauthenticated) return send_login(res, lang, 401, LoginNotice::WrongToken);
    send_login(res, lang, 403, LoginNotice::FormExpired);
  });

  s.Post(kLogoutPath, kFormBodyLimit, [this, page_headers](const Request& req, Response& res) {
    page_headers(res);
    if (req.body_too_large)
      return send_text(res, 413, issue_message_any(Issue{codes::kBodyTooLarge, ""}, request_lang(req)));
    const FormOutcome outcome = editor_auth_->logout(editor_request(req), req.get_param_value("csrf"));
    for (const std::string& cookie : outcome.set_cookies) res.add_header("Set-Cookie", cookie);
    if (outcome.verdict == Verdict::Allowed) return redirect_to_inbox(res);
    send_text(res, 403, issue_message_any(Issue{codes::kForged, ""}, request_lang(req)));
  });
}

int Collector::bind(std::string* error) {
  port_ = server_->bind(options_.host, options_.port, error);
  if (port_ > 0) {
    std::vector<std::string> hosts = default_allowed_hosts(options_.host, port_, parse_public_url(options_.public_url));
    hosts.insert(hosts.end(), options_.allowed_hosts.begin(), options_.allowed_hosts.end());
    host_guard_ = std::make_unique<HostGuard>(hosts);
  }
  return port_;
}

std::string Collector::url() const {
  const bool v6 = options_.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

bool Collector::run() {
  if (webhooks_) webhooks_->start();
  // run() returns once every connection has ended, so nothing is writing any
  // more; the dispatcher stops before the database closes under it.
  const bool served = server_->run();
  if (webhooks_) webhooks_->stop();
  store_->close();
  return served;
}

void Collector::stop() {
  server_->stop();
  if (webhooks_) webhooks_->stop();
}

}  // namespace erratum::collector
