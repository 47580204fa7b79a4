package dsl

import (
	"testing"
)

// TestMinMax covers the min and max builtins, which yaegi lacks: in
// expressions and functions, with constants in any position, NaN, strings
// and cell types, and as top-level definitions.
func TestMinMax(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "a := 2.5\nn := 7\ntype Celsius float64\nc := Celsius(3)\nnan := math.NaN()")
	_, r := mustRun(t, s, `func clamp(x, lo, hi float64) float64 { return max(lo, min(x, hi)) }
fmt.Println(max(3, 7), min(3, 7), max(a, 1.5), max(1.5, a), max(int64(1), 2), max(2.5, 1), min(-1, 2, 9, 3))
fmt.Println(max("a", "b"), max(c, 1), clamp(5, 0, 1), clamp(-3, 0, 1), max(1/2.0, 0.25))
fmt.Println(max(nan, 1), max(1, nan), min(nan, 1), min(1, nan, 0))`)
	if want := "7 3 2.5 2.5 2 2.5 -1\nb 3 1 0 0.5\nNaN NaN NaN NaN\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	// Top-level definitions get their type from the constants or from a
	// variable of an earlier cell.
	mustRun(t, s, "x := max(a, 1)\ny := min(2, n)\nz := max(1.5, 2)\nw := min(\"b\", \"a\")\nk := max(c, 5)\ni := min(3, 4)\nr := max(1, 'a')")
	for code, want := range map[string]string{
		"x + 1": "3.5", "y * 10": "20", "z / 4": "0.5", "w + \"!\"": "a!", "k": "5", "i << 1": "6",
		"fmt.Sprintf(\"%T\", r)": "int32", // a rune, as Go types max(1, 'a')
		"min(4, 3)":              "3",
	} {
		if res, _ := mustRun(t, s, code); text(res) != want {
			t.Errorf("%s = %q, want %q", code, text(res), want)
		}
	}
	// A type the rewrite cannot tell comes from running the call first.
	if res, _ := mustRun(t, s, "u := max(len(\"abc\"), 1)\nu + 1"); text(res) != "4" {
		t.Errorf("u + 1 = %q, want 4", text(res))
	}
	mustRun(t, s, "func Sum[T int | float64](xs []T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}")
	if res, _ := mustRun(t, s, "total := Sum([]float64{1, 2.5})\ntotal * 2"); text(res) != "7" {
		t.Errorf("total * 2 = %q, want 7", text(res))
	}
	// The call runs once; explicit type arguments work too.
	mustRun(t, s, "calls := 0\nfunc Pair[A, B any](a A, b B) []any { calls++; return []any{a, b} }")
	if res, _ := mustRun(t, s, "p := Pair[int, string](1, \"x\")\nfmt.Sprint(len(p), calls)"); text(res) != "2 1" {
		t.Errorf("len(p), calls = %q, want 2 1", text(res))
	}
	mustRun(t, s, "func First[T any](xs []T) T {\n\tvar z T\n\tif len(xs) > 0 {\n\t\tz = xs[0]\n\t}\n\treturn z\n}")
	// (With the type argument told by the source, the variable is
	// declared with the result type first, as typeargs.go does.)
	if res, _ := mustRun(t, s, "e := First([]error{})\ne == nil"); text(res) != "true" {
		t.Errorf("e := First([]error{}): e == nil is %q", text(res))
	}
	// yaegi types the definition from the instance itself (the Session's
	// copy infers T from the argument's type), so a nil result is fine:
	// before, the Session ran the call first and, with nothing to take a
	// type from, said to declare e first.
	mustRun(t, s, "func noErrors() []error { return nil }")
	if res, _ := mustRun(t, s, "e2 := First(noErrors())\ne2 == nil"); text(res) != "true" {
		t.Errorf("e2 := First(noErrors()): e2 == nil is %q", text(res))
	}
	// A cell's own max wins.
	if res, _ := mustRun(t, s, "func max(a, b int) int { return a * b }\nmax(3, 4)"); text(res) != "12" {
		t.Errorf("a cell's max gives %q, want 12", text(res))
	}
}

// TestMinMaxLeaveNameT checks that min and max, declared in every session,
// do not take the name T from the cells: yaegi leaves a generic function's
// type parameters in the package scope, so with min[T] a cell's `type T
// int` stayed that type parameter (`T(3)`: "too many arguments in call to
// T"), and after a cell's `type T struct{...}` max(3, 4) failed with
// "undefined type for T".
func TestMinMaxLeaveNameT(t *testing.T) {
	s := newSession(t)
	if res, _ := mustRun(t, s, "type T int\nT(3) + 1"); text(res) != "4" {
		t.Errorf("T(3) + 1 = %q, want 4", text(res))
	}
	s = newSession(t)
	mustRun(t, s, "type T struct{ B string }")
	if res, _ := mustRun(t, s, "max(3, 4), min(2.5, 1.0), T{\"x\"}"); text(res) != "(4, 1, {B:x})" {
		t.Errorf("max, min, T = %q, want (4, 1, {B:x})", text(res))
	}
}
