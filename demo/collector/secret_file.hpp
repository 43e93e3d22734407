#pragma once

#include <optional>
#include <string>

namespace erratum::collector {

// The warning for a file of secrets (editor tokens, the webhook secret) that
// every user of the machine may read or write, naming the file and the fix;
// nothing when its mode keeps others out or it cannot be examined.
// `what` names the file's role, e.g. "the editor token file".
std::optional<std::string> world_access_warning(const std::string& what, const std::string& path);

}  // namespace erratum::collector
