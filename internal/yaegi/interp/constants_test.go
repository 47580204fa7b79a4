package interp_test

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestPredeclaredDeclaredAgain checks that a package may declare
// predeclared names again, and that the interpreter still has their
// types for itself: `const int = 15` changed the universe's int into the
// constant, and the compiler then panicked on a nil type.
func TestPredeclaredDeclaredAgain(t *testing.T) {
	i := interp.New(interp.Options{})
	eval := evaluator(t, i)
	eval("const (\n\tint = 15\n\ttrue = 16\n)")
	if got := eval("int + true"); got != 31 {
		t.Errorf("int + true = %v, want 31", got)
	}
	if got := eval(`len("abc")`); got != 3 {
		t.Errorf(`len("abc") = %v, want 3`, got)
	}
	if got, ok := eval("x := 2.5; x > 1").(bool); !ok || !got {
		t.Errorf("x > 1 of an x of 2.5 = %v, want true", got)
	}
	eval("func f() any { n := 2; return n * 3 }")
	if got := eval("f()"); got != 6 {
		t.Errorf("f() = %v, want 6", got)
	}
}
