// A line diff in the standard unified format (diff -u, 3 lines of context),
// for `iamtrim narrow --diff`.
#pragma once

#include <string>

namespace iamtrim::cli {

// Empty when the texts are equal. A last line without a newline is marked
// "\ No newline at end of file" as diff does.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& old_name,
                         const std::string& new_name);

}  // namespace iamtrim::cli
