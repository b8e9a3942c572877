// Replacing a file so that a reader sees the old or the new contents, never
// a mix, and a failure leaves the original untouched (`narrow --write`).
#pragma once

#include <string>

namespace iamtrim::cli {

// Writes `text` to a temporary file in the same directory, flushes it to
// disk, gives it the original's mode and owner, and renames it over `path`
// (the target of a symbolic link, not the link). Returns an empty string on
// success, else the reason.
std::string atomic_write(const std::string& path, const std::string& text);

}  // namespace iamtrim::cli
