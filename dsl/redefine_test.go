package dsl

import (
	"context"
	"strings"
	"testing"
)

// TestRedefinedFunctionReachesClosures checks that a function literal of
// an earlier cell that calls a function by name runs the definition of a
// later cell, as a global name looked up at the call does in Python:
// literals kept in a variable, a struct field and a map, one running in a
// goroutine started before the redefinition, a method value, and one
// given to compiled code (sync.OnceValue) that calls it later. A function
// value taken directly (`direct := loss`) follows the declarations too. A
// literal compiled for a signature that a later definition changed fails
// when it calls it, saying why, in a goroutine too, and the Session goes
// on.
func TestRedefinedFunctionReachesClosures(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func loss(x float64) float64 { return x * x }
obj := func(x float64) float64 { return loss(x) + 1 }
type Model struct{ F func(float64) float64 }
model := Model{F: func(x float64) float64 { return loss(x) }}
fs := map[string]func(float64) float64{"l": func(x float64) float64 { return loss(x) }}
type T struct{}
func (T) L(x float64) float64 { return loss(x) }
mv := T{}.L
once := sync.OnceValue[float64](func() float64 { return loss(2) })
direct := loss
start, done := make(chan bool), make(chan float64)
go func() {
	<-start
	done <- loss(2)
}()`)
	if res, _ := mustRun(t, s, "obj(2), model.F(2), direct(2)"); text(res) != "(5, 4, 4)" {
		t.Fatalf("before: %s", text(res))
	}
	if _, r := mustRun(t, s, "func loss(x float64) float64 { return x * x * x }"); r.errText() != "" {
		t.Errorf("redefining loss printed %q", r.errText())
	}
	res, _ := mustRun(t, s, "close(start)\nobj(2), model.F(2), fs[\"l\"](2), <-done, mv(2), once(), direct(2)")
	if want := "(9, 8, 8, 8, 8, 8, 8)"; text(res) != want {
		t.Errorf("after redefining loss: %s, want %s", text(res), want)
	}

	// A changed signature: the literals were compiled for the old one.
	mustRun(t, s, `start2, done2 := make(chan bool), make(chan bool)
go func() {
	defer close(done2)
	<-start2
	loss(2)
}()`)
	mustRun(t, s, "func loss(x, y float64) float64 { return x * y }")
	_, _, err := run(t, s, "obj(2)")
	cellError(t, err, "panic", "loss was redefined as func(float64, float64) float64, but this call was compiled for func(float64) float64")
	_, _, err = run(t, s, "model.F(2)")
	cellError(t, err, "panic", "loss was redefined as func(float64, float64) float64")
	_, r := mustRun(t, s, "close(start2)\n<-done2")
	// The goroutine's panic is reported after its deferred calls ran (one
	// closes done2), so maybe after the cell returned: on the cell's
	// output, where late output goes.
	want := "panic in a goroutine: loss was redefined as func(float64, float64) float64"
	if got := r.waitErrText(want); !strings.Contains(got, want) {
		t.Errorf("stderr %q; want the goroutine's panic", got)
	}
	// A definition with the first signature fits them again.
	mustRun(t, s, "func loss(x float64) float64 { return -x }")
	if res, _ := mustRun(t, s, "obj(2), model.F(2)"); text(res) != "(-1, -2)" {
		t.Errorf("after loss got its first signature back: %s, want (-1, -2)", text(res))
	}
}

// BenchmarkSessionCalls measures calls of cell functions by name, which
// follow the function's current definition: fib(20) (21,891 recursive
// calls), and a loop of 100,000 calls from a closure made before the
// function was defined again (the same, so that the figures compare with
// a build where the closure calls the first definition).
func BenchmarkSessionCalls(b *testing.B) {
	s := newSession(b)
	ctx := context.Background()
	for _, cell := range []string{
		"func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}",
		"func inc(x int) int { return x + 1 }",
		"loop := func(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts = inc(s)\n\t}\n\treturn s\n}",
		"func inc(x int) int { return x + 1 }",
	} {
		if _, err := s.Execute(ctx, cell, DiscardOutput{}); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct{ name, cell, want string }{
		{"fib", "fib(20)", "6765"},
		{"closure", "loop(100000)", "100000"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				res, err := s.Execute(ctx, bc.cell, DiscardOutput{})
				if err != nil || text(res) != bc.want {
					b.Fatalf("%s: %s, %v", bc.cell, text(res), err)
				}
			}
		})
	}
}
