// Static serving of the demo site and the widget's assets: MIME types,
// caching, and refusal of every way out of the served folders.

#include "test_support.hpp"

#include "static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace erratum::collector::testing {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<RunningCollector> server;
  std::unique_ptr<httplib::Client> client;

  void SetUp() override {
    // Two asset folders (first match wins) and a secret next to them.
    std::filesystem::create_directories(dir.file("assets1/sub"));
    std::filesystem::create_directories(dir.file("assets2"));
    write_file(dir.file("assets1/erratum.js"), "/* classic */");
    write_file(dir.file("assets1/erratum.mjs"), "export {};");
    write_file(dir.file("assets1/sub/index.html"), "<!doctype html><p>sub</p>");
    write_file(dir.file("assets1/.hidden"), "hidden");
    write_file(dir.file("assets2/erratum-core.wasm"), std::string("\0asm\1\0\0\0", 8));
    write_file(dir.file("assets2/erratum.mjs"), "shadowed");
    write_file(dir.file("secret.txt"), "top secret");
    std::filesystem::create_symlink(dir.file("secret.txt"), dir.file("assets1/link.txt"));

    CollectorOptions o = test_options(dir);
    o.site_dir = demo_site_dir();
    o.asset_dirs = {dir.file("assets1"), dir.file("assets2")};
    server = std::make_unique<RunningCollector>(o);
    client = server->client();
  }
};

TEST_F(StaticFilesTest, ServesTheSiteAndAssetsWithTheirMimeTypes) {
  struct Case {
    const char* path;
    const char* type;
  };
  const Case cases[] = {
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/site.css", "text/css; charset=utf-8"},
      {"/article.json", "application/json; charset=utf-8"},
      {"/images/marchepublic-amesys-octobe2016-ants.svg", "image/svg+xml"},
      {"/erratum/erratum.js", "text/javascript; charset=utf-8"},
      {"/erratum/erratum.mjs", "text/javascript; charset=utf-8"},
      {"/erratum/erratum-core.wasm", "application/wasm"},
  };
  for (const Case& c : cases) {
    auto r = client->Get(c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, 200) << c.path;
    EXPECT_EQ(r->get_header_value("Content-Type"), c.type) << c.path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << c.path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache") << c.path;
  }
  EXPECT_EQ(client->Get("/erratum/erratum.mjs")->body, "export {};");  // first folder wins
  EXPECT_EQ(client->Get("/erratum/erratum-core.wasm")->body.size(), 8u);
  EXPECT_EQ(client->Get("/")->body, read_file(demo_site_dir() + "/index.html"));
}

TEST_F(StaticFilesTest, SitePagesCarryAStrictCsp) {
  auto r = client->Get("/index.html");
  ASSERT_TRUE(r);
  const std::string csp = r->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(client->Get("/site.css")->get_header_value("Content-Security-Policy"), "");
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndEscapingSymlinks) {
  const char* attempts[] = {
      "/erratum/../secret.txt",   "/erratum/%2e%2e/secret.txt",
      "/erratum/..%2fsecret.txt", "/erratum/sub/../../secret.txt",
      "/erratum/.hidden",         "/erratum/link.txt",
      "/../secret.txt",           "/erratum//etc/passwd",
      "/erratum/..\\secret.txt",  "/%2e%2e/%2e%2e/etc/passwd",
  };
  for (const char* path : attempts) {
    auto r = client->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 403 || r->status == 404) << path << " -> " << r->status;
    EXPECT_EQ(r->body.find("top secret"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, RevalidatesWithETagAndRedirectsFolders) {
  auto first = client->Get("/site.css");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = client->Get("/site.css", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  auto folder = client->Get("/erratum/sub");
  ASSERT_TRUE(folder);
  EXPECT_EQ(folder->status, 301);
  EXPECT_EQ(folder->get_header_value("Location"), "/erratum/sub/");
  EXPECT_EQ(client->Get("/erratum/sub/")->body, "<!doctype html><p>sub</p>");

  auto head = client->Head("/erratum/erratum.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(client->Get("/no-such-page.html")->status, 404);
}

TEST(StaticFilesUnit, MimeTypesAndSafePaths) {
  EXPECT_EQ(mime_type_for("a/b/erratum-core.wasm"), "application/wasm");
  EXPECT_EQ(mime_type_for("x.MJS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("x.unknown"), "application/octet-stream");
  EXPECT_EQ(mime_type_for("dir.v2/README"), "application/octet-stream");
  EXPECT_TRUE(is_safe_relative_path(""));
  EXPECT_TRUE(is_safe_relative_path("a/b.c"));
  EXPECT_TRUE(is_safe_relative_path("a/"));
  EXPECT_FALSE(is_safe_relative_path(".."));
  EXPECT_FALSE(is_safe_relative_path("a/../b"));
  EXPECT_FALSE(is_safe_relative_path("/etc/passwd"));
  EXPECT_FALSE(is_safe_relative_path("a//b"));
  EXPECT_FALSE(is_safe_relative_path(".git/config"));
  EXPECT_FALSE(is_safe_relative_path("a\\..\\b"));
  EXPECT_FALSE(is_safe_relative_path(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace erratum::collector::testing
