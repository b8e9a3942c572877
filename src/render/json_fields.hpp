// The fields every JSON and SARIF output of iamtrim writes for a place in a
// file, written one way: lint, the gate (diff, check) and the escalation
// paths all point at files.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "iamtrim/source.hpp"

namespace iamtrim {

// A relative path as a URI reference (SARIF's artifactLocation.uri), as
// iamtrim/diff.hpp declares it (defined in render/diff_sarif.cpp); declared
// here too for renderers that cannot include diff.hpp, whose render() would
// clash with namespace iamtrim::render.
std::string uri_reference(std::string_view path);

namespace output {

// "line", "column", "end_line", "end_column": 1-based, columns in bytes.
inline void put_span(nlohmann::ordered_json& j, const Span& span) {
  j["line"] = span.begin.line;
  j["column"] = span.begin.column;
  j["end_line"] = span.end.line;
  j["end_column"] = span.end.column;
}

// Where a statement is: "file", its span when known, "pointer", "statement"
// (its index, when given) and "sid" when it has one.
inline void put_statement_place(nlohmann::ordered_json& j, const std::string& path, const Span& span,
                                const std::string& pointer, std::optional<std::size_t> statement,
                                const std::string& sid) {
  j["file"] = path;
  if (span.known()) put_span(j, span);
  j["pointer"] = pointer;
  if (statement) j["statement"] = *statement;
  if (!sid.empty()) j["sid"] = sid;
}

// A SARIF 2.1.0 region (§3.30): startLine and startColumn, and the end when
// it is known.
inline nlohmann::ordered_json sarif_region(const Span& span) {
  nlohmann::ordered_json region = {{"startLine", span.begin.line}, {"startColumn", span.begin.column}};
  if (span.end.line) {
    region["endLine"] = span.end.line;
    region["endColumn"] = span.end.column;
  }
  return region;
}

}  // namespace output
}  // namespace iamtrim
