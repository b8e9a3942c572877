// The JSON format (schema documented in docs/lint-usage.md, "JSON output").
// Keys are stable; new keys may be added, existing ones never change meaning.
//
// Written as it goes (render/json_stream.hpp), in the layout nlohmann's
// dump(2) gave the tree the format's first renderer built: on the 1,594
// AWS managed policies the tree and its serializer were a tenth of the
// whole lint run. tests/cli/corpus_output_test.cpp holds the bytes, and
// tests/render/render_test.cpp compares with a tree's dump.
#include <array>
#include <sstream>

#include "render/json_stream.hpp"
#include "render/render.hpp"

namespace iamtrim::render {
namespace {

void put_span(JsonStream& js, const Span& span) {
  js.key("line").value(span.begin.line).key("column").value(span.begin.column);
  js.key("end_line").value(span.end.line).key("end_column").value(span.end.column);
}

void put_fix(JsonStream& js, const Fix& fix) {
  js.begin_object().key("safety").value(to_string(fix.safety)).key("description").value(fix.description);
  if (fix.safety != FixSafety::DisplayOnly && fix.span.known()) {
    js.key("edit").begin_object();
    put_span(js, fix.span);
    js.key("offset").value(fix.span.begin.offset).key("end_offset").value(fix.span.end.offset);
    js.key("replacement").value(fix.replacement).end_object();
  }
  js.end_object();
}

}  // namespace

std::string render_json(const LintReport& report, const RenderOptions& o) {
  constexpr std::array<Severity, 4> severities = {Severity::Error, Severity::Security, Severity::Warning,
                                                  Severity::Suggestion};
  std::array<std::size_t, 4> counts{};  // by severity, in the order above
  std::ostringstream out;
  {
    JsonStream js(out);
    js.begin_object().key("version").value(1);
    js.key("tool").begin_object().key("name").value("iamtrim").key("version").value(IAMTRIM_VERSION);
    js.key("catalog").value(report.catalog_version).end_object();
    js.key("findings").begin_array();
    // Findings come file by file: each file's path is worked out once.
    const SourceFile* shown_file = nullptr;
    std::string shown;
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& f = report.findings[i];
      const Diagnostic& d = f.diagnostic;
      if (i == 0 || f.file.get() != shown_file) {
        shown_file = f.file.get();
        shown = display_path(f.file ? f.file->path() : "", o.base_dir);
      }
      js.begin_object().key("file").value(shown);
      put_span(js, d.span);
      js.key("code").value(d.code).key("slug").value(f.slug).key("severity").value(to_string(f.severity));
      js.key("message").value(d.message).key("pointer").value(d.pointer).key("owner").value(f.owner);
      js.key("suggestions").strings(d.suggestions);
      js.key("fixes").begin_array();
      for (const Fix& fix : f.fixes) put_fix(js, fix);
      js.end_array();
      js.key("note").value(f.note);
      js.key("fingerprint").value(i < report.fingerprints.size() ? std::string_view(report.fingerprints[i]) : "");
      js.end_object();
      for (std::size_t s = 0; s < severities.size(); ++s)
        if (f.severity == severities[s]) ++counts[s];
    }
    js.end_array();
    js.key("summary").begin_object();
    js.key("files").value(std::uint64_t{report.files}).key("policies").value(std::uint64_t{report.policies});
    js.key("findings").value(std::uint64_t{report.findings.size()});
    js.key("by_severity").begin_object();
    for (std::size_t s = 0; s < severities.size(); ++s) js.key(to_string(severities[s])).value(std::uint64_t{counts[s]});
    js.end_object();
    js.key("suppressed").value(std::uint64_t{report.suppressed}).end_object();
    js.end_object();
  }
  out << '\n';
  return std::move(out).str();
}

}  // namespace iamtrim::render
