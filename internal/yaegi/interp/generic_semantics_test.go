package interp_test

import "testing"

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
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runProgram(t, tc.src); got != tc.want {
				t.Errorf("printed %q, want %q", got, tc.want)
			}
		})
	}
}
