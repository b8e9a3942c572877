// Expansion of every distinct action pattern of a corpus (default: the AWS
// managed policies) in one `iamtrim expand` process, side by side with
// @cloud-copilot/iam-expand doing the same in one Node process, many rounds
// in alternation; then the two results compared pattern by pattern.
//
//   npm install --prefix /tmp/iam-expand @cloud-copilot/iam-expand
//   expand_vs_npm /tmp/iam-expand [ROUNDS] [DIR]
//
// The patterns (Action and NotAction items, exact strings, first-seen order)
// go to Node as a list (bench/iam_expand.mjs) and to iamtrim twice: as the
// same list (`iamtrim expand --each --from FILE --format json`: what Node
// does) and as a policy with one statement per pattern (`iamtrim expand
// --policy FILE --format json`, which also reads the policy grammar with
// positions and counts each statement's actions by service and access
// level). All three write JSON, and both of iamtrim's results are compared
// with Node's pattern by pattern. Issue-11 target: iamtrim at least 20x
// faster.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"
#include "process_bench.hpp"

namespace fs = std::filesystem;
using namespace iamtrim::bench;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> distinct_patterns(const fs::path& dir, std::size_t& total) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  std::set<std::string> seen;
  total = 0;
  for (const fs::path& p : files) {
    auto file = std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(p.string(), read(p)));
    for (const iamtrim::FoundPolicy& found : iamtrim::read_source(file).policies) {
      iamtrim::PolicyResult pr = iamtrim::parse_policy(found.document, found.pointer);
      for (const iamtrim::Statement& s : pr.policy.statements) {
        if (!s.actions()) continue;
        for (const iamtrim::Item& item : s.actions()->items) {
          if (item.kind != iamtrim::ValueKind::String) continue;
          ++total;
          if (seen.insert(item.text).second) out.push_back(item.text);
        }
      }
    }
  }
  return out;
}

std::set<std::string> lowered(const nlohmann::json& names) {
  std::set<std::string> out;
  for (const auto& n : names) {
    std::string s = n.get<std::string>();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.insert(s);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: expand_vs_npm NPM_PREFIX [ROUNDS] [DIR]\n"
                         "  (npm install --prefix NPM_PREFIX @cloud-copilot/iam-expand)\n");
    return 2;
  }
  const fs::path prefix = fs::absolute(argv[1]);
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const fs::path dir = argc > 3 ? fs::path(argv[3]) : fs::path(corpus_folder("aws-managed"));
  // Without the comparison there is nothing to measure: say so and stop
  // without failing (CI builds this program but installs nothing from npm).
  if (!fs::exists(prefix / "node_modules/@cloud-copilot/iam-expand")) {
    std::printf("expand_vs_npm: SKIPPED: no @cloud-copilot/iam-expand under %s "
                "(npm install --prefix %s @cloud-copilot/iam-expand)\n",
                prefix.string().c_str(), prefix.string().c_str());
    return 0;
  }
  if (std::system("node --version >/dev/null 2>&1") != 0) {
    std::printf("expand_vs_npm: SKIPPED: node is not on PATH\n");
    return 0;
  }
  std::size_t total = 0;
  const std::vector<std::string> patterns = distinct_patterns(dir, total);
  const fs::path scratch = fs::temp_directory_path() / ("iamtrim-expand-bench-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  {
    std::ofstream list(scratch / "patterns.txt");
    nlohmann::ordered_json statements = nlohmann::ordered_json::array();
    for (const std::string& p : patterns) {
      list << p << "\n";
      statements.push_back({{"Effect", "Allow"}, {"Action", p}, {"Resource", "*"}});
    }
    std::ofstream(scratch / "patterns.json") << nlohmann::ordered_json{{"Version", "2012-10-17"}, {"Statement", statements}}.dump(1);
  }
  const std::string bin = iamtrim_binary();
  const fs::path ours = scratch / "iamtrim.json", ours_each = scratch / "iamtrim-each.json",
                 theirs = scratch / "iam-expand.json";
  std::vector<Command> commands = {
      {"node @cloud-copilot/iam-expand",
       {"node", std::string(IAMTRIM_SOURCE_DIR) + "/bench/iam_expand.mjs", prefix.string(), (scratch / "patterns.txt").string(),
        theirs.string()},
       scratch.string(), ""},
      {"iamtrim expand --each --from --format json",
       {bin, "expand", "--each", "--from", "patterns.txt", "--format", "json"}, scratch.string(), ours_each.string()},
      {"iamtrim expand --policy --format json", {bin, "expand", "--policy", "patterns.json", "--format", "json"},
       scratch.string(), ours.string()},
  };
  commands[0].ok_codes = {0};
  std::printf("%zu distinct patterns (%zu in all) from %s, %d rounds, binary %s\n", patterns.size(), total,
              dir.string().c_str(), rounds, bin.c_str());
  auto series = run_side_by_side(commands, rounds);
  print_series(series, 0);
  std::printf("iam-expand / iamtrim (median): the same list %.1fx faster, as a policy %.1fx faster (target: at least "
              "20x)\n",
              series[0].median_wall() / series[1].median_wall(), series[0].median_wall() / series[2].median_wall());

  // Same expansions? Names compared ignoring case, as IAM does.
  const auto a = nlohmann::json::parse(read(ours));
  const auto e = nlohmann::json::parse(read(ours_each));
  const auto b = nlohmann::json::parse(read(theirs));
  const auto& statements = a.at("policies").at(0).at("statements");
  const auto& each = e.at("patterns");
  std::size_t same = 0, differ = 0, each_differ = 0;
  std::ofstream report(scratch.parent_path() / "iamtrim-expand-differences.txt");
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const std::set<std::string> x = lowered(statements.at(i).at("actions")), y = lowered(b.at(patterns[i]));
    if (each.at(i).at("pattern") != patterns[i] || lowered(each.at(i).at("actions")) != x) ++each_differ;
    if (x == y) {
      ++same;
      continue;
    }
    ++differ;
    std::vector<std::string> only_x, only_y;
    std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(only_x));
    std::set_difference(y.begin(), y.end(), x.begin(), x.end(), std::back_inserter(only_y));
    report << patterns[i] << ": iamtrim " << x.size() << ", iam-expand " << y.size() << "; only iamtrim:";
    for (std::size_t k = 0; k < std::min<std::size_t>(only_x.size(), 5); ++k) report << " " << only_x[k];
    report << (only_x.size() > 5 ? " ..." : "") << "; only iam-expand:";
    for (std::size_t k = 0; k < std::min<std::size_t>(only_y.size(), 5); ++k) report << " " << only_y[k];
    report << (only_y.size() > 5 ? " ..." : "") << "\n";
  }
  std::printf("expansions: %zu patterns identical, %zu differ%s; --each and --policy differ on %zu\n", same, differ,
              differ ? (" (listed in " + (scratch.parent_path() / "iamtrim-expand-differences.txt").string() + ")").c_str() : "",
              each_differ);
  fs::remove_all(scratch);
  return 0;
}
