package interp_test

// petridish: this file is not yaegi's.

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestCallAllocations bounds the heap allocations of a call of an
// interpreted function with an int argument: its frame with its values
// (one allocation), and its variables and temporaries (one more). yaegi
// made four for inc (the frame, its values, its local, and a copy of the
// argument that it made only to ask whether the argument was a method
// value), and nine for fib (seven locals and temporaries). A closure's
// values are one allocation too, and it is called without reflect.
func TestCallAllocations(t *testing.T) {
	i := interp.New(interp.Options{})
	for _, src := range []string{
		`func inc(x int) int { return x + 1 }`,
		`func loop(n int) int { s := 0; for j := 0; j < n; j++ { s = inc(s) }; return s }`,
		`func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }`,
		`func closureLoop(n int) int { sq := func(x int) int { y := x * x; return y % 7 }; s := 0; for j := 0; j < n; j++ { s += sq(j) }; return s }`,
	} {
		if _, err := i.Eval(src); err != nil {
			t.Fatal(err)
		}
	}
	v, err := i.Eval("loop")
	if err != nil {
		t.Fatal(err)
	}
	loop := v.Interface().(func(int) int)
	const calls = 1000
	perCall := testing.AllocsPerRun(20, func() {
		if loop(calls) != calls {
			t.Fatal("loop miscounted")
		}
	}) / calls
	if perCall > 2.05 {
		t.Errorf("%.2f allocations per call of inc, want at most 2", perCall)
	}
	v, err = i.Eval("fib")
	if err != nil {
		t.Fatal(err)
	}
	fib := v.Interface().(func(int) int)
	const fibCalls = 21891 // the calls fib(20) makes
	perCall = testing.AllocsPerRun(5, func() {
		if fib(20) != 6765 {
			t.Fatal("fib(20) != 6765")
		}
	}) / fibCalls
	if perCall > 2.05 {
		t.Errorf("%.2f allocations per call of fib, want at most 2", perCall)
	}
	v, err = i.Eval("closureLoop")
	if err != nil {
		t.Fatal(err)
	}
	closureLoop := v.Interface().(func(int) int)
	perCall = testing.AllocsPerRun(20, func() { closureLoop(calls) }) / calls
	// Interpreted code calls a closure's body directly (closureBody):
	// the arguments' slice, the frame, the values, and two more. yaegi
	// made twelve: reflect.Value.Call's copies of the argument and the
	// result, and four values.
	if perCall > 5.05 {
		t.Errorf("%.2f allocations per call of a closure, want at most 5", perCall)
	}
}

// TestClosureCallsDirect checks what interpreted code sees when it calls a
// closure's body directly (closureBody) rather than through reflect: the
// arguments made into the parameters' types (an interface from a
// concrete value, a named type's value), several results, a bool result
// in a condition, a closure passed to compiled code and back, a variadic
// closure (called through reflect), recursion, and closures of a loop,
// each with its own variable.
func TestClosureCallsDirect(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	src := `
import (
	"fmt"
	"sort"
	"strings"
)

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

func run() string {
	var b strings.Builder
	show := func(s fmt.Stringer) { fmt.Fprintln(&b, s.String()) }
	show(celsius(21.5))
	describe := func(v any) string { return fmt.Sprintf("%T:%v", v, v) }
	fmt.Fprintln(&b, describe(3), describe("x"), describe(nil), describe(celsius(1)))
	divmod := func(a, b int) (int, int) { return a / b, a % b }
	q, r := divmod(17, 5)
	fmt.Fprintln(&b, q, r)
	even := func(n int) bool { return n%2 == 0 }
	for n := 0; n < 4; n++ {
		if even(n) {
			fmt.Fprint(&b, n, " even ")
		} else {
			fmt.Fprint(&b, n, " odd ")
		}
	}
	fmt.Fprintln(&b)
	xs := []int{3, 1, 2}
	less := func(i, j int) bool { return xs[i] < xs[j] }
	sort.Slice(xs, less)
	fmt.Fprintln(&b, xs, less(0, 1))
	sum := func(ns ...int) int { t := 0; for _, n := range ns { t += n }; return t }
	fmt.Fprintln(&b, sum(), sum(1, 2), sum(xs...))
	var fact func(n int) int
	fact = func(n int) int { if n < 2 { return 1 }; return n * fact(n-1) }
	fmt.Fprintln(&b, fact(10))
	var fs []func() int
	for k := 0; k < 3; k++ {
		k := k // the bare interpreter's loops share k (the Session rewrites them)
		fs = append(fs, func() int { return k * k })
	}
	for _, f := range fs {
		fmt.Fprint(&b, f(), " ")
	}
	fmt.Fprintln(&b)
	c := celsius(0)
	warm := func(d celsius) celsius { c += d; return c }
	warm(1.5)
	fmt.Fprintln(&b, warm(celsius(2)), c)
	return b.String()
}`
	if _, err := i.Eval(src); err != nil {
		t.Fatal(err)
	}
	v, err := i.Eval("run()")
	if err != nil {
		t.Fatal(err)
	}
	want := "21.5C\nint:3 string:x <nil>:<nil> main.celsius:1.0C\n3 2\n0 even 1 odd 2 even 3 odd \n[1 2 3] true\n0 3 6\n3628800\n0 1 4 \n3.5C 3.5C\n"
	if got := v.String(); got != want {
		t.Errorf("got\n%s\nwant (compiled Go)\n%s", got, want)
	}
}
