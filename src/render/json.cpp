// The JSON format (schema documented in docs/lint-usage.md, "JSON output").
// Keys are stable; new keys may be added, existing ones never change meaning.
//
// Written straight into one string, laid out as nlohmann's dump(2) lays out
// a tree (the format's first renderer built one), without building the tree:
// on a corpus of 1,594 policies the tree and its serializer were a tenth of
// the whole lint run. tests/cli/corpus_output_test.cpp holds the bytes.
#include <array>
#include <nlohmann/json.hpp>

#include "parse/json_writer.hpp"
#include "render/render.hpp"

namespace iamtrim::render {
namespace {

// An indented JSON writer for objects of known keys: begin/end put the
// brackets and the commas, `key` the name of the next member.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void begin(char bracket) {
    out_ += bracket;
    first_.push_back(true);
  }
  // An empty container closes on its own line's bracket: "[]", "{}".
  void end(char bracket) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += bracket;
  }
  // Starts the next element of an array.
  void element() {
    separate();
  }
  // Starts member `name` of an object.
  void key(std::string_view name) {
    separate();
    put_string(name);
    out_ += ": ";
  }
  void string(std::string_view s) { put_string(s); }
  void number(std::size_t n) {
    std::array<char, 24> digits{};
    std::size_t i = digits.size();
    do {
      digits[--i] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n);
    out_.append(digits.data() + i, digits.size() - i);
  }
  void strings(const std::vector<std::string>& list) {
    begin('[');
    for (const std::string& s : list) {
      element();
      string(s);
    }
    end(']');
  }

 private:
  void separate() {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(2 * first_.size(), ' ');
  }
  // ASCII, the usual case, is escaped here; anything else goes through
  // nlohmann so that invalid UTF-8 (a hostile file name) is replaced with
  // U+FFFD exactly as the tree's serializer replaced it.
  void put_string(std::string_view s) {
    for (unsigned char c : s)
      if (c >= 0x80) {
        out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
    detail::append_json_string(out_, s);
  }

  std::string& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
};

void put_span(Writer& w, const Span& span) {
  w.key("line");
  w.number(span.begin.line);
  w.key("column");
  w.number(span.begin.column);
  w.key("end_line");
  w.number(span.end.line);
  w.key("end_column");
  w.number(span.end.column);
}

void put_fix(Writer& w, const Fix& fix) {
  w.begin('{');
  w.key("safety");
  w.string(to_string(fix.safety));
  w.key("description");
  w.string(fix.description);
  if (fix.safety != FixSafety::DisplayOnly && fix.span.known()) {
    w.key("edit");
    w.begin('{');
    put_span(w, fix.span);
    w.key("offset");
    w.number(fix.span.begin.offset);
    w.key("end_offset");
    w.number(fix.span.end.offset);
    w.key("replacement");
    w.string(fix.replacement);
    w.end('}');
  }
  w.end('}');
}

}  // namespace

std::string render_json(const LintReport& report, const RenderOptions& o) {
  std::string out;
  out.reserve(4096 + report.findings.size() * 640);
  Writer w(out);
  std::array<std::size_t, 4> counts{};  // by severity, in the order below
  constexpr std::array<Severity, 4> severities = {Severity::Error, Severity::Security, Severity::Warning,
                                                  Severity::Suggestion};
  w.begin('{');
  w.key("version");
  w.number(1);
  w.key("tool");
  w.begin('{');
  w.key("name");
  w.string("iamtrim");
  w.key("version");
  w.string(IAMTRIM_VERSION);
  w.key("catalog");
  w.string(report.catalog_version);
  w.end('}');
  w.key("findings");
  w.begin('[');
  // Findings come file by file: each file's path is shown once computed.
  const SourceFile* shown_file = nullptr;
  std::string shown;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const Diagnostic& d = f.diagnostic;
    if (i == 0 || f.file.get() != shown_file) {
      shown_file = f.file.get();
      shown = display_path(f.file ? f.file->path() : "", o.base_dir);
    }
    w.element();
    w.begin('{');
    w.key("file");
    w.string(shown);
    put_span(w, d.span);
    w.key("code");
    w.string(d.code);
    w.key("slug");
    w.string(f.slug);
    w.key("severity");
    w.string(to_string(f.severity));
    w.key("message");
    w.string(d.message);
    w.key("pointer");
    w.string(d.pointer);
    w.key("owner");
    w.string(f.owner);
    w.key("suggestions");
    w.strings(d.suggestions);
    w.key("fixes");
    w.begin('[');
    for (const Fix& fix : f.fixes) {
      w.element();
      put_fix(w, fix);
    }
    w.end(']');
    w.key("note");
    w.string(f.note);
    w.key("fingerprint");
    w.string(i < report.fingerprints.size() ? report.fingerprints[i] : "");
    w.end('}');
    for (std::size_t s = 0; s < severities.size(); ++s)
      if (f.severity == severities[s]) ++counts[s];
  }
  w.end(']');
  w.key("summary");
  w.begin('{');
  w.key("files");
  w.number(report.files);
  w.key("policies");
  w.number(report.policies);
  w.key("findings");
  w.number(report.findings.size());
  w.key("by_severity");
  w.begin('{');
  for (std::size_t s = 0; s < severities.size(); ++s) {
    w.key(to_string(severities[s]));
    w.number(counts[s]);
  }
  w.end('}');
  w.key("suppressed");
  w.number(report.suppressed);
  w.end('}');
  w.end('}');
  out += '\n';
  return out;
}

}  // namespace iamtrim::render
