//go:build !go1.26 || go1.27

package dsl

import (
	"fmt"
	"os"
	"runtime"
	"testing"
)

// testMain is testmain_go126.go's for other Go releases, whose testing
// package may want other things of go test's main: it says so, and
// fails.
func testMain([]testing.InternalTest, []testing.InternalBenchmark, []testing.InternalExample) int {
	fmt.Fprintf(os.Stdout, "%%test runs with petridish built by Go 1.26; this one was built by %s: rebuild it with Go 1.26, or run the tests with go test\n", runtime.Version())
	return 1
}
