#include "model.hpp"

#include <algorithm>

namespace iamtrim::importer {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  const std::string key = lower(name);
  for (const auto& existing : list) {
    if (lower(existing) == key) return;
  }
  list.push_back(name);
}

void add_unique(std::vector<ActionResource>& list, const ActionResource& resource) {
  const std::string key = lower(resource.name);
  for (auto& existing : list) {
    if (lower(existing.name) == key) {
      // Listed twice with different flags: required wins, because a
      // required resource is the stricter statement about the action.
      existing.required = existing.required || resource.required;
      return;
    }
  }
  list.push_back(resource);
}

void sort_keys(std::vector<std::string>& keys) {
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    const std::string la = lower(a);
    const std::string lb = lower(b);
    return la != lb ? la < lb : a < b;
  });
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace iamtrim::importer
