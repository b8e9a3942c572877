#include "sources/terraform_values.hpp"

#include "sources/hcl/parser.hpp"

namespace iamtrim::terraform {
namespace {

bool overlaps(const Span& s, const hcl::ByteRange& hole) {
  return s.begin.offset < hole.second && hole.first < s.end.offset;
}

// Marks every string that an interpolation or directive touches as
// computed: its text is only known after Terraform renders the template.
void mark_holes(const SourceFile& file, Value& v, const hcl::Template& t) {
  if (v.kind == ValueKind::String) {
    for (const hcl::ByteRange& h : t.holes) {
      if (!overlaps(v.span, h)) continue;
      v.kind = ValueKind::Opaque;
      v.text = std::string(hcl::text_of(file, v.span.begin.offset, v.span.end.offset));
      return;
    }
  }
  for (Value& item : v.items) mark_holes(file, item, t);
  for (Member& m : v.members) mark_holes(file, m.value, t);
}

}  // namespace

Span span_of(const SourceFile& file, const hcl::Expr& e) { return file.span(e.begin, e.end); }

Value opaque(const SourceFile& file, const hcl::Expr& e) {
  Value v;
  v.kind = ValueKind::Opaque;
  v.span = span_of(file, e);
  v.text = std::string(hcl::text_of(file, e.begin, e.end));
  return v;
}

Value to_value(const SourceFile& file, const hcl::Expr& e) {
  Value v;
  v.span = span_of(file, e);
  switch (e.kind) {
    case hcl::ExprKind::Null:
      return v;
    case hcl::ExprKind::Bool:
      v.kind = ValueKind::Bool;
      v.boolean = e.name == "true";
      return v;
    case hcl::ExprKind::Number:
      v.kind = ValueKind::Number;
      v.text = e.name;
      return v;
    case hcl::ExprKind::Template:
      if (!e.tmpl.literal()) return opaque(file, e);
      v.kind = ValueKind::String;
      v.text = e.tmpl.text;
      return v;
    case hcl::ExprKind::Paren:
      return e.items.empty() ? opaque(file, e) : to_value(file, e.items.front());
    case hcl::ExprKind::Tuple:
      v.kind = ValueKind::Array;
      for (const hcl::Expr& item : e.items) v.items.push_back(to_value(file, item));
      return v;
    case hcl::ExprKind::Object:
      v.kind = ValueKind::Object;
      for (const hcl::ObjectItem& item : e.members) {
        Member m;
        m.key_span = span_of(file, item.key);
        const hcl::Expr& key = item.key.kind == hcl::ExprKind::Paren && !item.key.items.empty() ? item.key.items[0] : item.key;
        if (item.bare_key)
          m.key = item.key.name;
        else if (key.kind == hcl::ExprKind::Template && key.tmpl.literal())
          m.key = key.tmpl.text;
        else
          m.key = std::string(hcl::text_of(file, item.key.begin, item.key.end));
        m.value = to_value(file, item.value);
        v.members.push_back(std::move(m));
      }
      return v;
    default:
      return opaque(file, e);
  }
}

JsonResult template_json(const SourceFile& file, const hcl::Template& t) {
  JsonResult r = parse_json_fragment(file, t.text, t.map);
  if (r.ok()) mark_holes(file, r.value, t);
  return r;
}

}  // namespace iamtrim::terraform
