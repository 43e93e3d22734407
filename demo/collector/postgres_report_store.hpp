// The store for several collectors behind one load balancer: a PostgreSQL
// database that they share, named by its libpq URL.
#pragma once

#include "report_store.hpp"

#include <memory>
#include <string>

namespace erratum::collector {

// Connects to the database at `url` (postgres:// or postgresql://) and
// applies the migrations it lacks; nullptr and `error` (without the URL's
// password) set on failure.
std::unique_ptr<ReportStore> open_postgres_report_store(const std::string& url, std::string* error);

}  // namespace erratum::collector
