package interp_test

// petridish: this file is not yaegi's.

import (
	"fmt"
	"math"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestCallAllocations bounds the heap allocations of a call of an
// interpreted function with an int argument: its frame with its values
// and their storage, its variables and temporaries (one allocation,
// newFrameFor; two before it). yaegi made four for inc (the frame, its
// values, its local, and a copy of the argument that it made only to ask
// whether the argument was a method value), and nine for fib (seven
// locals and temporaries). A closure's frame is one allocation too, and
// it is called without reflect.
func TestCallAllocations(t *testing.T) {
	eval := evaluator(t, interp.New(interp.Options{}))
	for _, src := range []string{
		`func inc(x int) int { return x + 1 }`,
		`func loop(n int) int { s := 0; for j := 0; j < n; j++ { s = inc(s) }; return s }`,
		`func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }`,
		`func apply(x int) int { f := func(y int) int { return y + x }; return f(1) }`,
		`func applyLoop(n int) int { s := 0; for j := 0; j < n; j++ { s += apply(j) }; return s }`,
		`func closureLoop(n int) int { sq := func(x int) int { y := x * x; return y % 7 }; s := 0; for j := 0; j < n; j++ { s += sq(j) }; return s }`,
		`func defineLoop(n int) int { s := 0; for j := 0; j < n; j++ { y := j * 2; s += y }; return s }`,
	} {
		eval(src)
	}
	closureSum := 0
	for j := range 1000 {
		closureSum += j * j % 7
	}
	for _, c := range []struct {
		fn        string
		arg, want int
		calls     float64 // the interpreted calls one run of fn makes
		most      float64 // allocations per call
		what      string
	}{
		{"loop", 1000, 1000, 1000, 1, "call of inc"},
		{"fib", 20, 6765, 21891, 1, "call of fib"},
		// Interpreted code calls a closure's body directly (closureBody):
		// the arguments' slice and the frame with its values. y's
		// definition sets its storage in place, as nothing can hold the
		// previous one (needsFreshStorage); it made new storage, one
		// allocation more. It made one more still, a closure of the func
		// to call through reflect, made before it was known not to be
		// needed. yaegi made twelve: reflect.Value.Call's copies of the
		// argument and the result, and four values.
		{"closureLoop", 1000, closureSum, 1000, 2, "call of a closure"},
		// A definition in a loop of a variable that no closure uses and
		// whose address is not taken makes no allocation (one before).
		{"defineLoop", 1000, 999000, 1000, 0, "iteration defining a variable"},
		// Making a closure costs what it did before closures were called
		// directly: nothing is recorded about it. A call of apply: its
		// frame with its values (1), x's storage (the closure uses it, so
		// that keeping the closure does not keep the frame: 1), the
		// closure's frame with its values (a clone, 1; it was 2), its func
		// (reflect.MakeFunc, 3), and its call (3).
		{"applyLoop", 1000, 500500, 1000, 9, "call of a function that makes and calls a closure"},
	} {
		f := eval(c.fn).(func(int) int)
		perCall := testing.AllocsPerRun(5, func() {
			if got := f(c.arg); got != c.want {
				t.Fatalf("%s(%d) = %d, want %d", c.fn, c.arg, got, c.want)
			}
		}) / c.calls
		if perCall > c.most+0.05 {
			t.Errorf("%.2f allocations per %s, want at most %g", perCall, c.what, c.most)
		}
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
	eval := evaluator(t, i)
	eval(src)
	got := eval("run()").(string)
	want := "21.5C\nint:3 string:x <nil>:<nil> main.celsius:1.0C\n3 2\n0 even 1 odd 2 even 3 odd \n[1 2 3] true\n0 3 6\n3628800\n0 1 4 \n3.5C 3.5C\n"
	if got != want {
		t.Errorf("got\n%s\nwant (compiled Go)\n%s", got, want)
	}
}

// TestFloatCalls checks the direct calls of compiled float64 functions
// (floatCallExec) against compiled Go: in expressions, in a return, with a
// named float type (converted), into an interface, as a value in a
// variable, and that they allocate nothing.
func TestFloatCalls(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	src := `
import (
	"fmt"
	"math"
)

type celsius float64

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func tanh(x float64) float64 { return math.Tanh(x) }

func run() string {
	c := celsius(2.25)
	var boxed any = math.Sqrt(2)
	f := math.Pow
	g := func(x float64) float64 { return x * 2 }
	h := math.Cbrt
	return fmt.Sprint(sigmoid(0.5), tanh(-1), math.Pow(2, 0.5), math.Max(-1, math.Min(3, 2)),
		math.Sqrt(float64(c)), boxed, f(3, 2), g(1.5), h(27), math.Hypot(3, 4), math.Atan2(1, -1))
}

func loop(n int) float64 {
	s := 0.0
	for k := 0; k < n; k++ {
		s += math.Exp(-float64(k)) + math.Max(s, 1)
	}
	return s
}`
	eval := evaluator(t, i)
	eval(src)
	got := eval("run()").(string)
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	want := fmt.Sprint(sigmoid(0.5), math.Tanh(-1), math.Pow(2, 0.5), math.Max(-1, math.Min(3, 2)),
		math.Sqrt(2.25), any(math.Sqrt(2)), math.Pow(3, 2), 3.0, math.Cbrt(27), math.Hypot(3, 4), math.Atan2(1, -1))
	if got != want {
		t.Errorf("got  %s\nwant %s (compiled Go)", got, want)
	}
	loop := eval("loop").(func(int) float64)
	wantLoop := 0.0
	for k := range 100 {
		wantLoop += math.Exp(-float64(k)) + math.Max(wantLoop, 1)
	}
	if got := loop(100); got != wantLoop {
		t.Errorf("loop(100) = %v, want %v", got, wantLoop)
	}
	if allocs := testing.AllocsPerRun(10, func() { loop(1000) }) / 1000; allocs > 0.05 {
		t.Errorf("%.2f allocations per iteration of math.Exp and math.Max, want none", allocs)
	}
}

// TestNumberConversions checks conversions between number kinds
// (setConvertedNumber) against compiled Go: truncation to smaller
// integers, wrapping between signed and unsigned, floats to integers,
// rounding to float32, named types; and that float64(i) allocates nothing.
func TestNumberConversions(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	src := `
import "fmt"

type celsius float64
type small int8

func run() string {
	i, n, u, big := 300, -7, uint(1<<63+5), int64(1<<62+1)
	x, y := -2.75, 1e10
	var f32 float32 = 0.1
	return fmt.Sprint(int8(i), uint8(i), uint16(n), int32(u), uint64(n), small(i),
		int(x), int64(y), uint8(-x), float32(big), float64(f32), float32(x),
		celsius(i), int(celsius(x)), float64(u), uintptr(i), float64(small(n)))
}

func loop(n int) float64 {
	s := 0.0
	for k := 0; k < n; k++ {
		s += float64(k) / float64(int32(k)+1)
	}
	return s
}`
	eval := evaluator(t, i)
	eval(src)
	got := eval("run()").(string)
	type celsius float64
	type small int8
	ci, cn, cu, cbig := 300, -7, uint(1<<63+5), int64(1<<62+1)
	cx, cy := -2.75, 1e10
	var cf32 float32 = 0.1
	want := fmt.Sprint(int8(ci), uint8(ci), uint16(cn), int32(cu), uint64(cn), small(ci),
		int(cx), int64(cy), uint8(-cx), float32(cbig), float64(cf32), float32(cx),
		celsius(ci), int(celsius(cx)), float64(cu), uintptr(ci), float64(small(cn)))
	if got != want {
		t.Errorf("got  %s\nwant %s (compiled Go)", got, want)
	}
	loop := eval("loop").(func(int) float64)
	if allocs := testing.AllocsPerRun(10, func() { loop(1000) }) / 1000; allocs > 0.05 {
		t.Errorf("%.2f allocations per iteration of float64(k), want none", allocs)
	}
}
