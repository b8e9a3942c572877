// Reading the two sides of a comparison and pairing their policies.
#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "iamtrim/diff.hpp"
#include "iamtrim/walk.hpp"

namespace iamtrim {
namespace {

std::string key_of(const FoundPolicy& p) {
  std::string key = p.owner;
  if (!p.name.empty()) key += (key.empty() ? "" : "/") + p.name;
  if (key.empty()) key = p.pointer;
  return key;
}

}  // namespace

LoadedFile load_policies(std::shared_ptr<const SourceFile> file) {
  LoadedFile out;
  SourceResult src = read_source(file);
  out.unrecognised = src.unrecognised;
  for (const Diagnostic& d : src.diagnostics)
    if (breaks_meaning(d.code)) out.errors.push_back({d.code, file->path(), d.span, d.message});
  for (FoundPolicy& found : src.policies) {
    PolicyResult pr = parse_policy(found.document, found.pointer);
    bool ok = pr.usable;
    for (const Diagnostic& d : pr.diagnostics)
      if (breaks_meaning(d.code)) {
        out.errors.push_back({d.code, file->path(), d.span, d.message});
        ok = false;
      }
    // What a computed statement or Condition grants is known only after deployment: the
    // gate cannot say the change grants nothing new.
    for (const Span& s : pr.computed_parts) {
      out.errors.push_back({"IAM091", file->path(), s, "a statement, its Principal or its Condition is computed (not evaluated), so what it grants is unknown"});
      ok = false;
    }
    if (!pr.usable && std::none_of(pr.diagnostics.begin(), pr.diagnostics.end(),
                                   [](const Diagnostic& d) { return breaks_meaning(d.code); }))
      out.errors.push_back({"IAM018", file->path(), found.document.span, "policy must be an object"});
    if (!ok) continue;
    GatePolicy gp;
    gp.path = file->path();
    gp.key = key_of(found);
    gp.file = found.file;
    gp.kind = found.kind;
    gp.policy = std::move(pr.policy);
    out.policies.push_back(std::move(gp));
  }
  return out;
}

bool skip_when_walking(const LoadedFile& file) {
  if (file.unrecognised) return true;
  if (!file.policies.empty()) return false;
  // Only "not a policy" is skipped; a policy AWS would reject is an error.
  return std::all_of(file.errors.begin(), file.errors.end(), [](const GateInputError& e) {
    return e.code == "IAM019" || (e.code == "IAM001" && e.path.size() >= 5 &&
                                  e.path.compare(e.path.size() - 5, 5, ".json") != 0);
  });
}

std::vector<std::string> policy_files_under(const std::string& dir) {
  WalkOptions o;
  o.wanted = [](const std::string&, std::string_view name) {
    std::string_view ext = name.substr(std::min(name.size(), name.rfind('.')));
    for (std::string_view e : {".json", ".tf", ".yaml", ".yml", ".template"})
      if (ext == e) return true;
    return false;
  };
  WalkResult walked = walk_paths({dir}, o);
  std::string prefix = std::filesystem::path(dir).lexically_normal().generic_string();
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  prefix = prefix == "." ? "" : prefix + "/";
  std::vector<std::string> out;
  for (const WalkedFile& f : walked.files)
    out.push_back(f.path.compare(0, prefix.size(), prefix) == 0 ? f.path.substr(prefix.size()) : f.path);
  std::sort(out.begin(), out.end());
  return out;
}

std::string format_error(const GateInputError& e) {
  std::string out = e.path;
  if (e.span.known()) out += ":" + std::to_string(e.span.begin.line) + ":" + std::to_string(e.span.begin.column);
  return out + ": " + e.code + " " + e.message;
}

std::vector<PolicyDiff> compare_files(const Catalog& catalog, const LoadedFile* old_file, const LoadedFile* new_file) {
  static const std::vector<GatePolicy> none;
  const auto& olds = old_file ? old_file->policies : none;
  const auto& news = new_file ? new_file->policies : none;
  std::vector<std::pair<const GatePolicy*, const GatePolicy*>> pairs;
  if (olds.size() == 1 && news.size() == 1) {
    pairs.emplace_back(&olds[0], &news[0]);
  } else {
    std::map<std::string, const GatePolicy*> by_key;
    for (const GatePolicy& o : olds) by_key.emplace(o.key, &o);
    for (const GatePolicy& n : news) {
      auto it = by_key.find(n.key);
      pairs.emplace_back(it == by_key.end() ? nullptr : it->second, &n);
      if (it != by_key.end()) by_key.erase(it);
    }
    for (const GatePolicy& o : olds)
      if (by_key.count(o.key)) pairs.emplace_back(&o, nullptr);
  }
  std::vector<PolicyDiff> out;
  for (auto [o, n] : pairs) {
    PolicyDiff d;
    d.old_path = o ? o->path : "";
    d.new_path = n ? n->path : "";
    d.key = n ? n->key : o->key;
    d.changes = compare(catalog, o, n);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace iamtrim
