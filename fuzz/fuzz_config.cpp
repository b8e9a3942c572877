// The .iamtrim.yaml parser on arbitrary bytes: it must return a
// configuration or an error naming a position inside the input, never
// crash, hang or throw; then the configuration's globs are matched against
// paths (user-written patterns must not backtrack without bound).
#include <cstdint>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "fuzz_check.hpp"
#include "iamtrim/lint.hpp"

using iamtrim::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  iamtrim::config::ConfigError error;
  auto exists = [](std::string_view code) { return iamtrim::find_rule(code) != nullptr; };
  auto cfg = iamtrim::config::parse_config(text, "fuzz/.iamtrim.yaml", exists, &error);
  if (!cfg) {
    // "fuzz/.iamtrim.yaml[:LINE:COL]: message", the position inside the text.
    const std::string prefix = "fuzz/.iamtrim.yaml";
    require(error.message.rfind(prefix, 0) == 0);
    std::size_t line = 0, column = 0;
    char colon = 0;
    std::istringstream in(error.message.substr(prefix.size()));
    if (in.peek() == ':' && in.get(colon) && in >> line && in.get(colon) && colon == ':' && in >> column) {
      std::size_t lines = 1, longest = 0, current = 0;
      for (char c : text) {
        if (c == '\n') {
          ++lines;
          current = 0;
        } else {
          longest = std::max(longest, ++current);
        }
      }
      require(line >= 1 && line <= lines + 1 && column >= 1 && column <= longest + 2);
    }
    return 0;
  }
  for (const char* path : {"policies/a.json", "deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t.json",
                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"}) {
    (void)iamtrim::config::is_ignored(*cfg, path);
    (void)iamtrim::config::path_rule(*cfg, path);
  }
  return 0;
}
