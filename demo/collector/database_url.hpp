// What --db names: a SQLite file, or a PostgreSQL database by its libpq URL
// (postgres:// or postgresql://). A URL may carry a password, which no log
// line or error message may show: they show the redacted form.
#pragma once

#include <string>
#include <string_view>

namespace erratum::collector {

// Whether `db` is a PostgreSQL connection URL rather than a file path.
bool is_postgres_url(std::string_view db);

// `db` with the password of its user info and of a `password=` parameter
// replaced by "***"; a file path unchanged.
std::string redact_database_url(const std::string& db);

// `text` with every occurrence of the password that `db` carries replaced by
// "***": for messages that echo parts of the URL.
std::string scrub_password(std::string text, const std::string& db);

}  // namespace erratum::collector
