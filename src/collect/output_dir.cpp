// The output directory: what a run may find there, and how it writes so
// that every file in it is always whole.
//
//   DIR/KIND/NAME.json, DIR/KIND/NAME.request.json   reports and sidecars
//   DIR/.iamtrim-collect/lock                        held (flock) while a run writes
//   DIR/.iamtrim-collect/tmp/N.tmp                   files being written
//   DIR/.iamtrim-collect/jobs/KIND/NAME.job          jobs started, not yet written
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "collect/internal.hpp"

namespace fs = std::filesystem;

namespace iamtrim::collection {
namespace {

constexpr const char* kState = ".iamtrim-collect";

std::string os_error(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string rename_into(const std::string& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return "cannot create " + to.parent_path().string() + ": " + ec.message();
  if (::rename(from.c_str(), to.c_str()) != 0) {
    std::string e = os_error("cannot rename a temporary file to " + to.string());
    ::unlink(from.c_str());
    return e;
  }
  return "";
}

fs::path journal_path(const fs::path& root, const CollectSubject& s) {
  return root / kState / "jobs" / (s.file + ".job");
}

}  // namespace

OutputDir::~OutputDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::string OutputDir::open() {
  std::error_code ec;
  const fs::path state = fs::path(root_) / kState;
  fs::create_directories(state / "tmp", ec);
  if (ec) return "cannot create " + (state / "tmp").string() + ": " + ec.message();
  lock_fd_ = ::open((state / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return os_error("cannot open " + (state / "lock").string());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return errno == EWOULDBLOCK ? "another iamtrim collect is writing to " + root_ + " (wait for it, or stop it)"
                                : os_error("cannot lock " + (state / "lock").string());
  // With the lock held, anything left in tmp/ is from a run that was killed.
  for (fs::directory_iterator it(state / "tmp", ec), end; !ec && it != end; it.increment(ec))
    fs::remove(it->path(), ec);
  return "";
}

std::string OutputDir::report_path(const CollectSubject& s) const { return (fs::path(root_) / (s.file + ".json")).string(); }

std::string OutputDir::sidecar_path(const CollectSubject& s) const {
  return (fs::path(root_) / (s.file + ".request.json")).string();
}

Existing OutputDir::existing(const CollectSubject& s, const CollectOptions& options) const {
  Existing e;
  std::error_code ec;
  const std::string path = report_path(s);
  if (!fs::is_regular_file(path, ec)) return e;
  e.present = true;
  EvidenceResult read = read_evidence_files({path}, {});
  if (!read.ok()) {
    e.problem = format_error(read.errors.front());
    return e;
  }
  if (read.reports.size() != 1) {
    e.problem = path + ": holds " + std::to_string(read.reports.size()) + " reports";
    return e;
  }
  const Report& r = read.reports.front();
  const bool org = s.kind == SubjectKind::Organizations;
  if (r.kind != (org ? ReportKind::OrganizationsAccess : ReportKind::ServiceLastAccessed))
    e.problem = path + ": a " + std::string(to_string(r.kind)) + " report";
  else if (r.subject.empty())
    e.problem = path + ": no sidecar names its subject";
  else if (!iequals(r.subject, s.id))
    e.problem = path + ": about " + r.subject + ", not " + s.id;
  else if (!org && r.granularity != options.granularity)
    e.problem = path + ": " + std::string(to_string(r.granularity)) + ", not " +
                std::string(to_string(options.granularity));
  e.complete = e.problem.empty();
  e.job_date = r.job_date();
  return e;
}

std::optional<JournalEntry> OutputDir::journal(const CollectSubject& s) const {
  std::ifstream in(journal_path(root_, s), std::ios::binary);
  if (!in) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  JournalEntry e;
  auto str = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
  e.job_id = str("JobId");
  e.id = str(s.kind == SubjectKind::Organizations ? "EntityPath" : "Arn");
  e.granularity = str("Granularity");
  auto started = parse_timestamp(str("Started"));
  if (e.job_id.empty() || e.id.empty() || !started) return std::nullopt;
  e.started = *started;
  return e;
}

std::string OutputDir::write_journal(const CollectSubject& s, const JournalEntry& entry) {
  nlohmann::ordered_json j;
  j[s.kind == SubjectKind::Organizations ? "EntityPath" : "Arn"] = entry.id;
  if (!entry.granularity.empty()) j["Granularity"] = entry.granularity;
  j["JobId"] = entry.job_id;
  j["Started"] = format_timestamp(entry.started);
  std::string tmp;
  if (std::string err = stage(j.dump(4) + "\n", tmp); !err.empty()) return err;
  return rename_into(tmp, journal_path(root_, s));
}

void OutputDir::drop_journal(const CollectSubject& s) {
  std::error_code ec;
  fs::remove(journal_path(root_, s), ec);
}

std::string OutputDir::stage(const std::string& text, std::string& tmp_path) {
  tmp_path = (fs::path(root_) / kState / "tmp" /
              (std::to_string(::getpid()) + "-" + std::to_string(counter_.fetch_add(1)) + ".tmp"))
                 .string();
  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error("cannot create " + tmp_path);
  std::string error;
  if (!write_all(fd, text)) error = os_error("cannot write " + tmp_path);
  else if (::fsync(fd) != 0) error = os_error("cannot flush " + tmp_path);
  if (::close(fd) != 0 && error.empty()) error = os_error("cannot close " + tmp_path);
  if (!error.empty()) ::unlink(tmp_path.c_str());
  return error;
}

std::string OutputDir::install(const CollectSubject& s, const std::string& report, const std::string& sidecar) {
  std::string report_tmp, sidecar_tmp;
  if (std::string err = stage(report, report_tmp); !err.empty()) return err;
  if (std::string err = stage(sidecar, sidecar_tmp); !err.empty()) {
    ::unlink(report_tmp.c_str());
    return err;
  }
  // Never a report beside a sidecar that is not its own: the old report
  // goes first, then the new sidecar, then the new report.
  const fs::path target = report_path(s);
  std::error_code ec;
  fs::remove(target, ec);
  if (std::string err = rename_into(sidecar_tmp, sidecar_path(s)); !err.empty()) {
    ::unlink(report_tmp.c_str());
    return err;
  }
  if (std::string err = rename_into(report_tmp, target); !err.empty()) return err;
  sync_directory(target.parent_path());
  return "";
}

}  // namespace iamtrim::collection
