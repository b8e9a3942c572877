// The rule documents and the check registry match one to one, and the
// embedded rule data loads without a defect.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "lint/registry.hpp"
#include "lint/risk_data.hpp"
#include "lint/rule_info.hpp"

namespace iamtrim {
namespace {

TEST(LintRegistry, EmbeddedRuleFilesHaveNoDefects) {
  EXPECT_EQ(lint::embedded_rule_errors(), std::vector<std::string>{});
}

TEST(LintRegistry, MatchesRuleDocumentsOneToOne) {
  std::vector<std::string> checks, docs;
  for (const auto& c : lint::all_checks()) checks.emplace_back(c->code());
  for (const RuleInfo& r : lint_rules()) docs.push_back(r.code);
  EXPECT_TRUE(std::is_sorted(checks.begin(), checks.end())) << "registry.cpp must stay sorted by code";
  EXPECT_EQ(checks, docs);
  EXPECT_EQ(std::set<std::string>(checks.begin(), checks.end()).size(), checks.size());
}

TEST(LintRegistry, FastIndexAgreesWithTheFullParse) {
  // The engine runs on rule_index() (a line scan); lint_rules() is yaml-cpp.
  const auto& index = lint::rule_index();
  const auto& full = lint_rules();
  ASSERT_EQ(index.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(index[i].code, full[i].code);
    EXPECT_EQ(index[i].slug, full[i].slug) << full[i].code;
    EXPECT_EQ(index[i].severity, full[i].severity) << full[i].code;
    EXPECT_EQ(index[i].category, full[i].category) << full[i].code;
    EXPECT_EQ(index[i].applies_to, full[i].applies_to) << full[i].code;
    EXPECT_EQ(lint::indexed_fix_safety(full[i].code), lint::stated_fix_safety(full[i].code)) << full[i].code;
    // The docs' prose says what the rule file states.
    EXPECT_NE(full[i].fix.find("Fix safety: " + std::string(to_string(lint::stated_fix_safety(full[i].code))) + "."),
              std::string::npos)
        << full[i].code << ": " << full[i].fix;
  }
  EXPECT_EQ(lint::find_indexed_rule("pass-role-on-star")->code, "IAM505");
}

TEST(LintRegistry, FindsRulesByCodeOrSlug) {
  ASSERT_NE(find_rule("IAM104"), nullptr);
  EXPECT_EQ(find_rule("IAM104")->slug, "unknown-action");
  ASSERT_NE(find_rule("pass-role-on-star"), nullptr);
  EXPECT_EQ(find_rule("pass-role-on-star")->code, "IAM505");
  EXPECT_EQ(find_rule("iam104"), find_rule("IAM104"));
  EXPECT_EQ(find_rule("IAM999"), nullptr);
}

TEST(LintRegistry, RiskDataResolvesAgainstTheEmbeddedCatalog) {
  lint::RiskData risk = lint::load_risk_data(Catalog::embedded());
  EXPECT_EQ(risk.privilege_escalation.size(), 59u);
  // Names a catalog version does not know are kept out, not fatal (a newer
  // list may name newer actions); the embedded catalog knows them all.
  EXPECT_EQ(risk.unresolved, std::vector<std::string>{});
  // What IAM307 and the ARN checks rely on, spelled out here rather than
  // read back from the tables.
  const Catalog& catalog = Catalog::embedded();
  auto carries = [&](std::string_view key, std::string_view action) {
    for (const lint::AlwaysPresentKey& k : risk.always_present)
      if (std::find(k.keys.begin(), k.keys.end(), key) != k.keys.end() && k.actions.contains(*catalog.find_action(action)))
        return true;
    return false;
  };
  EXPECT_TRUE(carries("kms:GrantOperations", "kms:CreateGrant"));
  EXPECT_TRUE(carries("aws:TagKeys", "iam:TagRole"));
  EXPECT_TRUE(carries("aws:TagKeys", "ec2:CreateTags"));
  EXPECT_FALSE(carries("aws:TagKeys", "ec2:DeleteTags"));  // its Tags parameter is optional
  EXPECT_FALSE(carries("aws:TagKeys", "s3:GetObject"));
  EXPECT_EQ(lint::service_alias(risk, "codestar-connections"), "codeconnections");
  EXPECT_EQ(lint::service_alias(risk, "CodeConnections"), "codestar-connections");
  EXPECT_EQ(lint::service_alias(risk, "s3"), "");
}

// condition-keys.yaml and arn-services.yaml compiled in at build time are the
// YAML files as their readers read them, resolved in the embedded catalog.
TEST(LintRegistry, CompiledInConditionKeysAndAliasesAreTheYamlFiles) {
  auto keys_yaml = embedded_rule_file("condition-keys.yaml");
  auto alias_yaml = embedded_rule_file("arn-services.yaml");
  ASSERT_TRUE(keys_yaml && alias_yaml);
  lint::ConditionKeyList keys = lint::read_condition_keys(*keys_yaml);
  EXPECT_EQ(keys.errors, std::vector<std::string>{});
  const Catalog catalog = Catalog::embedded();
  const lint::BuiltinRisk& built = lint::builtin_risk();
  ASSERT_EQ(built.always_present.size(), keys.always_present.size());
  for (std::size_t i = 0; i < keys.always_present.size(); ++i) {
    const lint::ConditionKeyRule& rule = keys.always_present[i];
    EXPECT_EQ(std::vector<std::string>(built.always_present[i].keys.begin(), built.always_present[i].keys.end()), rule.keys);
    std::vector<std::string> unresolved;
    std::vector<ActionId> ids = lint::resolve_rule(catalog, rule, unresolved);
    EXPECT_EQ(unresolved, std::vector<std::string>{}) << i;
    ASSERT_EQ(built.always_present[i].actions.size(), ids.size()) << i;
    for (std::size_t j = 0; j < ids.size(); ++j) {
      EXPECT_EQ(built.always_present[i].actions[j].id, ids[j]);
      EXPECT_EQ(catalog.find_action(built.always_present[i].actions[j].name), ids[j]);
    }
  }
  lint::AliasList aliases = lint::read_arn_services(*alias_yaml);
  EXPECT_EQ(aliases.errors, std::vector<std::string>{});
  ASSERT_EQ(built.service_aliases.size(), aliases.aliases.size());
  for (std::size_t i = 0; i < aliases.aliases.size(); ++i) {
    EXPECT_EQ(built.service_aliases[i].first, aliases.aliases[i].first);
    EXPECT_EQ(built.service_aliases[i].second, aliases.aliases[i].second);
  }
}

// The build-time readers fail the build on a defect, with a message.
TEST(LintRegistry, ConditionKeyAndAliasReadersNameEachDefect) {
  EXPECT_EQ(lint::read_condition_keys("always_present:\n  - keys: [aws:TagKeys]\n    source: x\n").errors,
            std::vector<std::string>{"condition-keys.yaml: an entry needs keys, source and actions or names (with a valid "
                                     "access_level) only"});
  EXPECT_EQ(lint::read_condition_keys("sometimes_present: []\n").errors,
            std::vector<std::string>{"condition-keys.yaml: unknown or malformed section \"sometimes_present\""});
  EXPECT_EQ(lint::read_arn_services("aliases:\n  - names: [a]\n    source: x\n").errors,
            std::vector<std::string>{"arn-services.yaml: \"aliases\" must list {names: [two services], source}"});
  std::vector<std::string> unresolved;
  lint::ConditionKeyRule rule{{"k"}, {"nosuchservice:Thing"}, {"Zzz*"}, std::nullopt, {"s3:NoSuchAction"}};
  EXPECT_TRUE(lint::resolve_rule(Catalog::embedded(), rule, unresolved).empty());
  EXPECT_EQ(unresolved, (std::vector<std::string>{"nosuchservice:Thing", "Zzz*", "s3:NoSuchAction"}));
}

// The lists and quotas compiled in at build time are the YAML files as their
// readers read them, and the action ids are those of the embedded catalog.
TEST(LintRegistry, CompiledInRiskListsAndQuotasAreTheYamlFiles) {
  auto risk_yaml = embedded_rule_file("risk-actions.yaml");
  auto quota_yaml = embedded_rule_file("quotas.yaml");
  ASSERT_TRUE(risk_yaml && quota_yaml);
  lint::RiskLists lists = lint::read_risk_lists(*risk_yaml);
  EXPECT_EQ(lists.errors, std::vector<std::string>{});
  const Catalog catalog = Catalog::embedded();
  const lint::BuiltinRisk& built = lint::builtin_risk();
  EXPECT_EQ(built.catalog_version, catalog.version());
  auto same = [&](std::span<const lint::BuiltinAction> compiled, const std::vector<std::string>& read, const std::string& what) {
    ASSERT_EQ(compiled.size(), read.size()) << what;
    for (std::size_t i = 0; i < read.size(); ++i) {
      EXPECT_EQ(compiled[i].name, read[i]) << what;
      EXPECT_EQ(compiled[i].id, catalog.find_action(read[i]).value_or(lint::kNoAction)) << read[i];
    }
  };
  same(built.data_exfiltration, lists.data_exfiltration, "data_exfiltration");
  same(built.credentials_exposure, lists.credentials_exposure, "credentials_exposure");
  ASSERT_EQ(built.privilege_escalation.size(), lists.privilege_escalation.size());
  for (std::size_t i = 0; i < lists.privilege_escalation.size(); ++i) {
    EXPECT_EQ(built.privilege_escalation[i].method, lists.privilege_escalation[i].first);
    same(built.privilege_escalation[i].actions, lists.privilege_escalation[i].second, lists.privilege_escalation[i].first);
  }

  lint::QuotaList quotas = lint::read_quotas(*quota_yaml);
  EXPECT_EQ(quotas.errors, std::vector<std::string>{});
  ASSERT_EQ(size_quotas().size(), quotas.quotas.size());
  for (std::size_t i = 0; i < quotas.quotas.size(); ++i) {
    const SizeQuota& q = size_quotas()[i];
    EXPECT_EQ(q.kind, quotas.quotas[i].first);
    EXPECT_EQ(q.limit, quotas.quotas[i].second.limit);
    EXPECT_EQ(q.whitespace_counts, quotas.quotas[i].second.whitespace_counts);
    EXPECT_EQ(q.source, quotas.quotas[i].second.source);
  }
  ASSERT_NE(find_size_quota("inline-role"), nullptr);
  EXPECT_EQ(find_size_quota("inline-role")->limit, 10240u);
  EXPECT_EQ(find_size_quota("resource"), nullptr);
  // By kind and attachment: what IAM601 and narrow's size check both use.
  auto quota = [](PolicyKind k, Attachment a) {
    const SizeQuota* q = find_size_quota(k, a);
    return q ? std::string(q->kind) : std::string("none");
  };
  EXPECT_EQ(quota(PolicyKind::Scp, Attachment::Unknown), "scp");
  EXPECT_EQ(quota(PolicyKind::Trust, Attachment::InlineRole), "trust");
  EXPECT_EQ(quota(PolicyKind::Resource, Attachment::Unknown), "none");
  EXPECT_EQ(quota(PolicyKind::Identity, Attachment::InlineUser), "inline-user");
  EXPECT_EQ(quota(PolicyKind::Identity, Attachment::InlineGroup), "inline-group");
  EXPECT_EQ(quota(PolicyKind::Identity, Attachment::InlineRole), "inline-role");
  EXPECT_EQ(quota(PolicyKind::Identity, Attachment::Managed), "managed");
  EXPECT_EQ(quota(PolicyKind::PermissionsBoundary, Attachment::Unknown), "managed");
}

// A catalog loaded at run time (--catalog) has other ids: the lists are
// resolved by name, and on the same data give the same sets.
TEST(LintRegistry, RiskDataOfALoadedCatalogIsResolvedByName) {
  auto loaded = Catalog::load_dir(std::string(IAMTRIM_SOURCE_DIR) + "/rules/catalog", nullptr);
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->is_embedded());
  lint::RiskData a = lint::load_risk_data(Catalog::embedded()), b = lint::load_risk_data(*loaded);
  EXPECT_TRUE(a.data_exfiltration == b.data_exfiltration);
  EXPECT_TRUE(a.credentials_exposure == b.credentials_exposure);
  EXPECT_TRUE(a.permissions_management == b.permissions_management);
  EXPECT_TRUE(a.write_or_permissions == b.write_or_permissions);
  ASSERT_EQ(a.privilege_escalation.size(), b.privilege_escalation.size());
  for (std::size_t i = 0; i < a.privilege_escalation.size(); ++i)
    EXPECT_EQ(a.privilege_escalation[i].actions, b.privilege_escalation[i].actions) << a.privilege_escalation[i].name;
  EXPECT_EQ(b.unresolved, std::vector<std::string>{});

  // A catalog without most of those actions keeps the names it lacks apart.
  auto small = Catalog::parse("iamtrim-catalog\t1\nversion\tt\nS\ts3\tAmazon S3\nA\tGetObject\tR\t\t\t-\n", nullptr);
  ASSERT_TRUE(small);
  lint::RiskData s = lint::load_risk_data(*small);
  EXPECT_EQ(s.data_exfiltration.ids(), std::vector<ActionId>{0});
  EXPECT_NE(std::find(s.unresolved.begin(), s.unresolved.end(), "kms:decrypt"), s.unresolved.end());
  EXPECT_FALSE(s.privilege_escalation.empty());
  EXPECT_FALSE(s.privilege_escalation.front().complete);
}

// Access levels as bitmaps agree with access_level() action by action.
TEST(LintRegistry, AccessLevelSetsAgreeWithTheCatalog) {
  const Catalog catalog = Catalog::embedded();
  lint::RiskData risk = lint::load_risk_data(catalog);
  for (ActionId id = 0; id < catalog.action_count(); ++id) {
    const AccessLevel level = catalog.access_level(id);
    // Reads the catalog files under permissions management (glue:ListEntities)
    // change no one's access, so they are left out (load_risk_data).
    ASSERT_EQ(risk.permissions_management.contains(id),
              level == AccessLevel::PermissionsManagement && !lint::read_only_name(catalog.action_name(id)))
        << id;
    ASSERT_EQ(risk.write_or_permissions.contains(id),
              level == AccessLevel::PermissionsManagement || level == AccessLevel::Write) << id;
  }
}

const char* kValid =
    "code: IAM900\nslug: sample-rule\nseverity: warning\ncategory: actions\nsummary: s\nrationale: r\n"
    "fix:\n  how: h\n  safety: safe\napplies_to: [identity]\nexample_kind: identity\nbad_example: b\n"
    "good_example: g\noptions: o\nreferences: [https://example.com]\n";

TEST(LintRuleLoader, ReadsAValidFile) {
  lint::RuleLoad load = lint::load_rules({{"lint/IAM900-sample-rule.yaml", kValid}});
  EXPECT_EQ(load.errors, std::vector<std::string>{});
  ASSERT_EQ(load.rules.size(), 1u);
  EXPECT_EQ(load.rules[0].fix, "h Fix safety: safe.");
  EXPECT_EQ(load.rules[0].applies_to, std::vector<std::string>{"identity"});
}

TEST(LintRuleLoader, RejectsDuplicateKeysUnknownFieldsAndBadValues) {
  std::string dup = std::string(kValid) + "severity: error\n";
  std::string unknown = std::string(kValid) + "colour: red\n";
  std::string bad = kValid;
  bad.replace(bad.find("warning"), 7, "fatal");
  lint::RuleLoad load = lint::load_rules({{"lint/IAM900-sample-rule.yaml", dup},
                                          {"lint/IAM901-other.yaml", unknown},
                                          {"lint/IAM902-third.yaml", bad},
                                          {"lint/IAM903-broken.yaml", "code: [unclosed\n"}});
  EXPECT_TRUE(load.rules.empty());
  EXPECT_EQ(load.errors,
            (std::vector<std::string>{
                "lint/IAM900-sample-rule.yaml:16: duplicate key \"severity\"",
                "lint/IAM901-other.yaml: unknown field \"colour\" (line 16)",
                "lint/IAM902-third.yaml: invalid severity \"fatal\"",
                "lint/IAM903-broken.yaml:2:1: end of sequence flow not found",
            }));
}

}  // namespace
}  // namespace iamtrim
