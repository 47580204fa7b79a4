package interp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestMethodDeclaredAgainReachesCompiledInterfaces checks that a method
// declared again in a later Eval is the one that compiled code calls
// through an interface (fmt.Stringer, error, sort.Interface) holding a
// value given to it before, or converted by a function compiled before;
// and that one declared again with another signature panics saying so
// instead of calling the new one with the old arguments.
func TestMethodDeclaredAgainReachesCompiledInterfaces(t *testing.T) {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	eval := evaluator(t, i)
	eval(`import ("fmt"; "sort")
type R struct{ N int }
func (r R) String() string { return fmt.Sprint("old ", r.N) }
type E struct{ C int }
func (e *E) Error() string { return fmt.Sprint("old ", e.C) }
func check(n int) error { return &E{n} }
type ByN []R
func (b ByN) Len() int { return len(b) }
func (b ByN) Less(i, j int) bool { return b[i].N < b[j].N }
func (b ByN) Swap(i, j int) { b[i], b[j] = b[j], b[i] }
var st fmt.Stringer = R{1}
var err = check(2)
var si sort.Interface = ByN{{1}, {3}, {2}}`)
	if got := eval("fmt.Sprint(st, err)"); got != "old 1 old 2" {
		t.Fatalf("before: %q", got)
	}
	eval(`func (r R) String() string { return fmt.Sprint("new ", r.N) }
func (e *E) Error() string { return fmt.Sprint("new ", e.C) }
func (b ByN) Less(i, j int) bool { return b[i].N > b[j].N }`)
	for src, want := range map[string]string{
		"fmt.Sprint(st)":                      "new 1",
		"fmt.Sprint(err)":                     "new 2",
		"fmt.Sprint(check(3))":                "new 3",
		"sort.Sort(si); fmt.Sprint(si.(ByN))": "[new 3 new 2 new 1]",
		"fmt.Sprint([]fmt.Stringer{R{4}}[0])": "new 4",
	} {
		if got := eval(src); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
	eval(`func (r R) String(x int) string { return "other" }`)
	// fmt recovers the panic of a String method and prints it.
	if got := eval("fmt.Sprint(st)"); !strings.Contains(fmt.Sprint(got), "declared method String again") {
		t.Errorf("a changed signature: %q, want a panic that says String was declared again", got)
	}
}
