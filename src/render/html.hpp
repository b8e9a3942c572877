// The HTML page every report shares (report_html.hpp, `lint --format html`):
// escaping, the embedded JSON, the page shell with its inline CSS and script
// (src/render/assets/, embedded at build time) and inline SVG charts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim::render::html {

using Json = nlohmann::ordered_json;

// Text or attribute value: & < > " ' become entities.
std::string escape(std::string_view text);
// JSON text for a <script type="application/json"> block: '<', '>' and '&'
// are \u-escaped everywhere (so no "</script>" or "<!--" can appear). Outside
// strings JSON has none of them, and inside one the escape means the same.
std::string script_json(std::string_view json);
// The same, appended to `out`.
void append_script_json(std::string& out, std::string_view json);
// 128 random bits as 32 hex digits.
std::string random_nonce();
// "1,234"
std::string number(std::size_t n);

struct Page {
  std::string kind;      // "account", "policies", "organizations", "lint": the script's view
  std::string title;     // plain text
  std::string subtitle;  // plain text, under the title
  std::string nonce;     // letters and digits; empty: random_nonce()
  std::string overview;  // HTML (already escaped) rendered before the explorer
  std::string explorer_heading;  // plain text heading of the interactive table
  std::string appendix;  // HTML (already escaped) rendered after it
  std::string data;      // what the script renders, as compact JSON (dump(-1)'s layout)
};
std::string page(const Page& page);

// A summary card: a big number, its label and a line of detail (plain text).
std::string card(const std::string& value, const std::string& label, const std::string& detail);

// A horizontal stacked bar chart as inline SVG (role="img"), one bar per row,
// one segment per series, with a legend; every segment has a <title> with its
// number, and `summary` is the chart's accessible description.
struct Bar {
  std::string label;
  std::vector<std::size_t> values;  // one per series
};
struct Series {
  std::string name;
  std::string css_class;  // fill colour from the stylesheet (light and dark)
};
std::string bar_chart(const std::string& id, const std::string& summary, const std::vector<Series>& series,
                      const std::vector<Bar>& bars);

}  // namespace iamtrim::render::html
