// The rate limit kept in the database (SharedRateLimiter over
// ReportStore::count_attempt): the in-memory limiter's sliding-window rule,
// counted once for every collector on the database, on each store; and two
// collectors on one PostgreSQL database answering one client together.

#include "report_store.hpp"
#include "shared_rate_limiter.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace erratum::collector::testing {
namespace {

using namespace std::chrono_literals;

class SharedRateLimit : public ::testing::TestWithParam<StoreKind> {
 protected:
  TempDir dir;
  std::unique_ptr<ReportStore> open() {
    std::string error;
    auto store = ReportStore::open(test_database(dir, GetParam()), &error);
    EXPECT_TRUE(store) << error;
    return store;
  }
};

// Two stores on one database are two collectors.
TEST_P(SharedRateLimit, TwoStoresCountOneSlidingWindowPerClient) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  const auto attempt = [](ReportStore& store, const char* client, long long now_ms) {
    return store.count_attempt(RateAttempt{client, now_ms, 3, 10000});
  };
  EXPECT_EQ(attempt(*first, "a", 1000), 0);
  EXPECT_EQ(attempt(*second, "a", 2000), 0);
  EXPECT_EQ(attempt(*first, "a", 5000), 0);
  // The fourth within 10 s is refused on either, until the first leaves the
  // window at 11000; refusals are not counted.
  EXPECT_EQ(attempt(*second, "a", 6000), 5000);
  EXPECT_EQ(attempt(*first, "a", 10999), 1);
  EXPECT_EQ(attempt(*second, "b", 6000), 0);  // per client
  EXPECT_EQ(attempt(*second, "a", 11000), 0);
  EXPECT_EQ(attempt(*first, "a", 11500), 500);  // the one at 2000 leaves at 12000
  EXPECT_EQ(attempt(*first, "a", 12000), 0);
}

TEST_P(SharedRateLimit, TheLimiterAnswersInSecondsAndStoresNoAddress) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  long long now = 1'700'000'000'000;
  const auto clock = [&now] { return now; };
  SharedRateLimiter one(*first, 2, 10s, {}, clock);
  SharedRateLimiter two(*second, 2, 10s, {}, clock);
  EXPECT_TRUE(one.attempt("203.0.113.7").allowed);
  now += 4000;
  EXPECT_TRUE(two.attempt("203.0.113.7").allowed);
  now += 1000;
  const AttemptLimiter::Decision refused = one.attempt("203.0.113.7");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 5);
  EXPECT_TRUE(two.attempt("198.51.100.1").allowed);
  now += 4500;
  const AttemptLimiter::Decision almost = two.attempt("203.0.113.7");
  EXPECT_FALSE(almost.allowed);
  EXPECT_EQ(almost.retry_after_seconds, 1);  // rounded up, never 0
  now += 500;
  EXPECT_TRUE(one.attempt("203.0.113.7").allowed);
  // The store keys clients by digest: the address itself is never a key.
  EXPECT_EQ(first->count_attempt(RateAttempt{"203.0.113.7", now, 1, 10000}), 0);

  SharedRateLimiter off(*first, 0, 1s, {}, clock);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(off.attempt("203.0.113.7").allowed);
}

INSTANTIATE_TEST_SUITE_P(Stores, SharedRateLimit, ::testing::ValuesIn(kStoreKinds), store_kind_name);

// A client that spreads its reports over two collectors behind one load
// balancer meets one limit: 3 per minute in all, not 3 per collector.
TEST(SharedRateLimitHttp, TwoCollectorsOnOnePostgresDatabaseShareTheCount) {
  TempDir dir;
  CollectorOptions o = test_options(dir, StoreKind::Postgres);
  o.rate_limit.max_requests = 3;
  o.rate_limit.window = 60s;
  RunningCollector first(o);
  RunningCollector second(o);
  auto a = first.client();
  auto b = second.client();
  EXPECT_EQ(post_report(*a, dump_json(typical_report()))->status, 201);
  EXPECT_EQ(post_report(*b, dump_json(typical_report()))->status, 201);
  EXPECT_EQ(post_report(*a, dump_json(typical_report()))->status, 201);
  for (httplib::Client* client : {b.get(), a.get()}) {
    auto refused = post_report(*client, dump_json(typical_report()));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429) << refused->body;
    const int retry_after = std::atoi(refused->get_header_value("Retry-After").c_str());
    EXPECT_GE(retry_after, 1);
    EXPECT_LE(retry_after, 60);
  }
  const std::optional<Json> listed = parse_json(a->Get("/api/reports")->body);
  ASSERT_TRUE(listed);
  EXPECT_EQ((*listed)["total"], 3);
}

}  // namespace
}  // namespace erratum::collector::testing
