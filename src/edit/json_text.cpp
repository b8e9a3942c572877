// JSON spelling: heredocs, templates and CloudFormation JSON hold plain JSON;
// a quoted HCL string, a .tf.json string or a CloudFormation string holds
// JSON whose quotes are escaped once more.
#include "edit/internal.hpp"

namespace iamtrim::edit {

std::string json_string(std::string_view name, bool escaped) {
  std::string quote = escaped ? "\\\"" : "\"";
  std::string out = quote;
  for (char ch : name) {
    if (ch == '"' || ch == '\\') out += escaped ? "\\\\\\" : "\\";
    out += ch;
  }
  return out + quote;
}

std::string render_item(const Context& c, std::string_view name, std::string_view like) {
  switch (c.syntax) {
    case Syntax::Hcl:
    case Syntax::PolicyDocument:
      return hcl_string(name);
    case Syntax::Json:
      return json_string(name, false);
    case Syntax::EscapedJson:
      return json_string(name, true);
    case Syntax::Yaml:
      return yaml_scalar(name, like);
  }
  return std::string(name);
}

}  // namespace iamtrim::edit
