// The CORS policy's log of refused origins: once per origin, naming the flag
// that accepts it, whatever refused it (a preflight or a POST); never for an
// allowed origin or a request without Origin; bounded and printable.

#include "cors_policy.hpp"
#include "http_exchange.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace erratum::collector {
namespace {

Request from_origin(const std::string& origin, const std::string& method = "OPTIONS") {
  Request req;
  req.method = method;
  req.path = "/api/reports";
  req.headers.emplace("Host", "127.0.0.1:8080");
  if (!origin.empty()) req.headers.emplace("Origin", origin);
  if (method == "OPTIONS") req.headers.emplace("Access-Control-Request-Method", "POST");
  return req;
}

int preflight_status(const CorsPolicy& policy, const std::string& origin) {
  Response res;
  policy.answer_preflight(from_origin(origin), res);
  return res.status;
}

class CorsRefusalLog : public ::testing::Test {
 protected:
  std::vector<std::string> lines;
  CorsPolicy policy{{"https://allowed.example"}, [this](const std::string& line) { lines.push_back(line); }};
};

TEST_F(CorsRefusalLog, TwoRefusalsOfOneOriginLogOnceNamingTheFlag) {
  EXPECT_EQ(preflight_status(policy, "https://news.example"), 403);
  EXPECT_EQ(preflight_status(policy, "https://news.example"), 403);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "refused origin https://news.example (CORS preflight); start with --allow-origin https://news.example to "
            "accept it");

  // A POST refused for the same origin is no news either.
  EXPECT_FALSE(policy.may_post(from_origin("https://news.example", "POST")));
  EXPECT_EQ(lines.size(), 1u);

  // Another origin is.
  EXPECT_FALSE(policy.may_post(from_origin("https://blog.example", "POST")));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1],
            "refused origin https://blog.example (POST); start with --allow-origin https://blog.example to accept it");
}

TEST_F(CorsRefusalLog, AcceptedRequestsLogNothing) {
  EXPECT_EQ(preflight_status(policy, "https://allowed.example"), 204);
  EXPECT_TRUE(policy.may_post(from_origin("https://allowed.example", "POST")));
  EXPECT_TRUE(policy.may_post(from_origin("http://127.0.0.1:8080", "POST")));  // same origin
  EXPECT_TRUE(policy.may_post(from_origin("", "POST")));                       // curl, servers
  EXPECT_EQ(preflight_status(policy, ""), 403);                                // no Origin: no page to name
  EXPECT_TRUE(lines.empty()) << lines.front();
}

TEST_F(CorsRefusalLog, OriginTextIsPrintableAndTheLogIsBounded) {
  EXPECT_EQ(preflight_status(policy, "https://evil\x01\x7f.example"), 403);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\x01'), std::string::npos);
  EXPECT_NE(lines[0].find("https://evil??.example"), std::string::npos) << lines[0];

  lines.clear();
  for (int i = 0; i < 1100; ++i) preflight_status(policy, "https://o" + std::to_string(i) + ".example");
  ASSERT_EQ(lines.size(), 1000u);  // 999 new origins, then one notice
  EXPECT_EQ(lines.back(), "refused 1000 origins; further refused origins are not logged");
}

}  // namespace
}  // namespace erratum::collector
