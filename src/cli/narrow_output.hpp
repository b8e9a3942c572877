// What every narrow mode writes besides the policy: the --report file in the
// format its name asks for, and the parts of a rewrite that exceeds its size
// quota (never written whole: --split writes the parts for review).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/atomic_write.hpp"
#include "iamtrim/narrow.hpp"

namespace iamtrim::cli {

enum class ReportFormat { Json, Markdown, Html };
// FILE.md: Markdown; FILE.html or FILE.htm: the HTML report; anything else: JSON.
ReportFormat report_format(const std::string& path);

// Writes the report in the format of its name, never over an input
// (write_output_checked); false after saying why. Only the renderer the
// format needs is called.
struct ReportRenderers {
  std::function<std::string()> json, markdown, html;
};
bool write_report_file(const std::string& path, const ReportRenderers& render, const InputFiles& inputs);

// Whether a rewrite is due but does not fit its quota.
bool over_quota(const NarrowResult& r);
// The size problem and the proposed split, for standard error: one line, then
// one line per part ("  part 1: statements Bucket, Objects (5,201 characters)").
std::string describe_split(const Catalog& catalog, const NarrowResult& r, PolicyKind kind, Attachment attachment);

// Where --split writes part `i` (from 1) of a policy meant for `path`:
// "dir/NAME.json" -> "dir/NAME.part1.json" (an extension other than .json is kept whole).
std::string part_path(const std::string& path, std::size_t i);
// The parts as one JSON array (printed on standard output with --split).
std::string parts_json(const std::vector<Policy>& parts);
// Writes a part (an output, never over an input; atomically, an earlier
// part's mode kept); false after saying why.
bool write_part(const std::string& path, const std::string& text, const InputFiles& inputs);

}  // namespace iamtrim::cli
