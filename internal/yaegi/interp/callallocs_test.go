package interp_test

// petridish: this file is not yaegi's.

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestCallAllocations bounds the heap allocations of a call of an
// interpreted function with an int argument: its frame with its values
// (one allocation), and its variables and temporaries (one more). yaegi
// made four for inc (the frame, its values, its local, and a copy of the
// argument that it made only to ask whether the argument was a method
// value), and nine for fib (seven locals and temporaries). A closure's
// values are one allocation too.
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
	// A closure is called through reflect (Value.Call of the func that
	// wraps it), which makes most of these; its values are one of them
	// (yaegi: four, for x, y and two temporaries).
	if perCall > 9.05 {
		t.Errorf("%.2f allocations per call of a closure, want at most 9", perCall)
	}
}
