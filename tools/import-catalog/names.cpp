#include "names.hpp"

namespace iamtrim::importer {

std::string service_prefix(const Node& node) {
  std::string prefix = node.list_item();
  for (char c : prefix) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    if (!ok) node.fail("service prefix " + in_quotes(prefix) + " has a character other than a-z 0-9 - . _");
  }
  // "." and ".." would name folders, not files, in data/actions/<prefix>.json.
  if (prefix.front() == '.') node.fail("service prefix " + in_quotes(prefix) + " starts with a dot");
  return prefix;
}

std::string action_name(const Node& node) {
  std::string name = node.text();
  for (char c : name) {
    // Characters that would read as wildcards, a service separator or a
    // list separator wherever the name is used.
    if (c == ':' || c == '*' || c == '?' || c == ',' || c == ' ') {
      node.fail("action name " + in_quotes(name) + " contains " + in_quotes(std::string(1, c)));
    }
  }
  return name;
}

std::string resource_name(const Node& node) {
  std::string name = node.list_item();
  if (name.back() == '*') node.fail("resource type " + in_quotes(name) + " ends in '*'");
  return name;
}

}  // namespace iamtrim::importer
