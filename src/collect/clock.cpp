// The real clock: wall time, sleeping, and jitter from a per-thread
// generator seeded from the system's entropy.
#include <chrono>
#include <random>
#include <thread>

#include "iamtrim/collect.hpp"

namespace iamtrim {

CollectClock system_clock(double scale) {
  CollectClock c;
  c.now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  c.sleep = [scale](TimeMs ms) {
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long long>(static_cast<double>(ms) * scale * 1000)));
  };
  c.random = [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
  return c;
}

}  // namespace iamtrim
