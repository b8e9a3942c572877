#include "lint/fixes.hpp"

namespace iamtrim::lint {
namespace {

// The file text the policy's spans point into. Item spans point at the
// item's own bytes even where the whole expression cannot be rewritten
// (YAML, aws_iam_policy_document blocks); the byte checks below and
// apply_fixes()'s re-reading decide whether an edit there is an edit of
// the item.
const SourceFile* editable(const PolicyContext& ctx) { return ctx.source.file.get(); }

std::string_view bytes(const SourceFile& file, const Span& span) {
  if (!span.known() || span.end.offset < span.begin.offset || span.end.offset > file.text().size()) return {};
  return std::string_view(file.text()).substr(span.begin.offset, span.end.offset - span.begin.offset);
}

Span inner(const SourceFile& file, Span span, std::size_t skip) {
  return file.span(span.begin.offset + static_cast<std::uint32_t>(skip),
                   span.end.offset - static_cast<std::uint32_t>(skip));
}

bool separators_only(std::string_view between) {
  for (char c : between)
    if (c != ',' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '-') return false;
  return true;
}

}  // namespace

std::optional<Fix> replace_item(const PolicyContext& ctx, const Item& item, std::string_view text,
                                std::string description) {
  const SourceFile* file = editable(ctx);
  if (!file || item.kind != ValueKind::String) return std::nullopt;
  std::string_view written = bytes(*file, item.span);
  std::size_t quote = 0;
  if (written.size() >= 2 && (written.front() == '"' || written.front() == '\'') && written.back() == written.front())
    quote = 1;
  if (written.substr(quote, written.size() - 2 * quote) != item.text) return std::nullopt;
  return Fix{FixSafety::DisplayOnly, std::move(description), inner(*file, item.span, quote), std::string(text)};
}

std::optional<Fix> remove_item(const PolicyContext& ctx, const ItemList& list, std::size_t index,
                               std::string description) {
  const SourceFile* file = editable(ctx);
  if (!file || list.single || list.opaque || list.items.size() < 2 || index >= list.items.size()) return std::nullopt;
  const Span& item = list.items[index].span;
  if (bytes(*file, item).empty()) return std::nullopt;
  // From this item to the next one, or from the previous one's end to this
  // item's end, so the list keeps its shape.
  bool last = index + 1 == list.items.size();
  std::uint32_t begin = last ? list.items[index - 1].span.end.offset : item.begin.offset;
  std::uint32_t end = last ? item.end.offset : list.items[index + 1].span.begin.offset;
  std::string_view gap = last ? std::string_view(file->text()).substr(begin, item.begin.offset - begin)
                              : std::string_view(file->text()).substr(item.end.offset, end - item.end.offset);
  if (begin >= end || !separators_only(gap)) return std::nullopt;
  return Fix{FixSafety::DisplayOnly, std::move(description), file->span(begin, end), ""};
}

}  // namespace iamtrim::lint
