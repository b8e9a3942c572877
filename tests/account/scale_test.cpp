// Account mode at scale through the real CLI on a generated account
// (bench/account_gen.hpp): the progress line only on a terminal, a table
// that fits 100 columns, and a --report that stays a summary with the
// per-action details in one file per policy under --out.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "../../bench/account_gen.hpp"
#include "support/files.hpp"
#include "support/terminal.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

using Json = nlohmann::json;

// Display columns, counted independently of the product: a code point is
// one column, none for a UTF-8 continuation byte, two for CJK and the
// fullwidth forms (all the test's names use).
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xc0) == 0x80) continue;
    if (c == 0xe3 || (c >= 0xe4 && c <= 0xe9) || c == 0xef) n += 2;  // U+3000-U+9FFF, U+F000-U+FFFF (fullwidth)
    else ++n;
  }
  return n;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// `roles` generated roles; with `long_names`, each role's name is long and
// carries CJK characters (IAM allows only ASCII, but names reach the table
// from any file, and the table must still fit).
struct Generated {
  TempDir dir{"account-scale"};
  std::string details, evidence;
  std::string longest;  // the longest role name
  Generated(int roles, bool long_names) {
    bench::account::write_account(dir.path(), roles, 2, 1);
    details = (dir / "authorization-details.json").string();
    evidence = (dir / "evidence").string();
    if (!long_names) return;
    const std::string prefix = "payments-platform-データ処理-ingestion-worker-with-a-long-name-";
    auto rename = [&](const fs::path& file) {
      std::string text = read_file(file), out;
      for (std::size_t i = 0, at; i < text.size(); i = at + 4) {
        at = text.find("app-", i);
        if (at == std::string::npos) {
          out += text.substr(i);
          break;
        }
        out += text.substr(i, at - i) + prefix;
      }
      write_file(file, out);
    };
    rename(details);
    for (const auto& e : fs::directory_iterator(evidence)) rename(e.path());
    longest = prefix + std::to_string(roles - 1);
  }
  std::vector<std::string> args(std::vector<std::string> extra) const {
    std::vector<std::string> a = {"narrow", "--account", details, "--evidence", evidence};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
};

TEST(AccountScale, ProgressLineOnATerminalOnly) {
  Generated g(300, false);
  TerminalRun tty = run_cli_on_terminal(g.args({}));
  ASSERT_EQ(tty.exit_code, 0) << tty.screen.substr(0, 2000);
  // Drawn in place and erased before the table.
  EXPECT_NE(tty.screen.find("\riamtrim: narrowing: "), std::string::npos) << tty.screen.substr(0, 2000);
  EXPECT_NE(tty.screen.find("principals done ("), std::string::npos);
  EXPECT_NE(tty.screen.find("300/300 principals done (610/610 policies)"), std::string::npos)
      << "the final state is always drawn";
  const std::size_t table = tty.screen.find("OWNER");
  ASSERT_NE(table, std::string::npos);
  EXPECT_EQ(tty.screen.rfind("\r\033[K", table), table - 4) << "the line is erased right before the table";
  EXPECT_EQ(tty.screen.find("narrowing: ", table), std::string::npos);

  // Standard error a file, standard output still the terminal: no progress anywhere.
  TerminalRun to_file = run_cli_on_terminal(g.args({}), true);
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.err.find("narrowing"), std::string::npos) << to_file.err;
  EXPECT_EQ(to_file.err.find('\r'), std::string::npos);
  EXPECT_EQ(to_file.screen.find("narrowing"), std::string::npos);
  EXPECT_NE(to_file.screen.find("OWNER"), std::string::npos);

  // --quiet on a terminal: none either.
  TerminalRun quiet = run_cli_on_terminal(g.args({"--quiet"}));
  ASSERT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.screen.find("narrowing"), std::string::npos);
  EXPECT_EQ(quiet.screen.find("\033[K"), std::string::npos);
  EXPECT_NE(quiet.screen.find("OWNER"), std::string::npos);

  // Not a terminal at all (the suite's own runs): none.
  RunResult plain = run_cli(g.args({}));
  EXPECT_EQ(plain.err.find("narrowing"), std::string::npos) << plain.err;
}

TEST(AccountScale, TableFitsOneHundredColumnsAndWidePrintsNamesWhole) {
  Generated g(40, true);
  RunResult r = run_cli(g.args({}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> table = lines(r.out);
  ASSERT_GT(table.size(), 80u);
  for (const std::string& line : table) EXPECT_LE(columns(line), 100u) << line;
  EXPECT_EQ(r.out.find(g.longest), std::string::npos) << "the long names are cut";
  // In the middle: the end that tells the roles apart stays.
  EXPECT_NE(r.out.find("-39  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\u2026"), std::string::npos);
  EXPECT_NE(r.out.find("\n90 policies, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nactions: "), std::string::npos);
  // Who uses each policy gives way first: left out, and said so.
  EXPECT_EQ(table[0].find("USED BY"), std::string::npos) << table[0];
  EXPECT_NE(r.out.find("USED BY and NO EVIDENCE left out, names cut to fit 100 columns: --wide shows all\n"),
            std::string::npos)
      << r.out;
  // Columns line up: every row starts its KIND column at the heading's column.
  const std::size_t kind = columns(table[0].substr(0, table[0].find("KIND")));
  for (std::size_t i = 1; i + 3 < table.size(); ++i) {
    const std::size_t at = table[i].find("  inline  ") != std::string::npos ? table[i].find("  inline  ")
                                                                             : table[i].find("  managed  ");
    ASSERT_NE(at, std::string::npos) << table[i];
    EXPECT_EQ(columns(table[i].substr(0, at + 2)), kind) << table[i];
  }

  RunResult wide = run_cli(g.args({"--wide"}));
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  EXPECT_NE(wide.out.find("role/" + g.longest + "  "), std::string::npos) << "--wide prints the names whole";
  EXPECT_EQ(wide.out.find("\u2026"), std::string::npos);
  EXPECT_EQ(wide.out.find("names shortened"), std::string::npos);
  std::size_t widest = 0;
  for (const std::string& line : lines(wide.out)) widest = std::max(widest, columns(line));
  EXPECT_GT(widest, 100u);
}

// Every file under `out`, by its path relative to it, with its text.
std::map<std::string, std::string> files_under(const fs::path& out) {
  std::map<std::string, std::string> files;
  if (!fs::exists(out)) return files;
  for (const auto& e : fs::recursive_directory_iterator(out))
    if (!e.is_directory()) files[fs::relative(e.path(), out).generic_string()] = read_file(e.path());
  return files;
}

// Each detail file is written as its policy is judged, under a temporary
// name beside its place, and renamed into place once the whole account is
// verified: nothing is left beside the files, nothing goes to TMPDIR (the
// texts are about 1 GB at 5,000 roles), and a second run into the same
// folder replaces each file (with every check of an existing file) by the
// same text.
TEST(AccountScale, DetailFilesAreWrittenInPlaceWithNothingLeftBeside) {
  Generated g(20, false);
  const fs::path scratch = g.dir / "scratch", out = g.dir / "out";
  fs::create_directory(scratch);
  auto run = [&] {
    RunResult r = run_cli(g.args({"--report", (g.dir / "r.json").string(), "--out", out.string()}), "", {},
                          {"TMPDIR=" + scratch.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return files_under(out);
  };
  const auto first = run();
  std::size_t details = 0;
  for (const auto& [name, text] : first) {
    EXPECT_EQ(name.find(".iamtrim-"), std::string::npos) << "left beside: " << name;
    if (name.rfind("details/", 0) != 0) continue;
    ++details;
    const Json j = Json::parse(text);  // a whole narrowing report
    EXPECT_EQ(j.at("policies").size(), 1u) << name;
  }
  EXPECT_EQ(details, 50u);  // 2 inline policies a role, 10 shared ones
  // One detail file stale, as from a run on other evidence: replaced too.
  const std::string some = first.lower_bound("details/")->first;
  ASSERT_EQ(some.rfind("details/", 0), 0u) << some;
  write_file(out / some, "stale");
  EXPECT_EQ(run(), first);
  EXPECT_TRUE(fs::is_empty(scratch)) << "nothing is written to TMPDIR";
}

// A run that fails once policies are judged (here one policy document, late
// in the account, is not a policy object) writes nothing: the detail files
// already written for the others under temporary names are removed, with
// the folders made for them, the output folder too when the run made it.
// In a folder that was there, what was there is untouched.
TEST(AccountScale, ARunThatFailsAfterJudgingLeavesNoDetailFile) {
  Generated g(20, false);
  Json details = Json::parse(read_file(g.details));
  details.at("RoleDetailList").back().at("RolePolicyList").at(1).at("PolicyDocument") = 5;
  write_file(g.details, details.dump(2));
  const fs::path out = g.dir / "out";
  RunResult r = run_cli(g.args({"--report", (g.dir / "r.json").string(), "--out", out.string()}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not a policy object"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out)) << files_under(out).size() << " files left";
  EXPECT_FALSE(fs::exists(g.dir / "r.json"));

  fs::create_directories(out / "details" / "role");
  write_file(out / "details" / "role" / "keep.txt", "mine");
  write_file(out / "notes.txt", "mine too");
  r = run_cli(g.args({"--report", (g.dir / "r.json").string(), "--out", out.string()}));
  EXPECT_EQ(r.exit_code, 2);
  const std::map<std::string, std::string> left = files_under(out);
  EXPECT_EQ(left, (std::map<std::string, std::string>{{"details/role/keep.txt", "mine"}, {"notes.txt", "mine too"}}));
  std::size_t folders = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) folders += e.is_directory();
  EXPECT_EQ(folders, 2u) << "details and details/role, which were there";
}

// The JSON report is a summary whose counts agree with each other, names
// every policy's detail file, and the detail files under --out hold every
// decision.
TEST(AccountScale, ReportIsASummaryWithDetailFilesUnderOut) {
  Generated g(200, false);
  const fs::path report = g.dir / "report.json", out = g.dir / "narrowed";
  RunResult r = run_cli(g.args({"--report", report.string(), "--out", out.string()}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(report);
  const Json j = Json::parse(text);
  EXPECT_EQ(j.at("details").at("out"), out.string());
  const Json& policies = j.at("policies");
  ASSERT_EQ(policies.size(), 410u);  // 2 inline policies a role, 10 shared ones
  EXPECT_EQ(j.at("principals").size(), 200u);
  EXPECT_EQ(j.at("totals").at("policies"), 410u);
  // A few hundred bytes a policy, not one object per action: the full
  // report of the same account is over 40 MB.
  EXPECT_LT(text.size(), 410u * 2048u) << text.size();
  std::size_t removed = 0, details = 0;
  for (const Json& p : policies) {
    std::size_t by_service = 0;
    for (const Json& s : p.at("removed_by_service")) {
      std::size_t in_service = 0;
      for (const Json& reason : s.at("reasons")) {
        EXPECT_EQ(reason.at("count"), reason.at("actions").size());
        for (const Json& a : reason.at("actions"))
          EXPECT_EQ(a.get<std::string>().rfind(s.at("service").get<std::string>() + ":", 0), 0u) << a;
        in_service += reason.at("count").get<std::size_t>();
      }
      EXPECT_EQ(s.at("count"), in_service);
      by_service += in_service;
    }
    EXPECT_EQ(p.at("removed"), by_service) << p.at("owner") << " " << p.at("name");
    std::size_t kept = 0;
    for (const auto& [reason, n] : p.at("kept_by_reason").items()) kept += n.get<std::size_t>();
    EXPECT_EQ(p.at("kept"), kept);
    EXPECT_LE(p.at("used").get<std::size_t>(), kept);
    removed += by_service;
    // Its detail file: the one-policy narrowing report, every removal in it.
    const fs::path file = out / p.at("details").get<std::string>();
    ASSERT_TRUE(fs::is_regular_file(file)) << file;
    if (details++ % 40) continue;  // parse a sample
    const Json d = Json::parse(read_file(file));
    ASSERT_EQ(d.at("policies").size(), 1u);
    EXPECT_EQ(d.at("policies")[0].at("owner"), p.at("owner"));
    std::set<std::string> named;
    for (const Json& e : d.at("policies")[0].at("removed")) named.insert(e.at("action").get<std::string>());
    for (const Json& s : p.at("removed_by_service"))
      for (const Json& reason : s.at("reasons"))
        for (const Json& a : reason.at("actions")) EXPECT_TRUE(named.count(a.get<std::string>())) << a;
  }
  EXPECT_EQ(j.at("totals").at("removed"), removed);
  EXPECT_EQ(details, 410u);

  // Without --out: the same summary, no files, and how to get them.
  const fs::path md = g.dir / "report.md";
  RunResult no_out = run_cli(g.args({"--report", md.string()}));
  ASSERT_EQ(no_out.exit_code, 0) << no_out.err;
  const std::string markdown = read_file(md);
  EXPECT_NE(markdown.find("run the same command with --out DIR to write them to DIR/details/"), std::string::npos);
  EXPECT_NE(markdown.find("| role/app-0 | Data | inline | narrowed |"), std::string::npos) << markdown.substr(0, 3000);
  EXPECT_EQ(markdown.find("dynamodb:CreateTable"), std::string::npos) << "no per-action lines";
  EXPECT_LT(markdown.size(), 410u * 512u);
}

}  // namespace
}  // namespace iamtrim::test
