// The HTML reports as text: self-contained (nothing to fetch), escaped
// whatever the names, and carrying data that decodes to exactly what the
// narrowing decided. tests/browser/ checks the same pages rendered.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "iamtrim/account.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/report_html.hpp"
#include "render/html.hpp"
#include "render/render.hpp"
#include "support/files.hpp"
#include "../../bench/account_gen.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// The page's data block, parsed. The block is written directly, not from
// a tree: it must be exactly what a tree's compact dump of the same data
// writes, with '<', '>' and '&' escaped.
Json data_of(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"iamtrim-data\">";
  const std::size_t at = page.find(open);
  EXPECT_NE(at, std::string::npos);
  const std::size_t end = page.find("</script>", at);
  const std::string block = page.substr(at + open.size(), end - at - open.size());
  Json data = Json::parse(block);
  EXPECT_TRUE(block == render::html::script_json(data.dump(-1, ' ', false, Json::error_handler_t::replace)))
      << "the data block is not laid out as dump(-1) writes it";
  return data;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Nothing in the page can load anything: a CSP that forbids it, and no
// attribute pointing anywhere but inside the page.
void expect_self_contained(const std::string& page, const std::string& nonce) {
  EXPECT_NE(page.find("content=\"default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'"),
            std::string::npos);
  EXPECT_EQ(count(page, "<script"), 2u);  // the data block and the script
  EXPECT_EQ(count(page, "<script nonce=\"" + nonce + "\">"), 1u);
  EXPECT_EQ(count(page, "<style nonce=\"" + nonce + "\">"), 1u);
  // Every tag outside the script and style blocks (escaped text has no '<').
  std::string markup = page;
  // (Cut by hand: std::regex recurses once per character of a lazy [\s\S]*?,
  // and a page's script block overflows the stack under AddressSanitizer.)
  for (const std::string block : {"script", "style"}) {
    std::string kept;
    std::size_t at = 0;
    for (std::size_t open; (open = markup.find("<" + block, at)) != std::string::npos;) {
      kept += markup.substr(at, open - at);
      const std::size_t close = markup.find("</" + block + ">", open);
      at = close == std::string::npos ? markup.size() : close + block.size() + 3;
    }
    markup = kept + markup.substr(std::min(at, markup.size()));
  }
  const std::regex tag("<[a-zA-Z][^>]*>");
  const std::regex external(R"(\b(src|href|action|formaction|srcset)\s*=\s*["']?(?!["'#]))", std::regex::icase);
  std::size_t tags = 0;
  for (auto it = std::sregex_iterator(markup.begin(), markup.end(), tag); it != std::sregex_iterator(); ++it, ++tags)
    EXPECT_FALSE(std::regex_search(it->str(), external)) << "a tag that loads or links outside the page: " << it->str();
  EXPECT_GT(tags, 20u);
  EXPECT_EQ(markup.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
}

struct Example {
  Catalog catalog = Catalog::embedded();
  AccountNarrowResult result;
};

// The account in `dir` (authorization-details.json and evidence/), narrowed
// as `narrow --account` does (`sentences`: DecisionInput::sentences, off for
// an HTML report; `compact`: AccountOptions::compact_outcomes, on for one).
Example narrow_account_in(const std::string& dir, bool sentences, bool compact) {
  Example out;
  auto file = std::make_shared<const SourceFile>(
      SourceFile::from_string(dir + "/authorization-details.json", test::read_file(dir + "/authorization-details.json")));
  AccountResult account = read_account(file);
  EXPECT_TRUE(account.ok());
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "evidence")) {
    const std::string p = entry.path().string();
    if (p.size() > 5 && p.ends_with(".json") && !p.ends_with(".request.json")) paths.push_back(p);
  }
  std::sort(paths.begin(), paths.end());
  EvidenceResult ev = read_evidence_files(paths, {});
  EXPECT_TRUE(ev.ok());
  AccountOptions options;
  options.input.window_days = 90;
  options.input.sentences = sentences;
  options.compact_outcomes = compact;
  out.result = narrow_account(out.catalog, *account.account, std::move(ev.reports), TrackingRules::embedded(), options);
  EXPECT_TRUE(out.result.ok());
  return out;
}

// The bundled account example.
Example narrow_shared_ec2(bool sentences, bool compact = false) {
  return narrow_account_in("testdata/narrow/account/shared-ec2/", sentences, compact);
}

const Example& shared_ec2() {
  static const Example e = narrow_shared_ec2(true);
  return e;
}

std::set<std::string> decode(const Json& data, const Json& groups) {
  std::set<std::string> out;
  for (const Json& g : groups) {
    const Json& runs = g[3];
    for (std::size_t k = 0; k < runs.size(); k += 2)
      for (std::size_t i = 0; i < runs[k + 1].get<std::size_t>(); ++i)
        out.insert(data["actions"][runs[k].get<std::size_t>() + i].get<std::string>());
  }
  return out;
}

// The page shows each decision's evidence, never its sentence: the CLI
// leaves the sentences out for an HTML report (a large account's sentences
// are most of its decisions' memory), and the page is the same byte for
// byte. Without sentences each decision still carries its evidence.
TEST(HtmlReport, AccountPageIsTheSameWithoutTheDecisionsSentences) {
  const Example& with = shared_ec2();
  const Example without = narrow_shared_ec2(false);
  EXPECT_EQ(account_report_html(without.catalog, without.result, {.title = "", .nonce = "n0nce"}),
            account_report_html(with.catalog, with.result, {.title = "", .nonce = "n0nce"}));
  ASSERT_EQ(without.result.policies.size(), with.result.policies.size());
  std::size_t outcomes = 0, with_evidence = 0;
  for (std::size_t i = 0; i < with.result.policies.size(); ++i) {
    if (!with.result.policies[i].narrowed) continue;
    const NarrowResult& a = with.result.policies[i].narrowed->result;
    const NarrowResult& b = without.result.policies[i].narrowed->result;
    ASSERT_EQ(a.kept.size(), b.kept.size());
    ASSERT_EQ(a.removed.size(), b.removed.size());
    for (const auto& [list_a, list_b] : {std::pair{&a.kept, &b.kept}, std::pair{&a.removed, &b.removed}})
      for (std::size_t k = 0; k < list_a->size(); ++k) {
        const Decision& da = (*list_a)[k].decision;
        const Decision& db = (*list_b)[k].decision;
        ++outcomes;
        EXPECT_FALSE(da.detail.empty());
        EXPECT_EQ(db.detail, "");
        EXPECT_EQ(db.reason, da.reason);
        EXPECT_EQ(db.evidence.file(), da.evidence.file());
        EXPECT_EQ(db.evidence.subject(), da.evidence.subject());
        EXPECT_EQ(db.evidence.job_date(), da.evidence.job_date());
        EXPECT_EQ(db.evidence.last_accessed_at, da.evidence.last_accessed_at);
        EXPECT_EQ(db.evidence.tracking_start(), da.evidence.tracking_start());
        EXPECT_EQ(db.evidence.window_days, da.evidence.window_days);
        EXPECT_EQ(db.evidence.rule(), da.evidence.rule());
        with_evidence += db.evidence.report != nullptr;
      }
  }
  EXPECT_GT(outcomes, 50u);
  EXPECT_GT(with_evidence, 0u);
}

// Every removal and keep of `full` is in `compact`, in order: its action,
// and a kind with its reason, its evidence and the item that kept it.
void expect_same_outcomes(const std::vector<ActionOutcome>& full, const CompactOutcomes& c,
                          const std::vector<std::pair<ActionId, std::uint32_t>>& list) {
  ASSERT_EQ(list.size(), full.size());
  for (std::size_t k = 0; k < full.size(); ++k) {
    ASSERT_LT(list[k].second, c.kinds.size());
    const CompactOutcomes::Kind& kind = c.kinds[list[k].second];
    const Decision& d = full[k].decision;
    EXPECT_EQ(list[k].first, full[k].action);
    EXPECT_EQ(kind.reason, d.reason);
    EXPECT_EQ(kind.evidence.file(), d.evidence.file());
    EXPECT_EQ(kind.evidence.subject(), d.evidence.subject());
    EXPECT_EQ(kind.evidence.job_date(), d.evidence.job_date());
    EXPECT_EQ(kind.evidence.last_accessed_at, d.evidence.last_accessed_at);
    EXPECT_EQ(kind.evidence.window_days, d.evidence.window_days);
    EXPECT_EQ(kind.evidence.rule(), d.evidence.rule());
    EXPECT_EQ(kind.evidence.tracking_start(), d.evidence.tracking_start());
    EXPECT_EQ(kind.kept_by, full[k].kept_by);
  }
}

// The CLI keeps an HTML report's outcomes compact (an action and a shared
// decision each): the page is the same byte for byte as from every
// ActionOutcome, on the bundled account and on a generated one with shared
// policies and low-risk wildcards, and the compact lists are the outcomes.
TEST(HtmlReport, AccountPageIsTheSameFromCompactOutcomes) {
  const test::TempDir generated("html-compact");
  bench::account::write_account(generated.path(), 12, 2, 1);
  for (const std::string& dir : {std::string("testdata/narrow/account/shared-ec2"), generated.path().string()}) {
    const Example full = narrow_account_in(dir, false, false);
    const Example compact = narrow_account_in(dir, false, true);
    // (Compared whole, not printed whole: a page is a few hundred kilobytes.)
    const std::string from_compact = account_report_html(compact.catalog, compact.result, {.title = "", .nonce = "n0nce"});
    const std::string from_full = account_report_html(full.catalog, full.result, {.title = "", .nonce = "n0nce"});
    EXPECT_TRUE(from_compact == from_full) << dir << ": the pages differ";
    ASSERT_EQ(compact.result.policies.size(), full.result.policies.size());
    std::size_t outcomes = 0, kinds = 0, low_risk = 0;
    for (std::size_t i = 0; i < full.result.policies.size(); ++i) {
      const AccountPolicyResult& f = full.result.policies[i];
      const AccountPolicyResult& c = compact.result.policies[i];
      EXPECT_FALSE(f.compact);
      if (!f.narrowed) {
        EXPECT_FALSE(c.compact);
        continue;
      }
      ASSERT_TRUE(c.compact) << f.owner << " / " << f.name;
      EXPECT_TRUE(c.narrowed->result.removed.empty());
      EXPECT_TRUE(c.narrowed->result.kept.empty());
      expect_same_outcomes(f.narrowed->result.removed, *c.compact, c.compact->removed);
      expect_same_outcomes(f.narrowed->result.kept, *c.compact, c.compact->kept);
      outcomes += f.narrowed->result.removed.size() + f.narrowed->result.kept.size();
      kinds += c.compact->kinds.size();
      for (const ActionOutcome& o : f.narrowed->result.kept) low_risk += !o.kept_by.empty();
    }
    EXPECT_GT(outcomes, 50u) << dir;
    EXPECT_LT(kinds * 2, outcomes) << dir << ": decisions are shared";
    if (dir != "testdata/narrow/account/shared-ec2") EXPECT_GT(low_risk, 0u);
  }
}

TEST(HtmlReport, AccountPageIsSelfContainedAndItsDataIsTheNarrowing) {
  const Example& e = shared_ec2();
  const std::string page = account_report_html(e.catalog, e.result, {.title = "", .nonce = "n0nce"});
  expect_self_contained(page, "n0nce");
  EXPECT_EQ(page, account_report_html(e.catalog, e.result, {.title = "", .nonce = "n0nce"})) << "not reproducible";
  const Json data = data_of(page);
  ASSERT_EQ(data["policies"].size(), e.result.policies.size());
  EXPECT_EQ(data["principals"].size(), 5u);
  // The action table is in catalog order, so a wildcard's actions are runs.
  std::vector<ActionId> ids;
  for (const Json& a : data["actions"]) ids.push_back(*e.catalog.find_action(a.get<std::string>()));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  for (std::size_t i = 0; i < e.result.policies.size(); ++i) {
    const AccountPolicyResult& p = e.result.policies[i];
    const Json& j = data["policies"][i];
    EXPECT_EQ(j["owner"], p.owner);
    EXPECT_EQ(j["outcome"], std::string(to_string(p.outcome)));
    EXPECT_EQ(j["removed"], p.removed);
    if (!p.narrowed) continue;
    std::set<std::string> removed, kept;
    for (const ActionOutcome& o : p.narrowed->result.removed) removed.insert(e.catalog.full_name(o.action));
    for (const ActionOutcome& o : p.narrowed->result.kept) kept.insert(e.catalog.full_name(o.action));
    EXPECT_EQ(decode(data, j["rm"]), removed) << p.owner;
    EXPECT_EQ(decode(data, j["kp"]), kept) << p.owner;
    // A rewrite carries its before and after texts, as lines of the table.
    if (p.rewrite_due()) {
      std::string after;
      for (const Json& line : j["after"]) after += data["lines"][line.get<std::size_t>()].get<std::string>() + "\n";
      EXPECT_EQ(after, write_policy(p.narrowed->result.policy)) << p.owner;
    }
  }
  // The overview is in the page itself, readable without the script.
  EXPECT_NE(page.find("id=\"service-chart\""), std::string::npos);
  EXPECT_NE(page.find("Tracking coverage per service"), std::string::npos);
  EXPECT_NE(page.find("What was kept, and why"), std::string::npos);
  EXPECT_NE(page.find("<li>role/Legacy</li>"), std::string::npos);  // without evidence
  EXPECT_NE(page.find("decommissioned.json"), std::string::npos);   // evidence that names no one
}

// Names come from files anyone can write: nothing in them becomes markup.
TEST(HtmlReport, EveryNameIsEscaped) {
  const Catalog c = Catalog::embedded();
  const std::string evil = "</script><script>alert(1)</script><!--<img src=x onerror=alert(2)>&amp;\u2028'\"";
  NarrowedPolicy p;
  p.file = evil + ".json";
  p.owner = "role/" + evil;
  p.name = evil;
  p.principals = {"role/" + evil};
  p.notes = {evil};
  PolicyResult parsed = parse_policy(
      parse_json(SourceFile::from_string("p.json", R"({"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow",
        "Action":["s3:DeleteBucket","s3:ListBucket"],"Resource":"*"}]})")).value);
  Decisions d;
  Decision removable{
      DecisionReason::ActionNotAccessed,
      {std::make_shared<const ReportFacts>(ReportFacts{evil, "arn:aws:iam::1:role/" + evil, "2024-06-30"}), std::nullopt, 90,
       std::make_shared<const TrackingFacts>(TrackingFacts{"", evil})},
      evil};
  d.by_action[*c.find_action("s3:DeleteBucket")] = removable;
  p.result = narrow_policy(c, parsed.policy, d);
  ASSERT_TRUE(p.result.changed);
  for (const std::string& page : {narrow_report_html(c, {p}, "2024-06-30", {.title = evil, .nonce = "abc"}),
                                  account_report_html(c, AccountNarrowResult{{AccountPolicyResult{
                                                                                 p.owner, p.name, "", Attachment::InlineRole,
                                                                                 p.principals, {p.owner}, AccountOutcome::Narrowed,
                                                                                 2, 1, 1, p, "x.json"}},
                                                                             {{evil, evil, evil}},
                                                                             {evil},
                                                                             {},
                                                                             "2024-06-30"},
                                                      {.title = "", .nonce = "abc"})}) {
    expect_self_contained(page, "abc");
    EXPECT_EQ(page.find("<script>alert"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);
    EXPECT_EQ(page.find("<!--<"), std::string::npos);
    EXPECT_EQ(count(page, "</script>"), 2u);
    EXPECT_NE(page.find("&lt;/script&gt;&lt;script&gt;alert(1)"), std::string::npos);  // as text in the HTML
    const Json data = data_of(page);  // and as the very same string in the data
    EXPECT_NE(data.dump().find("alert(1)"), std::string::npos);
    EXPECT_EQ(data["policies"][0]["name"], evil);
  }
  // Control characters are escaped and invalid UTF-8 is replaced in the
  // data as a tree's dump does it (data_of compares the layout).
  NarrowedPolicy odd = p;
  odd.name = "a\x01\x7f\xff\xfe" "b";
  odd.notes = {"note \t\xc3"};
  const Json data = data_of(narrow_report_html(c, {odd}, "2024-06-30", {.title = "", .nonce = "abc"}));
  EXPECT_EQ(data["policies"][0]["name"], "a\x01\x7f\xef\xbf\xbd\xef\xbf\xbd" "b");
  EXPECT_EQ(data["notes"][0], "note \t\xef\xbf\xbd");
}

TEST(HtmlReport, ScpPageListsEveryServiceAndTheProposal) {
  ScpProposal p;
  p.subject = "o-a1b2c3d4e5/r-f6g7/ou-<b>";
  p.as_of = "2024-06-30";
  p.quota = 5120;
  p.denied.push_back({"redshift", "Amazon Redshift", {DecisionReason::ServiceNotAccessed, {}, "not accessed"}});
  p.kept.push_back({"s3", "Amazon S3", {DecisionReason::Used, {}, "used 2024-06-01"}});
  p.scps = {"{\"Version\": \"2012-10-17\"}\n"};
  p.sizes = {26};
  const std::string page = scp_report_html(p, {.title = "", .nonce = "n"});
  expect_self_contained(page, "n");
  const Json data = data_of(page);
  EXPECT_EQ(data["services"].size(), 2u);
  EXPECT_EQ(data["services"][0]["decision"], "deny");
  EXPECT_NE(page.find("ou-&lt;b&gt;"), std::string::npos);
  EXPECT_NE(page.find("<pre class=\"code\">{&quot;Version&quot;: &quot;2012-10-17&quot;}"), std::string::npos);
}

TEST(HtmlReport, LintPageCarriesEveryFinding) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("<x>.json", "{}"));
  render::LintReport report;
  for (Severity s : {Severity::Error, Severity::Warning}) {
    Finding f;
    f.diagnostic.code = "IAM104";
    f.diagnostic.message = "unknown action \"<script>\"";
    f.slug = "unknown-action";
    f.severity = s;
    f.file = file;
    report.findings.push_back(f);
  }
  report.files = 1;
  report.policies = 1;
  const std::string page = render::render_html(report, {});
  EXPECT_EQ(count(page, "<script"), 2u);
  EXPECT_EQ(page.find("<x>"), std::string::npos);
  const Json data = data_of(page);
  ASSERT_EQ(data["findings"].size(), 2u);
  EXPECT_EQ(data["findings"][0]["file"], "<x>.json");
  EXPECT_EQ(data["findings"][1]["severity"], "warning");
  EXPECT_EQ(data["rules"]["IAM104"]["slug"], "unknown-action");
}

TEST(HtmlReport, EscapingAndNumbers) {
  EXPECT_EQ(render::html::escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_EQ(render::html::script_json(Json{{"k", "</script><!--&"}}.dump()), R"({"k":"\u003c/script\u003e\u003c!--\u0026"})");
  EXPECT_EQ(render::html::number(1234567), "1,234,567");
  EXPECT_EQ(render::html::number(12), "12");
  EXPECT_EQ(render::html::random_nonce().size(), 32u);
  EXPECT_NE(render::html::random_nonce(), render::html::random_nonce());
}

}  // namespace
}  // namespace iamtrim
