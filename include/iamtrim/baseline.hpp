// iamtrim/baseline.hpp - baselines: accept today's findings, fail only on new ones.
//
// A finding's fingerprint hashes what identifies it independently of layout:
// the rule code, the file path relative to the project, the owner, the JSON
// pointer of the element with the statement index replaced by its Sid (when
// it has one) and the offending text. Line numbers are left out, so adding a
// statement above an old finding, reformatting, or reordering Sid'd
// statements does not turn it into a new one.
//
//   std::string fp = fingerprint(finding, "policies/admin.json", sids);
//   Baseline b = ...read_baseline(text, "baseline.json", &error);
//   Suppression s = apply_baseline(b, fingerprints);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iamtrim/lint.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::baseline {

// Statement pointer ("/PolicyDocument/Statement/2") -> Sid, for one policy.
using StatementSids = std::map<std::string, std::string>;
StatementSids statement_sids(const Policy& policy);

// `pointer` with its statement index replaced by "[Sid]" when that statement
// has a Sid: "/Statement/2/Action/0" -> "/Statement[ReadLogs]/Action/0".
std::string stable_pointer(const std::string& pointer, const StatementSids& sids);

// 16 hex digits.
std::string fingerprint(const Finding& finding, const std::string& relative_path, const StatementSids& sids);

struct BaselineEntry {
  std::string fingerprint;
  std::string code;
  std::string file;
  std::string owner;
  std::string message;  // for people reading the file; not matched
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

// JSON, sorted by file, code and fingerprint, so regenerating it gives a
// small diff.
std::string write_baseline(std::vector<BaselineEntry> entries);
std::optional<Baseline> read_baseline(const std::string& text, const std::string& path, std::string* error);

struct Suppression {
  std::vector<bool> suppressed;       // one per fingerprint given
  std::vector<BaselineEntry> fixed;   // baseline entries that matched nothing
};
// Each baseline entry suppresses at most one finding with its fingerprint.
Suppression apply_baseline(const Baseline& baseline, const std::vector<std::string>& fingerprints);

}  // namespace iamtrim::baseline
