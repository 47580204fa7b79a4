package interp_test

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// evaluator returns a function that evaluates src in i, failing the test
// on an error, and returns src's value (nil when it has none).
func evaluator(t *testing.T, i *interp.Interpreter) func(src string) any {
	return func(src string) any {
		t.Helper()
		v, err := i.Eval(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !v.IsValid() {
			return nil
		}
		return v.Interface()
	}
}
