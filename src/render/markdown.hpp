// Within render/: Markdown pieces the reports share.
#pragma once

#include <string>
#include <string_view>

namespace iamtrim::detail {

// A Markdown table cell: on one line, its pipes literal (the narrowing and
// the account reports). Defined in narrow_markdown.cpp.
std::string markdown_cell(std::string_view s);

}  // namespace iamtrim::detail
