// erratum-collector: see collector.hpp for the endpoints, options.hpp (or
// --help) for the flags. Prints "listening on http://HOST:PORT" as its first
// line on stdout once the socket is bound, then serves until SIGINT/SIGTERM,
// finishes the requests in flight, checkpoints and closes the database, and
// exits 0. With --retention-days, a first retention pass (retention.hpp)
// ends before it listens, and the hourly one stops with it.

#include "collector.hpp"
#include "options.hpp"
#include "report_store.hpp"
#include "retention.hpp"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  using erratum::collector::Collector;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const erratum::collector::ParsedArgs parsed = erratum::collector::parse_args(args);
  if (!parsed.ok) {
    std::fprintf(stderr, "erratum-collector: %s\n\n%s", parsed.error.c_str(), erratum::collector::usage().c_str());
    return 2;
  }
  if (parsed.help) {
    std::fputs(erratum::collector::usage().c_str(), stdout);
    return 0;
  }

  // Signals are taken synchronously by one thread (sigwait) instead of an
  // async handler, so stopping can use ordinary locks and condition
  // variables. They are blocked before any other thread exists so that
  // every thread inherits the mask. SIGUSR1 only wakes that thread up when
  // the server ends on its own.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  std::string error;
  std::unique_ptr<Collector> collector = Collector::create(parsed.options, &error);
  if (!collector) {
    std::fprintf(stderr, "erratum-collector: %s\n", error.c_str());
    return 1;
  }
  // Retention has its own connection to the database, which Collector::create
  // has migrated; its first pass ends before the collector says it listens.
  std::unique_ptr<erratum::collector::ReportStore> retention_store;
  std::unique_ptr<erratum::collector::Retention> retention;
  if (parsed.options.retention_days > 0) {
    retention_store = erratum::collector::ReportStore::open(parsed.options.db_path, &error);
    if (!retention_store) {
      std::fprintf(stderr, "erratum-collector: %s\n", error.c_str());
      return 1;
    }
    retention = std::make_unique<erratum::collector::Retention>(
        *retention_store, parsed.options.retention_days, std::chrono::system_clock::now,
        [](const std::string& line) { std::fprintf(stderr, "erratum-collector: %s\n", line.c_str()); });
    if (!retention->sweep()) return 1;
    retention->start(erratum::collector::kRetentionInterval);
  }
  if (collector->bind(&error) < 0) {
    std::fprintf(stderr, "erratum-collector: cannot listen on %s port %d: %s\n", parsed.options.host.c_str(),
                 parsed.options.port, error.c_str());
    return 1;
  }
  std::printf("listening on %s\n", collector->url().c_str());
  std::fflush(stdout);
  for (const std::string& notice : collector->notices())
    std::fprintf(stderr, "erratum-collector: %s\n", notice.c_str());

  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (received != SIGUSR1) collector->stop();
  });

  const bool served = collector->run();
  pthread_kill(signal_waiter.native_handle(), SIGUSR1);
  signal_waiter.join();
  if (retention) retention->stop();
  if (retention_store) retention_store->close();
  return served ? 0 : 1;
}
