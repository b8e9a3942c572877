// Escaping shared by the renderers of lint findings and of the gate.
#pragma once

#include <string>
#include <string_view>

namespace iamtrim::escape {

// GitHub workflow commands: data (the message) escapes '%', CR and LF;
// properties also ',' and ':'.
std::string github_data(std::string_view s);
std::string github_property(std::string_view s);
// XML 1.0 text and attribute values: the five entities; control characters
// XML cannot carry and invalid UTF-8 become U+FFFD.
std::string xml(std::string_view s);

}  // namespace iamtrim::escape
