#include "support/corpus.hpp"

#include <algorithm>
#include <cstdlib>

namespace fs = std::filesystem;

namespace iamtrim::test {

std::optional<fs::path> shared_dir() {
  if (const char* env = std::getenv("IAMTRIM_SHARED")) {
    if (fs::is_directory(env)) return fs::path(env);
    return std::nullopt;
  }
  fs::path p = fs::path(IAMTRIM_SOURCE_DIR).parent_path() / "shared";
  if (fs::is_directory(p)) return p;
  return std::nullopt;
}

std::optional<fs::path> corpus_dir() {
  if (const char* env = std::getenv("IAMTRIM_CORPUS")) {
    if (fs::is_directory(env)) return fs::path(env);
    return std::nullopt;
  }
  auto shared = shared_dir();
  if (shared && fs::is_directory(*shared / "corpus")) return *shared / "corpus";
  return std::nullopt;
}

std::optional<fs::path> corpus_path(const std::string& sub) {
  auto dir = corpus_dir();
  if (!dir || !fs::exists(*dir / sub)) return std::nullopt;
  return *dir / sub;
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == extension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace iamtrim::test
