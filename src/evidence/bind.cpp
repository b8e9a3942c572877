// Binding evidence to the policies it may judge: a report narrows only a
// policy of the principal it is about (binding.hpp, docs/narrow.md "Binding
// rules"). Every narrow mode goes through here or, for --account, through
// the account's own subject index (which compares identity_of_arn() keys).
#include <algorithm>
#include <map>
#include <set>

#include "evidence/coverage.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/binding.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

bool judges(const Report& r) {
  return r.kind == ReportKind::ServiceLastAccessed || r.kind == ReportKind::UnusedAccessFindings;
}

// "role/App (app.json)" or "no named subject (app.json)".
std::string describe(const Report& r) {
  return (r.subject.empty() ? std::string("no named subject") : r.subject) + " (" + evidence::join(r.files) + ")";
}

using evidence::join;

std::string labels(const std::vector<PolicyPrincipal>& ps) {
  std::vector<std::string> out;
  for (const PolicyPrincipal& p : ps) out.push_back(p.label());
  return join(out);
}

bool names_managed(std::string_view subject, const FoundPolicy& p) {
  return !p.managed.type.empty() && !p.managed.name.empty() && subject_names(subject, p.managed);
}

// The principal of `p` a report names, if any.
const PolicyPrincipal* named_principal(std::string_view subject, const FoundPolicy& p) {
  for (const PolicyPrincipal& pr : p.principals)
    if (!pr.name.empty() && subject_names(subject, pr)) return &pr;
  return nullptr;
}

// Whether the file identifies whom the policy applies to, or a report names the policy itself.
bool identified(const FoundPolicy& p, const std::vector<const Report*>& judging) {
  if (std::any_of(p.principals.begin(), p.principals.end(), [](const PolicyPrincipal& pr) { return !pr.name.empty(); }))
    return true;
  return std::any_of(judging.begin(), judging.end(), [&](const Report* r) { return names_managed(r->subject, p); });
}

std::vector<const PolicyPrincipal*> unnamed(const FoundPolicy& p) {
  std::vector<const PolicyPrincipal*> out;
  for (const PolicyPrincipal& pr : p.principals)
    if (pr.name.empty()) out.push_back(&pr);
  return out;
}

// The one principal (or the one policy) a --principal statement may bind;
// "" when the policy applies to several principals the file cannot name.
std::string slot_of(const FoundPolicy& p, std::size_t index) {
  std::vector<const PolicyPrincipal*> u = unnamed(p);
  if (u.size() == 1) return "principal " + u.front()->type + " " + u.front()->address;
  if (u.empty()) return "policy " + std::to_string(index);
  return "";
}

std::string subjects_of(const std::vector<const Report*>& reports) {
  std::vector<std::string> out;
  for (const Report* r : reports) out.push_back(describe(*r));
  return out.empty() ? "nobody" : join(out);
}

std::string entity_hint(const std::vector<const Report*>& reports) {
  std::vector<std::string> seen;
  for (const Report* r : reports)
    if (r->subject.empty())
      for (const std::string& e : report_entities(*r))
        if (std::find(seen.begin(), seen.end(), e) == seen.end()) seen.push_back(e);
  return seen.empty() ? "" : " (its LastAuthenticatedEntity is " + join(seen) + ")";
}

}  // namespace

// IAM names are unique per account and type, whatever the path, and
// case-insensitive: the path is not part of the identity.
std::optional<PrincipalIdentity> identity_of_arn(std::string_view arn) {
  const std::string lower = to_lower(trim(arn));
  std::vector<std::string> parts;  // arn, partition, service, region, account, resource
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = lower.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(lower.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(lower.substr(start));
  if (parts[0] != "arn" || parts[4].empty()) return std::nullopt;
  const std::string& resource = parts[5];
  const std::size_t slash = resource.find('/');
  if (slash == std::string::npos) return std::nullopt;
  PrincipalIdentity id{parts[1], parts[4], resource.substr(0, slash), ""};
  if (parts[2] == "sts" && id.type == "assumed-role") {
    // assumed-role/ROLE/SESSION: the role did it.
    const std::size_t end = resource.find('/', slash + 1);
    if (end == std::string::npos) return std::nullopt;
    id.type = "role";
    id.name = resource.substr(slash + 1, end - slash - 1);
    return id;
  }
  if (parts[2] != "iam") return std::nullopt;
  id.name = resource.substr(resource.rfind('/') + 1);  // the path is not part of the identity
  if (id.name.empty()) return std::nullopt;
  return id;
}

bool subject_names(std::string_view subject, const PolicyPrincipal& principal) {
  std::optional<PrincipalIdentity> id = identity_of_arn(subject);
  if (!id || principal.name.empty() || id->type != to_lower(principal.type) || id->name != to_lower(principal.name))
    return false;
  if (principal.arn.empty()) return true;
  std::optional<PrincipalIdentity> own = identity_of_arn(principal.arn);
  return own && own->partition == id->partition && own->account == id->account;
}

std::vector<std::string> report_entities(const Report& r) {
  std::vector<std::string> out;
  auto add = [&](const std::string& e) {
    if (!e.empty() && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  for (const ServiceAccess& s : r.services) {
    add(s.entity);
    for (const TrackedAction& a : s.tracked_actions) add(a.entity);
  }
  for (const EntityAccess& e : r.entities) add(e.arn);
  return out;
}

std::string entity_contradiction(const Report& r) {
  if (r.kind == ReportKind::OrganizationsAccess) return "";
  std::optional<PrincipalIdentity> subject = identity_of_arn(r.subject);
  if (!subject || (subject->type != "role" && subject->type != "user")) return "";
  for (const std::string& e : report_entities(r)) {
    std::optional<PrincipalIdentity> id = identity_of_arn(e);
    if (id && !(*id == *subject))
      return "the report is said to be about " + r.subject + " (" + r.subject_origin + "), but it shows " + e +
             " as the one who accessed: a " + subject->type + "'s own report names only that " + subject->type +
             "; this is another principal's report (or the sidecar is wrong)";
  }
  return "";
}

BindResult bind_evidence(const std::vector<const FoundPolicy*>& policies, const std::vector<Report>& reports,
                         const BindOptions& options) {
  BindResult out;
  std::vector<const Report*> judging, passing;
  for (const Report& r : reports) {
    (judges(r) ? judging : passing).push_back(&r);
    if (std::string why = entity_contradiction(r); !why.empty()) out.errors.push_back({evidence::join(r.files), {}, "", why});
  }
  if (!out.ok()) return out;

  // Which reports some policy's known principal (or the policy itself) claims.
  std::vector<bool> claimed(judging.size(), false), used(judging.size(), false);
  for (std::size_t i = 0; i < judging.size(); ++i)
    for (const FoundPolicy* p : policies)
      if (named_principal(judging[i]->subject, *p) || names_managed(judging[i]->subject, *p)) claimed[i] = true;
  // --principal binds the one principal (or policy) of the selection the file cannot name.
  std::set<std::string> slots;
  for (std::size_t i = 0; i < policies.size(); ++i)
    if (!identified(*policies[i], judging)) slots.insert(slot_of(*policies[i], i));
  const bool single_policy = policies.size() == 1;

  std::set<std::string> suggested;
  for (std::size_t index = 0; index < policies.size(); ++index) {
    const FoundPolicy& p = *policies[index];
    PolicyBinding b;
    auto pass_through = [&] {
      for (const Report* r : passing) b.reports.push_back(*r);
    };
    if (identified(p, judging)) {
      // Rule 1: the reports about its own principals (or the policy itself).
      std::map<std::string, std::string> subject_of;  // principal address -> the first spelling of its subject
      for (std::size_t i = 0; i < judging.size(); ++i) {
        const Report& r = *judging[i];
        if (names_managed(r.subject, p)) {
          b.policy_arn = b.policy_arn.empty() ? r.subject : b.policy_arn;
          Report copy = r;
          copy.subject = b.policy_arn;  // one spelling, as decide() compares subjects as strings
          b.reports.push_back(std::move(copy));
          used[i] = true;
        } else if (const PolicyPrincipal* pr = named_principal(r.subject, p)) {
          auto [it, fresh] = subject_of.try_emplace(pr->type + " " + pr->address, r.subject);
          Report copy = r;
          copy.subject = it->second;
          b.reports.push_back(std::move(copy));
          used[i] = true;
        }
      }
      if (b.reports.empty()) {
        std::vector<const Report*> subjectless;
        for (const Report* r : judging)
          if (r->subject.empty()) subjectless.push_back(r);
        b.refusal = "it applies to " + labels(p.principals) + ", but " +
                    (judging.empty() ? std::string("no report judges it")
                     : subjectless.size() == judging.size()
                         ? "the evidence does not name its subject" + entity_hint(subjectless) +
                               ": name it with --principal ARN or a FILE.request.json sidecar"
                         : "the evidence is about " + subjects_of(judging) + ", not about its principal");
        for (std::size_t i = 0; i < judging.size(); ++i)
          for (const FoundPolicy* other : policies)
            if (const PolicyPrincipal* pr = named_principal(judging[i]->subject, *other)) suggested.insert(pr->address);
      } else {
        b.bound = true;
        if (!b.policy_arn.empty()) {
          b.required_subjects = {b.policy_arn};
          b.notes.push_back("judged on the report about the policy itself, which covers every principal attached");
        } else {
          for (const PolicyPrincipal& pr : p.principals) {
            auto it = subject_of.find(pr.type + " " + pr.address);
            b.required_subjects.push_back(it != subject_of.end() ? it->second : pr.label());
            if (it == subject_of.end())
              b.notes.push_back("no report is about " + pr.label() + ", who the policy also applies to: what is "
                                "removable for the others is kept");
          }
          if (!p.managed.type.empty())
            b.notes.push_back("a managed policy judged on the principals this file attaches it to (" +
                              labels(p.principals) + "); if it is attached elsewhere too, judge it on a report "
                              "about the policy itself");
        }
        pass_through();
      }
      out.policies.push_back(std::move(b));
      continue;
    }
    // Rule 2: whom it applies to cannot be checked; only a statement binds it.
    const std::vector<const PolicyPrincipal*> u = unnamed(p);
    const std::string slot = slot_of(p, index);
    const bool implicit = single_policy && p.principals.empty();
    const bool stated = !slot.empty() && (options.only || implicit || (options.principal && slots.size() == 1));
    std::vector<const Report*> free;  // reports no known principal claims
    std::vector<std::size_t> free_index;
    for (std::size_t i = 0; i < judging.size(); ++i)
      if (!claimed[i]) {
        free.push_back(judging[i]);
        free_index.push_back(i);
      }
    std::set<std::string> identities;
    bool other_type = false;  // a user's report cannot be about a role the file names
    for (const Report* r : free)
      if (auto id = identity_of_arn(r->subject)) {
        identities.insert(id->partition + ":" + id->account + ":" + id->type + "/" + id->name);
        other_type |= u.size() == 1 && id->type != to_lower(u.front()->type);
      }
    const std::string who = u.size() == 1 ? u.front()->label() : "";
    if (slot.empty()) {
      b.refusal = "it applies to several principals the file cannot name (" + labels(p.principals) +
                  "); judge it on a report about the managed policy itself";
    } else if (!stated) {
      if (!who.empty())
        b.refusal = "it applies to " + who + ", so iamtrim cannot tell whether the evidence (about " +
                    subjects_of(judging) + ") is about it; if it is, say so with --only " + u.front()->address;
      else
        b.refusal = "the file does not say whom it applies to, and it holds other policies; if the evidence (about " +
                    subjects_of(judging) + ") is about its principal, select it with --only " +
                    (p.owner.empty() ? p.pointer : p.owner);
      if (options.principal && slots.size() > 1)
        b.refusal += " (--principal binds only when one principal of the selection is unnamed; here there are " +
                     std::to_string(slots.size()) + ")";
    } else if (!judging.empty() && free.empty()) {
      b.refusal = "the evidence is about " + subjects_of(judging) + ", the principals of the other policies";
    } else if (u.size() == 1 && identities.size() > 1) {
      b.refusal = "the evidence names several principals (" + subjects_of(free) + "), but " + who + " is one";
    } else if (other_type) {
      b.refusal = "the evidence is about " + subjects_of(free) + ", but " + who + " is a " + u.front()->type;
    } else {
      b.bound = true;
      for (std::size_t i : free_index) used[i] = true;
      for (const Report* r : free) b.reports.push_back(*r);
      pass_through();
      b.notes.push_back(
          implicit ? "the file does not say whom the policy applies to: judged on the evidence given with it"
                   : std::string("bound to the evidence by ") + (options.only ? "--only" : "--principal") +
                         (who.empty() ? "" : ": " + who + " is taken to be " + subjects_of(free)));
    }
    out.policies.push_back(std::move(b));
  }
  for (std::size_t i = 0; i < judging.size(); ++i)
    if (!used[i]) out.unused.push_back(describe(*judging[i]) + ": about none of the policies narrowed; not used");
  if (suggested.size() == 1) out.suggestion = *suggested.begin();
  return out;
}

}  // namespace iamtrim
