// IAM001-IAM008, IAM010, IAM015, IAM018, IAM019, IAM090, IAM091: problems
// the source readers and the policy parser already found while reading. One
// class serves them all because each relays exactly the diagnostics of its
// own code (from the parser per policy, from the readers per file); the rule
// documents under rules/lint/ are what differ.
#include <memory>
#include <string>

#include "lint/check.hpp"

namespace iamtrim::lint {
namespace {

class ParserCheck final : public Check {
 public:
  explicit ParserCheck(std::string_view code) : code_(code) {}
  std::string_view code() const override { return code_; }
  bool needs_policy() const override { return false; }
  bool relays_source_problems() const override { return true; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Diagnostic& d : ctx.parsed.diagnostics)
      if (d.code == code_) out.push_back({d, {}, ""});
  }

 private:
  std::string code_;
};

}  // namespace

std::unique_ptr<Check> make_parser_check(std::string_view code) { return std::make_unique<ParserCheck>(code); }

}  // namespace iamtrim::lint
