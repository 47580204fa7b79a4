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
	eval := evaluator(t, i)
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

// TestGenericTypeInstanceOfForgottenType checks that an instance of a
// generic type made with a type that ForgetType removed (Box[Model]) is
// made again for the type's new definition, while values of the old
// instance keep working; and that ForgetType's restore puts it back.
func TestGenericTypeInstanceOfForgottenType(t *testing.T) {
	i := interp.New(interp.Options{})
	eval := evaluator(t, i)
	eval(`type Box[T any] struct{ V T }
func (b Box[T]) Get() T { return b.V }
type Model struct{ W float64 }
type ModelX struct{ W float64 }
var b = Box[Model]{Model{1}}
var bx = Box[ModelX]{ModelX{2}}`)
	restore := i.ForgetType("Model")
	if restore == nil {
		t.Fatal("ForgetType(Model) = nil")
	}
	eval("type Model struct{ W, B float64 }")
	if got := eval("Box[Model]{Model{2, 3}}.Get().B"); got != 3.0 {
		t.Errorf("an instance of the new Model: Get().B = %v, want 3", got)
	}
	if got := eval("b.Get().W"); got != 1.0 {
		t.Errorf("a value of the old instance: Get().W = %v, want 1", got)
	}
	// Box[ModelX] is not an instance of Model: the same type as before.
	if got := eval("bx = Box[ModelX]{ModelX{5}}; bx.Get().W"); got != 5.0 {
		t.Errorf("Box[ModelX] after Model was forgotten: %v, want 5", got)
	}
}
