// Shared by the benchmark programs: wall clock, peak memory, file loading.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace iamtrim::bench {

inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

inline long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// (path, content) of every regular file under `dir` with the extension, sorted.
inline std::vector<std::pair<std::string, std::string>> load_files(const std::filesystem::path& dir,
                                                                   const std::string& ext) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ext) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.emplace_back(e.path().string(), ss.str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace iamtrim::bench
