// Applying edits: sorted, checked for overlap, spliced into a copy.
#include <algorithm>

#include "iamtrim/edit.hpp"

namespace iamtrim {

EditResult apply_edits(const std::string& text, std::vector<SourceEdit> edits) {
  EditResult r;
  auto begin = [](const SourceEdit& e) { return e.range.begin.offset; };
  auto end = [](const SourceEdit& e) { return e.range.end.offset; };
  std::stable_sort(edits.begin(), edits.end(), [&](const SourceEdit& a, const SourceEdit& b) {
    return begin(a) != begin(b) ? begin(a) < begin(b) : end(a) < end(b);
  });
  // Two policies built from one `local` ask for the same edit twice.
  edits.erase(std::unique(edits.begin(), edits.end(),
                          [&](const SourceEdit& a, const SourceEdit& b) {
                            return begin(a) == begin(b) && end(a) == end(b) && a.text == b.text;
                          }),
              edits.end());
  // Deletions that overlap delete their union: two dropped blocks may each
  // claim the blank line between them.
  std::vector<SourceEdit> merged;
  for (SourceEdit& e : edits) {
    if (!merged.empty() && e.text.empty() && merged.back().text.empty() && begin(e) < end(merged.back())) {
      if (end(e) > end(merged.back())) merged.back().range.end = e.range.end;
      continue;
    }
    merged.push_back(std::move(e));
  }
  edits = std::move(merged);
  std::uint32_t at = 0;
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const SourceEdit& e = edits[i];
    auto where = [&] { return std::to_string(e.range.begin.line) + ":" + std::to_string(e.range.begin.column); };
    if (end(e) < begin(e) || end(e) > text.size()) {
      r.error = "edit at " + where() + " is outside the file";
      return r;
    }
    // Half-open ranges may touch; an insertion where another edit starts
    // has no defined order and counts as an overlap.
    bool touch_insert = i > 0 && begin(e) == at && (begin(e) == end(e) || begin(edits[i - 1]) == end(edits[i - 1]));
    if (begin(e) < at || touch_insert) {
      r.error = "edits overlap at " + where();
      return r;
    }
    at = end(e);
  }
  std::string out;
  out.reserve(text.size());
  std::uint32_t copied = 0;
  for (const SourceEdit& e : edits) {
    out.append(text, copied, begin(e) - copied);
    out += e.text;
    copied = end(e);
  }
  out.append(text, copied, std::string::npos);
  r.text = std::move(out);
  return r;
}

}  // namespace iamtrim
