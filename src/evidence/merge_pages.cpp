// Joins the pages of one job. The AWS CLI does not page these IAM calls for
// you: each call prints one page with IsTruncated/Marker, and the next page
// is fetched with --marker. Pages of one job share the job's kind, dates and
// granularity; the request marker is not echoed, so a missing middle page
// cannot be seen, but a missing last page, a page given twice and a service
// on two pages can.
#include <algorithm>
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

}  // namespace

EvidenceResult merge_pages(std::vector<Report> pages) {
  EvidenceResult out;
  std::vector<bool> taken(pages.size(), false);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (taken[i]) continue;
    // Reports about different subjects are different jobs even when their
    // dates agree (jobs started together by a script for a whole account);
    // a page that names no subject joins the job it otherwise matches.
    std::vector<std::size_t> group;
    std::string subject = pages[i].subject;
    for (std::size_t j = i; j < pages.size(); ++j) {
      if (taken[j] || job_key(pages[j]) != job_key(pages[i])) continue;
      if (!subject.empty() && !pages[j].subject.empty() && pages[j].subject != subject) continue;
      if (subject.empty()) subject = pages[j].subject;
      group.push_back(j);
    }
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
