// Properties of the paths on generated accounts:
//  1. No path without a cause: the statements a path cites are enough to make
//     it (an account holding only them, and every Deny, still has the path),
//     and each of them is needed (without any one, the path is gone).
//  2. Adding AdministratorAccess to a leaf principal makes every principal
//     with an edge to it reach admin.
// Accounts are random (seeded, so a failure names its seed) mixes of the
// methods that matter: sts:AssumeRole on named roles, PassRole with Lambda
// or EC2, access keys, trust rewrites, self-modification, group joins,
// Denies and MFA conditions. Every statement has a unique Sid so that it can
// be found again after others are removed, and no principal holds two
// statements that grant the same thing (with two causes, neither alone is
// needed).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

struct Generated {
  Json details;
  std::vector<std::string> users, groups, roles;
};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  Generated make() {
    Generated g;
    g.details = empty_details();
    g.details["Policies"][0]["PolicyVersionList"][0]["Document"]["Statement"][0]["Sid"] = "AdminAll";
    const int users = pick(2, 4), groups = pick(1, 2), roles = pick(3, 7);
    for (int i = 0; i < users; ++i) g.users.push_back("u" + std::to_string(i));
    for (int i = 0; i < groups; ++i) g.groups.push_back("g" + std::to_string(i));
    for (int i = 0; i < roles; ++i) g.roles.push_back("r" + std::to_string(i));
    g_ = &g;
    std::vector<std::set<std::string>> group_kits;
    for (const std::string& name : g.groups) {
      std::set<std::string> used;
      add_group(g.details, name, {{"P", doc(kits("group/" + name, used, pick(1, 2)))}});
      group_kits.push_back(used);
    }
    for (const std::string& name : g.users) {
      std::vector<std::string> member;
      std::set<std::string> used;
      if (pick(0, 2) == 0) {
        int gi = pick(0, groups - 1);
        member.push_back(g.groups[static_cast<std::size_t>(gi)]);
        used = group_kits[static_cast<std::size_t>(gi)];
      }
      add_user(g.details, name, {{"P", doc(kits("user/" + name, used, pick(1, 3)))}}, {}, member);
    }
    for (std::size_t i = 0; i < g.roles.size(); ++i) {
      const std::string& name = g.roles[i];
      const bool admin = pick(0, 3) == 0;
      const int service = pick(0, 2);  // 0: the account or a principal, 1: Lambda, 2: EC2
      std::set<std::string> used;
      std::vector<std::pair<std::string, Json>> inline_policies;
      if (!admin) inline_policies.push_back({"P", doc(kits("role/" + name, used, pick(0, 2)))});
      add_role(g.details, name, trust(name, service), inline_policies,
               admin ? std::vector<std::string>{kAdminArn} : std::vector<std::string>{}, service == 2);
    }
    return g;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& any(const std::vector<T>& v) { return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))]; }

  Json sid(Json s) {
    s["Sid"] = "S" + std::to_string(next_sid_++);
    return s;
  }

  Json trust(const std::string& role, int service) {
    Json principal;
    if (service == 1) principal = {{"Service", "lambda.amazonaws.com"}};
    else if (service == 2) principal = {{"Service", "ec2.amazonaws.com"}};
    else if (pick(0, 1) == 0) principal = {{"AWS", "arn:aws:iam::111122223333:root"}};
    else {
      const bool user = pick(0, 1) == 0;
      const std::string who = user ? any(g_->users) : any(g_->roles);
      principal = {{"AWS", arn(user ? "user" : "role", who == role ? any(g_->users) : who)}};
      if (!user && who == role) principal = {{"AWS", arn("user", any(g_->users))}};
    }
    Json s = sid({{"Effect", "Allow"}, {"Principal", principal}, {"Action", "sts:AssumeRole"}});
    if (service == 0 && pick(0, 5) == 0) s["Condition"] = {{"Bool", {{"aws:MultiFactorAuthPresent", "true"}}}};
    return doc({s});
  }

  // `count` statements, none granting what `used` already grants.
  std::vector<Json> kits(const std::string& owner, std::set<std::string>& used, int count) {
    std::vector<Json> out;
    for (int tries = 0; static_cast<int>(out.size()) < count && tries < 20; ++tries) {
      std::string key;
      Json s;
      switch (pick(0, 8)) {
        case 0:
        case 1: {
          std::string r = any(g_->roles);
          key = "assume " + r;
          s = allow("sts:AssumeRole", arn("role", r));
          break;
        }
        case 2: {
          std::string r = any(g_->roles);
          key = "pass " + r;
          s = allow("iam:PassRole", arn("role", r));
          break;
        }
        case 3:
          key = "lambda";
          s = allow(Json::array({"lambda:CreateFunction", "lambda:InvokeFunction"}));
          break;
        case 4:
          key = "ec2";
          s = allow("ec2:RunInstances");
          break;
        case 5: {
          std::string u = any(g_->users);
          key = "keys " + u;
          s = allow("iam:CreateAccessKey", arn("user", u));
          break;
        }
        case 6: {
          std::string r = any(g_->roles);
          key = "trust " + r;
          s = allow("iam:UpdateAssumeRolePolicy", arn("role", r));
          break;
        }
        case 7: {
          if (owner.rfind("role/", 0) == 0) {
            key = "put self";
            s = allow("iam:PutRolePolicy", arn("role", owner.substr(5)));
          } else {
            std::string gname = any(g_->groups);
            key = "join " + gname;
            s = allow("iam:AddUserToGroup", arn("group", gname));
          }
          break;
        }
        case 8: {
          std::string r = any(g_->roles);
          key = "deny " + r;
          s = deny("sts:AssumeRole", arn("role", r));
          break;
        }
      }
      if (!used.insert(key).second) continue;
      out.push_back(sid(s));
    }
    return out;
  }

  std::mt19937 rng_;
  Generated* g_ = nullptr;
  int next_sid_ = 0;
};

// Every Allow statement of `details` whose Sid is not in `keep` is removed;
// Deny statements stay (they only take edges away).
void keep_only(Json& node, const std::set<std::string>& keep) {
  if (node.is_object()) {
    if (node.contains("Statement") && node["Statement"].is_array()) {
      Json kept = Json::array();
      for (Json& s : node["Statement"])
        if (s.value("Effect", "") == "Deny" || keep.count(s.value("Sid", ""))) kept.push_back(s);
      node["Statement"] = kept;
    }
    for (auto& [k, v] : node.items()) keep_only(v, keep);
  } else if (node.is_array()) {
    for (Json& v : node) keep_only(v, keep);
  }
}

void remove_sid(Json& node, const std::string& sid) {
  if (node.is_object()) {
    if (node.contains("Statement") && node["Statement"].is_array()) {
      Json kept = Json::array();
      for (Json& s : node["Statement"])
        if (s.value("Sid", "") != sid) kept.push_back(s);
      node["Statement"] = kept;
    }
    for (auto& [k, v] : node.items()) remove_sid(v, sid);
  } else if (node.is_array()) {
    for (Json& v : node) remove_sid(v, sid);
  }
}

// The path as nodes and methods: what must not survive without a cause.
std::vector<std::string> shape(const PathsResult& r, const EscalationPath& p) {
  std::vector<std::string> out{r.nodes[p.source].id};
  for (const Edge& e : p.hops) out.push_back(e.method + " " + r.nodes[e.from].id + " -> " + r.nodes[e.to].id);
  out.push_back(r.nodes[p.reach.node].id);
  return out;
}

std::set<std::string> cited_sids(const EscalationPath& p) {
  std::set<std::string> out;
  for (const Edge& e : p.hops)
    for (const Citation& c : e.citations) out.insert(c.sid);
  for (const Citation& c : p.reach.citations) out.insert(c.sid);
  return out;
}

constexpr unsigned kSeeds = 60;

TEST(PathsProperty, EveryCitedStatementIsACauseAndTheyAreEnough) {
  std::size_t checked_paths = 0, checked_statements = 0;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    Generated g = Generator(seed).make();
    PathsResult r = run(g.details);
    for (const EscalationPath& p : r.paths) {
      if (r.nodes[p.source].kind != NodeKind::User && r.nodes[p.source].kind != NodeKind::Role &&
          r.nodes[p.source].kind != NodeKind::Group)
        continue;
      const std::string source = r.nodes[p.source].id;
      std::set<std::string> sids = cited_sids(p);
      ASSERT_EQ(sids.count(""), 0u) << "seed " << seed << ": a citation without a Sid";
      Json minimal = g.details;
      keep_only(minimal, sids);
      PathsResult m = run(minimal);
      const EscalationPath* again = path_from(m, source);
      ASSERT_NE(again, nullptr) << "seed " << seed << ": the cited statements do not make " << describe_path(r, p);
      EXPECT_EQ(shape(m, *again), shape(r, p)) << "seed " << seed;
      for (const std::string& sid : sids) {
        Json without = minimal;
        remove_sid(without, sid);
        PathsResult w = run(without);
        const EscalationPath* still = path_from(w, source);
        EXPECT_TRUE(still == nullptr || shape(w, *still) != shape(r, p))
            << "seed " << seed << ": " << describe_path(r, p) << " survives without statement " << sid;
        ++checked_statements;
      }
      ++checked_paths;
    }
  }
  // The generator must produce something to check.
  RecordProperty("paths", static_cast<int>(checked_paths));
  RecordProperty("statements", static_cast<int>(checked_statements));
  EXPECT_GT(checked_paths, 60u);
  EXPECT_GT(checked_statements, 150u);
}

TEST(PathsProperty, AdministratorAccessOnALeafMakesEveryPrincipalWithAnEdgeToItReachAdmin) {
  std::size_t checked = 0;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    Generated g = Generator(seed).make();
    PathsResult r = run(g.details);
    std::set<std::size_t> has_out;
    std::map<std::size_t, std::set<std::size_t>> in;
    for (const Edge& e : r.edges) {
      if (e.kind == EdgeKind::Member || e.kind == EdgeKind::ServiceTrust || e.kind == EdgeKind::Modify) continue;
      has_out.insert(e.from);
      in[e.to].insert(e.from);
    }
    for (const auto& [leaf, sources] : in) {
      const Node& node = r.nodes[leaf];
      if (has_out.count(leaf) || reaches(r, node.id)) continue;
      const std::string type = node.id.substr(0, node.id.find('/'));
      const std::string name = node.id.substr(node.id.find('/') + 1);
      Json changed = g.details;
      Json& e = entry(changed, type, name);
      // A leaf with a Deny of its own would not become admin; skip those.
      if (e.dump().find("\"Deny\"") != std::string::npos) continue;
      e["AttachedManagedPolicies"].push_back({{"PolicyName", "AdministratorAccess"}, {"PolicyArn", kAdminArn}});
      PathsResult after = run(changed);
      EXPECT_TRUE(reaches(after, node.id)) << "seed " << seed << ": " << node.id;
      for (std::size_t s : sources) {
        EXPECT_TRUE(reaches(after, r.nodes[s].id))
            << "seed " << seed << ": " << r.nodes[s].id << " has an edge to " << node.id << " but does not reach admin";
        ++checked;
      }
    }
  }
  RecordProperty("edges", static_cast<int>(checked));
  EXPECT_GT(checked, 60u);
}

}  // namespace
}  // namespace iamtrim::test
