// The reference collector of Erratum reports: one HTTP server that
//   POST /api/reports          receives reports (see report_intake.hpp)
//   OPTIONS /api/reports       answers CORS preflights for allowed origins
//   GET /api/reports           lists stored reports as JSON (report_queries.hpp's filters)
//   GET /api/reports/{id}      one stored report and its status history
//   GET /api/reports.csv       exports, streamed (report_export.hpp)
//   GET /api/reports.jsonl
//   POST /api/reports/{id}/status  triage: sets a report's status (triage_routes.hpp)
//   PUT /api/articles?url=     a CMS pushes an article's current blocks (article_routes.cpp)
//   GET /inbox                 the editor's HTML inbox (same filters), by paragraph
//   POST /inbox/status         the inbox's bulk and group status form
//   GET /favicon.ico           the site's, or the collector's own
//   POST /login, /logout       the inbox's sign-in and sign-out (with tokens)
//   GET /erratum/...           the widget's files and the wasm build (--assets)
//   GET /...                   the demo site (--site)
// The reading endpoints and /inbox are for editors (editor_auth.hpp): a
// token, or this machine only, or a proxy's word (--insecure-no-auth).
// Every route refuses a Host header that is not the collector's own
// (host_guard.hpp). What any one client may hold of the server is bounded
// by the transport (http_server.hpp). With --webhook, new reports are also
// posted to receivers from a queue in the database (webhook_dispatcher.hpp).
#pragma once

#include "login_page.hpp"
#include "options.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace erratum::collector {

class ArticleCatalog;
struct EditorWrite;
enum class WriteBody;
class CorsPolicy;
class EditorAuth;
struct Editor;
class HostGuard;
class HttpRoutes;
class HttpServer;
class RateLimiter;
class ReportStore;
class StaticFiles;
class WebhookDispatcher;
struct IntakeSettings;
struct Request;
struct Response;

class Collector {
 public:
  // Opens the database and checks the options; nullptr and `error` set when
  // the collector cannot start.
  static std::unique_ptr<Collector> create(const CollectorOptions& options, std::string* error);
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Binds the listening socket; returns the port (the chosen one for port
  // 0), or -1 with `error` naming the cause.
  int bind(std::string* error = nullptr);
  std::string url() const;  // "http://127.0.0.1:8080" once bound

  // Lines for stderr about editor access once started: a token file others
  // can read, editors open without a token.
  const std::vector<std::string>& notices() const { return notices_; }

  // Serves until stop(); then waits for requests in flight and closes the
  // database. Returns false if the server could not run.
  bool run();

  // From any thread (not from a signal handler): makes run() return.
  void stop();

 private:
  explicit Collector(const CollectorOptions& options);
  void install_routes();
  void install_editor_routes();
  void install_triage_routes();   // triage_routes.cpp
  void install_article_routes();  // article_routes.cpp
  bool set_up_editor_access(std::string* error);
  bool set_up_webhooks(std::string* error);
  // True when the request may read reports, and `editor` (when given) says
  // who; otherwise answers 401 or 403.
  bool admit_api_reader(const Request& req, Response& res, Editor* editor = nullptr);
  // The checks every editor write opens with, in this order: never cached;
  // the body's size (413); a reader's admission (401, 403); a UTF-8 JSON
  // body, or a form where `body` allows one (415); a browser session's CSRF
  // token, which a form carries as `csrf` and JSON as X-CSRF-Token (403).
  // The refusal is answered here, and std::nullopt returned.
  std::optional<EditorWrite> admit_editor_write(const Request& req, Response& res, WriteBody body);
  void send_login(Response& res, const Lang& lang, int status, LoginNotice notice);

  CollectorOptions options_;
  std::unique_ptr<HttpRoutes> routes_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<ReportStore> store_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<CorsPolicy> cors_;
  std::unique_ptr<StaticFiles> site_;
  std::unique_ptr<StaticFiles> assets_;
  std::unique_ptr<ArticleCatalog> articles_;
  std::unique_ptr<IntakeSettings> intake_;
  std::unique_ptr<EditorAuth> editor_auth_;
  std::unique_ptr<WebhookDispatcher> webhooks_;  // with --webhook only
  std::unique_ptr<HostGuard> host_guard_;        // built by bind(), which knows the port
  std::vector<std::string> notices_;
  int port_ = -1;
};

}  // namespace erratum::collector
