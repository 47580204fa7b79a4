package interpvalue_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// fromInterpreter runs src in yaegi and returns what compiled code
// receives when the interpreted expression expr is passed to it as an any.
func fromInterpreter(t testing.TB, src, expr string) any {
	t.Helper()
	var got any
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(interp.Exports{"probe/probe": {
		"Take": reflect.ValueOf(func(v any) { got = v }),
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`import "probe"`); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(src); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`func pass(v any) { probe.Take(v) }`); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`pass(` + expr + `)`); err != nil {
		t.Fatal(err)
	}
	return got
}

const cellTypes = `
type Point struct{ X, Y float64 }
func (p Point) Norm() float64 { return p.X + p.Y }
type Plain struct{ N int }
`

func TestUnwrapCellValue(t *testing.T) {
	// An element of a []any: the Session's interpreter gives a cell value
	// that is itself the argument to compiled code as the plain value.
	got := fromInterpreter(t, cellTypes+"var p = Point{3, 4}", "[]any{p}").([]any)[0]
	if s := fmt.Sprintf("%+v", got); s == "{X:3 Y:4}" {
		t.Fatalf("yaegi no longer wraps cell values in interfaces (%s): interpvalue may be unneeded", s)
	}
	u, changed := interpvalue.Unwrap(got)
	if !changed {
		t.Fatalf("Unwrap(%T) did not recognise yaegi's wrapper", got)
	}
	if s := fmt.Sprintf("%+v", u); s != "{X:3 Y:4}" {
		t.Errorf("unwrapped value prints %s, want {X:3 Y:4}", s)
	}
	rv := reflect.ValueOf(u)
	if rv.Kind() != reflect.Struct || rv.FieldByName("Y").Float() != 4 {
		t.Errorf("unwrapped value is %v (%s), want the struct", u, rv.Kind())
	}
}

func TestUnwrapNested(t *testing.T) {
	got := fromInterpreter(t, cellTypes+"var p = Point{1, 2}",
		`[]any{p, 7, []any{p}, map[string]any{"p": p, "n": nil}, nil}`)
	u, changed := interpvalue.Unwrap(got)
	if !changed {
		t.Fatal("Unwrap found no wrapper inside the []any")
	}
	want := "[{X:1 Y:2} 7 [{X:1 Y:2}] map[n:<nil> p:{X:1 Y:2}] <nil>]"
	if s := fmt.Sprintf("%+v", u); s != want {
		t.Errorf("unwrapped = %s, want %s", s, want)
	}
	// The original is copied, never changed.
	if s := fmt.Sprintf("%+v", got.([]any)[0]); s == "{X:1 Y:2}" {
		t.Error("Unwrap changed its argument's elements in place")
	}
}

func TestUnwrapLeavesOtherValuesAlone(t *testing.T) {
	m := map[string]any{"a": 1}
	s := []any{1, "x", nil}
	for _, v := range []any{
		nil, 3, "s", struct{ A int }{1}, m, s, [2]any{1, 2}, map[int]int{1: 2},
		fromInterpreter(t, cellTypes, "Plain{5}"),
	} {
		u, changed := interpvalue.Unwrap(v)
		if changed {
			t.Errorf("Unwrap(%#v) reported a change", v)
		}
		if !reflect.DeepEqual(u, v) {
			t.Errorf("Unwrap(%#v) = %#v, want it unchanged", v, u)
		}
	}
}

func TestUnwrapNilInsideWrapper(t *testing.T) {
	got := fromInterpreter(t, cellTypes+"var e any", "[]any{e}")
	if u, _ := interpvalue.Unwrap(got); fmt.Sprint(u) != "[<nil>]" {
		t.Errorf("Unwrap of a nil element = %v", u)
	}
}

func TestUnwrapSelfReference(t *testing.T) {
	s := []any{nil}
	s[0] = s
	if _, changed := interpvalue.Unwrap(s); changed {
		t.Error("Unwrap changed a []any that holds itself")
	}
}

// Unwrap is for values that come from interpreted code; others pass
// through untouched.
func ExampleUnwrap() {
	v, changed := interpvalue.Unwrap([]any{1, "two"})
	fmt.Println(v, changed)
	// Output: [1 two] false
}

// TestRows checks which slices of interfaces Rows takes for the rows of
// a table: the interpreter's copies of a cell struct type (unnamed, with
// an unexported field), not a compiled program's []any of its structs.
func TestRows(t *testing.T) {
	type named struct{ A int }
	copyType := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: reflect.TypeFor[int]()},
		{Name: "b", Type: reflect.TypeFor[int](), PkgPath: "main"},
	})
	c := reflect.New(copyType).Elem()
	c.Field(0).SetInt(7)
	rows, ok := interpvalue.Rows([]any{c.Interface(), c.Interface()})
	if !ok || reflect.TypeOf(rows) != reflect.SliceOf(copyType) || reflect.ValueOf(rows).Index(1).Field(0).Int() != 7 {
		t.Errorf("Rows of copies = %#v, %v; want a []%v", rows, ok, copyType)
	}
	for _, v := range []any{
		[]any{named{1}, named{2}},
		[]any{struct{ A int }{1}},
		[]any{c.Interface(), 3},
		[]any{},
		[]int{1},
	} {
		if _, ok := interpvalue.Rows(v); ok {
			t.Errorf("Rows(%#v) took it for rows", v)
		}
	}
}
