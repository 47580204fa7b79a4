package interp_test

import (
	"strings"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestRangeOverFunc runs loops over functions (Go 1.23), which yaegi
// v0.16.1 refused ("nil type"): a function's yield with no, one and two
// parameters, break, labelled break and continue of nested loops, return,
// defer, goto and panics in the body and in the function, a function that
// calls yield after it returned false, methods returning a named func
// type; the output is compiled Go's, whose order shows when each
// function runs to its end.
func TestRangeOverFunc(t *testing.T) {
	const want = `i 0
i 1
i 2
basic done
a 0
b 1
c 2
0 1 2 
twice 2
brk 0
brk 1
brk stopped at 2
brk done
after brk
ij 0 0
inner stopped at 1
inner done
ij 1 0
inner stopped at 1
inner done
inner stopped at 0
inner done
outer stopped at 2
outer done
after outer
find stopped at 4
find done
find's defer
4 true
d done
deferInBody ends
deferred 2
deferred 1
deferred 0
p done
recovered: boom
got 1
recovered: iterator failed
got 1
recovered: runtime error: range function continued iteration after function for loop body returned false
g stopped at 1
g done
after goto
closures done
0 1 2 
sum 24
assign done
k 3
nest 0 0
nest 0 1
b done
nest 1 0
nest 1 1
b done
a done
`
	if got := runProgram(t, `
func count(n int, name string) func(func(int) bool) {
	return func(yield func(int) bool) {
		defer fmt.Println(name, "done")
		for i := 0; i < n; i++ {
			if !yield(i) {
				fmt.Println(name, "stopped at", i)
				return
			}
		}
	}
}

func pairs(yield func(string, int) bool) {
	for i, s := range []string{"a", "b", "c"} {
		if !yield(s, i) {
			return
		}
	}
}

func twice(yield func() bool) {
	_ = yield() && yield()
}

type Seq func(yield func(int) bool)

type List struct{ xs []int }

func (l *List) All() Seq {
	return func(yield func(int) bool) {
		for _, x := range l.xs {
			if !yield(x) {
				return
			}
		}
	}
}

func find(n int) (idx int, found bool) {
	defer fmt.Println("find's defer")
	for i := range count(10, "find") {
		if i == n {
			return i, true
		}
	}
	return -1, false
}

func deferInBody() {
	for i := range count(3, "d") {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("deferInBody ends")
}

func panicInBody() (msg string) {
	defer func() { msg = fmt.Sprint("recovered: ", recover()) }()
	for i := range count(5, "p") {
		if i == 2 {
			panic("boom")
		}
	}
	return "no panic"
}

func panicInIterator() (msg string) {
	defer func() { msg = fmt.Sprint("recovered: ", recover()) }()
	bad := func(yield func(int) bool) {
		yield(1)
		panic("iterator failed")
	}
	for i := range bad {
		fmt.Println("got", i)
	}
	return "no panic"
}

func ignoresFalse() (msg string) {
	defer func() { msg = fmt.Sprint("recovered: ", recover()) }()
	bad := func(yield func(int) bool) {
		yield(1)
		yield(2)
	}
	for i := range bad {
		fmt.Println("got", i)
		break
	}
	return "no panic"
}

func gotoOut() {
	for i := range count(5, "g") {
		if i == 1 {
			goto out
		}
	}
out:
	fmt.Println("after goto")
}

func main() {
	for i := range count(3, "basic") {
		fmt.Println("i", i)
	}
	for s, i := range pairs {
		fmt.Println(s, i)
	}
	for _, i := range pairs {
		fmt.Print(i, " ")
	}
	fmt.Println()
	n := 0
	for range twice {
		n++
	}
	fmt.Println("twice", n)
	for i := range count(5, "brk") {
		if i == 2 {
			break
		}
		fmt.Println("brk", i)
	}
	fmt.Println("after brk")
outer:
	for i := range count(3, "outer") {
		for j := range count(3, "inner") {
			if j == 1 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Println("ij", i, j)
		}
	}
	fmt.Println("after outer")
	fmt.Println(find(4))
	deferInBody()
	fmt.Println(panicInBody())
	fmt.Println(panicInIterator())
	fmt.Println(ignoresFalse())
	gotoOut()
	var fs []func() int
	for i := range count(3, "closures") {
		i := i // what the Session writes for Go 1.22's per-iteration i
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	l := &List{xs: []int{7, 8, 9}}
	sum := 0
	for x := range l.All() {
		sum += x
	}
	fmt.Println("sum", sum)
	var k int
	for k = range count(4, "assign") {
	}
	fmt.Println("k", k)
	for i := range count(2, "a") {
		for j := range count(2, "b") {
			fmt.Println("nest", i, j)
		}
	}
}
`); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestRangeOverInt runs loops over integers (Go 1.22): the variable has
// the bound's type (a named one, int32 for an untyped rune constant), the
// bound is evaluated once, a negative bound runs no iteration, and
// labelled branches work as in any loop. The output is compiled Go's.
func TestRangeOverInt(t *testing.T) {
	const want = `0 1 2 
main.Small 0 main.Small 1 main.Small 2 main.Small 3 
main.ID 0 main.ID 1 
bound evaluated
10 11 12 
count 3
last 299
0 1 2 3 
0 0 1 0 1 1 
int32 0 int32 1 
`
	if got := runProgram(t, `
type Small uint8
type ID int64

func bound() int {
	fmt.Println("bound evaluated")
	return 3
}

func main() {
	for i := range 3 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	for i := range Small(4) {
		fmt.Printf("%T %v ", i, i)
	}
	fmt.Println()
	var n ID = 2
	for i := range n {
		fmt.Printf("%T %v ", i, i)
	}
	fmt.Println()
	for i := range bound() {
		i += 10
		fmt.Print(i, " ")
	}
	fmt.Println()
	count := 0
	for range -5 {
		count++
	}
	for range uint(3) {
		count++
	}
	fmt.Println("count", count)
	var u uint32 = 300
	var last uint32
	for last = range u {
	}
	fmt.Println("last", last)
	m := 4
	for i := range m {
		m = 0 // the bound was evaluated once
		fmt.Print(i, " ")
	}
	fmt.Println()
outer:
	for i := range 3 {
		for j := range 3 {
			if j > i {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
	const c = 'c' - 'a'
	for i := range c {
		fmt.Printf("%T %v ", i, i)
	}
	fmt.Println()
}
`); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestRangeOverErrors checks Go's compile errors for loops over what
// cannot be ranged over, and the run-time panic of a nil function.
func TestRangeOverErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`f := func(int) {}; for x := range f { _ = x }`, "cannot range over f (variable of type func(int)): func must be func(yield func(...) bool): argument is not func"},
		{`f := func(yield func(int)) {}; for x := range f { _ = x }`, "yield func does not return bool"},
		{`f := func(yield func(int, int, int) bool) {}; for x := range f { _ = x }`, "yield func has too many parameters"},
		{`f := func(yield func(int) bool) int { return 0 }; for x := range f { _ = x }`, "wrong result count"},
		{`f := func(yield func(int) bool) {}; for x, y := range f { _, _ = x, y }`, "permits only one iteration variable"},
		{`f := func(yield func() bool) {}; for x := range f { _ = x }`, "permits no iteration variables"},
		{`for x, y := range 10 { _, _ = x, y }`, "range over 10 (untyped int constant) permits only one iteration variable"},
		{`for x := range 1.5 { _ = x }`, "cannot range over 1.5 (untyped float constant)"},
		{`var f func(func(int) bool); for x := range f { _ = x }`, "invalid memory address or nil pointer dereference"},
	} {
		i := interp.New(interp.Options{})
		if err := i.Use(stdlib.Symbols); err != nil {
			t.Fatal(err)
		}
		_, err := i.Eval("package main\nfunc main() { " + tc.src + " }")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want %q", tc.src, err, tc.want)
		}
	}
}

// BenchmarkRangeOverFunc measures an iteration of a loop over an
// interpreted function (loop), beside a call of the same function with
// the body as a func literal (call), which is what the Session rewrote
// such loops to before the interpreter ranged over functions.
func BenchmarkRangeOverFunc(b *testing.B) {
	const count = `package main
func Count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}
`
	for _, bc := range []struct{ name, run string }{
		{"loop", "func Run(n int) (s int) {\n\tfor i := range Count(n) {\n\t\ts += i\n\t}\n\treturn s\n}"},
		{"call", "func Run(n int) (s int) {\n\tCount(n)(func(i int) bool {\n\t\ts += i\n\t\treturn true\n\t})\n\treturn s\n}"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := interp.New(interp.Options{})
			if _, err := i.Eval(count + bc.run); err != nil {
				b.Fatal(err)
			}
			v, err := i.Eval("Run")
			if err != nil {
				b.Fatal(err)
			}
			run := v.Interface().(func(int) int)
			b.ReportAllocs()
			b.ResetTimer()
			if got, want := run(b.N), b.N*(b.N-1)/2; got != want {
				b.Fatalf("sum %d, want %d", got, want)
			}
		})
	}
}
