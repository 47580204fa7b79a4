package unsafe2_test

import (
	"reflect"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/unsafe2"
)

// TestRecursiveLayout checks that the layout of reflect's types is the
// one unsafe2 assumes (else recursive types that are not structs are
// refused by the interpreter: a new Go needs unsafe2 updated).
func TestRecursiveLayout(t *testing.T) {
	if !unsafe2.Recursive {
		t.Fatal("reflect's type layout is not the one mirrored in recursive.go")
	}
}

// TestReplaceType makes each kind of recursive type with a stand-in and
// checks that it refers to itself, that values of it work, and that
// reflect's types made of other types are not changed.
func TestReplaceType(t *testing.T) {
	stand := func(name string, shape reflect.Type) reflect.Type {
		return reflect.StructOf([]reflect.StructField{{Name: name, Type: shape}})
	}
	str := reflect.TypeFor[string]()

	// type P *P
	sp := stand("StandP", reflect.TypeFor[*byte]())
	p := reflect.PointerTo(sp)
	unsafe2.ReplaceType(p, sp, p)
	if p.Elem() != p {
		t.Errorf("P's element is %v", p.Elem())
	}
	x := reflect.New(p).Elem() // var x P
	y := reflect.New(p)        // y := new(P)
	y.Elem().Set(x)            // *y = x
	x.Set(y.Convert(p))        // x = y
	if x.IsNil() || !x.Elem().IsNil() {
		t.Error("x = &P(nil) did not hold")
	}

	// type S []S
	ss := stand("StandS", reflect.TypeFor[[]byte]())
	s := reflect.SliceOf(ss)
	unsafe2.ReplaceType(s, ss, s)
	if s.Elem() != s {
		t.Errorf("S's element is %v", s.Elem())
	}
	v := reflect.Zero(s)
	v = reflect.Append(v, v, reflect.MakeSlice(s, 2, 2))
	if v.Len() != 2 || v.Index(1).Len() != 2 || !v.Index(0).IsNil() {
		t.Errorf("S{nil, make(S, 2)} is %v", v)
	}

	// type F func(string) F
	sf := stand("StandF", reflect.TypeFor[func()]())
	f := reflect.FuncOf([]reflect.Type{str}, []reflect.Type{sf}, false)
	unsafe2.ReplaceType(f, sf, f)
	if f.Out(0) != f || f.In(0) != str {
		t.Errorf("F is func(%v) %v", f.In(0), f.Out(0))
	}
	var got []string
	var fn reflect.Value
	fn = reflect.MakeFunc(f, func(args []reflect.Value) []reflect.Value {
		got = append(got, args[0].String())
		return []reflect.Value{fn}
	})
	fn.Call([]reflect.Value{reflect.ValueOf("a")})[0].Call([]reflect.Value{reflect.ValueOf("b")})
	if len(got) != 2 || got[1] != "b" {
		t.Errorf("F's calls got %v", got)
	}

	// type M map[string]M, type C chan C, type A [2]*A
	sm := stand("StandM", reflect.TypeFor[map[int]int]())
	m := reflect.MapOf(str, sm)
	unsafe2.ReplaceType(m, sm, m)
	mv := reflect.MakeMap(m)
	mv.SetMapIndex(reflect.ValueOf("k"), reflect.MakeMap(m))
	if m.Elem() != m || mv.MapIndex(reflect.ValueOf("k")).Len() != 0 {
		t.Errorf("M's element is %v", m.Elem())
	}
	sc := stand("StandC", reflect.TypeFor[chan int]())
	c := reflect.ChanOf(reflect.BothDir, sc)
	unsafe2.ReplaceType(c, sc, c)
	cv := reflect.MakeChan(c, 1)
	cv.Send(cv)
	if r, _ := cv.Recv(); c.Elem() != c || !r.Equal(cv) {
		t.Errorf("C's element is %v", c.Elem())
	}
	sa := stand("StandA", reflect.ArrayOf(2, reflect.TypeFor[*byte]()))
	pa := reflect.PointerTo(sa)
	a := reflect.ArrayOf(2, pa)
	unsafe2.ReplaceType(a, sa, a)
	if a.Elem().Elem() != a {
		t.Errorf("A's element is %v", a.Elem())
	}
	av := reflect.New(a)
	av.Elem().Index(1).Set(av)
	if sl := av.Elem().Slice(0, 2); sl.Type().Elem() != pa || sl.Index(1).Pointer() != av.Pointer() {
		t.Errorf("A[:] is %v", sl.Type())
	}

	// Types of the same shape made of other types are not changed.
	if reflect.PointerTo(reflect.TypeFor[*byte]()).Elem() != reflect.TypeFor[*byte]() ||
		reflect.SliceOf(reflect.TypeFor[[]byte]()).Elem() != reflect.TypeFor[[]byte]() ||
		reflect.FuncOf([]reflect.Type{str}, []reflect.Type{reflect.TypeFor[func()]()}, false).Out(0) != reflect.TypeFor[func()]() {
		t.Error("a type of another type changed")
	}
}
