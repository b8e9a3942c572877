// The method catalogue (rules/paths/methods.yaml) against the product's own
// risk list: every privilege-escalation method of rules/risk-actions.yaml is
// a method here, with the same actions, so the lint rule (IAM506) and the
// paths stage never disagree on what a method needs.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "iamtrim/paths.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim {
namespace {

TEST(PathsMethods, TheCatalogueLoadsWithoutDefects) {
  Catalog catalog = Catalog::embedded();
  MethodCatalogue m = load_methods(catalog);
  EXPECT_TRUE(m.errors.empty()) << m.errors.front();
  std::set<EdgeKind> kinds;
  for (const Method& method : m.methods) {
    kinds.insert(method.kind);
    EXPECT_FALSE(method.sources.empty()) << method.name;
    for (const std::string& s : method.sources) EXPECT_EQ(s.rfind("https://", 0), 0u) << method.name << ": " << s;
    if (method.kind == EdgeKind::PassRole) {
      bool pass = false;
      for (const MethodAction& a : method.actions)
        pass = pass || (a.name == "iam:PassRole" && a.resource == MethodResource::Target);
      EXPECT_TRUE(pass) << method.name << ": a pass-role method passes the target";
    }
  }
  EXPECT_EQ(kinds, (std::set<EdgeKind>{EdgeKind::AssumeRole, EdgeKind::PassRole, EdgeKind::Takeover, EdgeKind::Modify,
                                       EdgeKind::ExistingResource}));
}

TEST(PathsMethods, EveryRiskListMethodIsInTheCatalogueWithTheSameActions) {
  Catalog catalog = Catalog::embedded();
  MethodCatalogue m = load_methods(catalog);
  auto text = embedded_rule_file("risk-actions.yaml");
  ASSERT_TRUE(text);
  YAML::Node risks = YAML::Load(std::string(*text))["privilege_escalation"];
  ASSERT_TRUE(risks.IsMap());
  std::size_t n = 0;
  for (const auto& kv : risks) {
    const std::string name = kv.first.Scalar();
    const Method* method = m.find(name);
    ASSERT_NE(method, nullptr) << name << " is in rules/risk-actions.yaml but not in rules/paths/methods.yaml";
    std::set<std::string> listed, here;
    for (const YAML::Node& a : kv.second) listed.insert(to_lower(a.Scalar()));
    for (const MethodAction& a : method->actions) here.insert(to_lower(a.name));
    EXPECT_EQ(here, listed) << name;
    ++n;
  }
  EXPECT_EQ(n, 59u);
}

TEST(PathsMethods, IssueTwelveMethodsArePresent) {
  // The methods issue 12 names beyond the risk list.
  MethodCatalogue m = load_methods(Catalog::embedded());
  for (const char* name : {"AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML", "DeleteRolePermissionsBoundary",
                           "PutRolePermissionsBoundary", "SendSSMCommandToInstance", "StartSSMSessionOnInstance"})
    EXPECT_NE(m.find(name), nullptr) << name;
}

}  // namespace
}  // namespace iamtrim
