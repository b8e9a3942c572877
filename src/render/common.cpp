#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::render {

std::string rule_doc_url(const RuleInfo& rule) {
  std::string base = IAMTRIM_DOCS_URL;
  return base.empty() ? base : base + rule.code + "-" + rule.slug + ".md";
}

std::string display_path(const std::string& path, const std::filesystem::path& base) {
  namespace fs = std::filesystem;
  if (path == "-" || path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute() && !base.empty()) {
    std::error_code ec;
    fs::path rel = p.lexically_normal().lexically_relative(base.lexically_normal());
    if (!ec && !rel.empty() && *rel.begin() != "..") p = rel;
  } else {
    p = p.lexically_normal();
  }
  std::string out = p.generic_string();
  if (out.rfind("./", 0) == 0) out.erase(0, 2);
  return out;
}

}  // namespace iamtrim::render

namespace iamtrim::escape {

// The runner splits commands on newlines and properties on ',' and ':' (and
// '::' ends the properties), so those are percent-escaped; '%' first.
std::string github_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out.push_back(c);
  }
  return out;
}

std::string github_property(std::string_view s) {
  std::string out;
  for (char c : github_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out.push_back(c);
  }
  return out;
}

// XML 1.0 text and attribute values: the five entities; control characters
// XML cannot carry and invalid UTF-8 become U+FFFD.
std::string xml(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = n != 0 && i + n <= s.size();
    for (std::size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c < 0x20 ? std::string("\xEF\xBF\xBD") : std::string(1, static_cast<char>(c));
      }
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

void CodeQualityReport::add(const std::string& description, const std::string& check_name, std::string fingerprint,
                            std::string_view severity, const std::string& path, int line) {
  if (int n = seen_[fingerprint]++; n > 0) fingerprint += "-" + std::to_string(n);
  nlohmann::ordered_json issue;
  issue["type"] = "issue";
  issue["description"] = description;
  issue["check_name"] = check_name;
  issue["fingerprint"] = fingerprint;
  issue["severity"] = severity;
  issue["location"] = {{"path", path}, {"lines", {{"begin", line > 0 ? line : 1}}}};
  issues_.push_back(std::move(issue));
}

std::string CodeQualityReport::dump() const {
  return issues_.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace iamtrim::escape
