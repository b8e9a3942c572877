// Escalation paths, fuzzed: an authorization-details file through
// read_account(), find_paths() for the admin target and for one principal
// target, and every renderer. Checked on every input, by code that shares
// nothing with the search:
//   - nothing crashes, hangs or throws, and errors point inside the file;
//   - every path starts at its source, its hops chain from node to node and
//     stay inside the node table, and its reach is about its last node;
//   - a path is conditional exactly when one of its hops or its reach is;
//   - no principal is both at the target and the source of a path;
//   - every renderer answers, and the JSON renderer's output is JSON.
//
// Seeds: the fixtures of testdata/paths (fuzz/seeds-paths links them in .ci/run).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "iamtrim/account.hpp"
#include "iamtrim/paths.hpp"

namespace {

using namespace iamtrim;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_paths: invariant broken: %s\n", what.c_str());
  std::abort();
}

void check(const PathsResult& r) {
  std::set<std::size_t> at_target;
  for (const TargetReach& t : r.at_target) {
    if (t.node >= r.nodes.size()) fail("an at-target node outside the node table");
    at_target.insert(t.node);
  }
  for (const EscalationPath& p : r.paths) {
    if (p.source >= r.nodes.size()) fail("a path source outside the node table");
    if (at_target.count(p.source)) fail("a principal already at the target is also a path source");
    std::size_t at = p.source;
    bool conditional = p.reach.conditional();
    for (const Edge& e : p.hops) {
      if (e.from != at) fail("a hop does not start where the previous one ended");
      if (e.to >= r.nodes.size()) fail("a hop leads outside the node table");
      conditional = conditional || e.conditional();
      at = e.to;
    }
    if (p.reach.node >= r.nodes.size()) fail("a reach outside the node table");
    if (p.hops.empty()) fail("a path without hops (its source is at the target)");
    if (p.reach.node != at) fail("a path's reach is not about the node it ends at");
    if (conditional != p.conditional) fail("a path's conditional flag disagrees with its hops and reach");
    if (p.fingerprint.size() != 16) fail("a fingerprint is not 16 hex digits");
  }
  for (const char* format : {"text", "json", "sarif", "dot", "mermaid"})
    if (!render_paths(r, format)) fail(std::string("no output in format ") + format);
  if (!nlohmann::json::accept(render_paths_json(r))) fail("the JSON output is not JSON");
  if (!nlohmann::json::accept(render_paths_sarif(r))) fail("the SARIF output is not JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Catalog catalog = Catalog::embedded();
  if (size > 64 * 1024) return 0;  // a few dozen principals are enough to explore the search
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("authorization-details.json", text));
  AccountResult account = read_account(file);
  for (const EvidenceError& e : account.errors)
    if (e.span.known() && e.span.end.offset > size) fail("an error points past its file");
  if (!account.ok()) return 0;

  PathsOptions admin;
  PathsResult r = find_paths(catalog, *account.account, admin);
  check(r);
  // Who can become the first principal of the file (a principal target).
  for (const Node& n : r.nodes) {
    if (n.kind != NodeKind::Role && n.kind != NodeKind::User) continue;
    std::string error;
    auto target = parse_target(n.id, admin.target.capabilities, &error);
    if (!target) fail("a node's own id is not a valid target: " + error);
    PathsOptions to;
    to.target = *target;
    check(find_paths(catalog, *account.account, to));
    break;
  }
  return 0;
}
