// Path globs for configuration and the directory walk, gitignore-like:
//   '*' any run of characters except '/', '?' one character except '/',
//   '**' any run of characters including '/' ("**/" also matches nothing),
//   a pattern without '/' matches the file or directory name at any depth,
//   a pattern that matches a directory also matches everything under it.
// Everything else is literal (no character classes), matching is
// case-sensitive and paths use '/'.
#pragma once

#include <string_view>

namespace iamtrim::config {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace iamtrim::config
