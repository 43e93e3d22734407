// The embedded store: one SQLite file, the default of --db.
#pragma once

#include "report_store.hpp"

#include <memory>
#include <string>

namespace erratum::collector {

// Opens (creating if needed) the SQLite file at `path` and applies the
// migrations it lacks; nullptr and `error` set on failure.
std::unique_ptr<ReportStore> open_sqlite_report_store(const std::string& path, std::string* error);

}  // namespace erratum::collector
