package interp_test

import (
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
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

// TestConstantFromCall checks that a constant declared from a call that
// gives no constant is refused with Go's error; it was the zero value.
func TestConstantFromCall(t *testing.T) {
	for _, src := range []string{
		"func three() int { return 3 }\nconst x = three()",
		"func g() { const y = three() }",
		"import \"strings\"\nconst z = strings.ToUpper(\"a\")",
	} {
		i := interp.New(interp.Options{})
		i.Use(stdlib.Symbols)
		if _, err := i.Eval("func three() int { return 3 }"); err != nil {
			t.Fatal(err)
		}
		_, err := i.Eval(src)
		if err == nil || !strings.Contains(err.Error(), "is not constant") {
			t.Errorf("%s: error %v, want one saying it is not constant", src, err)
		}
	}
}

// TestTypedConstantOverflow checks that an operation of typed integer
// constants whose exact value does not fit its type is refused, as Go
// refuses it; it wrapped around (`b + 1` of a const b byte = 255 was 0).
func TestTypedConstantOverflow(t *testing.T) {
	for _, src := range []string{
		"const b byte = 255\nvar v = b + 1",
		"var v = uint8(200) << 1",
		"var v = uint(0) - 1",
		"func f() int8 { return int8(-128) / -1 }",
		"const x uint8 = 200\nfunc g() uint8 { return x * 2 }",
	} {
		i := interp.New(interp.Options{})
		_, err := i.Eval(src)
		if err == nil || !strings.Contains(err.Error(), "overflows") {
			t.Errorf("%s: error %v, want one saying it overflows", src, err)
		}
	}
	i := interp.New(interp.Options{})
	eval := evaluator(t, i)
	eval("const b byte = 254")
	if got := eval("b + 1"); got != byte(255) {
		t.Errorf("b + 1 = %v, want 255", got)
	}
}
