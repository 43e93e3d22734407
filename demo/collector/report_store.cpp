#include "report_store.hpp"

#include "database_url.hpp"
#include "postgres_report_store.hpp"
#include "sqlite_report_store.hpp"

namespace erratum::collector {

bool is_report_status(std::string_view status) {
  for (const char* known : kReportStatuses)
    if (status == known) return true;
  return false;
}

std::unique_ptr<ReportStore> ReportStore::open(const std::string& db, std::string* error) {
  return is_postgres_url(db) ? open_postgres_report_store(db, error) : open_sqlite_report_store(db, error);
}

}  // namespace erratum::collector
