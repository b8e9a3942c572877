// iamtrim: lint AWS IAM policies and narrow them to least privilege.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"

namespace {

using namespace iamtrim::cli;

// Whether `arg` is an option of `app` or of an app above it (global options
// fall through) that takes a value, so that a scan of the command line
// skips that value.
bool takes_value(const CLI::App* app, const std::string& arg) {
  if (arg.rfind("--", 0) != 0 || arg.find('=') != std::string::npos) return false;
  for (; app; app = app->get_parent())
    for (const CLI::Option* o : app->get_options())
      for (const std::string& name : o->get_lnames())
        if ("--" + name == arg) return o->get_items_expected_max() != 0 && o->get_type_size_max() != 0;
  return false;
}

// Walks the command words of the command line (`catalog show`): a word
// where a subcommand is due that names none is reported with the nearest
// names. True when it printed that.
bool unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return false;
    if (arg.rfind("-", 0) == 0) {
      if (takes_value(at, arg)) ++i;
      continue;
    }
    auto subs = at->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return false;  // the command's own arguments from here on
    const CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) {
      if (sub->get_name() == arg) next = sub;
      if (!sub->get_group().empty()) names.push_back(sub->get_name());
    }
    if (next) {
      at = next;
      continue;
    }
    std::string where = at == &app ? "iamtrim" : "iamtrim " + at->get_name();
    std::cerr << where << ": unknown command '" << arg << "'";
    if (auto near = iamtrim::nearest_names(arg, names, 1); !near.empty())
      std::cerr << " (did you mean " << near.front() << "?)";
    std::cerr << "\nRun " << where << " --help for the commands.\n";
    return true;
  }
  return false;
}

// The most deeply nested subcommand that was parsed.
const CLI::App* parsed_command(const CLI::App& app) {
  const CLI::App* at = &app;
  for (auto subs = at->get_subcommands(); !subs.empty(); subs = at->get_subcommands()) at = subs.front();
  return at;
}

// After CLI11 refused an argument: name each unknown option with the
// nearest options of the command that was being parsed. False when no
// unknown option explains the error.
bool explain_unknown_options(const CLI::App& app, int argc, char** argv) {
  const CLI::App* cmd = parsed_command(app);
  std::vector<std::string> names;
  for (const CLI::App* a = cmd; a; a = a->get_parent())
    for (const CLI::Option* o : a->get_options()) {
      for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
      for (const std::string& n : o->get_snames()) names.push_back("-" + n);
    }
  bool found = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) continue;
    std::string name = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string where = cmd == &app ? "iamtrim" : "iamtrim " + cmd->get_name();
    std::cerr << where << ": unknown option '" << name << "'";
    if (auto near = iamtrim::nearest_names(name, names, 1); !near.empty())
      std::cerr << " (did you mean " << near.front() << "?)";
    std::cerr << "\n";
    found = true;
  }
  if (found) std::cerr << "Run " << (cmd == &app ? "iamtrim" : "iamtrim " + cmd->get_name()) << " --help for its options.\n";
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  Context ctx;
  CLI::App app{"iamtrim: lint AWS IAM policies and narrow them to what was used", "iamtrim"};
  app.require_subcommand(1);
  // Global options also work after the subcommand: `iamtrim lint --quiet`.
  app.fallthrough();
  app.set_version_flag("--version", [&ctx] {
    const iamtrim::Catalog* c = ctx.catalog();
    std::string v = std::string("iamtrim ") + IAMTRIM_VERSION;
    if (c) v += "\ncatalog " + std::string(c->version()) + " (" + std::string(c->date()) + ")";
    return v;
  });
  app.add_option("--catalog", ctx.catalog_dir, "Use the catalog in DIR (DIR/catalog.tsv) instead of the embedded one")
      ->check(CLI::ExistingDirectory);
  add_choice(app, "--color", ctx.color,
             "Colour output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always, never",
             {"auto", "always", "never"});
  app.add_flag("-q,--quiet", ctx.quiet, "Print findings and errors only: no summaries, notes or progress");

  add_expand_command(app, ctx);
  add_catalog_command(app, ctx);
  add_lint_command(app, ctx);
  add_explain_command(app, ctx);
  add_rules_command(app, ctx);
  add_diff_command(app, ctx);
  add_check_command(app, ctx);
  add_narrow_command(app, ctx);
  add_collect_command(app, ctx);
  add_paths_command(app, ctx);
  add_completions_command(app, ctx);

  if (unknown_subcommand(app, argc, argv)) return kExitUsage;
  // Commands run inside parse(), so the notes are silenced before it.
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "-q" || arg == "--quiet") silence_notes();
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    if (!explain_unknown_options(app, argc, argv)) app.exit(e);
    return kExitUsage;
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  } catch (const std::exception& e) {
    // Stages return errors as values; reaching here is a bug, reported as one.
    std::cerr << "iamtrim: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
  return ctx.exit_code;
}
