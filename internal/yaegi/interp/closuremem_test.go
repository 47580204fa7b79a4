package interp_test

// petridish: this file is not yaegi's.

import (
	"fmt"
	"strings"
	"testing"
)

// TestClosuresAreGarbage makes a closure at each step of a loop, in the
// ways a notebook's training loop does, and checks that the live heap
// after runtime.GC does not grow with the steps: in Go each closure is
// garbage once its step is done. yaegi's closure kept a copy of all the
// values of the frame it was made in, among them the variable or the
// temporary that held the closure of the step before, so every closure
// of the loop stayed alive (about 0.9 KB each, 0.9 GB for 10^6 steps).
func TestClosuresAreGarbage(t *testing.T) {
	const steps = 100000
	for _, tc := range []struct{ name, step string }{
		{"a closure in a variable", `f := func(x int) int { return x + i }
		s += f(1)`},
		{"a closure passed to a function", `s += apply(func(x int) int { return x + i }, 1)`},
		{"a closure calling a closure", `g := func(x int) int { return x * 2 }
		f := func(x int) int { return g(x) + i }
		s += f(1)`},
		{"a closure made in a closure", `mk := func(j int) func() int { return func() int { return j } }
		s += mk(i)()`},
		{"a deferred closure", `s += deferring(i)`},
		{"a closure given to compiled code", `xs := []int{3, i, 1}
		sort.Slice(xs, func(a, b int) bool { return xs[a] < xs[b] })
		s += xs[0]`},
		{"a closure run by a goroutine", `done := make(chan int)
		go func() { done <- i }()
		s += <-done`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `
import (
	"runtime"
	"sort"
)

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func apply(f func(int) int, x int) int { return f(x) }

func deferring(i int) (r int) {
	defer func() { r = i }()
	return 0
}

func main() {
	const n = STEPS
	s := 0
	var before uint64
	for i := 0; i < n; i++ {
		STEP
		if i == n/10 {
			before = heap()
		}
	}
	after := heap()
	fmt.Println(s > 0, int64(after)-int64(before))
}`
			src = strings.NewReplacer("STEPS", fmt.Sprint(steps), "STEP", tc.step).Replace(src)
			out := runProgram(t, src)
			var ok bool
			var grown int64
			if _, err := fmt.Sscan(out, &ok, &grown); err != nil || !ok {
				t.Fatalf("printed %q", out)
			}
			// 90000 steps: a closure kept per step is over 10 MB.
			if grown > 4<<20 {
				t.Errorf("the live heap grew by %.1f MB over %d steps of a loop making a closure each (%.0f bytes a step)",
					float64(grown)/(1<<20), steps*9/10, float64(grown)/(steps*9/10))
			}
		})
	}
}

// TestKeptClosureSize bounds the memory of a closure kept alive (in a
// slice) that is made early in a function with many variables: its copy
// of the frame holds the values up to the last it uses, not all of the
// frame's (24 bytes each), and not the frame it is a copy of (cloneOf,
// only for recover); the variables it uses have storage of their own,
// not fields of the struct of all the frame's values (newFrameFor).
func TestKeptClosureSize(t *testing.T) {
	var later strings.Builder
	for k := range 150 {
		fmt.Fprintf(&later, "\tv%d := s * %d\n\ts += v%d\n", k, k, k)
	}
	src := `
import "runtime"

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

var kept []func() int

func keep(i int) int {
	kept = append(kept, func() int { return i })
	s := i
` + later.String() + `	return s
}

func main() {
	const n = 20000
	kept = make([]func() int, 0, n)
	before := heap()
	for i := 0; i < n; i++ {
		keep(i)
	}
	after := heap()
	s := 0
	for _, f := range kept {
		s += f()
	}
	fmt.Println(s == n*(n-1)/2, (int64(after)-int64(before))/n)
}`
	out := runProgram(t, src)
	var ok bool
	var size int64
	if _, err := fmt.Sscan(out, &ok, &size); err != nil || !ok {
		t.Fatalf("printed %q", out)
	}
	// The frame has over 300 values: 7 KB for all of them, and 4 KB
	// more for their storage; a closure took 11.8 KB, now 0.4 KB.
	if size > 1024 {
		t.Errorf("a kept closure takes %d bytes", size)
	}
}

// TestClosureCaptures checks what closures see of their variables now
// that a closure keeps only the values of its frame that it uses
// (capturedSlots): per-iteration variables (of bodies, and the copies
// the Session writes for for clauses and ranges), later assignments and writes, recursion through a
// variable, closures returned and called later, a variable of a frame
// three literals out, block scopes, type switches and comma-ok forms,
// goroutines, deferred literals and recover, method values, closures
// given to compiled code, labels. The output is compiled Go's; the
// idiom closures_keep_their_variables is the same program as a cell.
func TestClosureCaptures(t *testing.T) {
	src := `import (
	"sort"
	"strings"
	"sync"
)

type T struct{ x int }

func (t *T) Get() int        { return t.x }
func (t T) Val() int         { return t.x }
func (t *T) Adder() func(int) int { return func(d int) int { t.x += d; return t.x } }

func counter() (func() int, func() int) {
	n := 0
	return func() int { n++; return n }, func() int { return n }
}

func named() (r int) {
	defer func() { r *= 10 }()
	inc := func() { r++ }
	inc()
	inc()
	return r
}

func recovering() (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = fmt.Sprint("recovered ", e)
		}
	}()
	var m map[string]int
	m["x"] = 1
	return "no"
}

func main() {
	// Per-iteration loop variables, of a for clause, a range, and a body.
	var fs []func() int
	for i := 0; i < 3; i++ {
		i := i // what the Session writes for Go 1.22's per-iteration i
		fs = append(fs, func() int { return i })
	}
	for _, w := range []int{10, 20} {
		w := w
		fs = append(fs, func() int { return w })
	}
	for k := 0; k < 2; k++ {
		v := k * 100
		fs = append(fs, func() int { v++; return v })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println(fs[5](), fs[6]())

	// A closure sees later assignments and writes its variables.
	a, b := 1, "x"
	get := func() string { return fmt.Sprint(a, b) }
	set := func() { a, b = 2, "y" }
	a = 5
	fmt.Println(get())
	set()
	fmt.Println(a, b, get())

	// Recursion through a variable, and a closure returned and called later.
	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	inc, cur := counter()
	inc()
	inc()
	fmt.Println(fib(15), cur(), inc(), cur())

	// Three levels: the innermost reads a variable of the outermost only.
	base := 7
	other := 3
	lvl := func(x int) func(int) func() int {
		return func(y int) func() int {
			return func() int { return base*100 + x*10 + y }
		}
	}
	_ = other
	base = 8
	fmt.Println(lvl(1)(2)(), lvl(3)(4)())

	// Block scopes of the same frame, a type switch, comma-ok forms.
	var outs []func() string
	var anys = []any{1, "s", 2.5}
	for _, v := range anys {
		switch x := v.(type) {
		case int:
			outs = append(outs, func() string { return fmt.Sprint("int ", x) })
		case string:
			outs = append(outs, func() string { return "string " + x })
		default:
			outs = append(outs, func() string { return fmt.Sprintf("%T", x) })
		}
	}
	m := map[string]int{"a": 1, "b": 2}
	for _, k := range []string{"a", "b", "c"} {
		k := k
		if n, ok := m[k]; ok {
			outs = append(outs, func() string { return fmt.Sprint(k, n, ok) })
		} else {
			outs = append(outs, func() string { return fmt.Sprint(k, n, ok) })
		}
	}
	ch := make(chan int, 3)
	ch <- 4
	ch <- 5
	close(ch)
	for j := 0; j < 3; j++ {
		v, ok := <-ch
		outs = append(outs, func() string { return fmt.Sprint(v, ok) })
	}
	{
		blk := "block"
		outs = append(outs, func() string { return blk })
	}
	var parts []string
	for _, f := range outs {
		parts = append(parts, f())
	}
	fmt.Println(strings.Join(parts, ", "))

	// Goroutines, each with its iteration's variable, and a shared total.
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	res := make([]int, 5)
	for i := 0; i < 5; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			total += i
			mu.Unlock()
			res[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(total, res)

	// Deferred literals in a loop, named results, recover.
	func() {
		for i := 0; i < 3; i++ {
			i := i
			defer func() { fmt.Print("d", i, " ") }()
		}
	}()
	fmt.Println(named(), recovering())

	// Method values and methods returning closures over the receiver.
	t := &T{1}
	g, vv := t.Get, t.Val
	add := t.Adder()
	add(5)
	fmt.Println(g(), vv(), add(1))
	fmt.Println(t.x)

	// Closures given to compiled code.
	xs := []int{3, 1, 2}
	desc := true
	sort.Slice(xs, func(i, j int) bool {
		if desc {
			return xs[i] > xs[j]
		}
		return xs[i] < xs[j]
	})
	fmt.Println(xs, strings.Map(func(r rune) rune { return r + int32(len(xs)) - 3 + 1 }, "abc"))

	// A closure capturing an array element's address and a struct field.
	arr := [3]int{1, 2, 3}
	p := &arr[1]
	st := T{4}
	mut := func() { *p += 10; st.x++; arr[0] = 9 }
	mut()
	fmt.Println(arr, st)

	// Labels and goto in a closure.
	h := func(n int) (c int) {
	loop:
		for i := 0; ; i++ {
			for j := 0; j < n; j++ {
				if i*j > n {
					break loop
				}
				c++
			}
		}
		if c > 0 {
			goto end
		}
		c = -1
	end:
		return c
	}
	fmt.Println(h(4))
}
`
	want := `0 1 2 10 20 1 101 2 102
5x
2 y 2y
610 2 3 3
812 834
int 1, string s, float64, a1 true, b2 true, c0 false, 4 true, 5 true, 0 false, block
10 [0 1 4 9 16]
d2 d1 d0 20 recovered assignment to entry in nil map
6 1 7
7
[3 2 1] bcd
[9 12 3] {5}
11
`
	if got := runProgram(t, src); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
}
