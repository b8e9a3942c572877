#include "iac/listing.hpp"

#include <filesystem>

namespace iamtrim::test {
namespace {

std::string at(const Span& s) {
  if (!s.known()) return "?:?";
  return std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '"' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out + "\"";
}

void leaves(const Value& v, const std::string& pointer, std::string& out) {
  switch (v.kind) {
    case ValueKind::Object:
      if (v.members.empty()) out += "    " + pointer + " {} " + at(v.span) + "\n";
      for (const Member& m : v.members) leaves(m.value, pointer_append(pointer, m.key), out);
      return;
    case ValueKind::Array:
      if (v.items.empty()) out += "    " + pointer + " [] " + at(v.span) + "\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) leaves(v.items[i], pointer_append(pointer, i), out);
      return;
    case ValueKind::String:
      out += "    " + pointer + " " + quoted(v.text) + " " + at(v.span) + "\n";
      return;
    case ValueKind::Opaque:
      out += "    " + pointer + " computed " + quoted(v.text) + " " + at(v.span) + "\n";
      return;
    case ValueKind::Null:
      out += "    " + pointer + " null " + at(v.span) + "\n";
      return;
    case ValueKind::Bool:
      out += "    " + pointer + (v.boolean ? " true " : " false ") + at(v.span) + "\n";
      return;
    case ValueKind::Number:
      out += "    " + pointer + " " + v.text + " " + at(v.span) + "\n";
      return;
  }
}

std::string listing(const std::string& name, const SourceResult& r, bool detailed) {
  std::string out;
  if (r.unrecognised) out += name + ": not a format iamtrim reads\n";
  for (const FoundPolicy& p : r.policies) {
    std::string where = name;
    // Policies read from a file next to the module name that file.
    if (p.file && std::filesystem::path(p.file->path()).filename() != name)
      where += " -> " + std::filesystem::path(p.file->path()).filename().string();
    out += where + ": " + (p.owner.empty() ? "-" : p.owner) + " " + std::string(to_string(p.kind)) + " " +
           std::string(to_string(p.format)) + " " + (p.pointer.empty() ? "-" : p.pointer) + " " + at(p.document.span) +
           (p.name.empty() ? "" : " name=" + p.name) + (p.rewritable ? " rewritable" : "") + "\n";
    if (detailed) leaves(p.document, "", out);
  }
  for (const Diagnostic& d : r.diagnostics)
    out += name + ": " + d.code + " " + at(d.span) + " " + d.message + "\n";
  return out;
}

}  // namespace

std::string summary_listing(const std::string& name, const SourceResult& r) { return listing(name, r, false); }
std::string detailed_listing(const std::string& name, const SourceResult& r) { return listing(name, r, true); }

}  // namespace iamtrim::test
