package dsl

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCompileErrorPointsAtCell(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "a := 1\n\nb := a + \"x\"")
	e := cellError(t, err, "compile error", "In[1]:3:")
	if len(e.Traceback) < 3 || !strings.Contains(e.Traceback[1], `b := a + "x"`) || !strings.HasSuffix(e.Traceback[2], "^") {
		t.Errorf("traceback does not show the cell line and a caret: %q", e.Traceback)
	}
	_, _, err = run(t, s, "x := (1 +\n")
	cellError(t, err, "compile error", "In[2]:")
	_, _, err = run(t, s, "y := 1 +")
	cellError(t, err, "compile error", "In[3]:1: unexpected end of code")
	// The argument's column, in the definitions of several values that
	// the Session rewrites with temporaries (it was 12 columns right).
	_, _, err = run(t, s, "n, err := strconv.Atoi(5)")
	cellError(t, err, "compile error", "In[4]:1:24:")
	_, _, err = run(t, s, "var m, err2 = strconv.Atoi(5)")
	cellError(t, err, "compile error", "In[5]:1:28:")
}

func TestPanicTraceback(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func inner(xs []int) int {\n\treturn xs[5]\n}")
	_, _, err := run(t, s, "func outer() int { return inner(nil) }\n\nouter()")
	e := cellError(t, err, "runtime.boundsError", "runtime error: index out of range")
	tb := strings.Join(e.Traceback, "\n")
	for _, want := range []string{"In[1]:2:", "in inner", "In[2]:1:", "in outer", "In[2]:3:1: in cell", "return xs[5]"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if strings.Contains(tb, "yaegi") || strings.Contains(tb, ".go:") {
		t.Errorf("traceback shows interpreter internals:\n%s", tb)
	}
	// The statement that panicked, not the function's first one, and the
	// call in the cell, not the cell's first statement.
	mustRun(t, s, "func mean(xs []float64) float64 {\n\ttotal := 0.0\n\tfor i := 0; i <= len(xs); i++ {\n\t\ttotal += xs[i]\n\t}\n\treturn total\n}")
	_, _, err = run(t, s, "data := []float64{1, 2, 3}\nm := mean(data)\n_ = m")
	e = cellError(t, err, "runtime.boundsError")
	tb = strings.Join(e.Traceback, "\n")
	for _, want := range []string{"In[3]:4:", "total += xs[i]", "In[4]:2:", "m := mean(data)"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	// Panics recovered earlier in the cell leave no frames behind, and a
	// failed assertion is placed at its own node, not at the first node of
	// the program that asserts the same way; recovered, it reads as Go's.
	_, r := mustRun(t, s, "func try(f func()) {\n\tdefer func() { fmt.Println(recover()) }()\n\tf()\n}")
	_, r, err = run(t, s, "var v any = \"s\"\ntry(func() { _ = v.(int) })\nn := v.(int)\n_ = n")
	if want := "interface conversion: interface {} is string, not int\n"; r.out() != want {
		t.Errorf("recovered %q, want %q", r.out(), want)
	}
	e = cellError(t, err, "*runtime.TypeAssertionError", "interface conversion: interface {} is string, not int")
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "In[6]:3:6: in cell") || strings.Count(tb, ": in ") != 1 {
		t.Errorf("traceback:\n%s", tb)
	}
	// A panic that is its function's first statement is placed there,
	// not at another panic of the program (the same code).
	mustRun(t, s, "func todo() {\n\tpanic(\"todo\")\n}\n\nfunc guard(n int) {\n\tif n < 0 {\n\t\tpanic(\"negative\")\n\t}\n}")
	_, _, err = run(t, s, "guard(1)\ntodo()")
	e = cellError(t, err, "panic", "todo")
	tb = strings.Join(e.Traceback, "\n")
	for _, want := range []string{"In[7]:2:2: in todo", `panic("todo")`, "In[8]:2:1: in cell"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if strings.Contains(tb, "negative") || strings.Contains(tb, "in guard") {
		t.Errorf("traceback names the other panic:\n%s", tb)
	}
	_, _, err = run(t, s, `panic(fmt.Errorf("typed %d: %w", 1, io.EOF))`)
	cellError(t, err, "*fmt.wrapError", "typed 1: EOF")
	_, _, err = run(t, s, `panic(errors.New("plain"))`)
	cellError(t, err, "*errors.errorString", "plain")
}

func TestExitAndFatalEndTheCellOnly(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "os.Exit(3)")
	cellError(t, err, "exit", "os.Exit(3)")
	_, r, err := run(t, s, `log.Fatalf("bad %s", "input")`)
	cellError(t, err, "exit", "log.Fatal: bad input")
	if !strings.Contains(r.errText(), "bad input") {
		t.Errorf("log.Fatal did not log: stderr %q", r.errText())
	}
	res, _ := mustRun(t, s, "40 + 2")
	if text(res) != "42" {
		t.Error("session unusable after os.Exit")
	}
}

func TestInterrupt(t *testing.T) {
	s := newSession(t)
	for _, code := range []string{"for {}", "n := 0\nfor i := 0; i < 1e12; i++ { n += i }", "time.Sleep(time.Hour)", "select {}"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		done := make(chan error, 1)
		go func() {
			_, err := s.Execute(ctx, code, &recorder{})
			done <- err
		}()
		select {
		case err := <-done:
			cellError(t, err, "interrupt", "interrupted")
		case <-time.After(5 * time.Second):
			t.Fatalf("%q: not interrupted within 5s", code)
		}
	}
	res, _ := mustRun(t, s, "1 + 1")
	if text(res) != "2" {
		t.Error("session unusable after an interrupt")
	}
}

func TestContextReachesCompiledCode(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	// ctx is the cell's context: a compiled call that waits on it returns.
	_, _, err := func() (*Result, *recorder, error) {
		r := &recorder{}
		res, err := s.Execute(ctx, "<-ctx.Done()\nfmt.Println(ctx.Err())", r)
		return res, r, err
	}()
	if err != nil {
		if e, ok := err.(*Error); !ok || e.Name != "interrupt" {
			t.Fatalf("unexpected error %v", err)
		}
	}
	res, _ := mustRun(t, s, "ctx.Err() == nil")
	if text(res) != "true" {
		t.Error("the next cell's ctx is already cancelled")
	}
}

func TestGoroutinePanicIsRecovered(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}()\n<-done")
	if got := r.waitErrText("panic in a goroutine", "nil map"); !strings.Contains(got, "panic in a goroutine") || !strings.Contains(got, "nil map") {
		t.Errorf("stderr %q", got)
	}
	mustRun(t, s, "func crash() { panic(\"named\") }\ngo crash()\ntime.Sleep(20 * time.Millisecond)")
	// With arguments: evaluated at the go statement, as in Go; the panic
	// is recovered; in a loop, each goroutine gets its own arguments.
	_, r = mustRun(t, s, `got := make(chan string, 10)
func report(n int, tag string, rest ...int) {
	got <- fmt.Sprintf("%d %s %v", n, tag, rest)
	if n == 2 {
		panic("argued")
	}
}
x := 1
go report(x, "a")
x = 5
for i := 2; i < 4; i++ {
	go report(i, "loop", []int{i, i}...)
}
var seen []string
for len(seen) < 3 {
	seen = append(seen, <-got)
}
sort.Strings(seen)
time.Sleep(20 * time.Millisecond)
fmt.Println(seen)`)
	if !strings.Contains(r.out(), "[1 a [] 2 loop [2 2] 3 loop [3 3]]") {
		t.Errorf("goroutines with arguments printed %q", r.out())
	}
	if got := r.waitErrText("panic in a goroutine: argued"); !strings.Contains(got, "panic in a goroutine: argued") {
		t.Errorf("a panic in go f(x) was not reported as recovered; stderr %q", got)
	}
	res, _ := mustRun(t, s, "\"still alive\"")
	if text(res) != "still alive" {
		t.Error("session unusable after goroutine panics")
	}
}

// TestRuntimeFaultsReadAsGo checks that a fault of interpreted code, which
// the interpreter reports as a panic of its own reflection, is reported
// with the error compiled Go would give, at the faulting line.
func TestRuntimeFaultsReadAsGo(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type node struct{ next *node }\nvar xs []int\nvar fn func()\nvar box any = 1\ntype badRun struct{ seed int }\nfunc (b badRun) Error() string { return fmt.Sprint(\"seed \", b.seed, \" diverged\") }")
	cases := []struct{ code, name, value string }{
		{"i := 3\nxs[i]", "runtime.boundsError", "runtime error: index out of range [3] with length 0"},
		{"j := 2\nxs = xs[:j]", "runtime.boundsError", "runtime error: slice bounds out of range"},
		{"var n *node\nn.next = nil", "runtime.errorString", "runtime error: invalid memory address or nil pointer dereference"},
		{"fn()", "runtime.errorString", "runtime error: invalid memory address or nil pointer dereference"},
		{"box.(string)", "*runtime.TypeAssertionError", "interface conversion: interface {} is int, not string"},
		// An error of a cell type reads as Go prints it, by its Error text.
		{"panic(badRun{3})", "panic", "seed 3 diverged"},
	}
	for _, c := range cases {
		_, _, err := run(t, s, c.code)
		e := cellError(t, err, c.name, c.value)
		if strings.HasPrefix(e.Value, "interface") && strings.Contains(e.Value, "(the interpreter") {
			t.Errorf("%q: a message the interpreter gives in Go's words keeps its note: %q", c.code, e.Value)
		}
		if len(e.Traceback) < 2 || !strings.Contains(e.Traceback[1], "in cell") {
			t.Errorf("%q: traceback %q does not point into the cell", c.code, e.Traceback)
		}
	}
	if _, _, ok := goRuntimeError("reflect: something else"); ok {
		t.Error("an unknown interpreter panic was rewritten")
	}
}

// TestManyCells checks that a session keeps compiling and placing errors
// after more cells than line numbers can encode at once (maxFileID): the
// 1,074th cell used to fail with "invalid line number".
func TestManyCells(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 11,000 cells")
	}
	s := newSession(t)
	mustRun(t, s, "func boom(i int) int {\n\treturn []int{1}[i]\n}")
	for i := 2; i <= 1100; i++ {
		mustRun(t, s, "1")
	}
	// A function of the second cell still reports its own position.
	_, _, err := run(t, s, "boom(3)")
	e := cellError(t, err, "runtime.boundsError")
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "In[1]:2:") || !strings.Contains(tb, "In[1101]:1:1") {
		t.Errorf("traceback after 1,100 cells:\n%s", tb)
	}
	for i := 1102; i <= maxFileID+5; i++ {
		mustRun(t, s, "1")
	}
	name := fmt.Sprintf("In[%d]", maxFileID+6)
	_, _, err = run(t, s, "x := 1\nnosuch(x)")
	cellError(t, err, "compile error", name+":2:1: undefined: nosuch")
}

// TestFunctionValuesWorkAfterAnInterrupt checks that function values made
// in cells before an interrupt (a literal, a declared function, a method
// value, a closure returned by a function) still run after it: they
// returned zero values, silently, because their frames kept the run id of
// the interrupted evaluation.
func TestFunctionValuesWorkAfterAnInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type counter struct{ n int }
func (c *counter) next() int { c.n++; return c.n }
func h() int { return 7 }
g := func() int { return 42 }
mk := func() func() int { return func() int { return 1 } }
c := &counter{}
hv := h
nx := c.next
inner := mk()`)
	const probe = `fmt.Sprint(g(), hv(), inner(), mk()(), nx(), mk() == nil)`
	res, _ := mustRun(t, s, probe)
	if got, want := text(res), "42 7 1 1 1 false"; got != want {
		t.Fatalf("before the interrupt: %s, want %s", got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := s.Execute(ctx, "time.Sleep(time.Hour)", &recorder{})
	cellError(t, err, "interrupt", "interrupted")
	res, _ = mustRun(t, s, probe)
	if got, want := text(res), "42 7 1 1 2 false"; got != want {
		t.Errorf("after the interrupt: %s, want %s", got, want)
	}
}

// TestNoValueUsedAsValue checks that assigning the result of a call that
// has none is Go's compile error, before anything runs: yaegi ran the
// call, then panicked in reflect.Set ("value of type context.Context is
// not assignable to type func(string)").
// A display function gets a hint of what to write instead.
func TestNoValueUsedAsValue(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func f() { fmt.Println("ran") }
type T struct{}
func (T) M() {}`)
	for code, want := range map[string]string{
		"z := f()":                 "f() (no value) used as value",
		"var t T\ny := t.M()":      "t.M() (no value) used as value",
		"var w int\nw = f()":       "f() (no value) used as value",
		`h := display.HTML("<b>")`: `display.HTML(...) (no value) used as value: display.HTML shows its content now and returns nothing; to show it in a handle that you update later, use h := display.New(nil) and h.UpdateMIME(map[string]any{"text/html": s}, nil)`,
	} {
		_, r, err := run(t, s, code)
		cellError(t, err, "compile error", want)
		if out := r.out(); out != "" {
			t.Errorf("%q ran before its compile error: printed %q", code, out)
		}
	}
}

// TestConstantOverflow checks that a constant out of a signed integer
// type's range is a compile error, as in Go: `var x int8 = 200` printed
// -56 (the check counted bits as for an unsigned type). So is a constant
// shift that does not fit its destination (`var w int32 = 1 << 31` was
// -2147483648; `const big int64 = 1 << 63` panicked) and a constant a
// return statement truncates (`return 1.5` returned 1), in Go's words.
func TestConstantOverflow(t *testing.T) {
	s := newSession(t)
	for code, want := range map[string]string{
		"var x int8 = 200":                             "cannot use 200 (untyped int constant) as int8 value in variable declaration (overflows)",
		"var z int16 = -32769":                         "cannot use -32769 (untyped int constant) as int16 value in variable declaration (overflows)",
		"fmt.Println(int8(200))":                       "int8",
		"var w int32 = 1 << 31":                        "cannot use 1 << 31 (untyped int constant 2147483648) as int32 value in variable declaration (overflows)",
		"var w int32 = 1<<31 + 1":                      "cannot use 1 << 31 + 1 (untyped int constant 2147483649) as int32 value in variable declaration (overflows)",
		"const big int64 = 1 << 63":                    "cannot use 1 << 63 (untyped int constant 9223372036854775808) as int64 value in constant declaration (overflows)",
		"func f() { const big int64 = 1 << 63 }":       "cannot use 1 << 63 (untyped int constant 9223372036854775808) as int64 value in constant declaration (overflows)",
		"var u uint8\nu = 1 << 8":                      "cannot use 1 << 8 (untyped int constant 256) as uint8 value in assignment (overflows)",
		"func h(x int32) {}\nh(1 << 31)":               "cannot use 1 << 31 (untyped int constant 2147483648) as int32 value in argument to h (overflows)",
		"func g() int { return 1.5 }":                  "cannot use 1.5 (untyped float constant) as int value in return statement (truncated)",
		"func g() int32 { return 1 << 31 }":            "cannot use 1 << 31 (untyped int constant 2147483648) as int32 value in return statement (overflows)",
		"func g() (int, float32) { return 2.0, 1e39 }": "cannot use 1e39 (untyped float constant 1e+39) as float32 value in return statement (overflows)",
	} {
		_, _, err := run(t, s, code)
		cellError(t, err, "compile error", want)
	}
	res, _ := mustRun(t, s, "var a int8 = -128\nvar b int8 = 127\nvar c int32 = -1 << 31\nfmt.Sprint(a, b, c, int8(-128), uint8(255))")
	if got := text(res); got != "-128 127 -2147483648 -128 255" {
		t.Errorf("in-range constants: %s", got)
	}
	res, _ = mustRun(t, s, "var d int32 = (1 << 40) >> 20\nvar e uint64 = 1<<64 - 1\nconst g int64 = 1<<63 - 1\nvar f float64 = 1 << 3\nfunc r() float32 { return 2 }\nfmt.Sprint(d, e, g, f, r())")
	if got := text(res); got != "1048576 18446744073709551615 9223372036854775807 8 2" {
		t.Errorf("in-range constant shifts: %s", got)
	}
}

// TestImportErrorPosition checks that a failed import names its cell
// position, with the line and a caret under the path, as other errors do.
func TestImportErrorPosition(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "x := 1\nimport (\n\t\"fmt\"\n\t\"nosuch/pkg\"\n)")
	e := cellError(t, err, "compile error", `In[1]:4:2: cannot import "nosuch/pkg"`)
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "\n        \"nosuch/pkg\"\n        ^") {
		t.Errorf("traceback:\n%s", tb)
	}
	_, _, err = run(t, s, `import "nosuch/pkg"`)
	cellError(t, err, "compile error", `In[2]:1:8: cannot import "nosuch/pkg"`)
}

// TestGoWordsForTypeErrors checks that type mismatches and wrong argument
// counts read as compiled Go's, naming Go types rather than yaegi's type
// categories (stringT, structT).
func TestGoWordsForTypeErrors(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type T struct{ A int }\nfunc mk() T { return T{} }\nfunc h(a int) {}\nx := 3")
	cases := []struct{ code, want string }{
		{`func g() int { return "s" }`, `cannot use "s" (untyped string constant) as int value in return statement`},
		{"func g() int { v := \"a\"; return v }", "cannot use v (variable of type string) as int value in return statement"},
		{"func g() *T { return T{} }", "cannot use value of struct type T as *T value in return statement"},
		{"var y string = x", "cannot use x (variable of type int) as string value in variable declaration"},
		{"var y string\ny = mk()", "cannot use value of struct type T as string value in assignment"},
		{`h("s")`, `cannot use "s" (untyped string constant) as int value in argument to h`},
		{`widget.NewIntSlider("n", 1, 0, 10, 1)`, "too many arguments in call to widget.NewIntSlider\n\thave (string, number, number, number, number)\n\twant (string, int, int, int)"},
		{"h()", "not enough arguments in call to h\n\thave ()\n\twant (int)"},
		{"fmt.Sprintf()", "not enough arguments in call to fmt.Sprintf\n\thave ()\n\twant (string, ...any)"},
	}
	for _, c := range cases {
		_, _, err := run(t, s, c.code)
		cellError(t, err, "compile error", c.want)
	}
}

// TestUndefinedMethodNamesTheType checks that calling a method a
// compiled type lacks names the variable's type, also when the cell
// defines the variable itself: yaegi said only "undefined selector
// Const".
func TestUndefinedMethodNamesTheType(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \"github.com/petridish-go/petridish/petri/autodiff\"\ntp := autodiff.NewTape()")
	_, _, err := run(t, s, "x := tp.Const(1)")
	cellError(t, err, "compile error", "undefined field or method: Const (tp is a *autodiff.Tape")
	_, _, err = run(t, s, "tp2 := autodiff.NewTape()\ny := tp2.Sclar(1)")
	cellError(t, err, "compile error", "tp2 is a *autodiff.Tape; did you mean tp2.Scalar?")
}

// TestCompileErrorSaysWhatRan checks that a compile error in a later
// statement of a cell says that the statements before it ran, or the
// declarations before it took effect: Go compiles a program before
// running it, a cell runs chunk by chunk.
func TestCompileErrorSaysWhatRan(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "count := 0")
	_, r, err := run(t, s, "count++\nfmt.Println(\"ran\", count)\nw := undefinedThing")
	cellError(t, err, "compile error", "undefined: undefinedThing", "(the statements of this cell before line 3 ran before this error)")
	if r.out() != "ran 1\n" {
		t.Errorf("output %q", r.out())
	}
	_, _, err = run(t, s, "w := undefinedThing")
	if e := cellError(t, err, "compile error"); strings.Contains(e.Value, "ran before") {
		t.Errorf("a cell whose first statement fails says something ran: %s", e.Value)
	}
	// Declarations that took effect before a compile error (a type
	// changed) are said too.
	mustRun(t, s, "type Cfg struct{ A int }")
	_, _, err = run(t, s, "type Cfg struct{ A, B int }\nfunc useCfg() Cfg { return Cfg{} }\nundefinedThing2()")
	cellError(t, err, "compile error", "undefined: undefinedThing2", "(the declarations of this cell before line 3 took effect before this error)")
}

// TestTypeIsNotAnExpression checks that a type alone as a cell's value is
// Go's error: yaegi panicked ("reflect.Set: value of type context.Context
// is not assignable to type int").
func TestTypeIsNotAnExpression(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type U int")
	for code, want := range map[string]string{"U": "U (type) is not an expression", "dish.Config": "dish.Config (type) is not an expression"} {
		_, _, err := run(t, s, code)
		cellError(t, err, "compile error", want)
	}
	if res, _ := mustRun(t, s, "U(3)"); text(res) != "3" {
		t.Errorf("U(3) = %s", text(res))
	}
	_, _, err := run(t, s, "fmt := 3\nfmt.Println(\"hi\")")
	cellError(t, err, "compile error", "fmt is an int")
}

// TestInfiniteRecursionIsAnError checks that unbounded recursion is a
// panic the cell reports, not Go's fatal stack overflow, which ended the
// kernel's process with every cell's state; the frames of the recursion
// show as one and a count. Recursion within the bound runs.
func TestInfiniteRecursionIsAnError(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func down(n int) int { if n == 0 { return 0 }; return down(n-1) + 1 }\nfunc forever(n int) int { return forever(n+1) + 1 }")
	if res, _ := mustRun(t, s, "down(50000)"); text(res) != "50000" {
		t.Errorf("down(50000) = %s", text(res))
	}
	// A panic deep down unwinds in time linear in the depth: 20,000
	// frames took about 30 s when each frame panicked again from its
	// deferred call (8,000 took 5 s); now some 0.1 s.
	start := time.Now()
	mustRun(t, s, "func deep(n int) int { if n == 0 { panic(\"bottom\") }; return deep(n-1) + 1 }\nfunc() { defer func() { recover() }(); deep(20000) }()")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a panic 20,000 calls deep took %v to unwind", d)
	}
	_, _, err := run(t, s, "forever(0)")
	e := cellError(t, err, "runtime.Error", "stack overflow: more than 100000 nested calls")
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "[the frame above repeats 99999 more times]") || len(e.Traceback) > 20 {
		t.Errorf("traceback of %d lines:\n%s", len(e.Traceback), tb)
	}
	_, _, err = run(t, s, "var fib func(int) int\nfib = func(n int) int { return fib(n+1) }\nfib(0)")
	cellError(t, err, "runtime.Error", "stack overflow")
	if res, _ := mustRun(t, s, "down(3)"); text(res) != "3" {
		t.Error("the session is unusable after a stack overflow")
	}
}

// TestUntypedConstantToInterface checks that an untyped constant given
// where an interface is wanted must implement it through its default
// type, in Go's words: f("x.json") of func f(w io.Writer) compiled, and
// the call panicked at run time ("method not found: Write"), which a
// user met passing a file name to dish's Save(w io.Writer).
func TestUntypedConstantToInterface(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \"io\"\nfunc save(w io.Writer) error { return nil }")
	for code, want := range map[string]string{
		`save("x.json")`:                     `cannot use "x.json" (untyped string constant) as io.Writer value in argument to save: string does not implement io.Writer (missing method Write)`,
		`var w io.Writer = 1`:                `cannot use 1 (untyped int constant) as io.Writer value in variable declaration: int does not implement io.Writer (missing method Write)`,
		`var b bytes.Buffer; b.WriteTo("f")`: `cannot use "f" (untyped string constant) as io.Writer value in argument to b.WriteTo: string does not implement io.Writer (missing method Write)`,
	} {
		_, _, err := run(t, s, code)
		cellError(t, err, "compile error", want)
	}
	res, _ := mustRun(t, s, "var a any = \"s\"\nvar e error = nil\ntype S string\nfunc (s S) String() string { return \"S:\" + string(s) }\nvar x fmt.Stringer = S(\"q\")\nfmt.Sprint(a, e, x, []any{1, 2.5, \"t\"})")
	if got := text(res); got != "s<nil> S:q [1 2.5 t]" {
		t.Errorf("untyped constants given to interfaces they implement: %q", got)
	}
}
