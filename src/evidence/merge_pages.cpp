// Joins the pages of one job. The AWS CLI does not page these IAM calls for
// you: each call prints one page with IsTruncated/Marker, and the next page
// is fetched with --marker. Pages of one job share the job's kind, dates and
// granularity; the request marker is not echoed, so a missing middle page
// cannot be seen, but a missing last page, a page given twice and a service
// on two pages can.
#include <algorithm>
#include <map>
#include <tuple>

#include "iamtrim/evidence.hpp"

namespace iamtrim {
namespace {

auto job_key(const Report& r) {
  return std::make_tuple(static_cast<int>(r.kind), r.job_created, r.job_completed.value_or(-1),
                         static_cast<int>(r.granularity), r.service_namespace);
}

std::string files_of(const Report& r) {
  std::string out;
  for (const std::string& f : r.files) out += (out.empty() ? "" : ", ") + f;
  return out;
}

// Folds `page` into `job`; the caller has checked they share a job key.
void absorb(Report& job, Report& page, std::vector<EvidenceError>& errors) {
  const std::string where = page.files.empty() ? std::string() : page.files.front();
  if (!page.subject.empty()) {
    if (job.subject.empty()) {
      job.subject = page.subject;
      job.subject_origin = page.subject_origin;
    } else if (job.subject != page.subject) {
      errors.push_back({where, {}, "", "pages of one job name different subjects: '" + job.subject + "' and '" +
                                           page.subject + "'"});
    }
  }
  for (ServiceAccess& s : page.services) {
    if (job.find_service(s.service_namespace)) {
      errors.push_back({where, {}, s.pointer,
                        "service '" + s.service_namespace + "' appears on two pages of one job (" + files_of(job) + ")"});
      continue;
    }
    job.services.push_back(std::move(s));
  }
  for (EntityAccess& e : page.entities) job.entities.push_back(std::move(e));
  job.files.insert(job.files.end(), page.files.begin(), page.files.end());
}

// Whose job each page that names no subject belongs to. Reports about
// different subjects are different jobs even when their dates agree (jobs a
// script starts together for a whole account), so such a page joins the job
// with its dates only when one subject's job can take it: a job that already
// has its last page takes no other last page. When the jobs of several
// subjects could take it, it is an error naming them; when none can, the page
// stays without a subject (and is a job of its own).
void settle_unnamed_pages(std::vector<Report>& pages, std::vector<EvidenceError>& errors) {
  // The jobs of the pages that name their subject, by job dates, each
  // subject once (in the order of its first page), so neither the order of
  // the files nor their number makes this slow or different.
  struct Job {
    const Report* first;
    bool has_last;
  };
  std::map<decltype(job_key(pages.front())), std::vector<Job>> jobs;
  for (const Report& p : pages) {
    if (p.subject.empty()) continue;
    std::vector<Job>& same_dates = jobs[job_key(p)];
    auto it = std::find_if(same_dates.begin(), same_dates.end(), [&](const Job& j) { return j.first->subject == p.subject; });
    if (it == same_dates.end()) same_dates.push_back({&p, !p.truncated});
    else it->has_last = it->has_last || !p.truncated;
  }
  std::vector<const Report*> chosen(pages.size(), nullptr);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const Report& page = pages[i];
    auto same_dates = page.subject.empty() ? jobs.find(job_key(page)) : jobs.end();
    if (same_dates == jobs.end()) continue;
    std::vector<const Report*> candidates;
    for (const Job& j : same_dates->second)
      if (page.truncated || !j.has_last) candidates.push_back(j.first);
    if (candidates.size() == 1) chosen[i] = candidates.front();
    if (candidates.size() < 2) continue;
    std::string names;
    for (const Report* c : candidates) names += (names.empty() ? "" : ", ") + c->subject + " (" + files_of(*c) + ")";
    const std::string file = page.files.empty() ? std::string() : page.files.front();
    errors.push_back({file, {}, "", "the page names no subject, and the jobs of several principals have its job dates: " +
                                        names + "; write " + evidence_sidecar_path(file) +
                                        " with the Arn of the one it belongs to"});
  }
  // Only pages without a subject change, and none of them is a candidate.
  for (std::size_t i = 0; i < pages.size(); ++i)
    if (chosen[i]) {
      pages[i].subject = chosen[i]->subject;
      pages[i].subject_origin = chosen[i]->subject_origin;
    }
}

}  // namespace

EvidenceResult merge_pages(std::vector<Report> pages) {
  EvidenceResult out;
  settle_unnamed_pages(pages, out.errors);
  if (!out.errors.empty()) return out;  // what would follow is a consequence of it
  std::vector<bool> taken(pages.size(), false);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (taken[i]) continue;
    // The pages of one job: same dates and kind, and the same subject (a
    // page without one has joined its job above, or is on its own).
    std::vector<std::size_t> group;
    for (std::size_t j = i; j < pages.size(); ++j)
      if (!taken[j] && job_key(pages[j]) == job_key(pages[i]) && pages[j].subject == pages[i].subject) group.push_back(j);
    for (std::size_t j : group) taken[j] = true;

    std::vector<std::size_t> last;
    for (std::size_t a = 0; a < group.size(); ++a) {
      const Report& p = pages[group[a]];
      if (!p.truncated) last.push_back(group[a]);
      for (std::size_t b = a + 1; b < group.size(); ++b)
        if (p.truncated && pages[group[b]].truncated && p.marker == pages[group[b]].marker)
          out.errors.push_back({pages[group[b]].files.front(), {}, "",
                                "the same page is given twice (also " + p.files.front() + ")"});
    }
    const std::string job = std::string(to_string(pages[i].kind)) + " job created " +
                            format_timestamp(pages[i].job_created);
    if (last.empty())
      out.errors.push_back({pages[group.back()].files.front(), {}, "",
                            "the " + job + " has more pages (IsTruncated is true, Marker '" +
                                pages[group.back()].marker + "'): fetch them with --marker and pass every page"});
    else if (last.size() > 1)
      out.errors.push_back({pages[last[1]].files.front(), {}, "",
                            "two last pages (IsTruncated false) for the " + job + ": also " + pages[last[0]].files.front()});

    Report merged = std::move(pages[group.front()]);
    for (std::size_t k = 1; k < group.size(); ++k) absorb(merged, pages[group[k]], out.errors);
    merged.truncated = false;
    merged.marker.clear();
    std::stable_sort(merged.services.begin(), merged.services.end(), [](const ServiceAccess& a, const ServiceAccess& b) {
      return a.service_namespace < b.service_namespace;
    });
    out.reports.push_back(std::move(merged));
  }
  if (!out.errors.empty()) out.reports.clear();
  return out;
}

}  // namespace iamtrim
