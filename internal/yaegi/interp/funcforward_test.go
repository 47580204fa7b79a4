package interp_test

import (
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestFunctionValueFollowsDeclarations checks that a function given to
// compiled code as a value (a callback a compiled package keeps) calls
// the function's latest declaration that compiled: a later Eval declaring
// the function again, or a function it calls (the caller compiled again
// for it, as a notebook Session does), reached direct calls only. One
// declared again with another signature panics saying so.
func TestFunctionValueFollowsDeclarations(t *testing.T) {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	eval := evaluator(t, i)
	eval(`import ("strings"; "fmt")
func helper(r rune) rune { return r + 1 }
func shift(r rune) rune { return helper(r) }
var kept = shift`)
	// kept reaches compiled code (strings.Map) as a wrapper made once.
	if got := eval(`fmt.Sprint(strings.Map(kept, "abc"))`); got != "bcd" {
		t.Fatalf("before: %q", got)
	}
	eval("func helper(r rune) rune { return r + 2 }\nfunc shift(r rune) rune { return helper(r) }")
	if got := eval(`fmt.Sprint(strings.Map(kept, "abc"))`); got != "cde" {
		t.Errorf("after shift and helper were declared again: %q, want cde", got)
	}
	if _, err := i.Eval("func shift(r rune) rune { return undefined(r) }"); err == nil {
		t.Fatal("a shift that does not compile compiled")
	}
	if got := eval(`fmt.Sprint(strings.Map(kept, "abc"))`); got != "cde" {
		t.Errorf("after a shift that did not compile: %q, want the last that did, cde", got)
	}
	eval("func shift(s string) string { return s }")
	_, err := i.Eval(`strings.Map(kept, "abc")`)
	if err == nil || !strings.Contains(err.Error(), "declared function shift again") {
		t.Errorf("after shift changed its signature: %v, want an error that says so", err)
	}
}
