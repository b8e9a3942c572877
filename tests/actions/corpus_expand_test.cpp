// Every Action/NotAction pattern of every AWS managed policy expands against
// the embedded catalog. AWS's own policies still name some retired services
// and actions (deepracer, mobilehub, budgets:CreateBudget, ...): those must be
// reported as unknown to this catalog version, never as malformed or as a
// wildcard matching nothing, and their full list is a reviewed golden file so
// that a catalog refresh shows exactly what changed.
#include <gtest/gtest.h>

#include <set>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

TEST(CorpusExpand, EveryAwsManagedPatternExpandsOrIsUnknownToThisCatalog) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  Catalog catalog = Catalog::embedded();
  std::set<std::string> unknown;
  std::size_t patterns = 0;
  for (const auto& path : test::files_in(dir, ".json")) {
    SourceFile file = SourceFile::from_string(path.string(), test::read_file(path));
    PolicyResult p = parse_policy(parse_json(file).value);
    for (const Statement& st : p.policy.statements) {
      StatementActions sa = expand_statement(catalog, st);
      for (std::size_t i = 0; i < sa.matches.size(); ++i) {
        const PatternMatch& m = sa.matches[i];
        const std::string& text = st.actions()->items[i].text;
        ++patterns;
        ASSERT_TRUE(m.status == MatchStatus::Matched || m.status == MatchStatus::UnknownService ||
                    m.status == MatchStatus::UnknownAction)
            << path << ": " << text << ": " << to_string(m.status);
        if (m.status != MatchStatus::Matched) unknown.insert(text + "\t" + std::string(to_string(m.status)));
      }
    }
  }
  EXPECT_GT(patterns, 50000u);
  std::string listing = "# AWS managed policy patterns unknown to catalog " + std::string(catalog.version()) + "\n";
  for (const auto& u : unknown) listing += u + "\n";
  std::string diff = test::check_golden(test::testdata("actions/aws-managed-unknown.txt"), listing);
  EXPECT_EQ(diff, "");
}

}  // namespace
}  // namespace iamtrim
