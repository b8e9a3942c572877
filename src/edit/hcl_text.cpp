// HCL spelling: strings in jsonencode({...}) and aws_iam_policy_document
// blocks are templates, so "${" and "%{" must be doubled to stay literal.
#include "edit/internal.hpp"

namespace iamtrim::edit {

std::string hcl_string(std::string_view name) {
  std::string out = "\"";
  for (std::size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    if (ch == '"' || ch == '\\') out += '\\';
    if ((ch == '$' || ch == '%') && i + 1 < name.size() && name[i + 1] == '{') out += ch;
    out += ch;
  }
  return out + "\"";
}

// A NotAction key becomes Action (in HCL, align_hcl() then re-aligns the "=").
bool rename_not_action(const Context& c, Range key, std::vector<SourceEdit>& out, std::string& error) {
  const std::string& t = c.text();
  std::string_view written(t.data() + key.begin, key.end - key.begin);
  std::string_view from = c.syntax == Syntax::PolicyDocument ? "not_actions" : "NotAction";
  std::string_view to = c.syntax == Syntax::PolicyDocument ? "actions" : "Action";
  std::size_t at = written.find(from);
  if (at == std::string_view::npos) {
    error = "cannot find the " + std::string(from) + " key at line " + std::to_string(c.file.position(key.begin).line);
    return false;
  }
  std::string replacement(to);
  std::uint32_t begin = key.begin + static_cast<std::uint32_t>(at);
  out.push_back(make_edit(c.file, begin, begin + static_cast<std::uint32_t>(from.size()), replacement));
  return true;
}

}  // namespace iamtrim::edit
