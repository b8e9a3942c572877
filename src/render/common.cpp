#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::render {

std::string rule_doc_url(const RuleInfo& rule) {
  std::string base = IAMTRIM_DOCS_URL;
  return base.empty() ? base : base + rule.code + "-" + rule.slug + ".md";
}

std::string display_path(const std::string& path, const std::filesystem::path& base) {
  namespace fs = std::filesystem;
  if (path == "-" || path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute() && !base.empty()) {
    std::error_code ec;
    fs::path rel = p.lexically_normal().lexically_relative(base.lexically_normal());
    if (!ec && !rel.empty() && *rel.begin() != "..") p = rel;
  } else {
    p = p.lexically_normal();
  }
  std::string out = p.generic_string();
  if (out.rfind("./", 0) == 0) out.erase(0, 2);
  return out;
}

}  // namespace iamtrim::render
