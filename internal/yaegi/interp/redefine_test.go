package interp_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestRedefinedFunctionReachesClosures checks that a call by name of a
// package-level function, in a function literal or a function of an
// earlier evaluation, runs the definition of a later evaluation: yaegi
// bound it to the declaration it named when the caller was compiled. A
// call compiled for another signature panics saying so (with the
// parameters of the old one, it read the frame of the new one wrongly),
// and a declaration that does not compile leaves the one before it.
func TestRedefinedFunctionReachesClosures(t *testing.T) {
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out, Stderr: &bytes.Buffer{}})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	must := func(src string) string {
		t.Helper()
		out.Reset()
		if _, err := i.Eval(src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		return strings.ReplaceAll(strings.TrimSpace(out.String()), "\n", " ")
	}
	must(`import "fmt"`)
	must(`func loss(x int) int { return x * x }`)
	must(`func twice(x int) int { return 2 * loss(x) }`)
	must(`obj := func(x int) int { return loss(x) + 1 }`)
	must(`deferred := func() { defer loss(0); defer func() { fmt.Println("deferred", loss(3)) }() }`)
	must(`spawn := func(done chan int) { go func() { done <- loss(4) }() }`)
	must(`direct := loss`)
	if got := must(`fmt.Println(obj(2), twice(2), direct(2))`); got != "5 8 4" {
		t.Fatalf("before: %q", got)
	}
	must(`func loss(x int) int { return x * x * x }`)
	if got := must(`done := make(chan int); spawn(done); deferred(); fmt.Println(obj(2), twice(2), <-done, direct(2))`); got != "deferred 27 9 16 64 8" {
		t.Errorf("after redefining loss: %q, want %q", got, "deferred 27 9 16 64 8")
	}
	// A declaration that does not compile changes nothing.
	if _, err := i.Eval(`func loss(x int) int { return nosuch }`); err == nil {
		t.Fatal("no compile error")
	}
	must(`func loss(x int) int { return x * x * x }`) // as the Session restores it
	if got := must(`fmt.Println(obj(2))`); got != "9" {
		t.Errorf("after a declaration that failed: %q, want 9", got)
	}
	// Another signature: the calls compiled for the old one panic.
	must(`func loss(x, y int) int { return x * y }`)
	for _, src := range []string{`obj(2)`, `twice(2)`, `deferred()`} {
		_, err := i.Eval(src)
		if want := "loss was redefined as func(int, int) int, but this call was compiled for func(int) int"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", src, err, want)
		}
	}
	// So do calls of a variadic function whose parameter changed.
	must(`func sum(xs ...int) int { n := 0; for _, x := range xs { n += x }; return n }`)
	must(`total := func() int { return sum(1, 2) }`)
	must(`func sum(xs ...float64) int { return len(xs) }`)
	if _, err := i.Eval(`total()`); err == nil || !strings.Contains(err.Error(), "sum was redefined as func(...float64) int, but this call was compiled for func(...int) int") {
		t.Errorf("total() after sum changed its parameter: %v", err)
	}
	must(`func sum(xs ...int) int { return -len(xs) }`)
	if got := must(`fmt.Println(total())`); got != "-2" {
		t.Errorf("total() = %q with the first signature back, want -2", got)
	}
}

// BenchmarkRedefinedCalls measures calls by name of package-level
// functions, which follow the current definition: fib(20) (21,891
// recursive calls), and 10,000 calls from a closure made before its
// callee was declared again (the same, so that the figures compare with
// a build where the closure calls the first declaration).
func BenchmarkRedefinedCalls(b *testing.B) {
	i := interp.New(interp.Options{})
	for _, src := range []string{
		`func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }`,
		`func inc(x int) int { return x + 1 }`,
		`loop := func(n int) int { s := 0; for j := 0; j < n; j++ { s = inc(s) }; return s }`,
		`func inc(x int) int { return x + 1 }`,
	} {
		if _, err := i.Eval(src); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		arg  int
		want int
	}{{"fib", 20, 6765}, {"loop", 10000, 10000}} {
		v, err := i.Eval(bc.name)
		if err != nil {
			b.Fatal(err)
		}
		f := v.Interface().(func(int) int)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if got := f(bc.arg); got != bc.want {
					b.Fatalf("%s(%d) = %d", bc.name, bc.arg, got)
				}
			}
		})
	}
}
