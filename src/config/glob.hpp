// Path globs for configuration and the directory walk, gitignore-like:
//   '*' any run of characters except '/', '?' one character except '/',
//   '**' any run of characters including '/' ("**/" also matches nothing),
//   a pattern without '/' matches the file or directory name at any depth,
//   a pattern that matches a directory also matches everything under it.
// Everything else is literal (no character classes), matching is
// case-sensitive and paths use '/'.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace iamtrim::config {

bool glob_match(std::string_view pattern, std::string_view path);

// The path a file's globs are matched against: `path` made absolute against
// `cwd` (an absolute path) and relative to `base` (absolute) when inside it
// ("." for `base` itself), else `path` lexically normalised; '/'
// separators. Plain paths, what a directory walk yields, are worked out on
// the string alone; anything with "." or ".." components, doubled or
// trailing slashes goes through std::filesystem's lexical operations.
std::string glob_path(std::string_view path, const std::filesystem::path& base, const std::filesystem::path& cwd);

}  // namespace iamtrim::config
