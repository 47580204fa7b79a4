package dsl

import "testing"

// TestGenericSlices checks what the idiom slices_functions does not: the
// Session's slices source is compiled again into the interpreter %reset
// makes, Concat works with its type argument written out, and without it
// the error says to write it (the interpreter cannot infer it from a
// variadic list of slices). slices_functions compares every other
// function with Go's.
func TestGenericSlices(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "xs := slices.Clone([]int{3, 1})")
	mustRun(t, s, "%reset")
	if res, _ := mustRun(t, s, "fs := []float64{2, 1}\nslices.Sort(fs)\nfs"); text(res) != "[1 2]" {
		t.Errorf("slices.Sort after %%reset: %q", text(res))
	}
	if res, _ := mustRun(t, s, "slices.Concat[int]([]int{1}, nil, []int{2, 3})"); text(res) != "[1 2 3]" {
		t.Errorf("slices.Concat[int]: %q", text(res))
	}
	_, _, err := run(t, s, "slices.Concat([]int{1}, []int{2})")
	cellError(t, err, "compile error", "write them out, slices.Concat[T1, T2, ...](...)")
}
