package interp_test

import (
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestRedeclaring checks the two changes for a notebook's later cells: a
// method declared again replaces the old one, for values made before
// too, and a type that ForgetType removed is declared anew by the next
// Eval, while one that ForgetType put back is the old one again.
func TestRedeclaring(t *testing.T) {
	i := interp.New(interp.Options{})
	eval := evaluator(t, i)
	eval("type M struct{ W int }\nfunc (m M) Get() int { return m.W }\nvar old = M{W: 5}")
	eval("func (m M) Get() int { return m.W * 10 }")
	if got := eval("old.Get()"); got != 50 {
		t.Errorf("method declared again: old.Get() = %v, want 50", got)
	}
	restore := i.ForgetType("M")
	if restore == nil {
		t.Fatal("ForgetType(M) = nil")
	}
	eval("type M struct{ B, W int }\nfunc (m M) Get() int { return m.B + m.W }")
	if got := eval("M{B: 1, W: 2}.Get()"); got != 3 {
		t.Errorf("new M: Get() = %v, want 3", got)
	}
	if got := eval("old.Get()"); got != 50 {
		t.Errorf("a value of the old M: Get() = %v, want 50", got)
	}
	// The two Ms are different types: the compiler says so (a call
	// panicked in reflect.Set).
	eval("func use(m *M) int { return m.Get() }")
	if _, err := i.Eval("use(&old)"); err == nil || !strings.Contains(err.Error(), "as *M value in argument to use") {
		t.Errorf("use(&old) of the old M: %v, want a compile error", err)
	}
	restore = i.ForgetType("M")
	if _, err := i.Eval("type M struct{ X nosuch }"); err == nil {
		t.Fatal("a type of an undefined type compiled")
	}
	restore()
	if got := eval("M{B: 2, W: 2}.Get()"); got != 4 {
		t.Errorf("M put back: Get() = %v, want 4", got)
	}
	if i.ForgetType("nosuch") != nil || i.ForgetType("old") != nil {
		t.Error("ForgetType of a name that is not a type returned a restore function")
	}
}
