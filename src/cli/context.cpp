#include "cli/context.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/baseline.hpp"
#include "iamtrim/system.hpp"

namespace iamtrim::cli {

const Catalog* Context::catalog() {
  if (catalog_) return &*catalog_;
  if (catalog_dir.empty()) {
    catalog_ = Catalog::embedded();
    return &*catalog_;
  }
  CatalogError error;
  catalog_ = Catalog::load_dir(catalog_dir, &error);
  if (!catalog_) {
    std::cerr << "iamtrim: cannot load catalog: " << error.message;
    if (error.line) std::cerr << " (line " << error.line << ")";
    std::cerr << "\n";
    return nullptr;
  }
  return &*catalog_;
}

bool Context::color_for(int fd) const {
  if (color == "always") return true;
  if (color == "never") return false;
  const char* force = std::getenv("FORCE_COLOR");
  if (force && *force && std::string(force) != "0" && std::string(force) != "false") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  return isatty(fd) && !(term && std::string(term) == "dumb");
}

namespace {

// A stream buffer that forwards whole lines, except the notes.
class NoteFilter final : public std::streambuf {
 public:
  explicit NoteFilter(std::streambuf* target) : target_(target) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    line_.push_back(static_cast<char>(c));
    if (c == '\n') flush_line();
    return c;
  }
  int sync() override {
    // Partial lines wait for their end: a note is only known whole.
    return target_->pubsync();
  }

 private:
  void flush_line() {
    if (line_.rfind("iamtrim: note: ", 0) != 0) target_->sputn(line_.data(), static_cast<std::streamsize>(line_.size()));
    line_.clear();
  }
  std::streambuf* target_;
  std::string line_;
};

}  // namespace

void silence_notes() {
  // Never destroyed: std::cerr is flushed after every static object is gone,
  // and it must not find its buffer destroyed (found by AddressSanitizer).
  static NoteFilter* const filter = new NoteFilter(std::cerr.rdbuf());
  std::cerr.rdbuf(filter);
}

std::optional<config::Config> load_configuration(const std::string& file, bool no_config) {
  if (no_config) return config::Config{};
  std::optional<std::filesystem::path> path;
  if (!file.empty()) path = file;
  else path = config::find_config(std::filesystem::current_path());
  if (!path) return config::Config{};
  // Shown relative to the working directory when inside it, like the files linted.
  std::error_code ec;
  std::filesystem::path rel = path->lexically_normal().lexically_relative(std::filesystem::current_path(ec));
  if (path->is_absolute() && !rel.empty() && *rel.begin() != "..") path = rel;
  config::ConfigError error;
  auto cfg = config::load_config(*path, [](std::string_view code) { return find_rule(code) != nullptr; }, &error);
  if (!cfg) std::cerr << "iamtrim: " << error.message << "\n";
  return cfg;
}

void append_step_summary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (!path || !*path) return;
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << markdown;
  out.close();
  if (!out) std::cerr << "iamtrim: cannot append the step summary to " << path << "\n";
}

std::optional<std::string> read_input(const std::string& path, std::ostream& err) {
  FileRead r = read_input_file(path, kMaxInputFile);
  if (!r.text) err << "iamtrim: cannot read " << (path == "-" ? "standard input" : path) << ": " << r.error << "\n";
  return std::move(r.text);
}

bool write_output(const std::string& path, const std::string& text) {
  const std::string error = write_atomic(path, text);
  if (!error.empty()) std::cerr << "iamtrim: cannot write " << path << ": " << error << "\n";
  return error.empty();
}

std::optional<BaselineMatch> match_baseline_file(const std::string& path, const std::vector<std::string>& fingerprints) {
  auto text = read_input(path);
  if (!text) return std::nullopt;
  std::string error;
  auto accepted = baseline::read_baseline(*text, path, &error);
  if (!accepted) {
    std::cerr << "iamtrim: " << error << "\n";
    return std::nullopt;
  }
  baseline::Suppression s = baseline::apply_baseline(*accepted, fingerprints);
  BaselineMatch m{std::move(s.suppressed), {}};
  for (const baseline::BaselineEntry& e : s.fixed)
    m.gone.push_back(e.file + ": " + e.code + " " + e.message + (e.owner.empty() ? "" : " [" + e.owner + "]"));
  m.fixed = std::move(s.fixed);
  return m;
}

}  // namespace iamtrim::cli
