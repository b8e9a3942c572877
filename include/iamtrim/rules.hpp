// iamtrim/rules.hpp - the declarative knowledge under rules/, as embedded.
//
// Every YAML file under rules/ (lint rule docs, tracking periods, quotas,
// risk lists) is embedded in the binary at build time, so iamtrim needs no
// data files at run time. Paths are relative to rules/, e.g.
// "lint/IAM001-invalid-json.yaml" or "tracking.yaml".
//
//   if (auto text = embedded_rule_file("lint/IAM601-policy-too-large.yaml")) std::cout << *text;
//
// The data the program runs on (the catalog, risk lists, quotas, tracking
// periods) is also compiled into tables at build time, so that nothing is
// parsed at start: size_quotas() here, Catalog::embedded(),
// TrackingRules::embedded(). The YAML text stays embedded for the docs and
// for tests that check the tables against it.
//
// The data is read-only and lives as long as the program.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "iamtrim/sources.hpp"

namespace iamtrim {

struct RuleFile {
  std::string_view path;     // relative to rules/
  std::string_view content;
};

// Every embedded file, sorted by path.
const std::vector<RuleFile>& embedded_rule_files();

// One file by path, or nullopt.
std::optional<std::string_view> embedded_rule_file(std::string_view path);

// A policy size quota from rules/quotas.yaml, in characters.
struct SizeQuota {
  std::string_view kind;   // managed, inline-user, inline-group, inline-role, trust, scp
  std::size_t limit = 0;
  bool whitespace_counts = false;  // false: whitespace outside strings is not counted
  std::string_view source;         // the AWS page that states it
};

// Every quota, in file order (compiled in at build time).
std::span<const SizeQuota> size_quotas();
// The quota of one kind, or nullptr.
const SizeQuota* find_size_quota(std::string_view kind);
// The quota AWS applies to a policy: trust and SCP by kind, identity
// policies and boundaries by attachment (managed when unknown: a policy
// file of unknown attachment is most often a managed policy). nullptr for
// resource policies, whose limits are per service.
const SizeQuota* find_size_quota(PolicyKind kind, Attachment attachment);

}  // namespace iamtrim
