#include "parse/locator.hpp"

namespace iamtrim::detail {

Locator::Locator(const SourceFile& file, const OffsetMap* map)
    : file_(file), map_(map && !map->empty() ? map : nullptr), ascii_(file.is_ascii()) {
  last_ = file.position(file.has_bom() ? 3 : 0);
  set_line_end();
}

void Locator::set_line_end() {
  line_end_ = last_.line < file_.line_count() ? file_.line_start(last_.line + 1)
                                              : static_cast<std::uint32_t>(file_.text().size()) + 1;
}

Position Locator::elsewhere(std::uint32_t offset) {
  const std::string& t = file_.text();
  if (offset > t.size()) offset = static_cast<std::uint32_t>(t.size());
  if (offset < last_.offset) return file_.position(offset);
  // Walk the line index forward from the last answer, then count code points
  // from the line start or from the last answer, whichever is later.
  std::uint32_t line = last_.line;
  while (line < file_.line_count() && file_.line_start(line + 1) <= offset) ++line;
  if (line == last_.line) {
    last_.column += ascii_ ? offset - last_.offset : file_.code_points(last_.offset, offset);
  } else {
    const std::uint32_t start = file_.line_start(line);
    last_.line = line;
    last_.column = 1 + (ascii_ ? offset - start : file_.code_points(start, offset));
    set_line_end();
  }
  last_.offset = offset;
  return last_;
}

}  // namespace iamtrim::detail
