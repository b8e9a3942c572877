#include "parse/locator.hpp"

namespace iamtrim::detail {

Locator::Locator(const SourceFile& file, const OffsetMap* map) : file_(file), map_(map) {
  last_ = file.position(file.has_bom() ? 3 : 0);
}

Position Locator::at(std::uint32_t derived) {
  std::uint32_t offset = map_ && !map_->empty() ? map_->to_original(derived) : derived;
  const std::string& t = file_.text();
  if (offset > t.size()) offset = static_cast<std::uint32_t>(t.size());
  if (offset < last_.offset) return file_.position(offset);
  for (std::uint32_t i = last_.offset; i < offset; ++i) {
    char c = t[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= t.size() || t[i + 1] != '\n'))) {
      ++last_.line;
      last_.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++last_.column;
    }
  }
  last_.offset = offset;
  return last_;
}

}  // namespace iamtrim::detail
