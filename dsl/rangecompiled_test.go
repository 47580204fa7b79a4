package dsl

import "testing"

// TestRangeOverCompiledIterators checks loops over the sequences that
// functions of compiled packages return (strings.Lines, Go 1.24): without
// an import, with the package under another name, with a named element
// type, and with blank loop variables.
func TestRangeOverCompiledIterators(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `for l := range strings.Lines("a\nb\n") { fmt.Printf("%q ", l) }`)
	if got := r.out(); got != `"a\n" "b\n" ` {
		t.Errorf("strings.Lines without an import printed %q", got)
	}
	_, r = mustRun(t, s, `import str "strings"
n := 0
for _ = range str.SplitSeq("a,b,c", ",") { n++ }
for range str.FieldsSeq("a b") { n++ }
fmt.Println(n)`)
	if got := r.out(); got != "5\n" {
		t.Errorf("loops over str.SplitSeq and str.FieldsSeq printed %q", got)
	}
	_, r = mustRun(t, s, `import gast "go/ast"
e, _ := parser.ParseExpr("x + y")
func names(e gast.Expr) (out []string) {
	for n := range gast.Preorder(e) {
		if id, ok := n.(*gast.Ident); ok {
			out = append(out, id.Name)
		}
	}
	return out
}
fmt.Println(names(e))`)
	if got := r.out(); got != "[x y]\n" {
		t.Errorf("a loop over gast.Preorder printed %q", got)
	}
}
