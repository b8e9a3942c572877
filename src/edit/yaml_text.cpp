// YAML spelling: a new item copies the quoting of an item already in the
// list (plain, 'single' or "double"), so the list keeps one style.
#include "edit/internal.hpp"

namespace iamtrim::edit {
namespace {

// Whether a name can be written as a plain scalar anywhere in a block
// sequence: action names (svc:Name, svc:*) can; anything odd is quoted.
bool plain_safe(std::string_view s) {
  if (s.empty()) return false;
  char first = s.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9'))) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return false;
  return s.back() != ':' && s.find_first_of("\t\r\n\"'") == std::string_view::npos;
}

}  // namespace

std::string yaml_scalar(std::string_view name, std::string_view like) {
  char quote = like.empty() ? '\0' : like.front();
  if (quote == '\'' || (quote != '"' && !plain_safe(name))) {
    std::string out = "'";
    for (char ch : name) out += ch == '\'' ? std::string("''") : std::string(1, ch);
    return out + "'";
  }
  if (quote == '"') return json_string(name, false);
  return std::string(name);
}

}  // namespace iamtrim::edit
