#include "support/corpus.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

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

std::optional<std::string> sarif_schema_errors(const std::vector<fs::path>& files, std::string* skip) {
  auto shared = shared_dir();
  fs::path schema = shared ? *shared / "schemas/sarif-schema-2.1.0.json" : fs::path();
  if (!shared || !fs::exists(schema)) {
    *skip = "schemas/sarif-schema-2.1.0.json not found beside the repository (set IAMTRIM_SHARED)";
    return std::nullopt;
  }
  if (std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") != 0) {
    *skip = "python3 with jsonschema (Debian: python3-jsonschema) is not installed";
    return std::nullopt;
  }
  static int runs = 0;
  fs::path script = fs::temp_directory_path() /
                    ("iamtrim-sarif-check-" + std::to_string(::getpid()) + "-" + std::to_string(runs++) + ".py");
  std::ofstream(script) << "import json,sys,jsonschema\n"
                           "v=jsonschema.Draft4Validator(json.load(open(sys.argv[1])), "
                           "format_checker=jsonschema.FormatChecker())\n"
                           "for f in sys.argv[2:]:\n"
                           "    for e in sorted(v.iter_errors(json.load(open(f))), key=str):\n"
                           "        print(f + ': ' + e.message + ' at ' + '/'.join(map(str, e.absolute_path)))\n";
  auto quoted = [](const fs::path& p) { return "'" + p.string() + "'"; };
  std::string cmd = "python3 " + quoted(script) + " " + quoted(schema);
  for (const fs::path& f : files) cmd += " " + quoted(f);
  std::string out;
  if (FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    if (::pclose(pipe) != 0 && out.empty()) out = "the validator failed: " + cmd;
  } else {
    out = "cannot run " + cmd;
  }
  fs::remove(script);
  return out;
}

}  // namespace iamtrim::test
