// PUT /api/articles?url=<page URL>: a CMS pushes the current blocks of one
// article, {"blocks":[{"text","kind","id"}]}, with an editor's bearer token
// (or from the collector's own pages with the session's X-CSRF-Token, like
// the status route). The core normalises and hashes them; the store keeps
// them as the URL's next version unless the newest one already holds the
// same text. The editor check runs before the body is read, so no other
// client makes the collector read up to kArticleBodyLimit. Installed by
// Collector::install_article_routes.
#include "article_versions.hpp"
#include "collector.hpp"
#include "editor_auth.hpp"
#include "error_envelope.hpp"
#include "http_routes.hpp"
#include "report_store.hpp"
#include "route_helpers.hpp"

#include "vocabulary.hpp"

namespace erratum::collector {

void Collector::install_article_routes() {
  routes_->Put(
      "/api/articles", kArticleBodyLimit,
      [this](const Request& req, Response& res) {
        const std::optional<EditorWrite> write = admit_editor_write(req, res, WriteBody::Json);
        if (!write) return;
        const Lang& lang = write->lang;
        Issues errors;
        const std::optional<std::string> url = article_url_key(req.get_param_value("url"));
        if (!url) errors.push_back({codes::kArticleUrl, "url"});
        std::optional<NormalizedArticle> article;
        if (const std::optional<Json> blocks = parse_article_body(req.body, errors))
          article = normalize_article(*blocks, errors);
        if (!errors.empty()) return send_json(res, 400, error_envelope(errors, lang));

        const ArticlePut put = store_->put_article(
            {*url, 0, utc_timestamp_now(), write->editor.label, article->article_hash, article->article},
            ArticleRepeat::Newest);
        if (put.outcome == ArticlePut::Outcome::Failed)
          return send_json(res, 503, error_envelope(Issue{codes::kStorageFailed, ""}, lang));
        const bool created = put.outcome == ArticlePut::Outcome::Created;
        send_json(res, created ? 201 : 200,
                  dump_json(Json{{"ok", true},
                                 {"url", put.stored.url},
                                 {"version", put.stored.version},
                                 {"changed", created},
                                 {"createdAt", put.stored.created_at},
                                 {"articleHash", put.stored.article_hash}}));
      },
      // Only an editor's request gets its body read: 2 MiB is much to hold for anyone.
      [this](const Request& req, Response& res) {
        no_store(res);
        return admit_api_reader(req, res);
      });
}

}  // namespace erratum::collector
