package interp_test

// petridish: this file is not yaegi's.

import (
	"fmt"
	"strings"
	"testing"
)

// TestClosuresAreGarbage makes a closure at each step of a loop, in the
// ways a notebook's training loop does, and checks that the live heap
// after runtime.GC does not grow with the steps: in Go each closure is
// garbage once its step is done. yaegi's closure kept a copy of all the
// values of the frame it was made in, among them the variable or the
// temporary that held the closure of the step before, so every closure
// of the loop stayed alive (about 0.9 KB each, 0.9 GB for 10^6 steps).
func TestClosuresAreGarbage(t *testing.T) {
	const steps = 100000
	for _, tc := range []struct{ name, step string }{
		{"a closure in a variable", `f := func(x int) int { return x + i }
		s += f(1)`},
		{"a closure passed to a function", `s += apply(func(x int) int { return x + i }, 1)`},
		{"a closure calling a closure", `g := func(x int) int { return x * 2 }
		f := func(x int) int { return g(x) + i }
		s += f(1)`},
		{"a closure made in a closure", `mk := func(j int) func() int { return func() int { return j } }
		s += mk(i)()`},
		{"a deferred closure", `s += deferring(i)`},
		{"a closure given to compiled code", `xs := []int{3, i, 1}
		sort.Slice(xs, func(a, b int) bool { return xs[a] < xs[b] })
		s += xs[0]`},
		{"a closure run by a goroutine", `done := make(chan int)
		go func() { done <- i }()
		s += <-done`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `
import (
	"runtime"
	"sort"
)

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func apply(f func(int) int, x int) int { return f(x) }

func deferring(i int) (r int) {
	defer func() { r = i }()
	return 0
}

func main() {
	const n = STEPS
	s := 0
	var before uint64
	for i := 0; i < n; i++ {
		STEP
		if i == n/10 {
			before = heap()
		}
	}
	after := heap()
	fmt.Println(s > 0, int64(after)-int64(before))
}`
			src = strings.NewReplacer("STEPS", fmt.Sprint(steps), "STEP", tc.step).Replace(src)
			out := runProgram(t, src)
			var ok bool
			var grown int64
			if _, err := fmt.Sscan(out, &ok, &grown); err != nil || !ok {
				t.Fatalf("printed %q", out)
			}
			// 90000 steps: a closure kept per step is over 10 MB.
			if grown > 4<<20 {
				t.Errorf("the live heap grew by %.1f MB over %d steps of a loop making a closure each (%.0f bytes a step)",
					float64(grown)/(1<<20), steps*9/10, float64(grown)/(steps*9/10))
			}
		})
	}
}
