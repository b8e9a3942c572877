#include "cli/context.hpp"

#include "cli/atomic_write.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "report/baseline.hpp"

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

std::optional<std::string> read_input(const std::string& path, std::ostream& err) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "iamtrim: cannot read " << path << "\n";
    return std::nullopt;
  }
  ss << in.rdbuf();
  if (in.bad()) {
    err << "iamtrim: error reading " << path << "\n";
    return std::nullopt;
  }
  return ss.str();
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
  auto baseline = report::read_baseline(*text, path, &error);
  if (!baseline) {
    std::cerr << "iamtrim: " << error << "\n";
    return std::nullopt;
  }
  report::Suppression s = report::apply_baseline(*baseline, fingerprints);
  BaselineMatch m{std::move(s.suppressed), {}};
  for (const report::BaselineEntry& e : s.fixed)
    m.gone.push_back(e.file + ": " + e.code + " " + e.message + (e.owner.empty() ? "" : " [" + e.owner + "]"));
  return m;
}

}  // namespace iamtrim::cli
