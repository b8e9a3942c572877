// for_each_ordered: results reach `emit` in input order on the calling
// thread whatever order the threads finish in, memory ahead of a slow item
// stays bounded, and a failure stops the run and reaches the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "iamtrim/parallel.hpp"

namespace iamtrim {
namespace {

using namespace std::chrono_literals;

// Item 0 finishes last: it waits until every other item is done.
TEST(ForEachOrdered, LaterItemsFinishFirstYetAreEmittedInOrder) {
  for (unsigned jobs : {2u, 4u, 8u}) {
    const std::size_t n = 64;
    std::atomic<std::size_t> done{0};
    std::mutex m;
    std::vector<std::size_t> completion;  // the order the items finished in
    std::vector<std::size_t> emitted;
    const auto caller = std::this_thread::get_id();
    for_each_ordered(
        n, jobs,
        [&](std::size_t i) {
          if (i == 0)
            while (done.load() < n - 1) std::this_thread::sleep_for(1ms);
          {
            std::lock_guard<std::mutex> lock(m);
            completion.push_back(i);
          }
          ++done;
          return "item " + std::to_string(i);
        },
        [&](std::size_t i, std::string r) {
          EXPECT_EQ(std::this_thread::get_id(), caller);
          EXPECT_EQ(r, "item " + std::to_string(i));
          emitted.push_back(i);
        });
    ASSERT_EQ(completion.size(), n);
    EXPECT_EQ(completion.back(), 0u) << "item 0 was meant to finish last (jobs " << jobs << ")";
    std::vector<std::size_t> in_order(n);
    for (std::size_t i = 0; i < n; ++i) in_order[i] = i;
    EXPECT_EQ(emitted, in_order) << "jobs " << jobs;
  }
}

// `jobs` threads in all, the calling thread one of them: it takes items
// while the next result is not ready instead of sleeping.
TEST(ForEachOrdered, TheCallingThreadIsOneOfTheJobs) {
  for (unsigned jobs : {2u, 3u}) {
    const auto caller = std::this_thread::get_id();
    std::mutex m;
    std::set<std::thread::id> threads;
    std::size_t on_caller = 0;
    std::vector<std::size_t> emitted;
    for_each_ordered(
        24, jobs,
        [&](std::size_t i) {
          std::this_thread::sleep_for(2ms);
          std::lock_guard<std::mutex> lock(m);
          threads.insert(std::this_thread::get_id());
          on_caller += std::this_thread::get_id() == caller;
          return i;
        },
        [&](std::size_t i, std::size_t r) {
          EXPECT_EQ(r, i);
          emitted.push_back(i);
        });
    EXPECT_LE(threads.size(), jobs);
    EXPECT_GE(on_caller, 1u) << "jobs " << jobs;
    EXPECT_EQ(emitted.size(), 24u);
    for (std::size_t i = 0; i < emitted.size(); ++i) EXPECT_EQ(emitted[i], i);
  }
}

TEST(ForEachOrdered, OneJobRunsOnTheCallingThreadItemByItem) {
  const auto caller = std::this_thread::get_id();
  std::vector<std::string> log;
  for_each_ordered(
      3, 1,
      [&](std::size_t i) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        log.push_back("work " + std::to_string(i));
        return i;
      },
      [&](std::size_t i, std::size_t) { log.push_back("emit " + std::to_string(i)); });
  EXPECT_EQ(log, (std::vector<std::string>{"work 0", "emit 0", "work 1", "emit 1", "work 2", "emit 2"}));
}

TEST(ForEachOrdered, NoItemsNoCalls) {
  int calls = 0;
  for_each_ordered(0, 4, [&](std::size_t) { return ++calls; }, [&](std::size_t, int) { ++calls; });
  EXPECT_EQ(calls, 0);
}

// While item 0 is slow, the threads start at most `lookahead` items past
// the last one emitted.
TEST(ForEachOrdered, ASlowItemHoldsBackAtMostTheLookahead) {
  const std::size_t n = 200, lookahead = 8;
  std::atomic<std::size_t> started{0}, max_started_while_0_runs{0};
  for_each_ordered(
      n, 4,
      [&](std::size_t i) {
        ++started;
        if (i == 0) {
          std::this_thread::sleep_for(50ms);
          max_started_while_0_runs = started.load();
        }
        return i;
      },
      [&](std::size_t, std::size_t) {}, lookahead);
  EXPECT_LE(max_started_while_0_runs.load(), lookahead);
  EXPECT_EQ(started.load(), n);
}

// A failing item: the items before it are emitted, nothing after it, and
// the exception reaches the caller after the threads stopped.
TEST(ForEachOrdered, AFailureIsRethrownInItsTurn) {
  for (unsigned jobs : {1u, 3u}) {
    std::vector<std::size_t> emitted;
    EXPECT_THROW(for_each_ordered(
                     50, jobs,
                     [&](std::size_t i) {
                       if (i == 10) throw std::runtime_error("item 10");
                       return i;
                     },
                     [&](std::size_t i, std::size_t) { emitted.push_back(i); }),
                 std::runtime_error);
    ASSERT_EQ(emitted.size(), 10u) << "jobs " << jobs;
    EXPECT_EQ(emitted.back(), 9u);
  }
}

TEST(AvailableCores, AtLeastOneAndNoMoreThanTheMachineHas) {
  const unsigned n = available_cores();
  EXPECT_GE(n, 1u);
  if (std::thread::hardware_concurrency() > 0) EXPECT_LE(n, std::thread::hardware_concurrency());
}

}  // namespace
}  // namespace iamtrim
