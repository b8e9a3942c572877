#include "cli/narrow_output.hpp"

namespace iamtrim::cli {
namespace {

std::string statement_label(const Statement& st) { return st.sid ? st.sid->text : "#" + std::to_string(st.index); }

}  // namespace

ReportFormat report_format(const std::string& path) {
  if (path.ends_with(".md")) return ReportFormat::Markdown;
  if (path.ends_with(".html") || path.ends_with(".htm")) return ReportFormat::Html;
  return ReportFormat::Json;
}

bool write_report_file(const std::string& path, const ReportRenderers& render, const InputFiles& inputs) {
  const ReportFormat format = report_format(path);
  const std::string text = format == ReportFormat::Markdown ? render.markdown()
                           : format == ReportFormat::Html   ? render.html()
                                                            : render.json();
  return write_output_checked("--report", path, text, inputs);
}

bool over_quota(const NarrowResult& r) { return r.changed && !r.size.fits; }

std::string describe_split(const Catalog& c, const NarrowResult& r, PolicyKind kind, Attachment attachment) {
  std::string out = r.size.message + "\n";
  if (r.parts.empty()) {
    out += "  no split exists: a statement is too large alone and its Action list cannot be cut (NotAction, a "
           "computed item, or one item larger than the quota)\n";
    return out;
  }
  out += "  proposed split into " + std::to_string(r.parts.size()) + " policies (create them all and attach them "
         "together in place of this one):\n";
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const Policy& part = r.parts[i];
    std::string labels;
    for (const Statement& st : part.statements) {
      labels += (labels.empty() ? "" : ", ") + statement_label(st);
      if (st.action) labels += " (" + std::to_string(st.action->items.size()) + " items)";
    }
    const SizeReport size = check_size(c, part, kind, attachment);
    out += "  part " + std::to_string(i + 1) + ": " + std::to_string(size.size) + " characters: " + labels + "\n";
  }
  return out;
}

std::string part_path(const std::string& path, std::size_t i) {
  const std::string suffix = ".part" + std::to_string(i);
  if (path.ends_with(".json")) return path.substr(0, path.size() - 5) + suffix + ".json";
  return path + suffix + ".json";
}

std::string parts_json(const std::vector<Policy>& parts) {
  std::string out = "[\n";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string text = write_policy(parts[i], {.pretty = true, .indent = 4});
    if (!text.empty() && text.back() == '\n') text.pop_back();
    out += text + (i + 1 < parts.size() ? ",\n" : "\n");
  }
  return out + "]\n";
}

bool write_part(const std::string& path, const std::string& text, const InputFiles& inputs) {
  return write_output_checked("--split", path, text, inputs);
}

}  // namespace iamtrim::cli
