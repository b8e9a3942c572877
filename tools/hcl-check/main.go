// hcl-check: reads a Terraform file with HashiCorp's own HCL parser, so the
// tests can check that iamtrim's in-place edits leave valid HCL that
// evaluates to the narrowed policy.
//
//	hcl-check FILE.tf
//
// Syntax errors: one line each, "FILE:LINE:COL: error: SUMMARY: DETAIL", exit 1.
// Otherwise one line per policy value, tab-separated:
//
//	aws_iam_policy.app.policy<TAB>{"Statement":[...]}
//	data.aws_iam_policy_document.app<TAB>{"statement":[{"actions":[...]}]}
//
// jsonencode(X) prints X; a heredoc or quoted JSON string prints the string
// it evaluates to, parsed; a data "aws_iam_policy_document" block prints its
// statement blocks' attributes. References Terraform would resolve (var.x,
// aws_s3_bucket.b.arn, for expressions over them) are unknown and print as
// the string "(unknown)"; locals are evaluated from the file's locals blocks.
// Built with Debian's packaged modules only (GOPATH mode, no downloads).
package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

const unknown = "(unknown)"

// toJSON renders a cty value as plain JSON data, unknowns as a marker.
func toJSON(v cty.Value) interface{} {
	if !v.IsKnown() {
		return unknown
	}
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		if v.AsBigFloat().IsInt() {
			i, _ := v.AsBigFloat().Int(new(big.Int))
			return json.Number(i.String())
		}
		return f
	case t == cty.Bool:
		return v.True()
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := []interface{}{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, toJSON(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := map[string]interface{}{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = toJSON(e)
		}
		return out
	}
	return unknown
}

// context gives every root a reference can name an unknown value, except
// locals, which are evaluated (one level, as iamtrim follows them).
func context(body *hclsyntax.Body, expr hcl.Expression, locals map[string]cty.Value) *hcl.EvalContext {
	vars := map[string]cty.Value{"local": cty.ObjectVal(locals)}
	for _, t := range expr.Variables() {
		if root := t.RootName(); root != "local" {
			vars[root] = cty.DynamicVal
		}
	}
	funcs := map[string]function.Function{
		"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
		"concat": stdlib.ConcatFunc, "format": stdlib.FormatFunc, "join": stdlib.JoinFunc,
		"lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc, "merge": stdlib.MergeFunc,
		"flatten": stdlib.FlattenFunc, "distinct": stdlib.DistinctFunc, "tostring": stdlib.MakeToFunc(cty.String),
	}
	return &hcl.EvalContext{Variables: vars, Functions: funcs}
}

// placeholders gives each reference of a template the known text
// "(unknown)" instead of an unknown value, so that a heredoc or quoted
// string with "${aws_s3_bucket.b.arn}" in a Resource still renders to JSON
// and its actions can be compared. Roots reached through an index or a
// splat keep the unknown value.
func placeholders(expr hcl.Expression, locals map[string]cty.Value) *hcl.EvalContext {
	type node map[string]interface{}
	roots := map[string]node{}
	opaque := map[string]bool{}
	for _, t := range expr.Variables() {
		root := t.RootName()
		if root == "local" {
			continue
		}
		if roots[root] == nil {
			roots[root] = node{}
		}
		n := roots[root]
		rest := t[1:]
		for i, step := range rest {
			// An index ([0], as count makes) is an element of a tuple, stored
			// under a key no attribute name can take.
			key := ""
			switch s := step.(type) {
			case hcl.TraverseAttr:
				key = s.Name
			case hcl.TraverseIndex:
				if s.Key.Type() != cty.Number {
					opaque[root] = true
				} else if bf := s.Key.AsBigFloat(); !bf.IsInt() {
					opaque[root] = true
				} else if k, _ := bf.Int64(); k < 0 || k > 64 {
					opaque[root] = true
				} else {
					key = fmt.Sprintf("\x00%d", k)
				}
			default:
				opaque[root] = true
			}
			if opaque[root] {
				break
			}
			if i == len(rest)-1 {
				if _, exists := n[key]; !exists {
					n[key] = unknown
				}
				break
			}
			child, ok := n[key].(node)
			if !ok {
				child = node{}
				n[key] = child
			}
			n = child
		}
		if len(rest) == 0 {
			opaque[root] = true
		}
	}
	var build func(n node) cty.Value
	build = func(n node) cty.Value {
		attrs := map[string]cty.Value{}
		elems := map[int]cty.Value{}
		size := 0
		for k, v := range n {
			val := cty.StringVal(unknown)
			if child, ok := v.(node); ok {
				val = build(child)
			}
			var index int
			if _, err := fmt.Sscanf(k, "\x00%d", &index); err == nil && strings.HasPrefix(k, "\x00") {
				elems[index] = val
				if index+1 > size {
					size = index + 1
				}
			} else {
				attrs[k] = val
			}
		}
		if size > 0 && len(attrs) == 0 {
			list := make([]cty.Value, size)
			for i := range list {
				if v, ok := elems[i]; ok {
					list[i] = v
				} else {
					list[i] = cty.StringVal(unknown)
				}
			}
			return cty.TupleVal(list)
		}
		return cty.ObjectVal(attrs)
	}
	ctx := context(nil, expr, locals)
	for root, n := range roots {
		if !opaque[root] {
			ctx.Variables[root] = build(n)
		}
	}
	return ctx
}

func value(body *hclsyntax.Body, expr hclsyntax.Expression, locals map[string]cty.Value) interface{} {
	if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok && call.Name == "jsonencode" && len(call.Args) == 1 {
		expr = call.Args[0]
	} else if _, ok := expr.(*hclsyntax.TemplateExpr); !ok {
		if _, ok := expr.(*hclsyntax.TemplateWrapExpr); !ok {
			return nil // a reference or another call: not a policy literal
		}
	}
	v, diags := expr.Value(context(body, expr, locals))
	if diags.HasErrors() {
		return "(error: " + diags.Error() + ")"
	}
	if _, call := expr.(*hclsyntax.FunctionCallExpr); !v.IsKnown() && !call {
		if again, d := expr.Value(placeholders(expr, locals)); !d.HasErrors() {
			v = again
		}
	}
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		var doc interface{}
		if err := json.Unmarshal([]byte(v.AsString()), &doc); err != nil {
			return nil // a string that is not JSON: not a policy
		}
		return doc
	}
	return toJSON(v)
}

func block(b *hclsyntax.Block, locals map[string]cty.Value) map[string]interface{} {
	out := map[string]interface{}{}
	for name, a := range b.Body.Attributes {
		v, diags := a.Expr.Value(context(b.Body, a.Expr, locals))
		if diags.HasErrors() {
			out[name] = "(error: " + diags.Error() + ")"
		} else {
			out[name] = toJSON(v)
		}
	}
	for _, inner := range b.Body.Blocks {
		list, _ := out[inner.Type].([]interface{})
		out[inner.Type] = append(list, block(inner, locals))
	}
	return out
}

func policyName(name string) bool {
	return name == "policy" || name == "assume_role_policy" || name == "content" || strings.HasSuffix(name, "_policy") ||
		strings.HasSuffix(name, "_policy_document") || name == "inline_policy"
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hcl-check FILE.tf")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	file, diags := hclsyntax.ParseConfig(src, os.Args[1], hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Printf("%s:%d:%d: error: %s: %s\n", os.Args[1], d.Subject.Start.Line, d.Subject.Start.Column, d.Summary, d.Detail)
		}
		os.Exit(1)
	}
	body := file.Body.(*hclsyntax.Body)
	locals := map[string]cty.Value{}
	for _, b := range body.Blocks {
		if b.Type != "locals" {
			continue
		}
		for name, a := range b.Body.Attributes {
			if v, d := a.Expr.Value(context(b.Body, a.Expr, map[string]cty.Value{})); !d.HasErrors() {
				locals[name] = v
			} else {
				locals[name] = cty.DynamicVal
			}
		}
	}
	var lines []string
	emit := func(address string, v interface{}) {
		if v == nil {
			return
		}
		text, _ := json.Marshal(v)
		lines = append(lines, address+"\t"+string(text))
	}
	var walk func(prefix string, b *hclsyntax.Body)
	walk = func(prefix string, b *hclsyntax.Body) {
		for name, a := range b.Attributes {
			if policyName(name) {
				emit(prefix+"."+name, value(b, a.Expr, locals))
			}
		}
		// Repeated blocks are numbered in order, as iamtrim addresses them.
		n := 0
		for _, inner := range b.Blocks {
			if inner.Type == "inline_policy" {
				walk(fmt.Sprintf("%s.inline_policy[%d]", prefix, n), inner.Body)
				n++
			}
		}
	}
	for _, b := range body.Blocks {
		// Addresses as Terraform (and iamtrim) write them.
		address := strings.Join(b.Labels, ".")
		if b.Type != "resource" {
			address = b.Type + "." + address
		}
		if b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == "aws_iam_policy_document" {
			emit(address, block(b, locals))
		} else if b.Type == "resource" || b.Type == "module" || b.Type == "data" {
			walk(address, b.Body)
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}
