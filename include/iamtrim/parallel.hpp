// iamtrim/parallel.hpp - independent work items on several threads, their
// results handed on in input order.
//
//   for_each_ordered(files.size(), available_cores(),
//                    [&](std::size_t i) { return lint_one(files[i]); },   // any thread
//                    [&](std::size_t i, Result r) { print(r); });         // calling thread, i = 0, 1, 2, ...
//
// What `emit` sees (the indices, their order, the results) does not depend
// on the number of threads: output assembled in `emit` is byte-identical
// for one thread and for many, provided `work` itself depends only on i.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace iamtrim {

// The cores this process may run on: its CPU affinity mask (what `taskset`
// and container CPU sets allow), not the machine's count. At least 1.
unsigned available_cores();

// Runs work(i) for every i in [0, n) on `jobs` threads, the calling thread
// being one of them, and calls emit(i, result) on the calling thread in
// index order, each as soon as it and every earlier item are done. With
// jobs <= 1 (or n <= 1) everything runs on the calling thread, item by item,
// and no thread is started.
//
// The calling thread works too: while the next result to emit is not ready
// it takes the next item itself, and it sleeps only when there is nothing
// left to take. So `jobs` threads keep `jobs` cores busy, and the threads
// wake each other only when one waits for the other (not once per item).
//
// At most `lookahead` results wait for an earlier, slower item to finish
// (then the threads pause), so memory stays bounded whatever the order of
// completion. An exception thrown by work(i) or emit stops the others from
// starting new items and is rethrown here, once every thread has finished.
template <typename Work, typename Emit>
void for_each_ordered(std::size_t n, unsigned jobs, const Work& work, const Emit& emit,
                      std::size_t lookahead = 256) {
  using Result = std::invoke_result_t<const Work&, std::size_t>;
  if (jobs <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) emit(i, work(i));
    return;
  }
  struct Slot {
    std::optional<Result> value;
    std::exception_ptr error;
    bool done = false;
  };
  std::vector<Slot> slots(n);
  std::mutex mutex;
  std::condition_variable ready, room;  // the calling thread waits on `ready`, the others on `room`
  std::size_t next = 0, emitted = 0;    // next item to take; items emitted so far
  std::size_t pausing = 0;              // threads waiting on `room`
  bool stop = false, caller_waits = false;
  lookahead = std::max<std::size_t>(lookahead, jobs);
  auto may_take = [&] { return !stop && next < n && next < emitted + lookahead; };
  // Runs item i (taken under the lock, run without it) and files its result.
  // Returns whether the calling thread waits for exactly this item.
  auto run = [&](std::size_t i) {
    Slot s;
    try {
      s.value.emplace(work(i));
    } catch (...) {
      s.error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex);
    slots[i] = std::move(s);
    slots[i].done = true;
    return caller_waits && i == emitted;
  };
  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stop && next < n && !may_take()) {
          ++pausing;
          room.wait(lock);
          --pausing;
        }
        if (!may_take()) return;
        i = next++;
      }
      if (run(i)) ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  const std::size_t helpers = std::min<std::size_t>(jobs, n) - 1;
  std::exception_ptr failure;
  try {
    for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(worker);
    for (std::size_t i = 0; i < n; ++i) {
      Slot s;
      bool wake = false;
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (!slots[i].done) {
          if (may_take()) {
            std::size_t j = next++;
            lock.unlock();
            run(j);
            lock.lock();
            continue;
          }
          caller_waits = true;
          ready.wait(lock);
          caller_waits = false;
        }
        s = std::move(slots[i]);
        slots[i] = Slot{};
        emitted = i + 1;
        wake = pausing > 0;
      }
      if (wake) room.notify_all();
      if (s.error) std::rethrow_exception(s.error);
      emit(i, std::move(*s.value));
    }
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
  }
  room.notify_all();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace iamtrim
