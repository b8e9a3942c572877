// The HCL parser on its own: exact template decoding, exact error
// positions, and no crash on any truncation of real files.
#include <gtest/gtest.h>

#include "sources/hcl/parser.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

std::string first_error(const std::string& text) {
  SourceFile file = SourceFile::from_string("t.tf", text);
  hcl::HclResult r = hcl::parse(file);
  if (r.ok) return "ok";
  const Diagnostic& d = r.diagnostics.front();
  return std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column) + " " + d.message;
}

TEST(Hcl, SyntaxErrorsHavePositions) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a = \"open\n", "1:5 invalid HCL: unterminated string: a quoted string cannot span lines"},
      {"a = [1, 2\n", "2:1 invalid HCL: expected \",\" or \"]\" in a list"},
      {"resource \"x\" \"y\" {\n  a = 1\n", "3:1 invalid HCL: missing \"}\" at the end of a block"},
      {"a = 1\na = 2\n", "2:1 invalid HCL: attribute \"a\" is defined twice"},
      {"a = <<EOF\nbody\n", "1:5 invalid HCL: heredoc <<EOF has no closing EOF line"},
      {"a = \"${var.x\"\n", "1:6 invalid HCL: expected \"}\" to close the interpolation"},
      {"a = 1 2\n", "1:7 invalid HCL: unexpected text after the value of \"a\""},
      {"}\n", "1:1 invalid HCL: unexpected \"}\""},
      {"a = \"\\q\"\n", "1:6 invalid HCL: invalid escape sequence \"\\q\""},
      {"/* never closed\n", "1:1 invalid HCL: unterminated /* comment"},
      {"a = { for k, v in m : k }\n", "1:25 invalid HCL: expected \"=>\" in a for expression"},
      {"ok = { a = 1, \"b\" : 2 }\nlist = [for x in y : x if x != null]\nc = a ? b : -c\n", "ok"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(first_error(text), expected) << text;
}

// The limit counts the parser's own recursion: two levels per bracket.
TEST(Hcl, DeepNestingIsReportedNotFollowed) {
  std::string text = "a = " + std::string(10000, '[') + "\n";
  EXPECT_EQ(first_error(text), "1:104 invalid HCL: nesting deeper than 200 levels");
}

std::string decoded(const std::string& text) {
  SourceFile file = SourceFile::from_string("t.tf", text);
  hcl::HclResult r = hcl::parse(file);
  if (!r.ok || r.body.attributes.empty()) return "<error>";
  return r.body.attributes.front().value.tmpl.text;
}

TEST(Hcl, TemplatesDecode) {
  EXPECT_EQ(decoded("a = \"x\\\"y\\\\z\\u00e9\"\n"), "x\"y\\z\xC3\xA9");
  EXPECT_EQ(decoded("a = \"$${aws:username} %%{x}\"\n"), "${aws:username} %{x}");
  EXPECT_EQ(decoded("a = \"${var.x}/*\"\n"), "${var.x}/*");
  // <<- removes the smallest indentation of the non-blank lines.
  EXPECT_EQ(decoded("a = <<-EOT\n    one\n\n      two\n  EOT\n"), "one\n\n  two\n");
  EXPECT_EQ(decoded("a = <<EOT\n  kept\nEOT\n"), "  kept\n");
  EXPECT_EQ(decoded("a = <<EOT\r\n{}\r\n  EOT\r\n"), "{}\r\n");
}

// Cuts every corpus file at many points: each prefix must parse or fail
// with a positioned diagnostic, never crash or hang.
TEST(Hcl, TruncatedCorpusFilesNeverCrash) {
  IAMTRIM_REQUIRE_CORPUS(dir, "terraform");
  std::size_t parsed = 0;
  for (const auto& path : files_in(dir, ".tf")) {
    std::string text = read_file(path);
    for (std::size_t cut = 0; cut <= text.size(); cut += 211) {
      SourceFile file = SourceFile::from_string("t.tf", text.substr(0, cut));
      hcl::HclResult r = hcl::parse(file);
      ASSERT_TRUE(r.ok || (!r.diagnostics.empty() && r.diagnostics.front().span.known())) << path << " cut at " << cut;
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 1000u);
}

}  // namespace
}  // namespace iamtrim::test
