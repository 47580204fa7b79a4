package interp

import "testing"

// TestTypeOfBuiltTypeDoesNotAllocate checks that asking again for the
// reflect type of a type already built allocates nothing: a call of an
// interpreted function from compiled code asks for its arguments' types
// at each call.
func TestTypeOfBuiltTypeDoesNotAllocate(t *testing.T) {
	i := New(Options{})
	if _, err := i.Eval(`type Pair struct{ A, B float64 }
type Fn func(p Pair, s []int) (Pair, error)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Pair", "Fn"} {
		sym := i.scopes[mainID].sym[name]
		if sym == nil || sym.typ == nil {
			t.Fatalf("no type %s in the main scope", name)
		}
		typ := sym.typ
		want := typ.TypeOf()
		if allocs := testing.AllocsPerRun(100, func() {
			if typ.TypeOf() != want {
				t.Fatalf("%s: TypeOf changed", name)
			}
		}); allocs != 0 {
			t.Errorf("%s: TypeOf of a built type allocates %v times", name, allocs)
		}
	}
}
