// The escalation paths a change creates (diff --account), in the gate's
// formats: only the new paths, text and Markdown without the full report's
// header and summary lines.
#include "iamtrim/paths.hpp"
#include "render/paths_sarif.hpp"

namespace iamtrim {

std::optional<std::string> render_path_changes(const PathChanges& changes, std::string_view format) {
  PathsResult shown = changes.after;
  shown.paths = changes.new_paths;
  shown.at_target.clear();
  if (format == "sarif") {
    std::vector<std::string> changed;
    for (const MappedPolicy& m : changes.mapped) changed.push_back(m.file);
    return output::render_paths_sarif(shown, changed);
  }
  if (format == "json") return render_paths_json(shown);
  if (format != "text" && format != "markdown") return std::nullopt;
  std::string out;
  if (changes.new_paths.empty()) {
    out = "no new escalation paths to " + shown.target.label() + " in account " + shown.account + "\n";
  } else {
    out = "new escalation paths to " + shown.target.label() + " in account " + shown.account + ":\n";
    std::string text = render_paths_text(shown);
    // Keep the paths, drop the header and summary lines of the full report.
    std::size_t start = text.find('\n') + 1;
    std::size_t end = text.rfind('\n', text.size() - 2) + 1;
    out += text.substr(start, end - start);
    out += std::to_string(changes.new_paths.size()) + " new escalation path" +
           (changes.new_paths.size() == 1 ? "" : "s") + "\n";
  }
  if (format == "markdown") out = "### Escalation paths\n\n```\n" + out + "```\n";
  return out;
}

}  // namespace iamtrim
