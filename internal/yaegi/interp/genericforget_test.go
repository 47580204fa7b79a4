package interp_test

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestGenericInstanceOfForgottenType checks that a generic function
// called with a type that ForgetType removed and a later Eval declared
// again gets an instance for the new definition: the one made for the
// old was reused, and the call panicked in reflect.Set.
func TestGenericInstanceOfForgottenType(t *testing.T) {
	i := interp.New(interp.Options{})
	eval := func(src string) any {
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
	eval(`func Fold[T, A any](xs []T, a A, f func(A, T) A) A { for _, x := range xs { a = f(a, x) }; return a }
type S struct{ X, W float64 }
func total(ss []S) float64 { return Fold(ss, 0.0, func(a float64, s S) float64 { return a + s.X*s.W }) }`)
	if got := eval("total([]S{{2, 3}})"); got != 6.0 {
		t.Fatalf("before: total = %v, want 6", got)
	}
	if i.ForgetType("S") == nil {
		t.Fatal("ForgetType(S) = nil")
	}
	eval(`type S struct{ X float64 }
func total(ss []S) float64 { return Fold(ss, 0.0, func(a float64, s S) float64 { return a + s.X }) }`)
	if got := eval("total([]S{{2}, {5}})"); got != 7.0 {
		t.Errorf("after S was declared again: total = %v, want 7", got)
	}
}
