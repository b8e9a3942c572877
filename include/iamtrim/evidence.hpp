// iamtrim/evidence.hpp - last-accessed evidence and the decisions it supports.
//
// AWS records when each IAM user, group, role or managed policy last tried to
// use each service (and, for tracked services, each management action). This
// stage reads those reports as the AWS CLI prints them, checks them
// (job status, pages, subject, age), and turns them, together with the
// tracking-period rules of rules/tracking.yaml, into one Decision per granted
// action (decision.hpp), which the narrowing stage acts on.
//
//   Catalog catalog = Catalog::embedded();
//   EvidenceResult r = read_evidence_files({"app.p1.json", "app.p2.json"}, {});
//   if (!r.ok()) { for (auto& e : r.errors) std::cerr << format_error(e) << "\n"; }
//   TrackingRules rules = TrackingRules::embedded();
//   DecisionInput in;  in.window_days = 90;  in.required_subjects = {"arn:aws:iam::1:role/App"};
//   DecideResult d = decide(catalog, granted, r.reports, rules, in);
//
// Contract (README "Evidence", docs/evidence.md): an action is removable only
// with positive evidence, i.e. its service was not accessed during the whole
// window and service-level tracking covered that window in every Region in
// scope, or it is listed as a tracked action, was not accessed during the
// whole window, and action-level tracking covered that window. Absence from
// a report is never evidence of non-use.
//
// A report speaks only up to its job's creation less AWS's reporting delay
// (report_covers_until); use shown in any report about a principal keeps an
// action; only a report that reaches the end of the window can prove non-use.
//
// Time: all instants are UTC milliseconds since 1970-01-01 (TimeMs); dates are
// days since 1970-01-01 (Days). Nothing here reads the wall clock: the as-of
// instant defaults to what the reports cover, and the current time, needed to
// refuse reports dated in the future, is an input (DecisionInput::now), so
// results are reproducible.
//
// Every function returns errors as values; none throws. Everything here is
// immutable after construction and safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/decision.hpp"
#include "iamtrim/source.hpp"

namespace iamtrim {

// ---- Civil dates and timestamps (proleptic Gregorian, UTC) ----------------

using TimeMs = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z
using Days = std::int64_t;    // days since 1970-01-01
inline constexpr TimeMs kMsPerDay = 86'400'000;

Days days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(Days days, int& year, unsigned& month, unsigned& day);
// "YYYY-MM-DD" only; nullopt when malformed or not a real date.
std::optional<Days> parse_date(std::string_view text);
// Every form AWS prints: "2019-10-01T03:50:35Z", "...35.929Z",
// "2024-07-22T20:40:58.413698+00:00", "2019-10-01 03:50:35+00:00", other
// offsets ("+05:30", "-0800"). A zone is required: a bare local time is
// ambiguous and is refused. Fractions below a millisecond are truncated.
std::optional<TimeMs> parse_timestamp(std::string_view text);
// A JSON number of epoch seconds (possibly fractional, as the AWS CLI prints
// timestamps of JSON-protocol services with --cli-timestamp-format none) or
// of epoch milliseconds; exact decimal arithmetic, no floating point.
enum class EpochUnit { Seconds, Milliseconds };
std::optional<TimeMs> parse_epoch(std::string_view number, EpochUnit unit);
std::string format_date(Days days);        // "2021-04-07"
std::string format_timestamp(TimeMs time);  // "2021-04-07T10:00:00Z" (".123" when not whole seconds)
inline Days day_of(TimeMs time) { return time >= 0 ? time / kMsPerDay : -((-time + kMsPerDay - 1) / kMsPerDay); }

// ---- The report model -----------------------------------------------------

enum class ReportKind {
  ServiceLastAccessed,   // iam get-service-last-accessed-details
  WithEntities,          // iam get-service-last-accessed-details-with-entities
  OrganizationsAccess,   // iam get-organizations-access-report
  UnusedAccessFindings,  // accessanalyzer get-finding-v2 (UnusedPermission)
};
std::string_view to_string(ReportKind kind);  // "service-last-accessed", ...

enum class Granularity { ServiceLevel, ActionLevel };
std::string_view to_string(Granularity g);  // "SERVICE_LEVEL", "ACTION_LEVEL"

struct TrackedAction {
  std::string action;                  // "ec2:RunInstances" (prefix added when AWS omits it)
  std::optional<TimeMs> last_accessed; // absent: not accessed during the tracking period
  std::string region;
  std::string entity;
};

struct ServiceAccess {
  std::string service_namespace;            // "lambda"
  std::string service_name;                 // "AWS Lambda"
  std::optional<TimeMs> last_authenticated; // absent: not accessed during the tracking period
  std::string region;                       // LastAuthenticatedRegion / Region
  std::string entity;                       // LastAuthenticatedEntity; EntityPath in organizations reports
  std::optional<int> total_entities;
  // ACTION_LEVEL jobs: whether AWS gave a TrackedActionsLastAccessed list at all
  // (null or missing is ambiguous and proves nothing about any action).
  bool has_tracked_actions = false;
  std::vector<TrackedAction> tracked_actions;
  // Access Analyzer: the whole service is unused (no action list given).
  bool whole_service_unused = false;
  std::string pointer;  // JSON pointer of the entry in its file, for messages
};

struct EntityAccess {  // with-entities reports
  std::string arn, name, type, id, path;
  std::optional<TimeMs> last_authenticated;
};

struct Report {
  ReportKind kind = ReportKind::ServiceLastAccessed;
  std::vector<std::string> files;  // one per page, in the order given
  std::string subject;             // ARN, or organizations entity path; empty when unknown
  std::string subject_origin;      // "report", "sidecar FILE", "option"
  std::string service_namespace;   // with-entities: the service the job was asked about
  std::string job_id;              // when known (sidecar, Access Analyzer finding id)
  TimeMs job_created = 0;
  std::optional<TimeMs> job_completed;
  Granularity granularity = Granularity::ServiceLevel;
  std::vector<ServiceAccess> services;  // sorted by namespace
  std::vector<EntityAccess> entities;   // with-entities only
  // Paging as printed: IsTruncated/Marker (IAM) or nextToken (Access Analyzer).
  bool truncated = false;
  std::string marker;
  // Where the job dates were read (the first page), for messages.
  Span created_span, completed_span;
  std::string created_pointer, completed_pointer;
  TimeMs job_date() const { return job_completed ? *job_completed : job_created; }
  const ServiceAccess* find_service(std::string_view service_namespace) const;
};

struct EvidenceError {
  std::string file;
  Span span;            // unknown for problems that are not at one place in a file
  std::string pointer;  // JSON pointer, when the problem is at one element
  std::string message;  // lower-case, names the offending value
};
// "file:line:col: message" (or "file: message" without a position).
std::string format_error(const EvidenceError& error);

struct EvidenceResult {
  std::vector<Report> reports;
  std::vector<EvidenceError> errors;
  bool ok() const { return errors.empty(); }
};

struct ReadOptions {
  // The subject of every report read (--principal); overrides the sidecar
  // and must agree with the subject a report names itself.
  std::string subject;
};

// Reads one evidence file (text already loaded). Pages are not merged here.
// A sidecar FILE.request.json (the request input, as for --cli-input-json:
// {"Arn": ..., "Granularity": ..., "EntityPath": ..., "ServiceNamespace": ...,
// "JobId": ...}) may be passed as `sidecar` to name the subject.
EvidenceResult read_evidence(const SourceFile& file, const SourceFile* sidecar, const ReadOptions& options);

// The sidecar that names the subject of an evidence file:
// "evidence/app.json" -> "evidence/app.request.json".
std::string evidence_sidecar_path(const std::string& evidence_path);

// Files that are not evidence but often sit beside it, as "unknown evidence
// format" names them: an IAM policy document, an iamtrim narrowing report
// (one policy's --report FILE.json, an account's detail file or --report),
// get-account-authorization-details output.
enum class NotEvidence { Unrecognised, PolicyDocument, NarrowingReport, AuthorizationDetails };
NotEvidence recognise_not_evidence(const Value& root);

// Reads files from disk, each with its sidecar when one exists beside it,
// without merging pages (account mode names subjects by file name first).
EvidenceResult read_evidence_pages(const std::vector<std::string>& paths, const ReadOptions& options);

// Reads files from disk (each with its sidecar when one exists beside it)
// and merges the pages of one job into one report (merge_pages).
EvidenceResult read_evidence_files(const std::vector<std::string>& paths, const ReadOptions& options);

// Merges reports that are pages of one job: same kind, subject, job dates and
// granularity; exactly one last page (IsTruncated false); no service twice.
// Reports of different jobs pass through unchanged. A page that names no
// subject joins the job with its dates only when a single subject's job can
// take it (a job with its last page takes no other last page); when the jobs
// of several subjects could, it is an error asking for its sidecar.
EvidenceResult merge_pages(std::vector<Report> pages);

// ---- Tracking-period rules (rules/tracking.yaml + .iamtrim.yaml) ----------

struct DatedFact {
  Days date = 0;
  std::string source;  // URL or "config FILE:LINE"
  friend bool operator==(const DatedFact&, const DatedFact&) = default;
};

struct TrackingRules {
  // How far back service-level data reaches from a job's creation, by the
  // day the job was created: the entry with the latest `from` not after it
  // (the first entry has from = the earliest representable day).
  struct Retention {
    Days from = 0;
    int days = 0;
    std::string source;
    friend bool operator==(const Retention&, const Retention&) = default;
  };
  std::vector<Retention> service_level;  // sorted by `from`
  int activity_delay_hours = 0;  // recent activity may be missing from a report
  std::string activity_delay_source;
  // Lower-case service prefix, or "*" for every other service.
  std::map<std::string, DatedFact> action_level_start;
  struct Region {
    Days date = 0;                  // tracking began
    std::optional<Days> launched;   // absent: unknown, taken as before `date`
    std::string source, launch_source;
    // Whether the Region can hide activity from before its tracking date:
    // only a Region that existed before tracking began there.
    bool bounds_windows() const { return !launched || *launched < date; }
    friend bool operator==(const Region&, const Region&) = default;
  };
  std::map<std::string, Region> region_start;  // Regions not here provide no data
  DatedFact region_table_captured;             // when the Region table was read from AWS's page
  struct NeverTracked {
    std::string pattern;  // IAM action pattern, e.g. "iam:PassRole"
    std::string source;
    friend bool operator==(const NeverTracked&, const NeverTracked&) = default;
  };
  std::vector<NeverTracked> never_tracked;
  // Checked without an API call of their own service; kept unless the
  // configuration lifts them (evidence.remove_permission_only).
  struct PermissionOnly {
    std::string pattern, reason, source;
    friend bool operator==(const PermissionOnly&, const PermissionOnly&) = default;
  };
  std::vector<PermissionOnly> permission_only;
  // Every field compared: a test holds the compiled-in copy equal to the YAML.
  friend bool operator==(const TrackingRules&, const TrackingRules&) = default;

  // The copy of rules/tracking.yaml compiled in at build time (read by
  // parse_tracking_rules() then; nothing is parsed at run time).
  static const TrackingRules& embedded();
  // When action-level tracking began for a service, before Regions are considered.
  DatedFact action_start(std::string_view service_prefix) const;
  bool is_never_tracked(std::string_view full_action_name) const;
  const PermissionOnly* permission_only_entry(std::string_view full_action_name) const;
  // The service-level history in force for a job created at `job_created`.
  const Retention& retention_at(TimeMs job_created) const;
  // The last instant a report can speak for: its job's creation (a
  // finding's analysis) less the reporting delay.
  TimeMs report_covers_until(const Report& report) const;
};

struct TrackingRulesResult {
  std::optional<TrackingRules> rules;
  std::vector<EvidenceError> errors;
};
// Parses a complete rules file (the tracking.yaml schema).
TrackingRulesResult parse_tracking_rules(std::string_view yaml, const std::string& file);

// ---- What to decide, and deciding it ---------------------------------------

struct DecisionInput {
  // The end of the window. Default: what the reports cover, i.e. for each
  // principal the newest report's report_covers_until(), and the earliest of
  // those when several principals use the policy. A window that ends after a
  // report's coverage is not proven by that report (window-after-report).
  std::optional<TimeMs> as_of;
  // The current time. Reports whose job is dated after it are refused; unset
  // (tests, library callers without a clock): not checked. The CLI fills it.
  std::optional<TimeMs> now;
  int window_days = 90;
  // Longer (or shorter) windows for some services ("ec2") or actions
  // ("ec2:RunInstances", wildcards allowed); the action entry wins.
  std::map<std::string, int> service_window_days;
  std::map<std::string, int> action_window_days;
  // Regions the principal may act in. Empty: every Region of the rules'
  // table in the subject's partition.
  std::vector<std::string> regions;
  std::optional<int> max_report_age_days;  // reports older than this (at as_of) are refused
  std::optional<TimeMs> subject_created;   // principal or policy creation
  std::vector<std::string> protected_patterns;  // action patterns never removed
  // Principals whose evidence is needed (everyone the policy is attached to);
  // empty: take the reports' own subjects. A report about `policy_arn`
  // itself covers every principal it is attached to.
  std::vector<std::string> required_subjects;
  std::string policy_arn;
  bool allow_subject_mismatch = false;  // accept reports about other subjects
  // Action names the policy grants that the catalog does not know.
  std::vector<std::string> unknown_actions;
  // Fill Decision::detail and Decision::evidence. Without it only the
  // reasons are decided (what narrowing needs), which is several times
  // cheaper: account mode turns it off when no --report is asked for.
  bool explain = true;
  // With explain, also write each decision's sentence (Decision::detail).
  // Without it the evidence is filled in and every detail the evidence
  // stage writes stays empty: account mode turns it off for reports that
  // show no sentence (the HTML page; a summary without detail files), as
  // an account's sentences are most of its decisions' memory.
  bool sentences = true;
};

// Tracking-rule overrides and decision settings from .iamtrim.yaml:
//   tracking: { same keys as rules/tracking.yaml; entries replace or add }
//   evidence: { window_days, windows: {svc|svc:Action: days}, regions: [...],
//               max_report_age_days, protect: [patterns],
//               remove_permission_only: [patterns] }
// A file with any error changes nothing.
struct EvidenceConfigResult {
  std::vector<EvidenceError> errors;
  bool ok() const { return errors.empty(); }
};
EvidenceConfigResult apply_evidence_config(std::string_view yaml, const std::string& file, TrackingRules& rules,
                                           DecisionInput& input);

struct DecideResult {
  Decisions decisions;  // empty when errors is not
  std::vector<EvidenceError> errors;
  std::vector<std::string> notes;  // things a reviewer should know (activity delay, ...)
  // Evidence that contradicts itself or AWS's documentation, or a stale
  // Region table; the decisions already account for it (they keep).
  std::vector<std::string> warnings;
  bool ok() const { return errors.empty(); }
};

// One Decision per action in `granted`, plus one per unknown action name.
DecideResult decide(const Catalog& catalog, const ActionSet& granted, const std::vector<Report>& reports,
                    const TrackingRules& rules, const DecisionInput& input);

// Organizations access reports: per service, whether the OU or account
// (the report's entity path) accessed it within the window. Only
// ServiceNotAccessed entries support an SCP Deny.
struct ServiceDecision {
  std::string service_namespace;
  std::string service_name;
  Decision decision;
};
struct OrgDecideResult {
  std::vector<ServiceDecision> services;  // sorted by namespace
  std::vector<EvidenceError> errors;
  std::vector<std::string> warnings;
  TimeMs as_of = 0;
  bool ok() const { return errors.empty(); }
};
OrgDecideResult decide_services(const Report& organizations_report, const TrackingRules& rules,
                                const DecisionInput& input);

}  // namespace iamtrim
