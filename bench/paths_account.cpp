// Escalation paths at scale (issue 12): generates a
// get-account-authorization-details document of ROLES roles, USERS users,
// GROUPS groups and MANAGED customer-managed policies shaped like a real
// organisation's account (teams with their own roles, users in team groups
// assuming team roles with MFA, service roles for Lambda, EC2, ECS, Glue and
// CodeBuild, CI roles that pass team roles, a few admins, boundaries on
// delegated roles, OIDC roles for CI, Deny guard rails), then
//  1. in this process: reads it and runs find_paths() (the graph and the
//     shortest path of every principal to admin), best of REPEAT rounds;
//  2. the real CLI, `iamtrim paths --account FILE --format json`, as a child
//     process, side by side with `python3 -c 'json.load(...)'` on the same
//     file (the cost of merely parsing it in a common scripting runtime).
// Prints wall times, ratios and peak RSS of each. Not a test: the budget is
// the graph and all-pairs reachability in under 1 s on one core (Release).
//
//   paths_account [ROLES USERS GROUPS MANAGED] [REPEAT] [--cli PATH-TO-IAMTRIM] [--keep FILE]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "bench_util.hpp"
#include "process_bench.hpp"
#include "iamtrim/paths.hpp"

namespace {

using Json = nlohmann::ordered_json;
const std::string kAcct = "123456789012";
const std::string kArn = "arn:aws:iam::" + kAcct + ":";
const std::string kAdmin = "arn:aws:iam::aws:policy/AdministratorAccess";

Json statement(const char* effect, const Json& actions, const Json& resource, const Json& condition = nullptr) {
  Json s = {{"Effect", effect}, {"Action", actions}, {"Resource", resource}};
  if (!condition.is_null()) s["Condition"] = condition;
  return s;
}
Json doc(std::vector<Json> statements) { return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}}; }
Json trust(const Json& principal, const Json& condition = nullptr, const char* action = "sts:AssumeRole") {
  Json s = {{"Effect", "Allow"}, {"Principal", principal}, {"Action", action}};
  if (!condition.is_null()) s["Condition"] = condition;
  return doc({s});
}
Json attached(const std::vector<std::string>& arns) {
  Json out = Json::array();
  for (const std::string& a : arns) out.push_back({{"PolicyName", a.substr(a.rfind('/') + 1)}, {"PolicyArn", a}});
  return out;
}

struct Sizes {
  int roles = 5000, users = 1000, groups = 200, managed = 2000;
};

class Generator {
 public:
  explicit Generator(Sizes s) : s_(s), rng_(12) {}

  std::string make() {
    Json d = {{"UserDetailList", Json::array()}, {"GroupDetailList", Json::array()}, {"RoleDetailList", Json::array()},
              {"Policies", Json::array()}};
    teams_ = std::max(1, s_.groups / 2);
    for (int i = 0; i < s_.managed; ++i) d["Policies"].push_back(managed(i));
    d["Policies"].push_back(policy_entry(kAdmin, doc({statement("Allow", "*", "*")})));
    for (int i = 0; i < s_.groups; ++i) d["GroupDetailList"].push_back(group(i));
    for (int i = 0; i < s_.users; ++i) d["UserDetailList"].push_back(user(i));
    for (int i = 0; i < s_.roles; ++i) d["RoleDetailList"].push_back(role(i));
    return d.dump(4);
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return pick(0, 99) < percent; }
  std::string team(int t) { return "team" + std::to_string(t); }
  std::string managed_arn(int i) { return kArn + "policy/p" + std::to_string(i); }
  int team_of_role(int i) const { return i % teams_; }

  Json policy_entry(const std::string& arn, const Json& document) {
    return {{"PolicyName", arn.substr(arn.rfind('/') + 1)},
            {"Arn", arn},
            {"Path", "/"},
            {"DefaultVersionId", "v1"},
            {"CreateDate", "2021-01-01T00:00:00Z"},
            {"PolicyVersionList", Json::array({{{"Document", document}, {"VersionId", "v1"}, {"IsDefaultVersion", true}}})}};
  }

  // Customer-managed policy i: mostly service access of a team, some of them
  // the dangerous kinds.
  Json managed(int i) {
    static const std::vector<std::vector<std::string>> kSets = {
        {"s3:GetObject", "s3:PutObject", "s3:ListBucket"},
        {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"},
        {"logs:CreateLogStream", "logs:PutLogEvents"},
        {"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"},
        {"ec2:Describe*", "cloudwatch:GetMetricData"},
        {"kms:Decrypt", "kms:GenerateDataKey"},
        {"secretsmanager:GetSecretValue"},
        {"ecr:GetAuthorizationToken", "ecr:BatchGetImage"},
    };
    const std::string t = team(i % teams_);
    std::vector<Json> st;
    st.push_back(statement("Allow", kSets[static_cast<std::size_t>(i) % kSets.size()], "arn:aws:*:*:" + kAcct + ":*" + t + "*"));
    st.push_back(statement("Allow", kSets[static_cast<std::size_t>(i + 3) % kSets.size()], "*"));
    if (i % 10 == 0)  // deployment policies: pass the team's roles to Lambda and ECS
      st.push_back(statement("Allow", "iam:PassRole", kArn + "role/" + t + "-*",
                             {{"StringEquals", {{"iam:PassedToService", Json::array({"lambda.amazonaws.com", "ecs-tasks.amazonaws.com"})}}}}));
    if (i % 10 == 1)
      st.push_back(statement("Allow", Json::array({"lambda:CreateFunction", "lambda:InvokeFunction", "lambda:UpdateFunctionCode"}),
                             "arn:aws:lambda:*:" + kAcct + ":function:" + t + "-*"));
    if (i % 25 == 2) st.push_back(statement("Allow", Json::array({"ecs:RegisterTaskDefinition", "ecs:RunTask"}), "*"));
    if (i % 40 == 3) st.push_back(statement("Deny", "iam:*", "*", {{"Bool", {{"aws:MultiFactorAuthPresent", "false"}}}}));
    if (i % 200 == 5) st.push_back(statement("Allow", Json::array({"iam:AttachRolePolicy", "iam:PutRolePolicy"}), kArn + "role/" + t + "-*"));
    return policy_entry(managed_arn(i), doc(st));
  }

  Json group(int i) {
    const int t = i % teams_;
    std::vector<std::string> arns;
    for (int k = 0; k < 2; ++k) arns.push_back(managed_arn(pick(0, s_.managed - 1)));
    Json inline_policies = Json::array();
    // Team groups may assume the team's roles, with MFA.
    inline_policies.push_back({{"PolicyName", "assume-" + team(t)},
                               {"PolicyDocument", doc({statement("Allow", "sts:AssumeRole", kArn + "role/" + team(t) + "-*",
                                                                 {{"Bool", {{"aws:MultiFactorAuthPresent", "true"}}}})})}});
    if (i == 0) arns = {kAdmin};  // the admins group
    return {{"Path", "/"}, {"GroupName", "g" + std::to_string(i)}, {"Arn", kArn + "group/g" + std::to_string(i)},
            {"CreateDate", "2021-01-01T00:00:00Z"}, {"GroupPolicyList", inline_policies},
            {"AttachedManagedPolicies", attached(arns)}};
  }

  Json user(int i) {
    const std::string name = "u" + std::to_string(i);
    Json groups = Json::array({"g" + std::to_string(pick(1, s_.groups - 1))});
    if (chance(30)) groups.push_back("g" + std::to_string(pick(1, s_.groups - 1)));
    if (i < 5) groups.push_back("g0");
    Json inline_policies = Json::array();
    inline_policies.push_back(
        {{"PolicyName", "self-service"},
         {"PolicyDocument", doc({statement("Allow", Json::array({"iam:CreateAccessKey", "iam:ChangePassword", "iam:GetUser"}),
                                           kArn + "user/${aws:username}")})}});
    if (i % 100 == 7)  // help desk: keys for anyone
      inline_policies.push_back({{"PolicyName", "helpdesk"},
                                 {"PolicyDocument", doc({statement("Allow", "iam:CreateAccessKey", kArn + "user/*")})}});
    if (i % 50 == 3)  // CI users assume their deployer role without MFA
      inline_policies.push_back({{"PolicyName", "ci"},
                                 {"PolicyDocument", doc({statement("Allow", "sts:AssumeRole", kArn + "role/" + team(i % teams_) + "-deployer")})}});
    Json u = {{"Path", "/"}, {"UserName", name}, {"Arn", kArn + "user/" + name}, {"CreateDate", "2021-01-01T00:00:00Z"},
              {"UserPolicyList", inline_policies}, {"GroupList", groups},
              {"AttachedManagedPolicies", attached({managed_arn(pick(0, s_.managed - 1))})},
              {"Tags", Json::array({{{"Key", "team"}, {"Value", team(i % teams_)}}})}};
    return u;
  }

  Json role(int i) {
    const int t = team_of_role(i);
    const int k = i / teams_;
    std::string name = team(t) + "-" + (k == 0 ? std::string("deployer") : k == 1 ? "admin" : "svc" + std::to_string(k));
    static const char* kServices[] = {"lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com",
                                      "glue.amazonaws.com", "codebuild.amazonaws.com"};
    Json trust_doc;
    bool profile = false;
    std::vector<std::string> arns;
    for (int n = 0; n < 2; ++n) arns.push_back(managed_arn(pick(0, s_.managed - 1)));
    Json inline_policies = Json::array();
    if (k == 0) {
      // The team's deployer: assumed by the account's principals that may, passes team roles.
      trust_doc = trust({{"AWS", kArn + "root"}});
      arns.push_back(managed_arn((t * 10) % s_.managed));      // iam:PassRole to the team's roles
      arns.push_back(managed_arn((t * 10 + 1) % s_.managed));  // lambda:CreateFunction
    } else if (k == 1) {
      // The team's admin role: MFA from the team group; a few hold AdministratorAccess.
      trust_doc = trust({{"AWS", kArn + "root"}}, {{"Bool", {{"aws:MultiFactorAuthPresent", "true"}}}});
      if (t % 10 == 0) arns.push_back(kAdmin);
    } else if (i % 20 == 7) {
      trust_doc = trust({{"Federated", kArn + "oidc-provider/token.actions.githubusercontent.com"}},
                        {{"StringLike", {{"token.actions.githubusercontent.com:sub", "repo:example/" + team(t) + ":*"}}}},
                        "sts:AssumeRoleWithWebIdentity");
    } else {
      const char* svc = kServices[static_cast<std::size_t>(i) % 5];
      trust_doc = trust({{"Service", svc}});
      profile = std::string(svc) == "ec2.amazonaws.com";
      if (i % 97 == 0) arns.push_back(kAdmin);  // an over-privileged service role
    }
    inline_policies.push_back({{"PolicyName", "inline"},
                               {"PolicyDocument", doc({statement("Allow", Json::array({"s3:GetObject", "s3:PutObject"}),
                                                                 "arn:aws:s3:::" + name + "/*")})}});
    Json r = {{"Path", "/"}, {"RoleName", name}, {"Arn", kArn + "role/" + name}, {"CreateDate", "2021-01-01T00:00:00Z"},
              {"AssumeRolePolicyDocument", trust_doc}, {"RolePolicyList", inline_policies},
              {"AttachedManagedPolicies", attached(arns)}, {"Tags", Json::array({{{"Key", "team"}, {"Value", team(t)}}})}};
    if (profile)
      r["InstanceProfileList"] = Json::array({{{"InstanceProfileName", name}, {"Arn", kArn + "instance-profile/" + name}}});
    return r;
  }

  Sizes s_;
  std::mt19937 rng_;
  int teams_ = 1;
};

struct Child {
  double ms = 0;
  long rss_kib = 0;
  int status = -1;
};

// Children are started by a launcher forked before anything big is
// allocated: a child forked from this process would start with (and report
// as its peak) the generated account's pages.
class Launcher {
 public:
  Launcher() {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(to[1]);
      close(from[0]);
      serve(to[0], from[1]);
      _exit(0);
    }
    close(to[0]);
    close(from[1]);
    out_ = to[1];
    in_ = from[0];
  }
  ~Launcher() {
    if (out_ >= 0) close(out_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

  // Runs argv with stdout and stderr to /dev/null.
  Child run(const std::vector<std::string>& argv) {
    std::string request;
    for (const std::string& a : argv) request += a + '\n';
    request += '\n';
    if (write(out_, request.data(), request.size()) != static_cast<ssize_t>(request.size())) return {};
    std::string reply;
    char c;
    while (read(in_, &c, 1) == 1 && c != '\n') reply += c;
    Child child;
    std::sscanf(reply.c_str(), "%lf %ld %d", &child.ms, &child.rss_kib, &child.status);
    return child;
  }

 private:
  static void serve(int in, int out) {
    std::vector<std::string> args;
    std::string line;
    char c;
    while (read(in, &c, 1) == 1) {
      if (c != '\n') {
        line += c;
        continue;
      }
      if (!line.empty()) {
        args.push_back(line);
        line.clear();
        continue;
      }
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      const double t0 = iamtrim::bench::now_ms();
      pid_t pid = fork();
      if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv.data());
        _exit(127);
      }
      int status = 0;
      rusage usage{};
      wait4(pid, &status, 0, &usage);
      char reply[128];
      int n = std::snprintf(reply, sizeof reply, "%f %ld %d\n", iamtrim::bench::now_ms() - t0, usage.ru_maxrss,
                            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
      if (write(out, reply, static_cast<std::size_t>(n)) != n) return;
      args.clear();
    }
  }

  pid_t pid_ = -1;
  int out_ = -1, in_ = -1;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace iamtrim;
  Sizes sizes;
  int repeat = 3;
  std::string cli, keep;
  std::vector<int> numbers;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--cli" && i + 1 < argc) cli = argv[++i];
    else if (a == "--keep" && i + 1 < argc) keep = argv[++i];
    else numbers.push_back(std::max(1, std::atoi(argv[i])));
  }
  if (numbers.size() >= 4) sizes = {numbers[0], numbers[1], numbers[2], numbers[3]};
  if (numbers.size() == 1 || numbers.size() == 5) repeat = numbers.back();
  std::optional<Launcher> launcher;
  if (!cli.empty()) launcher.emplace();

  const std::string text = Generator(sizes).make();
  const Catalog& catalog = Catalog::embedded();
  double best_read = 1e18, best_paths = 1e18;
  PathsResult result;
  for (int round = 0; round < repeat; ++round) {
    const double t0 = bench::now_ms();
    AccountResult account = read_account(std::make_shared<const SourceFile>(SourceFile::from_string("details.json", text)));
    if (!account.ok()) {
      std::cerr << format_error(account.errors.front()) << "\n";
      return 2;
    }
    const double t1 = bench::now_ms();
    PathsOptions options;
    options.target.capabilities.push_back({});
    result = find_paths(catalog, *account.account, options);
    const double t2 = bench::now_ms();
    if (!result.ok()) {
      std::cerr << result.errors.front().message << "\n";
      return 2;
    }
    best_read = std::min(best_read, t1 - t0);
    best_paths = std::min(best_paths, t2 - t1);
  }
  std::size_t searched = result.edge_count, conditional = 0, hops = 0;
  for (const EscalationPath& p : result.paths) {
    conditional += p.conditional;
    hops = std::max(hops, p.hops.size());
  }
  std::cout << "account: " << sizes.roles << " roles, " << sizes.users << " users, " << sizes.groups << " groups, "
            << sizes.managed << " managed policies; " << text.size() / 1024 << " KiB of JSON\n"
            << "graph: " << result.nodes.size() << " nodes, " << searched << " edges; " << result.at_target.size()
            << " principals are admin, " << result.paths.size() << " reach admin (" << conditional
            << " conditionally), longest shortest path " << hops << " steps\n"
            << "in process, best of " << repeat << ": read_account " << best_read << " ms, find_paths (graph + "
            << "all-pairs reachability) " << best_paths << " ms, total " << best_read + best_paths << " ms\n"
            << "in-process peak RSS " << bench::peak_rss_kib() / 1024 << " MiB\n";

  if (cli.empty() && keep.empty()) return 0;
  const std::string file = keep.empty() ? "/tmp/iamtrim-paths-bench-" + std::to_string(::getpid()) + ".json" : keep;
  {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  if (!cli.empty()) {
    Child best_cli{1e18, 0, -1}, best_py{1e18, 0, -1};
    for (int round = 0; round < repeat; ++round) {
      Child c = launcher->run({cli, "paths", "--account", file, "--no-config", "--format", "json", "--fail-on", "none"});
      Child p = launcher->run({iamtrim::bench::python_interpreter(), "-c", "import json,sys; json.load(open(sys.argv[1]))", file});
      if (c.status != 0 || p.status != 0) {
        std::cerr << "a child failed: iamtrim " << c.status << ", python3 " << p.status << "\n";
        return 2;
      }
      if (c.ms < best_cli.ms) best_cli = c;
      if (p.ms < best_py.ms) best_py = p;
    }
    std::cout << "CLI `iamtrim paths --format json`: " << best_cli.ms << " ms, peak RSS " << best_cli.rss_kib / 1024
              << " MiB\n"
              << "python3 json.load of the same file: " << best_py.ms << " ms, peak RSS " << best_py.rss_kib / 1024
              << " MiB\n"
              << "ratio iamtrim / python3 json.load: " << best_cli.ms / best_py.ms << " (time), "
              << static_cast<double>(best_cli.rss_kib) / static_cast<double>(best_py.rss_kib) << " (memory)\n";
  }
  if (keep.empty()) std::remove(file.c_str());
  return 0;
}
