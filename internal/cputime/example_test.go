package cputime_test

import (
	"fmt"
	"runtime"

	"github.com/petridish-go/petridish/internal/cputime"
)

// Thread measures the CPU time of work done on the calling thread.
func ExampleThread() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, ok := cputime.Thread()
	s := 0.0
	for i := range 1_000_000 {
		s += float64(i)
	}
	after, _ := cputime.Thread()
	fmt.Println(s > 0, !ok || after >= before)
	// Output: true true
}
