// Condition blocks against what the authorization details tell about a
// request. A clause is True, False or Unknown; a block is the AND of its
// clauses. Operator semantics follow the IAM condition operators page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
// values of one key are ORed (ANDed for negated operators); a key missing
// from the request makes positive operators false and negated ones true,
// IfExists true, and Null "true" true.
#include <algorithm>

#include "paths/internal.hpp"

namespace iamtrim::paths {
namespace {


// Keys the caller sets in its own request: an Allow on them can be met and a
// Deny avoided by choosing the value.
bool chosen_by_caller(std::string_view key) {
  static constexpr std::string_view kChosen[] = {
      "aws:requestedregion", "aws:securetransport",     "aws:tagkeys",        "aws:useragent",
      "sts:rolesessionname", "sts:sourceidentity",      "sts:transitivetagkeys", "iam:associatedresourcearn",
      "aws:sourcearn",       "iam:awsservicename",      "aws:referer",        "ec2:instanceprofile",
  };
  for (std::string_view k : kChosen)
    if (key == k) return true;
  if (key.starts_with("aws:requesttag/")) return true;
  // An OIDC token's audience is what its holder asks for (GitHub Actions,
  // EKS service accounts); a Cognito identity pool id is not.
  return key.size() > 4 && key.substr(key.size() - 4) == ":aud" && key != "cognito-identity.amazonaws.com:aud";
}

// Keys that are never present in a direct call by a principal of the account.
bool absent_in_direct_calls(std::string_view key) {
  return key == "aws:calledvia" || key == "aws:calledviafirst" || key == "aws:calledvialast" ||
         key == "aws:federatedprovider";
}

std::string tag_value(const std::vector<std::pair<std::string, std::string>>& tags, std::string_view key, bool* found) {
  for (const auto& [k, v] : tags)
    if (iequals(k, key)) {  // tag keys are case-insensitive in conditions
      *found = true;
      return v;
    }
  *found = false;
  return "";
}

KeyValue known(std::string v) { return {KeyValue::State::Known, {std::move(v)}}; }
KeyValue absent() { return {KeyValue::State::Absent, {}}; }

}  // namespace

KeyValue Context::lookup(std::string_view key) const {
  using S = KeyValue::State;
  if (chosen_by_caller(key)) return {S::Chosen, {}};
  if (key == "iam:passedtoservice") return passed_to_service.empty() ? absent() : known(std::string(passed_to_service));
  if (key == "aws:viaawsservice") return known("false");
  // Every resource a step acts on is one of this account's.
  if (key == "aws:resourceaccount") return known(std::string(account));
  if (absent_in_direct_calls(key)) return absent();
  if (!service.empty()) {
    // An AWS service assuming a role on behalf of a resource of this account.
    if (key == "aws:sourceaccount" || key == "aws:sourceowner") return known(std::string(account));
    if (key == "aws:principalservicename") return known(std::string(service));
    if (key == "aws:principalisawsservice") return known("true");
    return {S::Unknown, {}};
  }
  if (resource && (key.starts_with("aws:resourcetag/") || key.starts_with("iam:resourcetag/"))) {
    bool found = false;
    std::string v = tag_value(resource->tags, key.substr(key.find('/') + 1), &found);
    return found ? known(v) : absent();
  }
  if (!principal) return {S::Unknown, {}};
  if (key == "aws:principalaccount") return known(std::string(account));
  if (key == "aws:principalisawsservice") return known("false");
  if (key == "aws:principalservicename") return absent();
  if (key == "aws:principaltype") return known(principal->type == PrincipalType::Role ? "AssumedRole" : "User");
  if (group_member) return {S::Unknown, {}};  // which member is not known
  if (key == "aws:principalarn") return known(principal->arn);
  if (key == "aws:username") return principal->type == PrincipalType::User ? known(principal->name) : absent();
  if (key.starts_with("aws:principaltag/")) {
    bool found = false;
    std::string v = tag_value(principal->tags, key.substr(17), &found);
    return found ? known(v) : absent();
  }
  return {S::Unknown, {}};
}

std::optional<std::string> substitute(std::string_view text, const Context& ctx) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find("${", i);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::string_view inner = text.substr(open + 2, close - open - 2);
    if (inner == "*" || inner == "?" || inner == "$") {
      out += inner[0];  // ${*} is a literal '*', ${?} a literal '?', ${$} a literal '$'
    } else {
      // ${key, 'default'} takes the default when the key is absent.
      std::string_view key = inner, fallback;
      bool has_default = false;
      if (auto comma = inner.find(','); comma != std::string_view::npos) {
        key = inner.substr(0, comma);
        std::string_view d = inner.substr(comma + 1);
        auto q1 = d.find('\''), q2 = d.rfind('\'');
        if (q1 != std::string_view::npos && q2 > q1) {
          fallback = d.substr(q1 + 1, q2 - q1 - 1);
          has_default = true;
        }
        while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
      }
      KeyValue v = ctx.lookup(to_lower(key));
      if (v.state == KeyValue::State::Known && v.values.size() == 1) out += v.values[0];
      else if (v.state == KeyValue::State::Absent && has_default) out += fallback;
      else return std::nullopt;
    }
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

std::string clause_text(const ConditionClause& c) {
  std::string out = c.op + " " + c.key_as_written + " ";
  if (c.values.size() == 1) return out + c.values[0];
  out += "[";
  for (std::size_t i = 0; i < c.values.size(); ++i) out += (i ? ", " : "") + c.values[i];
  return out + "]";
}

namespace {

enum class Op { Equals, EqualsIgnoreCase, Like, Bool, Null, Other };

struct OpInfo {
  Op op = Op::Other;
  bool negated = false;
};

OpInfo classify(std::string_view base) {
  auto is = [&](std::string_view s) { return iequals(base, s); };
  if (is("StringEquals") || is("ArnEquals")) return {Op::Equals, false};
  if (is("StringNotEquals") || is("ArnNotEquals")) return {Op::Equals, true};
  if (is("StringEqualsIgnoreCase")) return {Op::EqualsIgnoreCase, false};
  if (is("StringNotEqualsIgnoreCase")) return {Op::EqualsIgnoreCase, true};
  if (is("StringLike") || is("ArnLike")) return {Op::Like, false};
  if (is("StringNotLike") || is("ArnNotLike")) return {Op::Like, true};
  if (is("Bool")) return {Op::Bool, false};
  if (is("Null")) return {Op::Null, false};
  return {};
}

bool arn_operator(std::string_view base) { return base.size() >= 3 && iequals(base.substr(0, 3), "Arn"); }

// One request value against one policy value, for a positive operator.
bool value_matches(Op op, bool arn, const std::string& policy, const std::string& request) {
  switch (op) {
    case Op::Equals: return arn ? glob_match(policy, request) : policy == request;  // ArnEquals takes wildcards
    case Op::EqualsIgnoreCase: return iequals(policy, request);
    case Op::Like: return glob_match(policy, request);
    case Op::Bool: return iequals(policy, request);
    default: return false;
  }
}

Tri clause(const ConditionClause& c, const Context& ctx, Effect effect, bool variables) {
  KeyValue v = ctx.lookup(c.key);
  OpInfo op = classify(c.base);
  if (v.state == KeyValue::State::Chosen) return effect == Effect::Allow ? Tri::True : Tri::False;
  if (op.op == Op::Null) {
    if (v.state == KeyValue::State::Unknown) return Tri::Unknown;
    if (c.values.size() != 1) return Tri::Unknown;
    bool want_absent = iequals(c.values[0], "true");
    return (v.state == KeyValue::State::Absent) == want_absent ? Tri::True : Tri::False;
  }
  if (v.state == KeyValue::State::Unknown) return Tri::Unknown;
  if (v.state == KeyValue::State::Absent) {
    if (c.if_exists) return Tri::True;
    if (c.qualifier == SetQualifier::ForAllValues) return Tri::True;  // an empty set satisfies "for all"
    return op.negated ? Tri::True : Tri::False;
  }
  if (op.op == Op::Other) return Tri::Unknown;  // numeric, date, IP, binary: no such known value here
  // Policy values may hold variables.
  std::vector<std::string> policy_values;
  for (const std::string& pv : c.values) {
    if (variables && has_policy_variable(pv)) {
      auto s = substitute(pv, ctx);
      if (!s) return Tri::Unknown;
      policy_values.push_back(*s);
    } else {
      policy_values.push_back(pv);
    }
  }
  bool arn = arn_operator(c.base);
  auto one = [&](const std::string& request) {
    bool any = std::any_of(policy_values.begin(), policy_values.end(),
                           [&](const std::string& p) { return value_matches(op.op, arn, p, request); });
    return op.negated ? !any : any;
  };
  bool result;
  if (c.qualifier == SetQualifier::ForAllValues) result = std::all_of(v.values.begin(), v.values.end(), one);
  else result = std::any_of(v.values.begin(), v.values.end(), one);
  return result ? Tri::True : Tri::False;
}

}  // namespace

CondResult evaluate_conditions(const std::vector<ConditionClause>& clauses, const Context& ctx, Effect effect,
                               bool variables) {
  CondResult r;
  for (const ConditionClause& c : clauses) {
    Tri t = clause(c, ctx, effect, variables);
    if (t == Tri::False) return {Tri::False, {}};
    if (t == Tri::Unknown) {
      r.value = Tri::Unknown;
      r.unknown.push_back(clause_text(c));
    }
  }
  return r;
}

}  // namespace iamtrim::paths
