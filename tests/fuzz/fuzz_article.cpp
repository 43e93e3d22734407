// The article model and everything a session does with it, from arbitrary
// blocks: load, select every block, anchor each selectable one, compose.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.hpp"
#include "envelope_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  erratum::api::Session session;
  require_envelope(session.load_article(input));
  // Also as block texts: split the input on NUL into blocks.
  erratum::Json blocks = erratum::Json::array();
  std::size_t from = 0;
  for (std::size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '\0') {
      blocks.push_back(erratum::Json{{"text", input.substr(from, i - from)}, {"kind", "paragraph"}});
      from = i + 1;
    }
  }
  require_envelope(session.load_article(erratum::dump_json(erratum::Json{{"blocks", blocks}})));
  for (int i = 0; i < static_cast<int>(blocks.size()) && i < 12; ++i) {
    require_envelope(session.toggle(i));
    const std::string range = "{\"block\":" + std::to_string(i) + ",\"range\":{\"start\":1,\"end\":" +
                              std::to_string(size % 17) + "}}";
    require_envelope(session.anchor(range));
  }
  require_envelope(session.compose(input));
  return 0;
}
