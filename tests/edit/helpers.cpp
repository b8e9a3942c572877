#include "helpers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "iamtrim/actions.hpp"
#include "iamtrim/diff.hpp"
#include "iamtrim/narrow.hpp"
#include "support/files.hpp"

namespace iamtrim::test {

Decisions decisions_from_lines(const Catalog& c, const std::string& text) {
  Decisions d;
  d.as_of = "2024-06-30";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    bool used = line[0] == '!';
    PatternMatch m = expand_pattern(c, used ? line.substr(1) : line);
    EXPECT_EQ(m.status, MatchStatus::Matched) << line;
    DecisionReason reason = used ? DecisionReason::Used : DecisionReason::ServiceNotAccessed;
    m.actions.for_each([&](ActionId id) { d.by_action[id] = Decision{reason, {}, ""}; });
  }
  return d;
}

namespace {

std::uint32_t fnv(const std::string& s) {  // FNV-1a: the same choice on every platform
  std::uint32_t h = 2166136261u;
  for (char ch : s) h = (h ^ static_cast<unsigned char>(ch)) * 16777619u;
  return h;
}

}  // namespace

Decisions half_the_services(const Catalog& c, const Policy& policy) {
  Decisions d;
  d.as_of = "2024-06-30";
  for (const Statement& st : policy.statements) {
    if (st.effect != Effect::Allow || !st.actions()) continue;
    expand_statement(c, st).actions.for_each([&](ActionId id) {
      std::string name = c.full_name(id);
      std::string service = name.substr(0, name.find(':'));
      if (fnv(service) % 2) d.by_action[id] = Decision{DecisionReason::ServiceNotAccessed, {}, ""};
      // One action in five of the other services, so wildcards turn into names.
      else if (fnv(name) % 5 == 0) d.by_action[id] = Decision{DecisionReason::ActionNotAccessed, {}, ""};
    });
  }
  return d;
}

EditedFile edit_file(const Catalog& c, const std::string& path, const std::string& text,
                     const std::function<Decisions(const Policy&)>& decide,
                     const std::function<bool(const FoundPolicy&)>& narrow_it) {
  EditedFile out;
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
  SourceResult src = read_source(file);
  for (const FoundPolicy& p : src.policies) {
    std::string name = p.pointer + " (" + std::string(to_string(p.kind)) + ", " + std::string(to_string(p.format)) + "): ";
    if (!narrow_it(p)) {
      out.log += name + "not narrowed\n";
      continue;
    }
    PolicyResult parsed = parse_policy(p.document, p.pointer);
    if (!parsed.usable) {
      out.log += name + "not a policy\n";
      continue;
    }
    // Strict: the fixtures exercise the edits, so every removable action goes,
    // low-risk wildcards included.
    NarrowOptions strict;
    strict.low_risk.enabled = false;
    NarrowResult r = narrow_policy(c, parsed.policy, decide(parsed.policy), strict);
    EXPECT_TRUE(r.verification.ok) << path << " " << p.pointer;
    std::string outcomes;
    for (const StatementChange& s : r.statements) outcomes += std::string(outcomes.empty() ? "" : " ") + std::string(to_string(s.outcome));
    if (!r.changed) {
      out.log += name + "unchanged [" + outcomes + "]\n";
      continue;
    }
    EditPlan plan = plan_in_place(p, r);
    if (!plan.ok()) {
      out.log += name + "not edited: " + plan.error + " [" + outcomes + "]\n";
      if (editable_in_place(p) && !r.detach) out.plan_errors.push_back(path + ": " + p.pointer + ": " + plan.error);
      continue;
    }
    out.log += name + std::to_string(plan.edits.size()) + " edits [" + outcomes + "]\n";
    out.edits.insert(out.edits.end(), plan.edits.begin(), plan.edits.end());
    out.expected.push_back({p.pointer, r.policy});
  }
  out.text = text;
  if (out.edits.empty()) return out;
  EditResult applied = apply_edits(text, out.edits);
  if (!applied.ok()) {
    out.problems.push_back(applied.error);
    out.log += "apply: " + applied.error + "\n";
    return out;
  }
  out.problems = verify_edit(c, *file, applied.text, {EditContract::Subset, out.expected, {}});
  for (const std::string& p : out.problems) out.log += "verification: " + p + "\n";
  if (out.problems.empty()) out.text = applied.text;
  return out;
}

std::string outside_edits_identical(const std::string& before, const std::string& after, std::vector<SourceEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const SourceEdit& a, const SourceEdit& b) { return a.range.begin.offset < b.range.begin.offset; });
  edits.erase(std::unique(edits.begin(), edits.end(),
                          [](const SourceEdit& a, const SourceEdit& b) {
                            return a.range == b.range && a.text == b.text;
                          }),
              edits.end());
  std::vector<SourceEdit> merged;  // overlapping deletions delete their union
  for (const SourceEdit& e : edits) {
    if (!merged.empty() && e.text.empty() && merged.back().text.empty() &&
        e.range.begin.offset < merged.back().range.end.offset) {
      merged.back().range.end.offset = std::max(merged.back().range.end.offset, e.range.end.offset);
      continue;
    }
    merged.push_back(e);
  }
  edits = merged;
  std::size_t from = 0, at = 0;  // in `before`, in `after`
  for (const SourceEdit& e : edits) {
    std::size_t keep = e.range.begin.offset - from;
    if (after.compare(at, keep, before, from, keep) != 0) return "bytes before offset " + std::to_string(from) + " differ";
    at += keep;
    if (after.compare(at, e.text.size(), e.text) != 0) return "edit at offset " + std::to_string(e.range.begin.offset) + " not applied";
    at += e.text.size();
    from = e.range.end.offset;
  }
  if (after.compare(at, std::string::npos, before, from, std::string::npos) != 0) return "the tail differs";
  return "";
}

namespace {

nlohmann::json as_list(const nlohmann::json& v) { return v.is_array() ? v : nlohmann::json::array({v}); }

}  // namespace

nlohmann::json action_elements(const nlohmann::json& policy) {
  nlohmann::json out = nlohmann::json::array();
  if (policy.contains("statement")) {  // hcl-check's view of an aws_iam_policy_document
    for (const auto& s : policy["statement"]) {
      if (s.contains("actions")) out.push_back({{"Action", as_list(s["actions"])}});
      else if (s.contains("not_actions")) out.push_back({{"NotAction", as_list(s["not_actions"])}});
      else out.push_back(nlohmann::json::object());
    }
    return out;
  }
  if (!policy.contains("Statement")) return out;
  for (const auto& s : as_list(policy["Statement"])) {
    if (s.contains("Action")) out.push_back({{"Action", as_list(s["Action"])}});
    else if (s.contains("NotAction")) out.push_back({{"NotAction", as_list(s["NotAction"])}});
    else out.push_back(nlohmann::json::object());
  }
  return out;
}

nlohmann::json action_elements(const Policy& policy) {
  nlohmann::json out = nlohmann::json::array();
  for (const Statement& st : policy.statements) {
    const ItemList* list = st.actions();
    if (!list) {
      out.push_back(nlohmann::json::object());
      continue;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Item& it : list->items) items.push_back(it.text);
    out.push_back({{st.uses_not_action() ? "NotAction" : "Action", items}});
  }
  return out;
}

std::string hcl_check_path() {
#ifdef IAMTRIM_HCL_CHECK
  return IAMTRIM_HCL_CHECK;
#else
  return "";
#endif
}

std::optional<HclCheck> hcl_check(const std::string& text) {
  std::string bin = hcl_check_path();
  if (bin.empty() || !std::filesystem::exists(bin)) return std::nullopt;
  static std::atomic<int> counter{0};
  auto tmp = std::filesystem::temp_directory_path() /
             ("iamtrim-edit-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".tf");
  write_file(tmp, text);
  HclCheck r;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("'" + bin + "' '" + tmp.string() + "' 2>&1").c_str(), "r"), pclose);
  char buffer[4096];
  std::size_t n;
  while (pipe && (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) r.output.append(buffer, n);
  int status = pipe ? pclose(pipe.release()) : -1;
  r.exit_code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(tmp);
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    std::size_t tab = line.find('\t');
    if (tab != std::string::npos) r.values[line.substr(0, tab)] = nlohmann::json::parse(line.substr(tab + 1), nullptr, false);
  }
  return r;
}

namespace {

nlohmann::json yaml_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : n) out.push_back(yaml_node(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : n) out[kv.first.as<std::string>()] = yaml_node(kv.second);
      return out;
    }
    case YAML::NodeType::Scalar:
      return n.Scalar();
    default:
      return nullptr;
  }
}

}  // namespace

nlohmann::json yaml_to_json(const std::string& text) { return yaml_node(YAML::Load(text)); }

std::optional<std::vector<std::string>> terraform_fmt_regressions(const std::vector<FmtFile>& files) {
  std::string terraform;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    for (std::string dir; terraform.empty() && std::getline(dirs, dir, ':');)
      if (!dir.empty() && ::access((dir + "/terraform").c_str(), X_OK) == 0) terraform = dir + "/terraform";
  }
  if (terraform.empty()) return std::nullopt;
  static int counter = 0;
  const std::filesystem::path root = std::filesystem::temp_directory_path() /
                                     ("iamtrim-fmt-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(root);
  // Numbered names: the files' own names may repeat across folders.
  for (std::size_t i = 0; i < files.size(); ++i) {
    write_file(root / "original" / (std::to_string(i) + ".tf"), files[i].original);
    write_file(root / "edited" / (std::to_string(i) + ".tf"), files[i].edited);
  }
  auto unformatted = [&](const std::string& folder) {
    ProcessResult r = run_process({terraform, "fmt", "-check", "-list=true", "-no-color", (root / folder).string()});
    std::set<std::string> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) out.insert(std::filesystem::path(line).filename().string());
    return out;
  };
  const std::set<std::string> before = unformatted("original"), after = unformatted("edited");
  std::vector<std::string> regressions;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string n = std::to_string(i) + ".tf";
    if (!before.count(n) && after.count(n)) regressions.push_back(files[i].name);
  }
  std::filesystem::remove_all(root);
  return regressions;
}

}  // namespace iamtrim::test
