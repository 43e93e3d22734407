// The body of a webhook delivery: a compact summary of one new report, built
// when the report is stored and kept in the queue as sent. It never carries
// the reader's name or e-mail: receivers (chat rooms, trackers) are not
// where contact data belongs, and the inbox link leads to the rest.
//
// json format:
//   {"event":"report.received","delivery":"<id>",
//    "report":{"id","pageUrl","pageTitle","receivedAt","status","items",
//              "errorTypes":[...],"excerpt","correction","comment","inboxUrl"}}
//   (pageTitle, comment and inboxUrl only when known; texts cut at
//   kExcerptLength characters with "…").
// slack format: {"text": one line, "blocks": [a mrkdwn section]}.
#pragma once

#include "options.hpp"
#include "report_store.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace erratum::collector {

inline constexpr std::size_t kExcerptLength = 280;  // characters (code points)

// `text` cut to at most `limit` code points, "…" ending a cut text.
std::string excerpt(std::string_view text, std::size_t limit = kExcerptLength);

// `public_url` is --public-url ("" for none: no inboxUrl).
std::string webhook_payload(const StoredReport& report, WebhookFormat format, const std::string& delivery_id,
                            const std::string& public_url);

}  // namespace erratum::collector
