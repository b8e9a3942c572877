#include <cstdlib>
#include <string>

#include "iamtrim/rules.hpp"

extern "C" const char iamtrim_rules_data_begin[];
extern "C" const char iamtrim_rules_data_end[];

namespace iamtrim {

const std::vector<RuleFile>& embedded_rule_files() {
  // Parsed once; the bundle is "path\nsize\ncontent" records (cmake/BundleRules.cmake).
  static const std::vector<RuleFile> files = [] {
    std::vector<RuleFile> out;
    std::string_view data(iamtrim_rules_data_begin,
                          static_cast<std::size_t>(iamtrim_rules_data_end - iamtrim_rules_data_begin));
    while (!data.empty()) {
      std::size_t nl = data.find('\n');
      if (nl == std::string_view::npos) break;
      std::string_view path = data.substr(0, nl);
      data.remove_prefix(nl + 1);
      nl = data.find('\n');
      if (nl == std::string_view::npos) break;
      std::size_t size = std::strtoul(std::string(data.substr(0, nl)).c_str(), nullptr, 10);
      data.remove_prefix(nl + 1);
      if (size > data.size()) break;
      out.push_back({path, data.substr(0, size)});
      data.remove_prefix(size);
    }
    return out;
  }();
  return files;
}

std::optional<std::string_view> embedded_rule_file(std::string_view path) {
  for (const RuleFile& f : embedded_rule_files())
    if (f.path == path) return f.content;
  return std::nullopt;
}

const SizeQuota* find_size_quota(std::string_view kind) {
  for (const SizeQuota& q : size_quotas())
    if (q.kind == kind) return &q;
  return nullptr;
}

const SizeQuota* find_size_quota(PolicyKind kind, Attachment attachment) {
  if (kind == PolicyKind::Scp) return find_size_quota("scp");
  if (kind == PolicyKind::Trust) return find_size_quota("trust");
  if (kind == PolicyKind::Resource) return nullptr;
  switch (attachment) {
    case Attachment::InlineUser: return find_size_quota("inline-user");
    case Attachment::InlineGroup: return find_size_quota("inline-group");
    case Attachment::InlineRole: return find_size_quota("inline-role");
    case Attachment::Managed:
    case Attachment::Unknown: return find_size_quota("managed");
  }
  return nullptr;
}

}  // namespace iamtrim
