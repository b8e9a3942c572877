// Shared by the collect sources: the output directory (lock, atomic writes,
// the job journal, what is already there).
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "iamtrim/collect.hpp"

namespace iamtrim::collection {

// What a killed run left behind about a job it had started.
struct JournalEntry {
  std::string job_id;
  std::string id;           // Arn or EntityPath
  std::string granularity;  // "" for Organizations jobs
  TimeMs started = 0;
};

// A report already on disk, read as narrow reads it.
struct Existing {
  bool present = false;    // DIR/FILE.json exists
  bool complete = false;   // readable, about this subject, of the granularity asked
  std::string problem;     // why it is not complete
  TimeMs job_date = 0;
};

class OutputDir {
 public:
  explicit OutputDir(std::string root) : root_(std::move(root)) {}
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Creates the directory, takes the run lock and removes the temporary
  // files of a killed run. Returns an empty string, or why it cannot.
  std::string open();

  // DIR/FILE.json, DIR/FILE.request.json.
  std::string report_path(const CollectSubject& s) const;
  std::string sidecar_path(const CollectSubject& s) const;
  Existing existing(const CollectSubject& s, const CollectOptions& options) const;

  std::optional<JournalEntry> journal(const CollectSubject& s) const;
  std::string write_journal(const CollectSubject& s, const JournalEntry& entry);
  void drop_journal(const CollectSubject& s);

  // Installs a report and its sidecar (see collect.hpp: old report out
  // first, then the sidecar, then the report). Returns an empty string or the error.
  std::string install(const CollectSubject& s, const std::string& report, const std::string& sidecar);

 private:
  std::string stage(const std::string& text, std::string& tmp_path);  // a flushed temporary file
  std::string root_;
  int lock_fd_ = -1;
  std::atomic<unsigned> counter_{0};
};

}  // namespace iamtrim::collection
