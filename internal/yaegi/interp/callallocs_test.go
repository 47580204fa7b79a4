package interp_test

// petridish: this file is not yaegi's.

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestCallAllocations bounds the heap allocations of a call of an
// interpreted function with an int argument: its frame with its values
// (one allocation), and its int local. yaegi made four: the frame, its
// values, the local, and a copy of the argument that it made only to ask
// whether the argument was a method value.
func TestCallAllocations(t *testing.T) {
	i := interp.New(interp.Options{})
	for _, src := range []string{
		`func inc(x int) int { return x + 1 }`,
		`func loop(n int) int { s := 0; for j := 0; j < n; j++ { s = inc(s) }; return s }`,
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
}
