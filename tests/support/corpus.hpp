// Where the tests find ../shared/corpus: the one place that knows.
// IAMTRIM_CORPUS overrides it; without a corpus, corpus tests skip with a
// visible message so the suite passes for a user who cloned only this repo.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iamtrim::test {

// The corpus folder, or nullopt when it is absent.
std::optional<std::filesystem::path> corpus_dir();

// corpus_dir()/sub, or nullopt; use with IAMTRIM_REQUIRE_CORPUS.
std::optional<std::filesystem::path> corpus_path(const std::string& sub);

// The shared folder beside the repo (corpus, schemas), or nullopt.
std::optional<std::filesystem::path> shared_dir();

// Regular files under `dir` (recursively) with the extension, sorted.
std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir, const std::string& extension);

// Validates SARIF logs against the official SARIF 2.1.0 schema in
// shared_dir()/schemas with python3-jsonschema (Debian python3-jsonschema),
// as code scanning would. nullopt when the schema or the validator is
// missing (`skip` says which); else the validator's messages, "" when every
// file is valid.
std::optional<std::string> sarif_schema_errors(const std::vector<std::filesystem::path>& files, std::string* skip);

}  // namespace iamtrim::test

// Skips the current test, naming what is missing, when the corpus folder
// `sub` is absent. Binds `var` to its path otherwise.
#define IAMTRIM_REQUIRE_CORPUS(var, sub)                                                      \
  auto var##_opt = ::iamtrim::test::corpus_path(sub);                                       \
  if (!var##_opt) GTEST_SKIP() << "corpus folder '" << (sub) << "' not found (set IAMTRIM_CORPUS)"; \
  const std::filesystem::path var = *var##_opt
