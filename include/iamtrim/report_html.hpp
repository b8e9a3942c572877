// iamtrim/report_html.hpp - the reports reviewers open: one self-contained
// HTML page per narrow run (`narrow ... --report report.html`).
//
// A page holds everything it shows: inline CSS, a small inline script and
// inline SVG charts, no fonts, images or scripts from anywhere else, and a
// Content-Security-Policy that forbids loading any (default-src 'none'; the
// inline style and script carry a nonce). The data is embedded once, as JSON
// in a <script type="application/json"> block that the script renders into
// a sortable, filterable, paginated table with a detail view per row; the
// overview (counts, per-service chart, tracking coverage, why actions were
// kept) is rendered here, so it reads without the script and in print.
//
// Every string from the inputs (policy, principal and file names, ARNs,
// evidence details) is attacker-controlled: the page escapes it as HTML
// text or as JSON whose '<', '>' and '&' are \u-escaped, and the script only
// ever sets it as text, never as markup.
//
//   std::string page = account_report_html(catalog, result, {});
//
// Pure functions of their inputs (but the nonce: pass one for reproducible
// output); they need the per-action outcomes (NarrowOptions::record_outcomes,
// AccountOptions::keep_details).
#pragma once

#include <string>
#include <vector>

#include "iamtrim/account.hpp"
#include "iamtrim/narrow.hpp"

namespace iamtrim {

struct HtmlOptions {
  std::string title;  // the page's title; empty: one per kind of report
  // The Content-Security-Policy nonce of the inline style and script
  // (letters and digits); empty: 128 random bits.
  std::string nonce;
};

// One or more narrowed policies (a policy file, the policies of a Terraform or
// CloudFormation file).
std::string narrow_report_html(const Catalog& catalog, const std::vector<NarrowedPolicy>& policies,
                               const std::string& as_of, const HtmlOptions& options = {});
// Account mode: every policy and principal, plus what only the account knows.
std::string account_report_html(const Catalog& catalog, const AccountNarrowResult& result,
                                const HtmlOptions& options = {});
// Organizations mode: the proposed SCP and every service, denied or kept.
std::string scp_report_html(const ScpProposal& proposal, const HtmlOptions& options = {});

}  // namespace iamtrim
