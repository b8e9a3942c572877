// iamtrim/decision.hpp - what the evidence says about each granted action.
//
// The evidence stage (evidence.hpp) turns last-accessed reports and the
// tracking-period rules into one Decision per catalog action a policy
// grants; the narrowing stage (narrow.hpp) removes exactly the actions whose
// Decision is removable and explains every one of them. This header is the
// contract between the two.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"

namespace iamtrim {

// Every reason has a slug (to_string) and a paragraph that explains it
// (explain_reason; `iamtrim explain kept:SLUG` prints it).
enum class DecisionReason {
  Used,                    // accessed within the window: kept
  ServiceNotAccessed,      // removable: service not accessed during the whole window
  ActionNotAccessed,       // removable: tracked action not accessed during the whole window
  NotTracked,              // kept: the action is never reported (data plane, iam:PassRole)
  TrackingTooRecent,       // kept: service/action/Region tracking started inside the window
  SubjectTooYoung,         // kept: principal or policy younger than the window
  Protected,               // kept: configuration protects it
  UnknownToCatalog,        // kept: the catalog does not know the action
  IncompleteCoverage,      // kept: the evidence does not cover every principal using the policy
  NoEvidence,              // kept: no report mentions the service or action
  PermissionOnly,          // kept: checked without an API call of its own service
  WindowAfterReport,       // kept: the window ends after the newest report can speak
  RegionWithoutData,       // kept: a Region in scope is missing from the tracking table
  BeyondRetention,         // kept: the window reaches back further than AWS keeps data
  ContradictoryReport,     // kept: the report contradicts itself about the service
  // Decided by the narrowing stage, never by the evidence: the action is
  // proven unused, but a wildcard item that would lose only low-risk (List,
  // Read) actions keeps it (narrow.hpp, LowRiskWildcards).
  LowRiskWildcard,
};
inline constexpr DecisionReason kAllDecisionReasons[] = {
    DecisionReason::Used,               DecisionReason::ServiceNotAccessed, DecisionReason::ActionNotAccessed,
    DecisionReason::NotTracked,         DecisionReason::TrackingTooRecent,  DecisionReason::SubjectTooYoung,
    DecisionReason::Protected,          DecisionReason::UnknownToCatalog,   DecisionReason::IncompleteCoverage,
    DecisionReason::NoEvidence,         DecisionReason::PermissionOnly,     DecisionReason::WindowAfterReport,
    DecisionReason::RegionWithoutData,  DecisionReason::BeyondRetention,    DecisionReason::ContradictoryReport,
    DecisionReason::LowRiskWildcard};
std::string_view to_string(DecisionReason reason);  // "used", "service-not-accessed", ...
std::optional<DecisionReason> parse_decision_reason(std::string_view slug);
bool is_removable(DecisionReason reason);

// What a reason means, why iamtrim decides so, and what to do about it:
// a title line, then paragraphs. Every word is about the binary's behaviour.
struct ReasonDoc {
  std::string_view summary;  // one line
  std::string_view details;  // paragraphs separated by blank lines
  std::string_view action;   // what the reader can do
};
const ReasonDoc& explain_reason(DecisionReason reason);

// The report a decision rests on. One copy per report, shared by every
// decision drawn from it: a policy of 300 actions judged on one report holds
// its file and subject once, not 300 times (an account holds millions of
// decisions).
struct ReportFacts {
  std::string file;      // evidence file(s)
  std::string subject;   // ARN or path the report is about
  std::string job_date;  // YYYY-MM-DD (the report's JobCompletionDate / JobCreationDate)
};

// The tracking rule a decision applied, shared in the same way: one copy
// per report, service and window, not one per action.
struct TrackingFacts {
  std::string start;  // YYYY-MM-DD the relevant tracking period began
  std::string rule;   // the rule in words, e.g. "action-level tracking for ec2 since 2021-04-07"
};

// Where a decision came from, for the report.
struct EvidenceRef {
  std::shared_ptr<const ReportFacts> report;  // null when no report decided (none was given)
  // The report's facts; empty strings without a report.
  const std::string& file() const { return report ? report->file : empty_(); }
  const std::string& subject() const { return report ? report->subject : empty_(); }
  const std::string& job_date() const { return report ? report->job_date : empty_(); }

  // When the report last saw the action or service used: milliseconds since
  // 1970-01-01T00:00:00Z (a TimeMs of evidence.hpp); absent when never. A
  // number, not text: an account holds millions of decisions.
  std::optional<std::int64_t> last_accessed_at;
  // The same as an ISO timestamp ("2024-06-20T10:00:00Z", format_timestamp);
  // empty when never.
  std::string last_accessed() const;
  int window_days = 0;
  std::shared_ptr<const TrackingFacts> tracking;  // null when no tracking rule was applied
  // The tracking rule's facts; empty strings without one.
  const std::string& tracking_start() const { return tracking ? tracking->start : empty_(); }
  const std::string& rule() const { return tracking ? tracking->rule : empty_(); }

 private:
  static const std::string& empty_() {
    static const std::string kEmpty;
    return kEmpty;
  }
};

struct Decision {
  DecisionReason reason = DecisionReason::NoEvidence;
  EvidenceRef evidence;
  std::string detail;  // one sentence a reviewer can read
};

// Decisions keyed by catalog id, in id order: a sorted vector with the part
// of std::map's interface iamtrim uses. An account makes a decision per
// action and principal (about a million at 5,000 roles); a tree node each
// was a tenth of `narrow --account`'s instructions. Adding ids in ascending
// order (emplace_hint at end()) appends; another id is inserted in place.
class DecisionMap {
 public:
  using value_type = std::pair<ActionId, Decision>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }
  void reserve(std::size_t n) { items_.reserve(n); }

  iterator find(ActionId id);
  const_iterator find(ActionId id) const;
  std::size_t count(ActionId id) const { return find(id) != end() ? 1 : 0; }
  Decision& at(ActionId id);  // throws std::out_of_range when absent
  const Decision& at(ActionId id) const;
  Decision& operator[](ActionId id);  // adds a default Decision when absent
  // Adds {id, decision} unless id is there; `hint` is where it would go
  // (end() for ids added in ascending order). As std::map's.
  iterator emplace_hint(const_iterator hint, ActionId id, Decision decision);
  std::pair<iterator, bool> emplace(ActionId id, Decision decision);

 private:
  std::vector<value_type> items_;  // ascending ids, each once
};

// Decisions for the actions a policy grants, keyed by catalog id.
struct Decisions {
  DecisionMap by_action;
  ActionSet removable(std::size_t universe) const;  // ids whose reason is_removable
  ActionSet used(std::size_t universe) const;
  std::string as_of;            // YYYY-MM-DD the decisions hold for
  // Granted names the catalog does not know (kept: UnknownToCatalog), keyed
  // by the name as written in the policy.
  std::map<std::string, Decision> unknown;
};

}  // namespace iamtrim
