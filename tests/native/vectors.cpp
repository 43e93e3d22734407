// Runs the shared test vectors (tests/vectors/*.json) against the native core.
// tests/node/vectors.test.mjs runs the very same files against the wasm build,
// so the two builds cannot drift apart.
//
// A vector file: {"cases":[{"name", "call", "request", "expect"}]} where call is
// a free api function, or {"name", "call":"session", "steps":[{"call","request"
// | "index", "expect"}]} for a scripted session. `expect` is matched as a
// subset of the response: objects by the keys they list, arrays whole. A case
// with "native" (the reason) calls what only native callers have, such as
// the collector's canonicalJson; the wasm run skips it and says why. Both
// runs first load every message table: here the ones compiled into native
// programs (the collector's), there the ones the browser's catalogs carry.
#include <gtest/gtest.h>

#include <dirent.h>

#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../support/reference_json.hpp"

#include "erratum/api.hpp"
#include "erratum/builtin_messages.hpp"

namespace {

// The vectors and the answers are read with plain nlohmann/json, independently
// of the core's reading rules (erratum/core/document.hpp).
using Json = nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Returns "" when `actual` matches `expected`, else where and why not.
std::string expectation_gap(const Json& expected, const Json& actual, const std::string& path) {
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) return path + "." + it.key() + ": missing";
      const std::string m = expectation_gap(it.value(), actual[it.key()], path + "." + it.key());
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size())
      return path + ": expected " + expected.dump() + ", got " + actual.dump();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const std::string m = expectation_gap(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>()
               ? ""
               : path + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  return expected == actual ? "" : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

std::string call_free(const std::string& name, const std::string& request) {
  namespace api = erratum::api;
  if (name == "diff") return api::diff(request);
  if (name == "validateConfig") return api::validate_config(request);
  if (name == "validateReport") return api::validate_report(request);
  if (name == "reanchor") return api::reanchor(request);
  if (name == "normalize") return api::normalize(request);
  if (name == "loadMessages") return api::load_messages(request);
  if (name == "version") return api::version();
  if (name == "canonicalJson") {
    // The request is read by the core's rules, as the collector reads a report.
    const auto doc = api::parse_json(request);
    const api::Json* value = doc ? api::member(*doc, "value") : nullptr;
    if (!value) return "{\"ok\":false,\"errors\":[{\"code\":\"json.invalid\"}]}";
    return Json{{"ok", true}, {"canonical", api::canonical_json(*value)}}.dump();
  }
  return "{\"ok\":false,\"errors\":[{\"code\":\"core.unknown_call\"}]}";
}

std::string call_session(erratum::api::Session& s, const Json& step) {
  const std::string name = step.value("call", "");
  const std::string request =
      step.contains("raw") ? step["raw"].get<std::string>() : step.value("request", Json::object()).dump();
  const int index = step.value("index", 0);
  if (name == "configure") return s.configure(request);
  if (name == "loadArticle") return s.load_article(request);
  if (name == "toggle") return s.toggle(index);
  if (name == "select") return s.select(index);
  if (name == "deselect") return s.deselect(index);
  if (name == "clear") return s.clear();
  if (name == "selection") return s.selection();
  if (name == "anchor") return s.anchor(request);
  if (name == "reanchor") return s.reanchor(request);
  if (name == "compose") return s.compose(request);
  return "{\"ok\":false,\"errors\":[{\"code\":\"core.unknown_call\"}]}";
}

struct VectorCase {
  std::string file;
  std::string name;
  Json spec;
};

std::vector<VectorCase> load_cases() {
  std::vector<VectorCase> cases;
  const std::string dir = std::string(ERRATUM_TESTS_DIR) + "/vectors";
  DIR* d = opendir(dir.c_str());
  if (!d) return cases;
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    const std::string f = e->d_name;
    if (f.size() > 5 && f.substr(f.size() - 5) == ".json") files.push_back(f);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto doc = erratum::testing::read_reference_json(read_file(dir + "/" + f));
    if (!doc || !doc->contains("cases")) {
      cases.push_back({f, "unreadable", Json()});
      continue;
    }
    for (const auto& c : (*doc)["cases"]) cases.push_back({f, c.value("name", "?"), c});
  }
  return cases;
}

class SharedVectors : public ::testing::TestWithParam<VectorCase> {};

TEST_P(SharedVectors, MatchesExpectation) {
  const VectorCase& vc = GetParam();
  ASSERT_TRUE(vc.spec.is_object()) << vc.file << " could not be parsed";
  // The collector's tables: the same files the browser's catalogs carry.
  ASSERT_TRUE(erratum::api::load_builtin_messages());
  const Json& spec = vc.spec;
  struct Step {
    std::string response;
    Json expect;
  };
  std::vector<Step> steps;
  if (spec.value("call", "") == "session") {
    erratum::api::Session session;
    for (const auto& step : spec["steps"])
      steps.push_back(Step{call_session(session, step), step.value("expect", Json::object())});
  } else {
    const std::string request =
        spec.contains("raw") ? spec["raw"].get<std::string>() : spec.value("request", Json::object()).dump();
    steps.push_back(Step{call_free(spec.value("call", ""), request), spec.value("expect", Json::object())});
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto response = erratum::testing::read_reference_json(steps[i].response);
    ASSERT_TRUE(response.has_value()) << "step " << i << ": response is not JSON: " << steps[i].response;
    EXPECT_EQ(expectation_gap(steps[i].expect, *response, "response"), "")
        << vc.file << " / " << vc.name << " / step " << i << "\n  got: " << steps[i].response;
  }
}

std::string case_name(const ::testing::TestParamInfo<VectorCase>& info) {
  std::string n = info.param.file.substr(0, info.param.file.size() - 5) + "_" + std::to_string(info.index);
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Vectors, SharedVectors, ::testing::ValuesIn(load_cases()), case_name);

TEST(SharedVectorsFiles, ThereAreVectors) { EXPECT_GE(load_cases().size(), 20u); }

}  // namespace
