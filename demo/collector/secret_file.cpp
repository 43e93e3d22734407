#include "secret_file.hpp"

#include <sys/stat.h>

namespace erratum::collector {

std::optional<std::string> world_access_warning(const std::string& what, const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || (info.st_mode & (S_IROTH | S_IWOTH)) == 0) return std::nullopt;
  return what + " " + path + " is readable by every user of this machine; chmod 600 it";
}

}  // namespace erratum::collector
