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
		for _, inner := range b.Blocks {
			if inner.Type == "inline_policy" {
				walk(prefix+".inline_policy", inner.Body)
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
