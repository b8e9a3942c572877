// Generated files with several principals (Terraform modules, CloudFormation
// templates, authorization details), inline and shared managed policies,
// roles whose names the file states or leaves to deploy time, and evidence
// about some of them, about principals the file does not have, spelled with
// paths and in other case, or naming nobody. Whatever the mix, no action is
// removed from a policy unless every principal it applies to has a report
// that shows the action's service unused: no removal without proof about the
// policy's own principals. The library pipeline (read_source, bind_evidence,
// decide, narrow_policy) runs on every case; the command line on a sample,
// whose rewritten files are read back and compared the same way.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <iostream>
#include <random>
#include <set>

#include "iamtrim/account.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim {
namespace {

const std::vector<std::string> kServices = {"s3", "sqs", "dynamodb", "sns", "kms"};
const std::map<std::string, std::vector<std::string>> kActions = {
    {"s3", {"s3:ListBucket", "s3:PutBucketPolicy", "s3:GetObject"}},
    {"sqs", {"sqs:ReceiveMessage", "sqs:PurgeQueue"}},
    {"dynamodb", {"dynamodb:Query", "dynamodb:DeleteTable"}},
    {"sns", {"sns:Publish"}},
    {"kms", {"kms:Decrypt", "kms:ScheduleKeyDeletion"}}};
const std::string kAccount = "arn:aws:iam::123456789012:role/";

enum class Format { Terraform, CloudFormation, Details };

struct Role {
  std::string name;         // as deployed (the evidence's subject)
  bool named_in_file = true;  // false: the file leaves the name to deploy time
  std::set<std::string> used;  // services it used in the window
};

struct Case {
  Format format = Format::Terraform;
  std::vector<Role> roles;
  std::string text, path;
  std::map<std::string, std::vector<std::size_t>> owners;  // policy pointer -> roles it applies to
  std::vector<Report> reports;
  std::string only;  // --only (a role's address), truthful: the evidence holds that role's report
  std::string describe;
};

struct Rng {
  std::mt19937 g;
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(g); }
  bool chance(int percent) { return below(100) < percent; }
};

std::string action_list(Rng& rng, bool hcl) {
  std::vector<std::string> out;
  for (const auto& [svc, actions] : kActions)
    if (rng.chance(50)) out.push_back(actions[static_cast<std::size_t>(rng.below(static_cast<int>(actions.size())))]);
  if (out.empty()) out.push_back("s3:ListBucket");
  std::string s = "[";
  for (std::size_t i = 0; i < out.size(); ++i) s += (i ? ", " : "") + std::string("\"") + out[i] + "\"";
  (void)hcl;
  return s + "]";
}

std::string tf_policy(const std::string& actions) {
  return "jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = " + actions +
         ", Resource = \"*\" }]\n  })";
}

std::string json_policy(const std::string& actions) {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": )" + actions + R"(, "Resource": "*"}]})";
}

Report report_about(const std::string& subject, const std::set<std::string>& used, const std::string& file) {
  Report r;
  r.subject = subject;
  r.subject_origin = subject.empty() ? "" : "sidecar";
  r.files = {file};
  r.job_created = days_from_civil(2024, 6, 30) * kMsPerDay;
  r.job_completed = r.job_created + 5000;
  for (const std::string& svc : kServices) {
    ServiceAccess s;
    s.service_namespace = svc;
    s.service_name = svc;
    if (used.count(svc)) {
      s.last_authenticated = days_from_civil(2024, 6, 29) * kMsPerDay;
      s.entity = subject;
      s.region = "us-east-1";
    }
    r.services.push_back(s);
  }
  return r;
}

Case generate(Rng& rng, int index) {
  Case c;
  c.format = static_cast<Format>(rng.below(3));
  const int roles = 2 + rng.below(3);
  for (int i = 0; i < roles; ++i) {
    Role r;
    r.name = "role" + std::to_string(i);
    r.named_in_file = c.format == Format::Details || rng.chance(75);
    if (!r.named_in_file) r.name += "-Gen" + std::to_string(rng.below(1000));
    for (const std::string& svc : kServices)
      if (rng.chance(40)) r.used.insert(svc);
    c.roles.push_back(r);
  }
  // Managed policies shared by random subsets; some attachments name the
  // policy through an expression iamtrim cannot resolve (for_each's
  // each.value, a CloudFormation !Sub), so the policy's principals are a
  // superset of the truth.
  std::vector<std::vector<std::size_t>> shared;
  std::vector<std::set<std::size_t>> computed;  // per policy: the roles attached by an expression
  for (int m = rng.below(3); m > 0; --m) {
    std::vector<std::size_t> who;
    std::set<std::size_t> by_expression;
    for (std::size_t i = 0; i < c.roles.size(); ++i)
      if (rng.chance(50)) {
        who.push_back(i);
        if (c.format != Format::Details && rng.chance(25)) by_expression.insert(i);
      }
    shared.push_back(who);
    computed.push_back(by_expression);
  }
  std::string& t = c.text;
  switch (c.format) {
    case Format::Terraform:
      c.path = "main.tf";
      for (std::size_t i = 0; i < c.roles.size(); ++i) {
        const std::string id = std::to_string(i);
        t += "resource \"aws_iam_role\" \"r" + id + "\" {\n" +
             (c.roles[i].named_in_file ? "  name = \"" + c.roles[i].name + "\"\n" : std::string()) +
             "  assume_role_policy = \"{}\"\n}\n\n";
        t += "resource \"aws_iam_role_policy\" \"p" + id + "\" {\n  role = aws_iam_role.r" + id +
             (rng.chance(50) ? ".id" : ".name") + "\n  policy = " + tf_policy(action_list(rng, true)) + "\n}\n\n";
        c.owners["aws_iam_role_policy.p" + id + ".policy"] = {i};
      }
      for (std::size_t m = 0; m < shared.size(); ++m) {
        const std::string id = std::to_string(m);
        t += "resource \"aws_iam_policy\" \"m" + id + "\" {\n  name   = \"shared" + id + "\"\n  policy = " +
             tf_policy(action_list(rng, true)) + "\n}\n\n";
        for (std::size_t who : shared[m])
          t += "resource \"aws_iam_role_policy_attachment\" \"m" + id + "_" + std::to_string(who) + "\" {\n" +
               (computed[m].count(who) ? "  for_each   = toset([aws_iam_policy.m" + id + ".arn])\n" : std::string()) +
               "  role       = aws_iam_role.r" + std::to_string(who) + ".name\n  policy_arn = " +
               (computed[m].count(who) ? "each.value" : "aws_iam_policy.m" + id + ".arn") + "\n}\n\n";
        c.owners["aws_iam_policy.m" + id + ".policy"] = shared[m];
      }
      break;
    case Format::CloudFormation:
      c.path = "template.yaml";
      t = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n";
      for (std::size_t i = 0; i < c.roles.size(); ++i) {
        const std::string id = "Role" + std::to_string(i);
        std::string arns;
        for (std::size_t m = 0; m < shared.size(); ++m)
          if (computed[m].count(i))
            arns += std::string(arns.empty() ? "" : ", ") + "!Sub \"arn:aws:iam::${AWS::AccountId}:policy/shared" +
                    std::to_string(m) + "\"";
        t += "  " + id + ":\n    Type: AWS::IAM::Role\n    Properties:\n" +
             (c.roles[i].named_in_file ? "      RoleName: " + c.roles[i].name + "\n" : std::string()) +
             (arns.empty() ? std::string() : "      ManagedPolicyArns: [" + arns + "]\n") +
             "      AssumeRolePolicyDocument: {Statement: []}\n      Policies:\n        - PolicyName: inline\n"
             "          PolicyDocument: " + json_policy(action_list(rng, false)) + "\n";
        c.owners["/Resources/" + id + "/Properties/Policies/0/PolicyDocument"] = {i};
      }
      for (std::size_t m = 0; m < shared.size(); ++m) {
        const std::string id = "Managed" + std::to_string(m);
        std::string roles;
        for (std::size_t who : shared[m])
          if (!computed[m].count(who)) roles += (roles.empty() ? "" : ", ") + std::string("!Ref Role") + std::to_string(who);
        t += "  " + id + ":\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      ManagedPolicyName: shared" +
             std::to_string(m) + "\n      Roles: [" + roles +
             "]\n      PolicyDocument: " + json_policy(action_list(rng, false)) + "\n";
        c.owners["/Resources/" + id + "/Properties/PolicyDocument"] = shared[m];
      }
      break;
    case Format::Details: {
      c.path = "details.json";
      std::string roles_json, policies_json;
      for (std::size_t m = 0; m < shared.size(); ++m) {
        policies_json += std::string(m ? "," : "") + R"({"PolicyName": "shared)" + std::to_string(m) +
                         R"(", "Arn": "arn:aws:iam::123456789012:policy/shared)" + std::to_string(m) +
                         R"(", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": )" +
                         json_policy(action_list(rng, false)) + "}]}";
        c.owners["/Policies/" + std::to_string(m) + "/PolicyVersionList/0/Document"] = shared[m];
      }
      for (std::size_t i = 0; i < c.roles.size(); ++i) {
        std::string attached;
        for (std::size_t m = 0; m < shared.size(); ++m)
          if (std::count(shared[m].begin(), shared[m].end(), i))
            attached += std::string(attached.empty() ? "" : ",") + R"({"PolicyArn": "arn:aws:iam::123456789012:policy/shared)" +
                        std::to_string(m) + "\"}";
        roles_json += std::string(i ? "," : "") + R"({"RoleName": ")" + c.roles[i].name + R"(", "Arn": ")" + kAccount +
                      c.roles[i].name + R"(", "AttachedManagedPolicies": [)" + attached +
                      R"(], "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": )" +
                      json_policy(action_list(rng, false)) + "}]}";
        c.owners["/RoleDetailList/" + std::to_string(i) + "/RolePolicyList/0/PolicyDocument"] = {i};
      }
      t = R"({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [)" + roles_json + R"(], "Policies": [)" +
          policies_json + "]}";
      break;
    }
  }
  // Evidence: some of the file's roles (with paths and other case), other
  // principals, and now and then a report that names nobody.
  for (std::size_t i = 0; i < c.roles.size(); ++i)
    if (rng.chance(60)) {
      std::string name = c.roles[i].name;
      std::string subject = rng.chance(20) ? kAccount + "team/" + name : kAccount + name;
      if (rng.chance(20)) subject = to_lower(subject);
      c.reports.push_back(report_about(subject, c.roles[i].used, "role" + std::to_string(i) + ".json"));
    }
  for (int k = rng.below(3); k > 0; --k) {
    std::set<std::string> used;
    if (rng.chance(50)) used.insert("s3");
    c.reports.push_back(report_about(kAccount + "other" + std::to_string(k), used, "other.json"));
  }
  if (rng.chance(10)) c.reports.push_back(report_about("", {}, "nobody.json"));
  // Sometimes the user states --only for a role whose report is given
  // (truthfully: then the evidence is that role's and the named roles').
  if (c.format != Format::Details && rng.chance(25)) {
    std::size_t r = static_cast<std::size_t>(rng.below(static_cast<int>(c.roles.size())));
    c.only = c.format == Format::Terraform ? "aws_iam_role.r" + std::to_string(r) : "Role" + std::to_string(r);
    std::vector<Report> kept;
    for (const Report& rep : c.reports)
      if (rep.files.front() == "role" + std::to_string(r) + ".json" ||
          (rep.files.front().rfind("role", 0) == 0 && c.roles[std::stoul(rep.files.front().substr(4))].named_in_file))
        kept.push_back(rep);
    c.reports = kept;
    kept.clear();
    if (std::none_of(c.reports.begin(), c.reports.end(),
                     [&](const Report& rep) { return rep.files.front() == "role" + std::to_string(r) + ".json"; }))
      c.reports.push_back(report_about(kAccount + c.roles[r].name, c.roles[r].used, "role" + std::to_string(r) + ".json"));
  }
  c.describe = "case " + std::to_string(index) + " (" + c.path + (c.only.empty() ? "" : ", --only " + c.only) + ")\n" + t;
  return c;
}

// The services each policy lost, by pointer.
std::map<std::string, std::set<std::string>> lost(const Catalog& catalog, const SourceResult& before,
                                                   const SourceResult& after) {
  std::map<std::string, std::set<std::string>> out;
  std::map<std::string, const FoundPolicy*> now;
  for (const FoundPolicy& p : after.policies) now[p.pointer] = &p;
  for (const FoundPolicy& p : before.policies) {
    auto it = now.find(p.pointer);
    if (it == now.end()) continue;
    ActionSet old_grant(catalog.action_count()), new_grant(catalog.action_count());
    for (const Statement& s : parse_policy(p.document, p.pointer).policy.statements)
      if (s.effect == Effect::Allow) old_grant |= expand_statement(catalog, s).actions;
    for (const Statement& s : parse_policy(it->second->document, p.pointer).policy.statements)
      if (s.effect == Effect::Allow) new_grant |= expand_statement(catalog, s).actions;
    (old_grant - new_grant).for_each([&](ActionId id) { out[p.pointer].insert(std::string(catalog.service_of(id).prefix)); });
  }
  return out;
}

// Every service a policy lost is proven unused by a report about each of
// its principals.
void check(const Case& c, const std::map<std::string, std::set<std::string>>& removed, int& removals) {
  for (const auto& [pointer, services] : removed) {
    if (services.empty()) continue;
    ++removals;
    auto owners = c.owners.find(pointer);
    ASSERT_NE(owners, c.owners.end()) << pointer << " lost " << *services.begin() << "\n" << c.describe;
    for (std::size_t r : owners->second) {
      const std::string arn = to_lower(kAccount + c.roles[r].name);
      const bool reported = std::any_of(c.reports.begin(), c.reports.end(), [&](const Report& rep) {
        auto id = identity_of_arn(rep.subject);
        return id && id->type == "role" && id->name == to_lower(c.roles[r].name);
      });
      ASSERT_TRUE(reported) << pointer << " lost " << *services.begin() << " without a report about " << arn << "\n"
                            << c.describe;
      for (const std::string& s : services)
        ASSERT_EQ(c.roles[r].used.count(s), 0u) << pointer << " lost " << s << ", which " << arn << " used\n" << c.describe;
    }
  }
}

TEST(BindingProperty, NoRemovalWithoutProofAboutThePolicysOwnPrincipals) {
  const Catalog catalog = Catalog::embedded();
  Rng rng{std::mt19937(9090)};
  constexpr int kCases = 600;
  int removals = 0, refused = 0;
  for (int i = 0; i < kCases; ++i) {
    Case c = generate(rng, i);
    auto file = std::make_shared<const SourceFile>(SourceFile::from_string(c.path, c.text));
    SourceResult src = read_source(file);
    ASSERT_TRUE(src.diagnostics.empty()) << c.describe << "\n" << src.diagnostics.front().message;
    std::vector<const FoundPolicy*> chosen;
    for (const FoundPolicy& p : src.policies) {
      if (p.kind != PolicyKind::Identity) continue;
      bool selected = c.only.empty() || std::any_of(p.principals.begin(), p.principals.end(),
                                                    [&](const PolicyPrincipal& pr) { return pr.address == c.only; });
      if (selected) chosen.push_back(&p);
    }
    BindResult bound = bind_evidence(chosen, c.reports, {.only = !c.only.empty()});
    ASSERT_TRUE(bound.ok()) << c.describe;
    // Narrow what is bound, as every mode does (the CLI writes nothing when
    // any policy is refused; here each bound policy is narrowed regardless,
    // which is the stronger test).
    SourceResult after = src;
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const PolicyBinding& b = bound.policies[k];
      refused += !b.bound;
      if (!b.bound) continue;
      PolicyResult parsed = parse_policy(chosen[k]->document, chosen[k]->pointer);
      ActionSet granted(catalog.action_count());
      for (const Statement& s : parsed.policy.statements)
        if (s.effect == Effect::Allow) granted |= expand_statement(catalog, s).actions;
      DecisionInput input;
      input.required_subjects = b.required_subjects;
      input.policy_arn = b.policy_arn;
      DecideResult d = decide(catalog, granted, b.reports, TrackingRules::embedded(), input);
      ASSERT_TRUE(d.ok()) << c.describe << "\n" << format_error(d.errors.front());
      NarrowResult r = narrow_policy(catalog, parsed.policy, d.decisions);
      ASSERT_TRUE(r.verification.ok) << c.describe;
      for (FoundPolicy& p : after.policies)
        if (p.pointer == chosen[k]->pointer) p.document = parse_json(SourceFile::from_string("x", write_policy(r.policy))).value;
    }
    check(c, lost(catalog, src, after), removals);
    if (HasFatalFailure()) return;
  }
  // The generator must exercise both outcomes.
  std::cout << "[ property ] " << removals << " removals, " << refused << " refusals in " << kCases << " cases\n";
  EXPECT_GT(removals, kCases / 4);
  EXPECT_GT(refused, kCases / 4);
}

// The same through the command line: `narrow FILE --write` on a sample of
// the Terraform and CloudFormation cases, the file read back afterwards.
TEST(BindingProperty, TheCommandLineKeepsTheSameInvariant) {
  const Catalog catalog = Catalog::embedded();
  Rng rng{std::mt19937(4242)};
  const fs::path dir = fs::temp_directory_path() / ("iamtrim-binding-property-" + std::to_string(::getpid()));
  int runs = 0, written = 0, removals = 0;
  for (int i = 0; runs < 60; ++i) {
    Case c = generate(rng, i);
    if (c.format == Format::Details) continue;
    ++runs;
    fs::remove_all(dir);
    fs::create_directories(dir);
    test::write_file(dir / c.path, c.text);
    std::vector<std::string> args = {"narrow", (dir / c.path).string(), "--write"};
    if (!c.only.empty()) args.insert(args.end(), {"--only", c.only});
    if (!c.reports.empty()) args.push_back("--evidence");
    for (std::size_t k = 0; k < c.reports.size(); ++k) {
      const Report& rep = c.reports[k];
      const std::string name = "ev" + std::to_string(k);
      std::string services;
      for (const ServiceAccess& s : rep.services)
        services += std::string(services.empty() ? "" : ",") + R"({"ServiceName": ")" + s.service_namespace +
                    R"(", "ServiceNamespace": ")" + s.service_namespace + "\"" +
                    (s.last_authenticated ? R"(, "LastAuthenticated": "2024-06-29T00:00:00Z", "LastAuthenticatedEntity": ")" +
                                                rep.subject + R"(", "TotalAuthenticatedEntities": 1)"
                                          : R"(, "TotalAuthenticatedEntities": 0)") + "}";
      test::write_file(dir / (name + ".json"), R"({"JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL", )"
                                               R"("JobCreationDate": "2024-06-30T00:00:00Z", "JobCompletionDate": "2024-06-30T00:00:05Z", )"
                                               R"("IsTruncated": false, "ServicesLastAccessed": [)" + services + "]}");
      if (!rep.subject.empty()) test::write_file(dir / (name + ".request.json"), R"({"Arn": ")" + rep.subject + "\"}");
      args.push_back((dir / (name + ".json")).string());
      c.reports[k].files = {(dir / (name + ".json")).string()};
    }
    if (c.reports.empty()) continue;
    test::RunResult r = test::run_cli(args);
    const std::string after_text = test::read_file(dir / c.path);
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.err << c.describe;
    if (r.exit_code == 2) {
      ASSERT_EQ(after_text, c.text) << "a refused run must leave the file untouched\n" << r.err << c.describe;
      continue;
    }
    written += after_text != c.text;
    auto before = read_source(std::make_shared<const SourceFile>(SourceFile::from_string(c.path, c.text)));
    auto after = read_source(std::make_shared<const SourceFile>(SourceFile::from_string(c.path, after_text)));
    check(c, lost(catalog, before, after), removals);
    if (HasFatalFailure()) return;
  }
  fs::remove_all(dir);
  std::cout << "[ property ] " << runs << " command-line runs, " << written << " files rewritten\n";
  EXPECT_GT(written, 3) << "the sample must include rewrites";
}

}  // namespace
}  // namespace iamtrim
