package fakecuda_test

import (
	"fmt"
	"strings"

	"github.com/petridish-go/petridish/accel/fakecuda"
)

// A parent test builds the fakes and runs child tests against them:
//
//	func TestOnFakeCUDA(t *testing.T) {
//		dir := fakecuda.BuildForTest(t) // skips without cgo or a C++ compiler
//		out, err := fakecuda.RunTests(dir, "^TestGPU")
//		...
//	}
//
// The child process sees the environment Env makes: the fakes alone on the
// loader path, and the extra settings last.
func Example() {
	env, err := fakecuda.Env("/tmp/fakes", "PETRI_DEVICE=cuda")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "LD_LIBRARY_PATH=") || strings.HasPrefix(kv, "PETRI_DEVICE=") || strings.HasPrefix(kv, "FAKECUDA_DIR=") {
			fmt.Println(kv)
		}
	}
	// Output:
	// LD_LIBRARY_PATH=/tmp/fakes
	// FAKECUDA_DIR=/tmp/fakes
	// PETRI_DEVICE=cuda
}
