package interp_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestGenericSemantics runs generic programs that yaegi v0.16.1 could not
// compile, each with what compiled Go prints: the lines marked "was" say
// what yaegi did. The generic functions are the programs' own, with the
// signatures of Go's slices and maps where they stand for them.
func TestGenericSemantics(t *testing.T) {
	const sortSlice = `
func Sort[E ~string | ~int](x []E) {
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			if x[j] < x[i] {
				x[i], x[j] = x[j], x[i]
			}
		}
	}
}
`
	for _, tc := range []struct{ name, src, want string }{
		{"compiled slice given to a generic function", `
import "strings"
` + sortSlice + `
func sorted(s string) []string {
	p := strings.Fields(s)
	Sort(p) // was CFG post-order panic: nil pointer dereference
	return p
}
var words = func() []string { p := strings.Fields("d c"); Sort(p); return p }()
func main() {
	p := strings.Fields("b c a")
	Sort(p) // was CFG post-order panic: nil pointer dereference
	fmt.Println(p, sorted("z y"), words)
}`, "[a b c] [y z] [c d]\n"},
		{"compiled named slices and maps given to generic functions", `
import ("mime"; "net/http"; "sort"; "strings")
` + sortSlice + `
func Max[E ~int](x []E) E {
	m := x[0]
	for _, v := range x[1:] {
		if v > m {
			m = v
		}
	}
	return m
}
func Index[E comparable](s []E, v E) int {
	for i := range s {
		if v == s[i] {
			return i
		}
	}
	return -1
}
func Keys[K comparable, V any](m map[K]V) []K {
	r := []K{}
	for k := range m {
		r = append(r, k)
	}
	return r
}
func Clone[K comparable, V any](m map[K]V) map[K]V {
	r := map[K]V{}
	for k, v := range m {
		r[k] = v
	}
	return r
}
func main() {
	fmt.Println(Max(sort.IntSlice{3, 9, 2}), Index(strings.Split("a,x,b", ","), "x"))
	h := http.Header{}
	h.Set("Host", "y")
	h.Set("Accept", "x")
	k := Keys(h)
	Sort(k)
	fmt.Println(k, len(Keys(http.Header{})))
	_, params, _ := mime.ParseMediaType("text/plain; q=1; charset=utf-8")
	c := Clone(params)
	c["z"] = "2"
	ck := Keys(c)
	Sort(ck)
	fmt.Println(ck, len(params))
}`, "9 1\n[Accept Host] 0\n[charset q z] 2\n"},
		{"compiled arrays, pointers, channels and functions given to generic functions", `
import ("bytes"; "crypto/sha256"; "strings"; "time")
func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
func Head[E any](a [32]E) E { return a[0] }
func Deref[T any](p *T) T { return *p }
func Recv[T any](c <-chan T) T { return <-c }
func Map[T, U any](xs []T, f func(T) U) []U {
	r := []U{}
	for _, x := range xs {
		r = append(r, f(x))
	}
	return r
}
func main() {
	b := bytes.ToUpper([]byte("abc"))
	Reverse(b)
	fmt.Println(string(b), Head(sha256.Sum256(nil)))
	buf := Deref(bytes.NewBufferString("hi"))
	fmt.Println(buf.Len(), Recv(time.After(time.Millisecond)).IsZero())
	fmt.Println(Map(strings.Fields("a b"), strings.ToUpper))
}`, "CBA 227\n2 false\n[A B]\n"},
		{"conversion to a type parameter of a named type", `
import "time"
type D int64
type Name string
type Point struct{ X, Y int }
type Pair struct{ X, Y int }
func half[T ~int64](n T) T { return T(uint64(n) / 2) }
func shout[S ~string](s S) S { return S(string(s) + "!") }
func asPoint[P ~struct{ X, Y int }](p Pair) P { return P(p) }
type Ints []int
func mk[S ~[]int](n int) S { return S(make([]int, n)) }
func sum[T ~int64](xs ...int) T {
	var t T
	for _, x := range xs {
		t += T(x)
	}
	return t
}
func main() {
	fmt.Println(half(5*time.Second)) // was reflect: NumIn of non-func type time.Duration
	fmt.Println(half(D(9)), half(int64(7))) // was too many arguments
	fmt.Println(shout(Name("hey")), asPoint[Point](Pair{1, 2}))
	fmt.Println(sum[time.Duration](1000, 2000), sum[D](1, 2, 3))
	fmt.Println(mk[[]int](2), mk[Ints](3)) // was nil pointer dereference
}`, "2.5s\n4 3\nhey! {1 2}\n3µs 6\n[0 0] [0 0 0]\n"},
		{"var declaration from a generic call", `
func One[T any](v T) T { fmt.Println("called", v); return v }
func Two[T any](v T) (T, error) { return v, nil }
var g = One(1.5)
var h, herr = Two("h")
func main() {
	var d = One(3.5) // was 0, One not called
	var e, err = Two[int](4)
	fmt.Println(d, e, err, g, h, herr)
}`, "called 1.5\ncalled 3.5\n3.5 4 <nil> 1.5 h <nil>\n"},
		{"generic method calling a generic constructor instantiated elsewhere", `
type Box[T any] struct{ v T }
func NewBox[T any](v T) Box[T] { return Box[T]{v} }
func (b Box[T]) Clone() Box[T] { return NewBox[T](b.v) }
type Stack[T any] struct{ items []T }
func NewStack[T any](xs ...T) *Stack[T] { return &Stack[T]{items: xs} }
func (s *Stack[T]) Copy() *Stack[T] { return NewStack[T](s.items...) }
func main() {
	fmt.Println(NewBox(1).Clone()) // was CFG post-order panic (undefined: T in the Session)
	fmt.Println(NewBox[string]("s"), NewBox(2.5).Clone().Clone())
	fmt.Println(NewStack[int](1, 2).Copy().items, NewStack[string]("a").Copy().items)
}`, "{1}\n{s} {2.5}\n[1 2] [a]\n"},
		{"instance of a two-parameter generic type as a type argument", `
type Pair[K, V any] struct {
	Key K
	Val V
}
func (p Pair[K, V]) First() K { return p.Key }
type List[T any] struct{ items []T }
func (l *List[T]) Len() int { return len(l.items) }
func (l *List[T]) At(i int) T { return l.items[i] }
func (l *List[T]) Add(v T) { l.items = append(l.items, v) }
func main() {
	var l List[Pair[string, int]] // was CFG post-order panic (undefined: K in the Session)
	fmt.Println(l.Len())
	l.items = append(l.items, Pair[string, int]{"a", 1})
	fmt.Println(l.Len(), l.At(0).First(), l.At(0).Val)
	l.Add(Pair[string, int]{"b", 2})
	l.Add(Pair[string, int]{"c", 3}) // was reflect.Value.Call: call of nil function
	fmt.Println(l.Len(), l.At(2).First())
	var p *List[Pair[int, bool]]
	fmt.Println(p == nil)
}`, "0\n1 a 1\n3 c\ntrue\n"},
		{"deferred call of a function declared after the generic one", `
type Shape interface{ Area() float64 }
func Safely[S Shape](s S) (area float64) {
	defer catch() // was no call: the panic went on
	defer note("Safely returns")
	return s.Area()
}
func main() {
	fmt.Println(Safely[Shape](nil))
}
func catch() {
	if r := recover(); r != nil {
		fmt.Println("recovered:", r)
	}
}
func note(s string) { fmt.Println(s) }`, "Safely returns\nrecovered: runtime error: invalid memory address or nil pointer dereference\n0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runProgram(t, tc.src); got != tc.want {
				t.Errorf("printed %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTopLevelGenericDefinitions evaluates statements one by one, as the
// Session does, defining variables at the top level (not inside a
// function) from calls of generic functions; each with what compiled Go
// prints for the same statements in a function.
func TestTopLevelGenericDefinitions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []string
		want  string
	}{
		{"several values from a generic call", []string{
			`func Two[T any](v T) (T, error) { return v, nil }`,
			`a, err := Two(1)`,            // was nil reflect type
			`b, err2 := Two[string]("s")`, // was nil pointer dereference
			`var c, err3 = Two(2.5)`,
			`var d, err4 = Two[int](4)`,
			`fmt.Println(a+1, err, b+"!", err2, c*2, err3, d, err4)`,
		}, "2 <nil> s! <nil> 5 <nil> 4 <nil>\n"},
		{"one value from a generic call", []string{
			`func One[T any](v T) T { fmt.Println("called"); return v }`,
			`var e = One[float64](4.5)`, // was 0, One not called
			`var f = One(2)`,            // was nil reflect type
			`fmt.Println(e, f+1)`,
		}, "called\ncalled\n4.5 3\n"},
		{"a generic constructor of two type parameters", []string{
			`type SM[K comparable, V any] struct{ vals map[K]V }
func NewSM[K comparable, V any]() *SM[K, V] { return &SM[K, V]{vals: map[K]V{}} }
func (m *SM[K, V]) Set(k K, v V) { m.vals[k] = v }
func (m *SM[K, V]) Get(k K) V { return m.vals[k] }`,
			`sm := NewSM[string, int]()`,
			";var sm2 *SM[string, int]\nsm2 = NewSM[string, int]()", // was CFG post-order panic
			`sm.Set("b", 2)`,
			`sm2.Set("c", 3)`,
			`fmt.Println(sm.Get("b"), len(sm.vals), sm2.Get("c"))`,
		}, "2 1 3\n"},
		{"a generic type of two parameters as a type argument", []string{
			`type Pair[K, V any] struct{ Key K; Val V }
func (p Pair[K, V]) First() K { return p.Key }
type List[T any] struct{ items []T }
func (l *List[T]) Len() int { return len(l.items) }
func (l *List[T]) Add(v T) { l.items = append(l.items, v) }`,
			`var l List[Pair[string, int]]`,
			`l.Add(Pair[string, int]{"a", 1})`,
			`l.Add(Pair[string, int]{"b", 2})`,
			`fmt.Println(l.Len(), l.items[1].First())`,
		}, "2 b\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := evalSteps(t, tc.steps); got != tc.want {
				t.Errorf("printed %q, want %q", got, tc.want)
			}
		})
	}
}

// evalSteps evaluates each source in turn in a new interpreter, after
// `import "fmt"`, and returns what they printed.
func evalSteps(t *testing.T, steps []string) string {
	t.Helper()
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	for _, src := range append([]string{`import "fmt"`}, steps...) {
		done := make(chan error, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					done <- fmt.Errorf("panic: %v", r)
				}
			}()
			_, err := i.Eval(src)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s did not end in 20 s", src)
		}
	}
	return out.String()
}
