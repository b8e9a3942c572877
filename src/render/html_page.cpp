// The shell of every HTML report: a strict Content-Security-Policy (nothing
// can be loaded from anywhere; the inline style and script carry a nonce),
// the stylesheet and script embedded from src/render/assets/, and the data.
#include <iomanip>
#include <random>
#include <sstream>

#include "render/html.hpp"

extern "C" const char iamtrim_report_css_begin[];
extern "C" const char iamtrim_report_css_end[];
extern "C" const char iamtrim_report_js_begin[];
extern "C" const char iamtrim_report_js_end[];

namespace iamtrim::render::html {
namespace {

std::string_view asset(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

bool nonce_ok(const std::string& n) {
  if (n.empty()) return false;
  for (char c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_json(std::string_view text) {
  std::string out;
  append_script_json(out, text);
  return out;
}

void append_script_json(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + text.size() / 16);
  // Inside JSON these characters only occur in strings, where \u escapes
  // mean the same thing; outside the block they can end or open markup.
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
}

std::string random_nonce() {
  std::random_device rd;
  std::ostringstream out;
  for (int i = 0; i < 4; ++i) out << std::hex << std::setw(8) << std::setfill('0') << rd();
  return out.str();
}

std::string number(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string card(const std::string& value, const std::string& label, const std::string& detail) {
  return "<div class=\"card\"><div class=\"card-value\">" + escape(value) + "</div><div class=\"card-label\">" +
         escape(label) + "</div>" + (detail.empty() ? "" : "<div class=\"card-detail\">" + escape(detail) + "</div>") +
         "</div>";
}

std::string bar_chart(const std::string& id, const std::string& summary, const std::vector<Series>& series,
                      const std::vector<Bar>& bars) {
  constexpr int kLabel = 170, kWidth = 560, kRow = 26, kBar = 16, kTop = 8;
  std::size_t max = 1;
  for (const Bar& b : bars) {
    std::size_t total = 0;
    for (std::size_t v : b.values) total += v;
    max = std::max(max, total);
  }
  const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  std::ostringstream svg;
  svg << "<figure class=\"chart\"><svg id=\"" << escape(id) << "\" role=\"img\" aria-labelledby=\"" << escape(id)
      << "-title\" viewBox=\"0 0 " << kLabel + kWidth + 70 << " " << height << "\" width=\"100%\">"
      << "<title id=\"" << escape(id) << "-title\">" << escape(summary) << "</title>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = kTop + kRow * static_cast<int>(i);
    svg << "<g><text class=\"chart-label\" x=\"" << kLabel - 8 << "\" y=\"" << y + kBar - 3
        << "\" text-anchor=\"end\">" << escape(b.label) << "</text>";
    double x = kLabel;
    std::size_t total = 0;
    for (std::size_t s = 0; s < b.values.size() && s < series.size(); ++s) {
      total += b.values[s];
      if (!b.values[s]) continue;
      const double w = static_cast<double>(b.values[s]) * kWidth / static_cast<double>(max);
      svg << "<rect class=\"" << escape(series[s].css_class) << "\" x=\"" << x << "\" y=\"" << y << "\" width=\""
          << std::max(w, 1.0) << "\" height=\"" << kBar << "\"><title>" << escape(b.label) << ": "
          << number(b.values[s]) << " " << escape(series[s].name) << "</title></rect>";
      x += w;
    }
    svg << "<text class=\"chart-value\" x=\"" << x + 6 << "\" y=\"" << y + kBar - 3 << "\">" << number(total)
        << "</text></g>";
  }
  svg << "</svg><figcaption class=\"legend\">";
  for (const Series& s : series)
    svg << "<span class=\"legend-item\"><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\""
        << escape(s.css_class) << "\" width=\"12\" height=\"12\"/></svg> " << escape(s.name) << "</span>";
  svg << "</figcaption></figure>";
  return svg.str();
}

std::string page(const Page& p) {
  const std::string nonce = nonce_ok(p.nonce) ? p.nonce : random_nonce();
  std::string out;
  // Room for all of it at once: an account's data is megabytes, and the
  // page is not copied again as it grows.
  out.reserve(p.overview.size() + p.appendix.size() + p.data.size() + p.data.size() / 16 +
              asset(iamtrim_report_css_begin, iamtrim_report_css_end).size() +
              asset(iamtrim_report_js_begin, iamtrim_report_js_end).size() + 64 * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'nonce-" + nonce +
         "'; style-src 'nonce-" + nonce + "'; img-src data:; base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"color-scheme\" content=\"light dark\">\n";
  out += "<meta name=\"generator\" content=\"iamtrim " IAMTRIM_VERSION "\">\n";
  out += "<title>" + escape(p.title) + "</title>\n<style nonce=\"" + nonce + "\">\n";
  out += asset(iamtrim_report_css_begin, iamtrim_report_css_end);
  out += "</style>\n</head>\n<body data-kind=\"" + escape(p.kind) + "\">\n";
  out += "<a class=\"skip\" href=\"#explorer\">Skip to the table</a>\n";
  out += "<header class=\"page-header\"><h1>" + escape(p.title) + "</h1><p class=\"subtitle\">" + escape(p.subtitle) +
         "</p></header>\n<main>\n";
  out += p.overview;
  out += "<section id=\"explorer\" class=\"explorer\" aria-labelledby=\"explorer-heading\" tabindex=\"-1\">"
         "<h2 id=\"explorer-heading\">" + escape(p.explorer_heading) + "</h2>"
         "<noscript><p class=\"note\">The interactive table needs JavaScript; the data is in the "
         "<code>iamtrim-data</code> block of this file, and the JSON and Markdown reports hold the same.</p></noscript>"
         "<div id=\"app\"></div></section>\n";
  out += p.appendix;
  out += "</main>\n";
  out += "<footer class=\"page-footer\"><p>Generated by iamtrim " IAMTRIM_VERSION
         ". A proposal for review: iamtrim changes nothing in AWS.</p></footer>\n";
  out += "<script type=\"application/json\" id=\"iamtrim-data\">";
  append_script_json(out, p.data);
  out += "</script>\n";
  out += "<script nonce=\"" + nonce + "\">\n";
  out += asset(iamtrim_report_js_begin, iamtrim_report_js_end);
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace iamtrim::render::html
