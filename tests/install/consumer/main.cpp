// Lints the policy file named on the command line with the installed
// library, one finding a line: "line:col CODE slug".
#include <fstream>
#include <iostream>
#include <sstream>

#include "iamtrim/lint.hpp"
#include "iamtrim/sources.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto file = std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(argv[1], text.str()));
  iamtrim::Linter linter(iamtrim::Catalog::embedded(), iamtrim::LintConfig{});
  for (const iamtrim::FoundPolicy& p : iamtrim::read_source(file).policies)
    for (const iamtrim::Finding& f : linter.lint(p))
      std::cout << f.diagnostic.span.begin.line << ":" << f.diagnostic.span.begin.column << " " << f.diagnostic.code
                << " " << f.slug << "\n";
  std::cout << "catalog " << linter.catalog().version() << "\n";
  return 0;
}
