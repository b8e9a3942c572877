// iamtrim: lint AWS IAM policies and narrow them to least privilege.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.hpp"

int main(int argc, char** argv) {
  using namespace iamtrim::cli;
  Context ctx;
  CLI::App app{"iamtrim: lint AWS IAM policies and narrow them to what was used", "iamtrim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [&ctx] {
    const iamtrim::Catalog* c = ctx.catalog();
    std::string v = std::string("iamtrim ") + IAMTRIM_VERSION;
    if (c) v += "\ncatalog " + std::string(c->version()) + " (" + std::string(c->date()) + ")";
    return v;
  });
  app.add_option("--catalog", ctx.catalog_dir, "Use the catalog in DIR (DIR/catalog.tsv) instead of the embedded one")
      ->check(CLI::ExistingDirectory);

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

  try {
    app.parse(argc, argv);
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
