#include "cli/context.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

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

}  // namespace iamtrim::cli
