// Account mode: match every report to the principal or managed policy it is
// about, work out whose evidence each policy needs, and narrow each policy
// on exactly that evidence (narrow_one.cpp).
#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_map>

#include "account/internal.hpp"
#include "evidence/coverage.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/parallel.hpp"

namespace iamtrim {
namespace {

using account::PolicyEvidence;

// "/RoleDetailList/3/RolePolicyList/0/PolicyDocument" -> "/RoleDetailList/3".
std::string entry_of(const std::string& pointer) {
  std::size_t second = pointer.find('/', 1);
  if (second == std::string::npos) return pointer;
  std::size_t third = pointer.find('/', second + 1);
  return third == std::string::npos ? pointer : pointer.substr(0, third);
}

struct Matcher {
  const Account& account;
  // Reports by subject, with the account's own ARN as their subject.
  std::vector<std::vector<Report>> of_principal, of_policy;
  std::unordered_map<std::string, std::vector<std::size_t>> members;  // lower-case group name -> users

  bool has_evidence(std::size_t p) const { return !of_principal[p].empty(); }

  // Who acts through a policy attached to principal p: p itself, or for a
  // group without its own report, its member users.
  std::vector<std::size_t> acting(std::size_t p) const {
    const AccountPrincipal& pr = account.principals[p];
    if (pr.type != PrincipalType::Group || has_evidence(p)) return {p};
    auto it = members.find(to_lower(pr.name));
    if (it == members.end() || it->second.empty()) return {p};
    return it->second;
  }

  PolicyEvidence evidence_of(const std::vector<std::size_t>& attached) const {
    PolicyEvidence ev;
    std::vector<std::size_t> subjects;
    for (std::size_t p : attached)
      for (std::size_t s : acting(p))
        if (std::find(subjects.begin(), subjects.end(), s) == subjects.end()) subjects.push_back(s);
    for (std::size_t s : subjects) {
      const AccountPrincipal& pr = account.principals[s];
      ev.subjects.push_back(pr.arn);
      if (!has_evidence(s)) ev.missing.push_back(pr.owner());
      if (has_evidence(s)) ev.groups.push_back(&of_principal[s]);
      // The youngest principal limits what all of them can prove.
      if (pr.created && (!ev.youngest_created || *pr.created > *ev.youngest_created))
        ev.youngest_created = pr.created;
    }
    return ev;
  }
};

std::vector<std::string> principal_list(const Account& a, const std::vector<std::size_t>& attached, const Matcher& m) {
  std::vector<std::string> out;
  for (std::size_t p : attached)
    out.push_back(a.principals[p].owner() + (m.acting(p) != std::vector<std::size_t>{p} ? " (through its members)" : ""));
  return out;
}

}  // namespace

std::string_view AccountPolicyResult::kind() const {
  if (outcome == AccountOutcome::AwsManaged) return "aws-managed";
  return arn.empty() ? "inline" : "managed";
}

std::string_view AccountPolicyResult::note() const {
  if (outcome != AccountOutcome::AwsManaged) return {};
  return "AWS owns this policy, so it cannot be edited: to narrow it, replace it with a customer-managed copy and "
         "narrow that";
}

bool AccountNarrowResult::rewrite_due() const {
  return std::any_of(policies.begin(), policies.end(), [](const AccountPolicyResult& p) { return p.rewrite_due(); });
}

bool AccountNarrowResult::verified() const {
  return std::none_of(policies.begin(), policies.end(),
                      [](const AccountPolicyResult& p) { return p.outcome == AccountOutcome::Failed; });
}

namespace {

// narrow_account() of either form; with `release` (the account's own
// policies, when the caller hands the account over) each document is
// dropped once its policy is judged, with the file it points into.
AccountNarrowResult narrow(const Catalog& catalog, const Account& a, std::vector<Report> reports,
                           const TrackingRules& rules, const AccountOptions& options, std::vector<FoundPolicy>* release) {
  AccountNarrowResult out;
  Matcher m{a, std::vector<std::vector<Report>>(a.principals.size()), std::vector<std::vector<Report>>(a.managed.size()),
            {}};
  const account::SubjectIndex index(a);
  TimeMs newest = 0;
  std::size_t used = 0;
  for (Report& r : reports) {
    UnmatchedEvidence u{evidence::join(r.files), r.subject, ""};
    SubjectMatch s;
    if (r.kind == ReportKind::OrganizationsAccess) u.reason = "an organizations access report judges OUs and accounts: use --organizations";
    else if (r.kind == ReportKind::WithEntities) u.reason = "a with-entities report names who used a service; it decides no action";
    else if (r.subject.empty()) u.reason = "the report does not name its subject: add a FILE.request.json sidecar";
    else if (!(s = index.find(r.subject)).matched()) u.reason = "names no principal or managed policy of the account";
    else if (s.policy && a.managed[*s.policy].aws_managed) u.reason = "an AWS-managed policy cannot be narrowed";
    if (!u.reason.empty()) {
      out.unmatched.push_back(std::move(u));
      continue;
    }
    // A role's or user's own report names only that principal as the one who accessed.
    if (std::string why = entity_contradiction(r); !why.empty()) {
      out.errors.push_back({u.file, {}, "", why});
      continue;
    }
    // decide() compares subjects as strings: give it the account's own ARN.
    r.subject = s.principal ? a.principals[*s.principal].arn : a.managed[*s.policy].arn;
    newest = std::max(newest, r.job_date());
    (s.principal ? m.of_principal[*s.principal] : m.of_policy[*s.policy]).push_back(std::move(r));
    ++used;
  }
  for (std::size_t i = 0; i < a.principals.size(); ++i)
    if (a.principals[i].type == PrincipalType::User)
      for (const std::string& g : a.principals[i].groups) m.members[to_lower(g)].push_back(i);
  if (options.input.as_of) out.as_of = format_date(day_of(*options.input.as_of));
  else if (used) out.as_of = format_date(day_of(newest));

  for (std::size_t i = 0; i < a.principals.size(); ++i) {
    const AccountPrincipal& p = a.principals[i];
    bool covered = m.has_evidence(i);
    if (!covered && p.type == PrincipalType::Group) {
      std::vector<std::size_t> acting = m.acting(i);
      covered = acting != std::vector<std::size_t>{i} &&
                std::all_of(acting.begin(), acting.end(), [&](std::size_t s) { return m.has_evidence(s); });
    }
    if (!covered) out.without_evidence.push_back(p.owner());
  }

  std::unordered_map<std::string, std::size_t> principal_at, managed_at;
  for (std::size_t i = 0; i < a.principals.size(); ++i) principal_at[a.principals[i].pointer] = i;
  for (std::size_t i = 0; i < a.managed.size(); ++i) managed_at[a.managed[i].pointer] = i;
  std::unordered_map<std::string, std::vector<std::size_t>> attached;  // lower-case policy ARN -> principals
  for (std::size_t i = 0; i < a.principals.size(); ++i)
    for (const std::string& arn : a.principals[i].managed) attached[to_lower(arn)].push_back(i);

  // Each policy to judge with whose evidence judges it, first: the totals
  // the progress callback reports need them.
  struct Job {
    const FoundPolicy* found;
    AccountPolicyResult res;
    PolicyEvidence ev;
    std::vector<std::size_t> users;  // the principals that use it
  };
  std::vector<Job> jobs;
  std::vector<AccountPolicyResult> managed_results;
  for (const FoundPolicy& f : a.policies) {
    if (f.kind == PolicyKind::Trust) continue;  // who may assume a role: not evidence-driven
    const std::string entry = entry_of(f.pointer);
    AccountPolicyResult res;
    res.name = f.name;
    res.attachment = f.attachment;
    PolicyEvidence ev;
    std::vector<std::size_t> users;
    if (auto pi = principal_at.find(entry); pi != principal_at.end()) {
      const AccountPrincipal& p = a.principals[pi->second];
      res.owner = p.owner();
      res.principals = principal_list(a, {pi->second}, m);
      res.out_path = std::string(to_string(p.type)) + "/" + account::path_component(p.name) + "/inline/" +
                     account::path_component(f.name) + ".json";
      users = {pi->second};
      ev = m.evidence_of(users);
      if (p.type == PrincipalType::Group && ev.subjects != std::vector<std::string>{p.arn})
        ev.notes.push_back("a group policy is used by the group's members: judged on the evidence of every member");
    } else if (auto mi = managed_at.find(entry); mi != managed_at.end() && f.default_version) {
      const ManagedPolicyInfo& info = a.managed[mi->second];
      res.owner = "policy/" + info.name;
      res.arn = info.arn;
      res.out_path = "policy/" + account::path_component(info.name) + ".json";
      auto at = attached.find(to_lower(info.arn));
      if (at != attached.end()) users = at->second;
      res.principals = principal_list(a, users, m);
      if (info.aws_managed) {
        res.outcome = AccountOutcome::AwsManaged;
        res.out_path.clear();
        PolicyResult parsed = parse_policy(f.document, f.pointer);
        if (parsed.usable) res.granted = res.kept = granted_actions(catalog, parsed.policy).count();
        managed_results.push_back(std::move(res));
        continue;
      }
      if (!m.of_policy[mi->second].empty()) {
        // A report about the policy covers everyone attached to it.
        ev.subjects = {info.arn};
        ev.policy_arn = info.arn;
        ev.groups.push_back(&m.of_policy[mi->second]);
        ev.youngest_created = info.created;
        ev.notes.push_back("judged on the report about the policy itself, which covers every principal attached");
      } else {
        ev = m.evidence_of(users);
        if (users.empty()) ev.notes.push_back("attached to no principal: nobody's evidence can judge it");
      }
    } else {
      continue;  // a version that is not in force
    }
    res.without_evidence = ev.missing;
    jobs.push_back({&f, std::move(res), std::move(ev), std::move(users)});
  }
  auto position = [&](const Job& j) { return static_cast<std::size_t>(j.found - a.policies.data()); };
  auto drop = [&](std::size_t i) {
    (*release)[i].document = Value();
    (*release)[i].file.reset();
  };
  if (release) {
    // Documents no job reads (AWS-managed, versions not in force) go now.
    std::vector<bool> judged(release->size(), false);
    for (const Job& j : jobs) judged[position(j)] = true;
    for (std::size_t i = 0; i < release->size(); ++i)
      if (!judged[i]) drop(i);
  }
  // Shared policies first: each completes many principals, so that from
  // then on principals complete one by one with their inline policies.
  std::stable_partition(jobs.begin(), jobs.end(), [](const Job& j) { return !j.res.arn.empty(); });
  AccountProgress progress{0, jobs.size(), 0, a.principals.size()};
  std::vector<std::size_t> remaining(a.principals.size(), 0);  // policies each principal uses, not yet judged
  for (const Job& j : jobs)
    for (std::size_t u : j.users) ++remaining[u];
  progress.principals_done = static_cast<std::size_t>(std::count(remaining.begin(), remaining.end(), 0));
  if (options.progress) options.progress(progress);
  // Policies are judged independently (each reads only the account, the
  // evidence and its own job) on every core; results, errors and progress
  // are taken in job order on this thread, so nothing depends on the number
  // of threads.
  struct Judged {
    AccountPolicyResult res;
    std::vector<EvidenceError> errors;
    std::string details;  // render_details' text
  };
  for_each_ordered(
      jobs.size(), available_cores(),
      [&](std::size_t i) {
        Job& j = jobs[i];
        Judged done{std::move(j.res), {}};
        account::narrow_one(catalog, *j.found, j.ev, rules, options, done.res, done.errors);
        if (options.keep_details && options.render_details) {
          done.details = options.render_details(done.res, out.as_of);
          // What the report needs of them is in done.res.decided now.
          if (done.res.narrowed) {
            NarrowResult& n = done.res.narrowed->result;
            std::vector<ActionOutcome>().swap(n.removed);
            std::vector<ActionOutcome>().swap(n.kept);
            n.original = Policy();
          }
        } else if (options.keep_details && options.compact_outcomes && done.res.narrowed) {
          NarrowResult& n = done.res.narrowed->result;
          done.res.compact = compact_outcomes(n);
          std::vector<ActionOutcome>().swap(n.removed);
          std::vector<ActionOutcome>().swap(n.kept);
        }
        return done;
      },
      [&](std::size_t i, Judged done) {
        out.errors.insert(out.errors.end(), std::make_move_iterator(done.errors.begin()),
                          std::make_move_iterator(done.errors.end()));
        if (options.keep_details && options.render_details && options.take_details)
          options.take_details(done.res, std::move(done.details));
        (done.res.arn.empty() ? out.policies : managed_results).push_back(std::move(done.res));
        if (release) drop(position(jobs[i]));
        ++progress.policies_done;
        for (std::size_t u : jobs[i].users) progress.principals_done += --remaining[u] == 0;
        if (options.progress) options.progress(progress);
      });
  // AWS-managed policies attached but absent from the Policies list (the
  // details were fetched with a --filter): still worth listing, by ARN.
  std::map<std::string, std::vector<std::size_t>> unlisted;
  for (const auto& entry : attached) {
    const std::string& arn = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
    if (arn.find(":iam::aws:policy/") != std::string::npos &&
        std::none_of(a.managed.begin(), a.managed.end(), [&](const ManagedPolicyInfo& i) { return to_lower(i.arn) == arn; }))
      unlisted[arn] = entry.second;
  }
  for (const auto& [arn, users] : unlisted) {
    AccountPolicyResult res;
    for (const std::string& original : a.principals[users.front()].managed)
      if (to_lower(original) == arn) res.arn = original;
    res.name = res.arn.substr(res.arn.rfind('/') + 1);
    res.owner = "policy/" + res.name;
    res.attachment = Attachment::Managed;
    res.principals = principal_list(a, users, m);
    res.outcome = AccountOutcome::AwsManaged;
    managed_results.push_back(std::move(res));
  }
  // Customer-managed policies first, then the AWS-managed ones nobody can edit.
  std::stable_partition(managed_results.begin(), managed_results.end(),
                        [](const AccountPolicyResult& r) { return r.outcome != AccountOutcome::AwsManaged; });
  for (AccountPolicyResult& r : managed_results) out.policies.push_back(std::move(r));
  if (!out.errors.empty()) out.policies.clear();
  return out;
}

}  // namespace

AccountNarrowResult narrow_account(const Catalog& catalog, const Account& a, std::vector<Report> reports,
                                   const TrackingRules& rules, const AccountOptions& options) {
  return narrow(catalog, a, std::move(reports), rules, options, nullptr);
}

AccountNarrowResult narrow_account(const Catalog& catalog, Account&& a, std::vector<Report> reports,
                                   const TrackingRules& rules, const AccountOptions& options) {
  a.file.reset();
  return narrow(catalog, a, std::move(reports), rules, options, &a.policies);
}

}  // namespace iamtrim
