// IAM601: the policy is larger than the quota for its kind
// (rules/quotas.yaml). Sizes are counted on the document as parsed, so a
// policy embedded in Terraform or an encoded AWS CLI string is measured as
// the JSON AWS would receive; what a deployment tool computes counts for
// nothing, so a finding never rests on a guess.
#include <memory>
#include <string>

#include "iamtrim/rules.hpp"
#include "iamtrim/text.hpp"
#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/risk_data.hpp"

namespace iamtrim::lint {
namespace {

// One branch-free pass (code points plus escapes), so the compiler vectorises it.
std::size_t quoted(std::string_view s) {
  std::size_t n = 2;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    n += static_cast<std::size_t>((c & 0xC0) != 0x80) + static_cast<std::size_t>((c == '"') | (c == '\\') | (c < 0x20));
  }
  return n;
}

// Characters of the document written as compact JSON (no whitespace).
std::size_t compact_size(const Value& v) {
  switch (v.kind) {
    case ValueKind::String: return quoted(v.text);
    case ValueKind::Array: {
      std::size_t n = 2 + (v.items.empty() ? 0 : v.items.size() - 1);
      for (const Value& i : v.items) n += compact_size(i);
      return n;
    }
    case ValueKind::Object: {
      std::size_t n = 2 + (v.members.empty() ? 0 : v.members.size() - 1);
      for (const Member& m : v.members) n += quoted(m.key) + 1 + compact_size(m.value);
      return n;
    }
    case ValueKind::Bool: return v.boolean ? 4 : 5;
    case ValueKind::Null: return 4;
    // Computed (a Terraform expression, a dynamic block): its size is not
    // known, so it counts for nothing and the count is a lower bound.
    case ValueKind::Opaque: return 0;
    default: return code_points(v.text);
  }
}

class PolicyTooLarge final : public Check {
 public:
  std::string_view code() const override { return "IAM601"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    // IAM601 applies to no resource policy (applies_to), so a quota is found
    // for every kind it sees.
    const SizeQuota* quota = find_size_quota(ctx.kind, ctx.source.attachment);
    if (!quota) return;
    const SizeQuota& q = *quota;
    const std::string name(q.kind);
    const Value& doc = ctx.source.document;
    bool as_written = ctx.source.file && doc.span.known() && ctx.source.format == SourceFormat::Json;
    std::string_view text = as_written ? std::string_view(ctx.source.file->text())
                                             .substr(doc.span.begin.offset, doc.span.end.offset - doc.span.begin.offset)
                                       : std::string_view();
    // JSON as written is never shorter than its compact form (whitespace,
    // escapes and multi-byte characters only add bytes), so a document whose
    // bytes fit needs no count: most do.
    if (as_written && text.size() <= q.limit) return;
    // The SCP quota counts whitespace as saved; the file's own text is the
    // best record of that when the document was read straight from it.
    std::size_t size = q.whitespace_counts && as_written ? code_points(text) : compact_size(doc);
    if (size <= q.limit) return;
    bool guessed = name == "managed" && ctx.source.attachment == Attachment::Unknown &&
                   (ctx.kind == PolicyKind::Identity || ctx.kind == PolicyKind::PermissionsBoundary);
    out.push_back({at(code(), "policy is " + std::to_string(size) + " characters; the " + name +
                                  " policy quota is " + std::to_string(q.limit) +
                                  (q.whitespace_counts ? " (whitespace counts)" : " (whitespace not counted)"),
                      ctx.parsed.policy.span, ctx.source.pointer),
                   {}, guessed ? "the attachment is unknown, so the managed-policy quota is assumed" : ""});
  }
};

}  // namespace

std::unique_ptr<Check> make_policy_too_large() { return std::make_unique<PolicyTooLarge>(); }

}  // namespace iamtrim::lint
