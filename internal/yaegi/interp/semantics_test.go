package interp_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestGoSemantics runs programs that yaegi v0.16.1 ran differently from
// Go, each with what compiled Go prints: yaegi printed the lines marked
// "was", and hung on a deferred closure variable.
func TestGoSemantics(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a slice of the variadic type without ... is one argument", `
func f(v ...any) int { return len(v) }
func main() {
	xs := []any{3, 4}
	fmt.Println(f(1, 2, xs), f(xs), f(xs...), f(1, xs)) // was 2 2 2 2
}`, "3 1 2 2\n"},
		{"assignment seen by a closure made before it", `
type P struct{ X int }
func main() {
	p := P{1}
	show := func() { fmt.Println(p.X) }
	p = P{4}
	show() // was 1
}`, "4\n"},
		{"assignment seen through a pointer taken before it", `
type P struct{ X int }
func main() {
	p := P{1}
	q := &p
	p = P{4}
	fmt.Println(q.X) // was 1
}`, "4\n"},
		{"deferred literal in a loop sees its iteration", `
func f() (s string) {
	for _, w := range []string{"a", "b", "c"} {
		w := w // what the Session writes for Go 1.22's per-iteration w
		defer func() { s += w }()
	}
	return "x"
}
func main() { fmt.Println(f()) } // was xccc`, "xcba\n"},
		{"deferred closure variable recovers", `
func safe(f func()) (msg string) {
	h := func() {
		if r := recover(); r != nil {
			msg = "recovered"
		}
	}
	defer h() // hung
	f()
	return "ok"
}
func main() { fmt.Println(safe(func() {}), safe(func() { panic("bad") })) }`, "ok recovered\n"},
		{"compiled errors functions see Unwrap, Is and variadic cell errors", `
import "errors"
var ErrEmpty = errors.New("empty")
type W struct{ Err error }
func (w *W) Error() string { return "w: " + w.Err.Error() }
func (w *W) Unwrap() error { return w.Err }
type M []error
func (m M) Error() string   { return "m" }
func (m M) Unwrap() []error { return m }
func main() {
	var err error = &W{ErrEmpty}
	fmt.Println(errors.Is(err, ErrEmpty), errors.Unwrap(err)) // was false <nil>
	fmt.Println(errors.Is(M{errors.New("x"), err}, ErrEmpty)) // was false
	fmt.Println(errors.Join(&W{ErrEmpty}, M{}))              // panicked
}`, "true empty\ntrue\nw: empty\nm\n"},
		{"nil pointer in an interface is not a nil interface", `
type E struct{}
func (*E) Error() string { return "e" }
func main() {
	var p *E
	var err error = p
	fmt.Println(err == nil, err) // was true <nil>
}`, "false e\n"},
		{"type switch and assertion to interface types", `
type T struct{}
func (T) String() string { return "T" }
func kind(x any) string {
	switch x.(type) {
	case error:
		return "error"
	case fmt.Stringer:
		return "stringer"
	}
	return "other"
}
func main() {
	var x any = T{}
	_, ok := x.(fmt.Stringer) // was false
	_, ok2 := any(T{}).(fmt.Stringer) // was false
	fmt.Println(ok, ok2, kind(fmt.Errorf("e")), kind(T{}), kind(1)) // was other other other
}`, "true true error stringer other\n"},
		{"promoted pointer-receiver methods in assertions and type switches", `
import "io"
type Base struct{ ID int }
func (b *Base) Set(i int) { b.ID = i }
type Setter interface{ Set(int) }
type V struct{ Base }
type P struct{ *Base }
type res struct{ closed bool }
func (r *res) Close() error { r.closed = true; return nil }
type File struct {
	res
	Name string
}
func kind(x any) string {
	switch c := x.(type) {
	case io.Closer:
		c.Close()
		return "closer"
	case Setter:
		c.Set(1)
		return "setter"
	}
	return "other"
}
func main() {
	var x any = &V{}
	_, b := x.(Setter) // was false
	x = P{&Base{}}
	_, d := x.(Setter) // was false
	x = V{}
	_, e := x.(Setter)
	f := &File{}
	fmt.Println(b, d, e, kind(f), f.closed) // was false false false other false
	fmt.Println(kind(File{}), kind(V{}), kind(&V{}), kind(P{&Base{}}))
}`, "true true false closer true\nother other setter setter\n"},
		{"promoted methods of embedded compiled types satisfy interfaces", `
import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"
)
type Registry struct {
	sync.Mutex
	n int
}
type Tee struct{ bytes.Buffer }
type Buf struct{ *strings.Builder }
type Event struct {
	time.Time
	Name string
}
type wrapped struct{ error }
func main() {
	r := &Registry{}
	var l sync.Locker = r // did not compile
	l.Lock()
	r.n++
	l.Unlock()
	t := &Tee{}
	var w io.Writer = t // did not compile
	fmt.Fprintf(w, "a=%d", 1)
	b := Buf{&strings.Builder{}}
	fmt.Fprintf(b, "n=%d", 2) // panicked: Call using stdlib._fmt_Stringer as type io.Writer
	var s fmt.Stringer = Event{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "e"} // method not found: String
	_, locker := any(Registry{}).(sync.Locker)
	_, plocker := any(&Registry{}).(sync.Locker)
	fmt.Println(r.n, t.String(), b.String(), locker, plocker)
	fmt.Println(s, Event{time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), "f"})
	var err error = wrapped{io.EOF}
	fmt.Println(err) // panicked: StructOf does not support methods of embedded interfaces
}`, "1 a=1 n=2 false true\n2024-01-02 00:00:00 +0000 UTC 2024-01-03 00:00:00 +0000 UTC\nEOF\n"},
		{"a cell value in an any given to compiled code is the value", `
import (
	"encoding/json"
	"reflect"
)
type Config struct{ N int }
func (c Config) String() string { return fmt.Sprint("cfg", c.N) }
func (c *Config) Reset()        { c.N = 0 }
func load(v any) error { return json.Unmarshal([]byte("{\"N\":3}"), v) }
func main() {
	var c Config
	err := load(&c) // was json: Unmarshal(non-pointer interp.valueInterface)
	var x any = c
	fmt.Println(c, err, reflect.DeepEqual(x, c), reflect.ValueOf(x).Kind()) // DeepEqual was false
}`, "cfg3 <nil> true struct\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runProgram(t, tc.src); got != tc.want {
				t.Errorf("printed %q, want %q", got, tc.want)
			}
		})
	}
}

// runProgram runs src, a program of package main after its package
// clause and an import of fmt, on a bare interpreter with the standard
// library, and returns what it printed; a panic, an error or a run of
// over 20 s fails the test.
func runProgram(t *testing.T, src string) string {
	t.Helper()
	var out, stderr bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out, Stderr: &stderr})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("panic: %v", r)
			}
		}()
		_, err := i.Eval("package main\nimport \"fmt\"\n" + src)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the program did not end in 20 s")
	}
	return out.String()
}

// TestTopLevelFuncLiteralRunsOnce checks that statements starting with a
// function literal, evaluated at the top level, run once: yaegi compiled
// them as a function main, which each later evaluation ran again.
func TestTopLevelFuncLiteralRunsOnce(t *testing.T) {
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`import "fmt"`, `n := 0`, `func() { n++; fmt.Println("ran", n) }()`, `fmt.Println("next")`, `n`} {
		v, err := i.Eval(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if src == "n" && v.Interface() != 1 {
			t.Errorf("n = %v after the literal and one more evaluation, want 1", v)
		}
	}
	if want := "ran 1\nnext\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}

// TestPrintOfSeveralResults checks print and println of a call of several
// results, which print each (yaegi printed the first), on standard error
// as Go's print does.
func TestPrintOfSeveralResults(t *testing.T) {
	var stdout, stderr bytes.Buffer
	i := interp.New(interp.Options{Stdout: &stdout, Stderr: &stderr})
	if _, err := i.Eval(`package main
func two() (int, bool) { return 3, true }
func as[T any](x any) (T, bool) { t, ok := x.(T); return t, ok }
func main() {
	println(two())        // was 3
	println(as[int](4))   // was 4
	println(as[string](4))
	print(two())          // was 3 true
	print("\n")
	print("a", 1, 2, "\n") // was a 1 2
}`); err != nil {
		t.Fatal(err)
	}
	if want := "3 true\n4 true\n false\n3true\na12\n"; stderr.String() != want || stdout.Len() != 0 {
		t.Errorf("printed %q on standard error and %q on standard output, want %q and nothing", stderr.String(), stdout.String(), want)
	}
}

// TestRecursivePointerTypeErrors checks that code using a recursive
// pointer type (`type Number *Number`) wrongly is a compile error: a
// method or field selector on it followed the pointer's element forever
// (isStruct), a fatal stack overflow that would end a kernel.
func TestRecursivePointerTypeErrors(t *testing.T) {
	for _, src := range []string{
		"type Number *Number\nfunc f() { var n Number; n.Foo() }",
		"type Number *Number\nfunc f() int { var n Number; return n.x }",
	} {
		i := interp.New(interp.Options{})
		if _, err := i.Eval(src); err == nil || !strings.Contains(err.Error(), "undefined") {
			t.Errorf("%q: error %v, want one saying what is undefined", src, err)
		}
	}
}
