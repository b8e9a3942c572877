// Account mode at scale: generates a get-account-authorization-details
// document with ROLES roles (three inline policies each, two of ten shared
// customer-managed policies, wildcards, a trust policy) and one
// action-level last-accessed report per role, then reads and narrows the
// whole account in one process through the library, as `iamtrim narrow
// --account` does. Prints wall time per stage and peak RSS. Not a test: the
// budget is 5,000 roles in under 2 s on one core (Release build).
//
//   narrow_account [ROLES] [REPEAT] [--details | --html]
//
// --details keeps every action's decision, as `--report` needs; without it
// the run is what the summary table and --out need. --html also renders the
// HTML report (`--report report.html`) and prints its time and size.
#include <cstdlib>
#include <iostream>

#include "account_gen.hpp"
#include "bench_util.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/report_html.hpp"


int main(int argc, char** argv) {
  using namespace iamtrim;
  const int roles = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
  const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  const bool html = argc > 3 && std::string(argv[3]) == "--html";
  const bool keep_details = html || (argc > 3 && std::string(argv[3]) == "--details");
  // Generated before anything is measured (bench/account_gen.hpp).
  const std::string details_text = bench::account::authorization_details(roles);
  std::vector<std::pair<SourceFile, SourceFile>> evidence_files;
  for (int i = 0; i < roles; ++i)
    evidence_files.emplace_back(
        SourceFile::from_string("evidence/app-" + std::to_string(i) + ".json", bench::account::evidence(i)),
        SourceFile::from_string("evidence/app-" + std::to_string(i) + ".request.json", bench::account::evidence_sidecar(i)));
  std::size_t evidence_bytes = 0;
  for (const auto& [f, s] : evidence_files) evidence_bytes += f.text().size();

  const Catalog& catalog = Catalog::embedded();
  const TrackingRules& rules = TrackingRules::embedded();
  double best_read = 1e18, best_evidence = 1e18, best_narrow = 1e18, best_html = 1e18, best_total = 1e18;
  std::size_t html_bytes = 0;
  AccountNarrowResult result;
  for (int round = 0; round < repeat; ++round) {
    const double t0 = bench::now_ms();
    AccountResult account = read_account(std::make_shared<const SourceFile>(SourceFile::from_string("details.json", details_text)));
    if (!account.ok()) {
      std::cerr << format_error(account.errors.front()) << "\n";
      return 2;
    }
    const double t1 = bench::now_ms();
    std::vector<Report> reports;
    for (const auto& [file, sidecar] : evidence_files) {
      EvidenceResult ev = read_evidence(file, &sidecar, {});
      if (!ev.ok()) {
        std::cerr << format_error(ev.errors.front()) << "\n";
        return 2;
      }
      for (Report& r : ev.reports) reports.push_back(std::move(r));
    }
    // As read_evidence_files() does: join the pages of each job.
    EvidenceResult merged = merge_pages(std::move(reports));
    if (!merged.ok()) {
      std::cerr << format_error(merged.errors.front()) << "\n";
      return 2;
    }
    reports = std::move(merged.reports);
    const double t2 = bench::now_ms();
    AccountOptions options;
    options.keep_details = keep_details;
    result = narrow_account(catalog, *account.account, std::move(reports), rules, options);
    const std::string table = account_summary_table(result);
    const double t3 = bench::now_ms();
    if (!result.ok() || !result.verified()) {
      std::cerr << "narrow_account: errors or failed verification\n";
      return 2;
    }
    if (html) {
      html_bytes = account_report_html(catalog, result, {.title = "", .nonce = "bench"}).size();
      best_html = std::min(best_html, bench::now_ms() - t3);
    }
    best_read = std::min(best_read, t1 - t0);
    best_evidence = std::min(best_evidence, t2 - t1);
    best_narrow = std::min(best_narrow, t3 - t2);
    best_total = std::min(best_total, bench::now_ms() - t0);
  }
  std::size_t narrowed = 0, removed = 0;
  for (const AccountPolicyResult& p : result.policies) {
    narrowed += p.rewrite_due();
    removed += p.removed;
  }
  std::cout << "roles " << roles << ", policies judged " << result.policies.size() << " (" << narrowed
            << " to rewrite, " << removed << " actions removed)\n"
            << "authorization details " << details_text.size() / 1024 << " KiB, evidence " << evidence_bytes / 1024
            << " KiB in " << evidence_files.size() << " reports\n"
            << "read authorization details " << best_read << " ms\nread evidence " << best_evidence
            << " ms\nnarrow account + summary " << best_narrow << " ms\n";
  if (html) std::cout << "HTML report " << best_html << " ms, " << html_bytes / 1024 << " KiB\n";
  std::cout << "total " << best_total << " ms (best of "
            << repeat << (keep_details ? ", every decision kept" : ", decisions dropped after counting")
            << ")\npeak RSS " << bench::peak_rss_kib() / 1024 << " MiB\n";
  return 0;
}
