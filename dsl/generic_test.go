package dsl

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestGenericSlices checks what the idiom slices_functions does not: the
// Session's slices source is compiled again into the interpreter %reset
// makes, and Concat works with its type argument written out, Go's (the
// slice type) or the element type the Session's Concat takes.
// slices_functions and slices_maps_more compare every other function with
// Go's.
func TestGenericSlices(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "xs := slices.Clone([]int{3, 1})")
	mustRun(t, s, "%reset")
	if res, _ := mustRun(t, s, "fs := []float64{2, 1}\nslices.Sort(fs)\nfs"); text(res) != "[1 2]" {
		t.Errorf("slices.Sort after %%reset: %q", text(res))
	}
	checkResults(t, s, []resultCase{
		{"slices.Concat[int]([]int{1}, nil, []int{2, 3})", "[1 2 3]"},
		{"slices.Concat[[]int]([]int{1}, nil, []int{2, 3})", "[1 2 3]"},
		{"slices.Concat([]int{1}, []int{2})", "[1 2]"},
	})
}

// TestStdGenericCalls checks the rewrites of stdgeneric.go that the
// idioms cmp_or, slices_maps_more, sync_once_values and math_rand_v2 do
// not show: a top-level definition from a call of a hidden package's
// function, a package-level var from sync.OnceValue, a package imported
// under another name, and a variable named like a package, which is left
// alone.
func TestStdGenericCalls(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import (\n\tr2 \"math/rand/v2\"\n\tsy \"sync\"\n)")
	checkResults(t, s, []resultCase{
		// Before the top-level definitions below: after one, yaegi
		// reports "variable definition loop" for this var.
		{"var g = sy.OnceValues(func() (int, bool) { return 2, true })\ng()", "(2, true)"},
		{"n := r2.N(int64(5))\nn >= 0 && n < 5", "true"},
		{"f := sy.OnceValue(func() string { return \"v\" })\nf()", "v"},
		{"d := r2.N(3 * time.Second)\nd < 3*time.Second", "true"},
		{"cmp.Or(0.0, 0, 1.5)", "1.5"},
		{"type orer struct{}\nfunc (orer) Or(a, b int) int { return a - b }\ncmp := orer{}\ncmp.Or(5, 2)", "3"},
	})
}

// TestGenericRedefined checks that a generic function declared again in
// a later cell runs its new body for type arguments the old one was
// already instantiated with (yaegi caches instances by name), in the cell
// and in a caller of an earlier cell.
func TestGenericRedefined(t *testing.T) {
	checkResults(t, newSession(t), []resultCase{
		{"func Twice[T any](x T) []T { return []T{x, x} }\nTwice(1)", "[1 1]"},
		{"func twiceAll(xs []int) [][]int {\n\tvar out [][]int\n\tfor _, x := range xs {\n\t\tout = append(out, Twice(x))\n\t}\n\treturn out\n}", ""},
		{"func Twice[T any](x T) []T { return []T{x, x, x} }\nTwice(1)", "[1 1 1]"},
		{"twiceAll([]int{2})", "[[2 2 2]]"},
	})
}

// TestGenericSharedNames checks that a cell's generic function and a
// standard one of the same name do not take each other's instances, in
// either order.
func TestGenericSharedNames(t *testing.T) {
	checkResults(t, newSession(t), []resultCase{
		{`m := map[string]int{"b": 2, "a": 1}` + "\nslices.Sorted(maps.Keys(m))", "[a b]"},
		{"func Keys[K comparable, V any](m map[K]V) []K {\n\tvar out []K\n\tfor k := range m {\n\t\tout = append(out, k)\n\t}\n\treturn out\n}", ""},
		{"len(Keys(m))", "2"},
		{"slices.Sorted(maps.Keys(m))", "[a b]"},
		{"func Max[T int | float64](a, b T) T {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}", ""},
		{"Max(2, 5)", "5"},
		{"slices.Max([]int{4, 9, 1})", "9"},
	})
}

// TestRangeOverOtherFunctions checks loops over the sequences of a
// generic function, whose type arguments the Session could not infer when
// it rewrote such loops from their source (they kept an error).
func TestRangeOverOtherFunctions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func repeat[T any](x T, n int) func(func(T) bool) {\n\treturn func(yield func(T) bool) {\n\t\tfor i := 0; i < n && yield(x); i++ {\n\t\t}\n\t}\n}")
	if _, r := mustRun(t, s, "for v := range repeat(1, 2) {\n\tfmt.Println(v)\n}"); r.out() != "1\n1\n" {
		t.Errorf("the loop over repeat(1, 2) printed %q", r.out())
	}
	mustRun(t, s, "k := 3")
	if _, r := mustRun(t, s, "for v := range repeat(k > 1, 2) {\n\tfmt.Printf(\"%T %v \", v, v)\n}"); r.out() != "bool true bool true " {
		t.Errorf("the loop over repeat(k > 1, 2) printed %q", r.out())
	}
}

// TestRangeOverCellIterators checks what the idiom range_over_func does
// not: errors in a loop's body keep their cell positions, and loops that
// the Session once left to an error (a label, a defer in the body) range.
func TestRangeOverCellIterators(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func Count(n int) iter.Seq[int] {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n}")
	_, _, err := run(t, s, "for v := range Count(2) {\n\tfmt.Println(v + nosuch)\n}")
	cellError(t, err, "compile error", ":2:18: undefined: nosuch")
	_, _, err = run(t, s, "xs := []int{1}\nfor v := range Count(3) {\n\tfmt.Println(xs[v])\n}")
	e := cellError(t, err, "runtime.boundsError", "index out of range")
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, ":3:") {
		t.Errorf("the panic's traceback does not point at line 3:\n%s", tb)
	}
	// A labelled loop, and a body with a defer of its own.
	if _, r := mustRun(t, s, "outer:\nfor v := range Count(3) {\n\tfor w := range Count(3) {\n\t\tif v > 1 {\n\t\t\tbreak outer\n\t\t}\n\t\tfmt.Print(v, w, \" \")\n\t}\n}"); r.out() != "0 0 0 1 0 2 1 0 1 1 1 2 " {
		t.Errorf("the labelled loop printed %q", r.out())
	}
	if _, r := mustRun(t, s, "func f() {\n\tfor v := range Count(3) {\n\t\tdefer fmt.Print(v, \" \")\n\t}\n\tfmt.Print(\"f ends \")\n}\nf()"); r.out() != "f ends 2 1 0 " {
		t.Errorf("the deferred calls in the loop printed %q", r.out())
	}
	// Several chunks: the sequence is a variable of an earlier one.
	res, out := mustRun(t, s, "seq := Count(3)\nvar total int\nfor v := range seq {\n\ttotal += v\n\tfmt.Print(v)\n}\ntotal")
	if text(res) != "3" || out.out() != "012" {
		t.Errorf("loop over a variable: result %q, printed %q", text(res), out.out())
	}
}

// TestInferredTypeArguments checks the calls whose type arguments yaegi
// infers wrongly and the Session writes out (typeargs.go), and that the
// Session leaves alone those it cannot tell.
func TestInferredTypeArguments(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
func NewSet[T comparable](xs ...T) map[T]bool {
	m := map[T]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}
func Larger[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}
func half() float64 { return 0.5 }
xs := []float64{1.5, 2.5}`)
	cases := []resultCase{
		{`Map([]int{1, 2}, func(i int) string { return strconv.Itoa(i * 2) })`, "[2 4]"},
		{`Map(xs, func(x float64) int { return int(x) })`, "[1 2]"},
		{"ys := []string{\"a\"}\nMap(ys, func(s string) []byte { return []byte(s) })", "[[97]]"},
		{`len(NewSet(1, 2, 2))`, "2"},
		{`NewSet("x")`, "map[x:true]"},
		{`NewSet([]int{1, 2}...)`, "map[1:true 2:true]"},
		{`Larger(2, 3.5)`, "3.5"},
		{`Larger(half(), 0)`, "0.5"}, // half()'s type is not read: yaegi infers float64
		{"total := Map([]int{3}, func(i int) int { return i * i })\ntotal", "[9]"},
		{"func twice(xs []int) []int { return Map(xs, func(x int) int { return 2 * x }) }\ntwice([]int{4})", "[8]"},
	}
	checkResults(t, s, cases)
}

// TestGenericTypeAtTopLevel checks that a variable defined at the top
// level from a generic function's result keeps the generic type's
// methods, in later cells too.
func TestGenericTypeAtTopLevel(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Set[T comparable] struct{ m map[T]struct{} }
func NewSet[T comparable](xs ...T) *Set[T] {
	s := &Set[T]{m: map[T]struct{}{}}
	for _, x := range xs {
		s.Add(x)
	}
	return s
}
func (s *Set[T]) Add(x T)      { s.m[x] = struct{}{} }
func (s *Set[T]) Has(x T) bool { _, ok := s.m[x]; return ok }
func (s *Set[T]) Len() int     { return len(s.m) }`)
	mustRun(t, s, "s := NewSet(1, 2, 2)\nw := NewSet[string](\"a\")")
	mustRun(t, s, "s.Add(4)")
	if res, _ := mustRun(t, s, "s.Len(), s.Has(4), w.Has(\"a\")"); text(res) != "(3, true, true)" {
		t.Errorf("methods on the cells' sets: %q, want (3, true, true)", text(res))
	}
}

// TestInterruptRangeOverFunc checks that a loop over an endless sequence,
// which runs as a call of it, still stops at an interrupt.
func TestInterruptRangeOverFunc(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func naturals(yield func(int) bool) {\n\tfor i := 0; yield(i); i++ {\n\t}\n}")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(ctx, "total := 0\nfor n := range naturals {\n\ttotal += n % 3\n}", &recorder{})
		done <- err
	}()
	select {
	case err := <-done:
		cellError(t, err, "interrupt")
	case <-time.After(5 * time.Second):
		t.Fatal("a loop over an endless sequence was not interrupted within 5s")
	}
}

// TestGenericMethodDeclaredLater checks that a method declared in a later
// cell on a generic type is a method of the instances made before it, as
// of those made after, with value and pointer receivers.
func TestGenericMethodDeclaredLater(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Tensor[T any] struct{ Data []T }
t := &Tensor[float32]{Data: []float32{1, 2}}
var b Tensor[int]
b.Data = []int{5}`)
	mustRun(t, s, `func (t *Tensor[T]) Scale(a T) {
	for i := range t.Data {
		t.Data[i] *= a
	}
}
func (t Tensor[T]) First() T { return t.Data[0] }`)
	mustRun(t, s, "t.Scale(2)\nb.Scale(3)")
	if res, _ := mustRun(t, s, "t.Data, t.First(), b.First()"); text(res) != "([2 4], 2, 15)" {
		t.Errorf("methods of earlier instances: %q, want ([2 4], 2, 15)", text(res))
	}
	if res, _ := mustRun(t, s, "u := &Tensor[float64]{Data: []float64{1}}\nu.Scale(0.5)\nu.First()"); text(res) != "0.5" {
		t.Errorf("method of a later instance: %q, want 0.5", text(res))
	}
}
