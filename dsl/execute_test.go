package dsl

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStatePersistsAcrossCells(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "strings"`)
	mustRun(t, s, "x := 20\ntype Point struct{ X, Y int }\nfunc double(v int) int { return 2 * v }")
	res, _ := mustRun(t, s, "p := Point{X: double(x), Y: 1}\nstrings.Repeat(\"a\", p.Y) + fmt.Sprint(p.X)")
	if got := text(res); got != "a40" {
		t.Errorf("result %q, want a40", got)
	}
}

func TestMixedCell(t *testing.T) {
	s := newSession(t)
	res, r := mustRun(t, s, `
import "sort"

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

words := byLen{"ccc", "a", "bb"}
sort.Sort(words)
fmt.Println("sorted")

const n = 3
total := 0
for i := 0; i < n; i++ { total += len(words[i]) }
if total > 5 { total *= 10 }
total`)
	if got := text(res); got != "60" {
		t.Errorf("result %q, want 60", got)
	}
	if r.out() != "sorted\n" {
		t.Errorf("stdout %q", r.out())
	}
}

func TestRedeclaration(t *testing.T) {
	s := newSession(t)
	cell := "x := 1\nfunc f() int { return x }\ntype T struct{ A int }\nvar v = T{A: 2}\nf() + v.A"
	for i := 0; i < 2; i++ {
		res, _ := mustRun(t, s, cell)
		if text(res) != "3" {
			t.Fatalf("run %d: result %q, want 3", i, text(res))
		}
	}
	mustRun(t, s, "func f() int { return 10 }")
	mustRun(t, s, `x := "now a string"`)
	res, _ := mustRun(t, s, "fmt.Sprint(f(), x)")
	if text(res) != "10now a string" {
		t.Errorf("after redeclaring: %q", text(res))
	}
	mustRun(t, s, "%reset")
	mustRun(t, s, "type T struct{ B string }")
	res, _ = mustRun(t, s, `T{B: "ok"}.B`)
	if text(res) != "ok" {
		t.Errorf("after %%reset: %q", text(res))
	}
}

// TestChangedTypes checks that a type declared again with another
// definition (yaegi silently kept the first) is the new type for the
// cells after, with the methods and functions of earlier cells that
// name it compiled again for it, and the types that use it declared
// again; values made before keep the old type, with a note and errors
// that say to make them again. A cell that fails keeps the old type.
func TestChangedTypes(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Model struct{ W float64 }
func (m *Model) Forward(x float64) float64 { return m.W * x }
func (m Model) String() string { return fmt.Sprintf("model W=%v", m.W) }
type Fleet struct{ Ms []Model }
func (f Fleet) Total() float64 { t := 0.0; for _, m := range f.Ms { t += m.Forward(1) }; return t }
func train(m *Model) float64 { return m.Forward(1) }
m := &Model{W: 2}
trainOld := func() float64 { return train(m) }`)
	_, r := mustRun(t, s, "type Model struct{ B, W float64 }")
	if want := "note: m still holds a value of the old Model"; !strings.Contains(r.errText(), want) {
		t.Errorf("stderr %q, want %q", r.errText(), want)
	}
	if res, _ := mustRun(t, s, "m2 := &Model{W: 3, B: 1}\nfmt.Sprint(m2, \" \", m2.Forward(1), \" \", train(m2), \" \", Fleet{[]Model{*m2}}.Total())"); text(res) != "model W=3 3 3 3" {
		t.Errorf("new Model: %q, want model W=3 3 3 3", text(res))
	}
	// A value made before keeps its type and methods, and the new
	// functions say to make it again.
	if res, _ := mustRun(t, s, "fmt.Sprint(m, \" \", m.Forward(1))"); text(res) != "model W=2 2" {
		t.Errorf("old value: %q", text(res))
	}
	_, _, err := run(t, s, "train(m)")
	cellError(t, err, "compile error", "cannot use m (variable of type *Model) as *Model value in argument to train (a later cell declared Model again: the values made before it are of the old Model; make them again)")
	// A closure made before calls train, compiled again for the new Model.
	_, _, err = run(t, s, "trainOld()")
	cellError(t, err, "panic", "train was compiled again for a type of its signature func(*Model) float64 that a later cell declared again, but this call was compiled for the old type")
	_, _, err = run(t, s, "train(&*m)")
	cellError(t, err, "compile error", "as *Model value in argument to train (a later cell declared Model again: the values made before it are of the old Model; make them again)")
	// A cell that does not compile keeps the type as it was.
	_, _, err = run(t, s, "type Model struct{ X nosuch }")
	cellError(t, err, "compile error", "undefined: nosuch")
	if res, _ := mustRun(t, s, "Model{B: 1, W: 4}.Forward(1)"); text(res) != "4" {
		t.Errorf("after a failed declaration: %q, want 4", text(res))
	}
	// Methods that no longer compile say why, until declared again.
	_, r = mustRun(t, s, "type Model struct{ Weight float64 }")
	if want := "note: Model.Forward cannot run: it uses type Model, which a later cell redefined"; !strings.Contains(r.errText(), want) {
		t.Errorf("stderr %q, want %q", r.errText(), want)
	}
	_, _, err = run(t, s, "(&Model{Weight: 3}).Forward(1)")
	cellError(t, err, "panic", "Model.Forward cannot run", "define Model.Forward again to fit")
	mustRun(t, s, "func (m *Model) Forward(x float64) float64 { return m.Weight * x }\nfunc (m Model) String() string { return \"w\" }")
	if res, _ := mustRun(t, s, "fmt.Sprint(train(&Model{Weight: 5}), Fleet{[]Model{{Weight: 2}}}.Total())"); text(res) != "5 2" {
		t.Errorf("methods declared again: %q, want 5 2", text(res))
	}
	// A cell that makes its values again says nothing about them.
	mustRun(t, s, "type P struct{ X int }\np := P{1}")
	if res, r := mustRun(t, s, "type P struct{ X, Y int }\np := P{1, 2}\np"); text(res) != "{X:1 Y:2}" || r.errText() != "" {
		t.Errorf("P made again in its cell: %q, stderr %q", text(res), r.errText())
	}
	// A generic type cannot change.
	mustRun(t, s, "type Box[T any] struct{ V T }")
	_, _, err = run(t, s, "type Box[T any] struct{ V, W T }")
	cellError(t, err, "compile error", "generic type Box is already declared with a different definition", "%reset")
}

func TestResultDisplay(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `
type S struct{ A int }
func (s S) String() string { return "S!" }
type H struct{}
func (H) MIMEBundle() map[string]any { return map[string]any{"text/html": "<i>h</i>"} }
type row struct{ Name string; N int }
type point struct{ X, Y int }
type vec struct{ X, Y int }
func (v vec) Sum() int { return v.X + v.Y }
v := vec{3, 4}
var av any = v
var noErr error
type Color int
func (c Color) String() string { return [...]string{"red", "green"}[c] }
type run struct{ Name string; C Color; best float64 }`)
	cases := []struct {
		code string
		key  string
		want string // "" means no result at all
	}{
		{"x := 3", "", ""},
		{"nil", "", ""}, // showed ctx
		{"3 * 7", "text/plain", "21"},
		{"3 * 7;", "", ""},
		{`fmt.Println("printed")`, "", ""},
		{"strconv.Atoi(\"12\")", "text/plain", "(12, <nil>)"},
		{"S{1}", "text/plain", "S!"},
		{"point{1, 2}", "text/plain", "{X:1 Y:2}"},
		{"&point{3, 4}", "text/plain", "&{X:3 Y:4}"},
		// Cell types with methods, which yaegi wraps inside interfaces.
		{"vec{1, 2}", "text/plain", "{X:1 Y:2}"},
		{"v", "text/plain", "{X:3 Y:4}"},
		{"av", "text/plain", "{X:3 Y:4}"},
		{"av.(vec)", "text/plain", "{X:3 Y:4}"},
		{"[]any{v, 5}", "text/plain", "[{X:3 Y:4} 5]"},
		{`map[string]any{"v": v}`, "text/plain", "map[v:{X:3 Y:4}]"},
		// A map[string]any is data unless its keys are MIME types.
		{`map[string]any{"loss": 0.5, "runs": 2}`, "text/plain", "map[loss:0.5 runs:2]"},
		{`map[string]any{"text/html": "<b>x</b>"}`, "text/html", "<b>x</b>"},
		{"func() (point, int) { return point{5, 6}, 7 }()", "text/plain", "({X:5 Y:6}, 7)"},
		{"mat.NewDense(2, 2, []float64{1, 2, 3, 4})", "text/plain", "⎡1  2⎤\n⎣3  4⎦"},
		{"dish.New(dish.DefaultConfig())", "text/plain", "(sigmoid dish: 10-1-1-10 motif-networks on 10 synthetic samples, seed "},
		{"make([]int, 20000)", "text/plain", "… (20001 more bytes not shown; print it with fmt to see all)"},
		{"H{}", "text/html", "<i>h</i>"},
		{`fmt.Errorf("bad %d", 7)`, "text/html", "bad 7"},
		{"noErr", "", ""},
		// Methods of elements and fields, names of unexported fields.
		{"[]Color{0, 1}", "text/plain", "[red green]"},
		{`run{"a", 1, 0.5}`, "text/plain", "{Name:a C:green best:0.5}"},
		{`[]run{{"b", 0, 1}}`, "text/plain", "Name  C\n----  ---\nb     red"},
		{`[]row{{"a", 1}, {"b", 2}}`, "text/html", "<th>Name</th><th>N</th>"},
		{"image.NewGray(image.Rect(0, 0, 3, 2))", "text/plain", "[image 3x2]"},
		{"plot.New()", "image/svg+xml", "<svg"},
		{`func() {}()`, "", ""},
	}
	for _, c := range cases {
		res, _, err := run(t, s, c.code)
		if err != nil {
			t.Errorf("%s: %v", c.code, err)
			continue
		}
		if c.want == "" {
			if res.Data != nil {
				t.Errorf("%s: result %v, want none", c.code, res.Data)
			}
			continue
		}
		got, _ := res.Data[c.key].(string)
		if !strings.Contains(got, c.want) {
			if len(got) > 300 {
				got = "…" + got[len(got)-300:]
			}
			t.Errorf("%s: %s = %q, want %q", c.code, c.key, got, c.want)
		}
	}
	res, _ := mustRun(t, s, "plot.New()")
	if _, ok := res.Data["image/png"]; !ok || res.Metadata["image/png"] == nil {
		t.Errorf("plot result lacks a PNG with size metadata: %v", res.Metadata)
	}
}

func TestExpressionRunsOnce(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "n := 0\nfunc bump() int { n++; return n }\nfunc bumpNothing() { n++ }\nfunc bumpTwo() (int, int) { n++; return n, n }")
	mustRun(t, s, "bump()")
	mustRun(t, s, "bumpNothing()")
	mustRun(t, s, "bumpTwo()")
	res, _ := mustRun(t, s, "n")
	if text(res) != "3" {
		t.Errorf("n = %s after three calls shown as results, want 3: a result expression ran more than once", text(res))
	}
}

func TestAutoImport(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, `strings.ToUpper("go") + strconv.Itoa(int(math.Sqrt(16)))`)
	if text(res) != "GO4" {
		t.Errorf("result %q", text(res))
	}
	// rand.Perm is math/rand's and math/rand/v2's; rand.IntN and rand.N
	// (a generic function of the Session's source) are math/rand/v2's only.
	// The ambiguity names only the packages that have the members used
	// (crypto/rand has no Perm), the newest version first.
	_, _, err := run(t, s, "rand.Perm(3)")
	e := cellError(t, err, "compile error", "ambiguous", `it could be "math/rand/v2", "math/rand";`, `add an import such as import "math/rand/v2"`)
	if strings.Contains(e.Value, "crypto/rand") {
		t.Errorf("the ambiguity names crypto/rand, which has no Perm: %s", e.Value)
	}
	mustRun(t, newSession(t), "rand.IntN(3) + rand.N(2)")
	mustRun(t, s, `import "math/rand/v2"`)
	mustRun(t, s, "rand.IntN(3)")
	// A variable named like a package is not mistaken for it.
	res, _ = mustRun(t, s, "type box struct{ Len int }\nsort := box{Len: 5}\nsort.Len")
	if text(res) != "5" {
		t.Errorf("shadowing variable: %q", text(res))
	}
}

func TestGenerics(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, "func Sum[T int | float64](xs []T) T { var s T; for _, x := range xs { s += x }; return s }\nSum([]float64{1.5, 2})")
	if text(res) != "3.5" {
		t.Errorf("generic func: %q", text(res))
	}
	res, _ = mustRun(t, s, "type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nst := &Stack[string]{}\nst.Push(\"a\")\nst.items")
	if text(res) != "[a]" {
		t.Errorf("generic type: %q", text(res))
	}
}

func TestExecuteFileProgram(t *testing.T) {
	s := newSession(t)
	r := &recorder{}
	_, err := s.ExecuteFile(t.Context(), "prog.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello from main\")\n}\n", r)
	if err != nil {
		t.Fatal(err)
	}
	if r.out() != "hello from main\n" {
		t.Errorf("stdout %q", r.out())
	}
	_, err = s.ExecuteFile(t.Context(), "bad.go", "package main\n\nfunc main() {\n\tundefinedThing()\n}\n", r)
	cellError(t, err, "compile error", "bad.go:4:2: undefined: undefinedThing")
	// A panic's traceback names main and its line, and not the call of
	// main that the Session adds after the program's last line.
	_, err = s.ExecuteFile(t.Context(), "panics.go", "package main\n\nfunc main() {\n\tvar i any = \"x\"\n\t_ = i.(int)\n}\n", r)
	e := cellError(t, err, "*runtime.TypeAssertionError")
	tb := strings.Join(e.Traceback, "\n")
	if !strings.Contains(tb, "panics.go:5:6: in main") || strings.Contains(tb, "in cell") {
		t.Errorf("traceback:\n%s", tb)
	}
}

func TestEvaluate(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "x := 21")
	data, err := s.Evaluate(t.Context(), "x * 2")
	if err != nil || data["text/plain"] != "42" {
		t.Errorf("Evaluate = %v, %v", data, err)
	}
	if _, err := s.Evaluate(t.Context(), "x := 3"); err == nil {
		t.Error("Evaluate accepted a statement")
	}
	if _, err := s.Evaluate(t.Context(), "nope + 1"); err == nil || !strings.Contains(err.Error(), "undefined: nope") {
		t.Errorf("Evaluate of an undefined name: %v", err)
	}
	res, _ := mustRun(t, s, "x")
	if text(res) != "21" {
		t.Error("Evaluate changed state")
	}
}

func TestClosedSession(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Execute(t.Context(), "1", nil); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Execute after Close: %v", err)
	}
}

func TestUndefinedNameMessages(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "x := 1\ny := nope + x")
	cellError(t, err, "compile error", "In[1]:2:6: undefined: nope")
	_, _, err = run(t, s, "nope2 * 3")
	cellError(t, err, "compile error", "In[2]:1:1: undefined: nope2")
	mustRun(t, s, "nope := 4")
	res, _ := mustRun(t, s, "nope + 1")
	if text(res) != "5" {
		t.Errorf("after defining the name: %q", text(res))
	}
}

// TestTopLevelForms covers statement forms that yaegi mishandles at the
// top level of a cell and that the Session rewrites.
func TestTopLevelForms(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `
m := map[string]int{"a": 1}
v, ok := m["a"]
_, missing := m["zz"]
var z any = 3
n, isInt := z.(int)
_, isString := z.(string)
fmt.Println(v, ok, missing, n, isInt, isString)
if w, found := m["a"]; found {
	fmt.Println("found", w)
}
switch x := z.(type) {
case int:
	fmt.Println("int", x)
}
switch k := len(m); {
case k > 0:
	fmt.Println("non-empty")
}
for i, c := range "ab" {
	fmt.Println(i, string(c))
}`)
	want := "1 true false 3 true false\nfound 1\nint 3\nnon-empty\n0 a\n1 b\n"
	if r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	res, _ := mustRun(t, s, "v + n")
	if text(res) != "4" {
		t.Errorf("comma-ok variables are not global: %q", text(res))
	}
	_, _, err := run(t, s, "a, b := m[undefinedKey]")
	cellError(t, err, "compile error", "In[3]:1:", "undefinedKey")
}

// TestMultiValueGlobals checks globals defined by a multi-value call at
// the top level, which yaegi reads as zero values in functions called by
// functions unless the Session rewrites the definition: across cells, in
// one cell, with var and a type, with _ and with a name defined twice.
func TestMultiValueGlobals(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func load() ([]float64, string, error) { return []float64{1, 2}, "b", nil }
xs, name, err := load()
n, _ := strconv.Atoi("40")
var p, q int = func() (int, int) { return 3, 4 }()`)
	mustRun(t, s, `func inner() float64 { return xs[1] + float64(n+p+q) + float64(len(name)) }
func outer() float64 { return inner() }`)
	if res, _ := mustRun(t, s, "outer()"); text(res) != "50" {
		t.Errorf("outer() = %q, want 50: a multi-value global reads wrong in nested calls", text(res))
	}
	// A name the same chunk defined before is assigned, as Go's := does.
	_, r := mustRun(t, s, `a, err := strconv.Atoi("7")
b, err := strconv.Atoi("x")
fmt.Println(a, b, err != nil)`)
	if r.out() != "7 0 true\n" {
		t.Errorf("stdout %q, want \"7 0 true\\n\"", r.out())
	}
	if res, _ := mustRun(t, s, "err"); !strings.Contains(text(res), `parsing "x"`) {
		t.Errorf("err = %q, want the second call's error", text(res))
	}
	// Running the cell again redefines everything; no temporary shows.
	mustRun(t, s, `xs, name, err := load()`)
	if res, _ := mustRun(t, s, "outer()"); text(res) != "50" {
		t.Errorf("after running the definition again: outer() = %q, want 50", text(res))
	}
	_, r = mustRun(t, s, "%who")
	if strings.Contains(r.out(), "__pd") || !strings.Contains(r.out(), "xs") {
		t.Errorf("%%who shows %q: want xs and no temporaries", r.out())
	}
}

// TestRangeOverInt checks Go 1.22's range over an integer, which yaegi
// lacks: the Session rewrites the loops whose bound it can recognise as an
// integer, and the others keep an error that says what to write.
func TestRangeOverInt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "n := 4\nvar big int64 = 3")
	_, r := mustRun(t, s, `total := 0
for i := range 3 {
	total += i
}
for range n {
	total++
}
xs := []int{10, 20}
for i := range len(xs) {
	total += xs[i]
}
k := 2
for i := range k * 2 {
	total += i
}
for j := range big { // another name: see the README on loop variables of two types
	fmt.Printf("%T ", j)
}
func tri(m int) int {
	s := 0
	for i := range m + 1 {
		s += i
	}
	return s
}
fmt.Println(total, tri(4))`)
	if want := "int64 int64 int64 43 10\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	// m is defined by a chunk that runs before the loop's is rewritten.
	if res, _ := mustRun(t, s, "func three() int { return 3 }\nm := three()\nfor i := range m { total += i }\ntotal"); text(res) != "46" {
		t.Errorf("total = %q after ranging over m, want 46", text(res))
	}
	// A bound the Session once could not tell an integer (it kept an error).
	if res, _ := mustRun(t, s, "type C struct{ N int }\nc := C{3}\nfor i := range c.N { total += i }\ntotal"); text(res) != "49" {
		t.Errorf("total = %q after ranging over c.N, want 49", text(res))
	}
}

// yaegi reports conversions as calls with no values; they must still show
// their value, while calls of functions without results show nothing.
func TestConversionResult(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "b := []byte(\"hi\")\ntype Celsius float64\nfunc nothing() {}")
	for code, want := range map[string]string{
		"string(b)":           "hi",
		"float64(len(b))":     "2",
		"Celsius(21.5)":       "21.5",
		"nothing()":           "",
		"time.Duration(90e9)": "1m30s",
		"time.Sleep(1)":       "",
	} {
		if res, _ := mustRun(t, s, code); text(res) != want {
			t.Errorf("%s shows %q, want %q", code, text(res), want)
		}
	}
}

// yaegi v0.16 loses variables defined by a multi-value call inside the
// body of a top-level loop, if, switch or block; the Session runs such
// bodies as function literals, keeping break, continue and interrupts.
func TestMultiValueInTopLevelBodies(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `total := 0.0
var kept []int
for i, txt := range []string{"1.5", "x", "2", "3", "4"} {
	f, err := strconv.ParseFloat(txt, 64)
	if err != nil {
		continue
	}
	for j := 0; j < 3; j++ {
		if j == 1 {
			break // the inner loop's
		}
		kept = append(kept, i)
	}
	switch {
	case f > 100:
		break // the switch's
	}
	if f > 2.5 {
		break
	}
	total += f
}
if n, err := strconv.Atoi("7"); err == nil {
	total += float64(n)
}
if total > 0 {
	a, b := strconv.Atoi("1")
	total += float64(a)
	_ = b
}
{
	var c, d = strconv.Atoi("1")
	total += float64(c)
	_ = d
}
switch {
default:
	e, _ := strconv.Atoi("1")
	total += float64(e)
}
fmt.Println(total, kept)`)
	if want := "13.5 [0 2 3]\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	// A loop body that a function literal would change is left alone, and
	// the error says what to do.
	_, _, err := run(t, s, "outer:\nfor _, txt := range []string{\"1.5\"} {\n\tf, err := strconv.ParseFloat(txt, 64)\n\tif err != nil {\n\t\tbreak outer\n\t}\n\ttotal += f\n}")
	cellError(t, err, "compile error", "undefined: err", "declare it with var before the statement")
	// Its workaround works.
	_, r = mustRun(t, s, "var f float64\nvar err error\nouter:\nfor _, txt := range []string{\"1.5\", \"2\"} {\n\tf, err = strconv.ParseFloat(txt, 64)\n\tif err != nil {\n\t\tbreak outer\n\t}\n\ttotal += f\n}\nfmt.Println(total)")
	if r.out() != "17\n" {
		t.Errorf("workaround printed %q", r.out())
	}
}

// TestLoopVariablesPerIteration checks Go 1.22's loop variables: a
// closure made in an iteration sees that iteration's value, at the top
// level and in functions, in 3-clause and range loops and in goroutines.
func TestLoopVariablesPerIteration(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `var fns []func() string
for i := 0; i < 3; i++ {
	fns = append(fns, func() string { return fmt.Sprint(i) })
}
for k, v := range []string{"a", "b"} {
	fns = append(fns, func() string { return fmt.Sprint(k, v) })
}
func inFunc() []func() int {
	var gs []func() int
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			gs = append(gs, func() int { return 10*i + j })
		}
	}
	return gs
}
results := make(chan int, 3)
for i := 0; i < 3; i++ {
	go func() { results <- i }()
}
got := []int{<-results, <-results, <-results}
sort.Ints(got)
// A body that changes its loop variable keeps Go's meaning: no copy.
skipped := ""
for i := 0; i < 6; i++ {
	if i%2 == 0 {
		i++
	}
	skipped += fmt.Sprint(i)
	fns = append(fns, func() string { return "" })
}
for _, f := range fns {
	fmt.Print(f(), " ")
}
for _, g := range inFunc() {
	fmt.Print(g(), " ")
}
fmt.Println(got, skipped)`)
	if want := "0 1 2 0a 1b    0 1 10 11 [0 1 2] 135\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
}

// TestInterruptWrappedLoop checks that a loop whose body runs as a
// function literal still stops on interrupt.
func TestInterruptWrappedLoop(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(ctx, "n := 0\nfor {\n\ta, err := strconv.Atoi(\"1\")\n\tn += a\n\t_ = err\n}", &recorder{})
		done <- err
	}()
	select {
	case err := <-done:
		cellError(t, err, "interrupt")
	case <-time.After(5 * time.Second):
		t.Fatal("a loop with a wrapped body was not interrupted within 5s")
	}
}

// Cells numbered by the front end keep its numbers in error positions;
// silent ones get their own names and do not disturb the numbering.
func TestExecuteCellNames(t *testing.T) {
	s := newSession(t)
	if _, err := s.ExecuteCell(context.Background(), 7, "x := 1", &recorder{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.ExecuteCell(context.Background(), 0, "undefinedThing", &recorder{})
	cellError(t, err, "compile error", "Silent[1]:1:")
	_, err = s.ExecuteCell(context.Background(), 8, "x + undefinedThing", &recorder{})
	cellError(t, err, "compile error", "In[8]:1:")
}

// TestMethodValuesAndExpressions checks method values, which bind their
// receiver where they are made, and method expressions, for value and
// pointer receivers, on variables of earlier cells and of the same cell.
func TestMethodValuesAndExpressions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type P struct{ X int }
func (p P) Double() int { return 2 * p.X }
func (p *P) Add(d int, more ...int) {
	p.X += d
	for _, m := range more {
		p.X += m
	}
}
p := P{4}
pp := &P{1}`)
	_, r := mustRun(t, s, `f := p.Double
p.X = 100
g := P.Double
h := (*P).Add
h(&p, 1, 2, 3)
add := pp.Add
add(10)
d2 := pp.Double
pp.X = 50
q := P{7}
fq := q.Double
q.X = 0
fmt.Println(f(), g(P{5}), p.X, pp.X, d2(), fq())`)
	if want := "8 10 106 50 22 14\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	// Methods promoted from an embedded type, in a later cell than the
	// struct's (yaegi panicked calling them).
	mustRun(t, s, "type Named struct {\n\tP\n\tName string\n}")
	_, r = mustRun(t, s, "n := Named{P{3}, \"n\"}\nadd2 := (*Named).Add\nadd2(&n, 1)\nfmt.Println(Named.Double(n))")
	if want := "8\n"; r.out() != want {
		t.Errorf("promoted method expressions: stdout %q, want %q", r.out(), want)
	}
}

// TestVarReadsEarlierVariables checks var declarations whose values read
// variables of earlier cells or chunks, which yaegi rejects at the top
// level ("variable definition loop"): across cells, in one cell, typed,
// grouped, multi-value (seen by functions called by functions), listed by
// %who, with errors at the cell's position, and a declaration that a
// function before it in the cell reads still works.
func TestVarReadsEarlierVariables(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "n := 2")
	res, _ := mustRun(t, s, "var m = n\nm")
	if text(res) != "2" {
		t.Errorf("var m = n after a cell's n := 2: %q", text(res))
	}
	_, r := mustRun(t, s, `k := 3
var j int64 = int64(k) + 1
var (
	a = k * 10
	b = "x"
)
var st fmt.Stringer = time.Duration(k)
func two(x int) (int, error) { return 2 * x, nil }
var dbl, err = two(k)
var j2 = int(j)
func show() int { return dbl + j2 }
func outer() int { return show() }
fmt.Println(j, a, b, st, outer(), err)`)
	if want := "4 30 x 3ns 10 <nil>\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	_, r = mustRun(t, s, "%who")
	for _, w := range []string{"m   ", "j   ", "a   ", "st   ", "dbl   "} {
		if !strings.Contains(r.out(), "\n"+w) && !strings.HasPrefix(r.out(), w) {
			t.Errorf("%%who does not list %q:\n%s", strings.TrimSpace(w), r.out())
		}
	}
	_, _, err := run(t, s, "x := 1\nvar y string = x")
	cellError(t, err, "compile error", "In[5]:2:16", "cannot use")
	res, _ = mustRun(t, s, "func area() float64 { return r * r }\nvar r = 1.5\narea()")
	if text(res) != "2.25" {
		t.Errorf("a function reading a var declared after it in the cell: %q", text(res))
	}
}

// TestDefinitionsAfterFunctionCall checks that a cell's definitions after
// a statement that starts with a function literal's call (the cell's own,
// or a rewrite's: a top-level if with an init statement runs as one) are
// variables of the cell, as yaegi would otherwise make them locals.
func TestDefinitionsAfterFunctionCall(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "func() { fmt.Print(\"iife \") }()\ny := 2")
	if res, _ := mustRun(t, s, "y"); text(res) != "2" || r.out() != "iife " {
		t.Errorf("after a leading func literal call: y is %q, stdout %q", text(res), r.out())
	}
	mustRun(t, s, `var r io.Reader = strings.NewReader("abc")
if sr, ok := r.(*strings.Reader); ok {
	fmt.Println(sr.Len())
}
_, isWriter := r.(io.Writer)
z := 3`)
	if res, _ := mustRun(t, s, "fmt.Sprint(isWriter, z)"); text(res) != "false 3" {
		t.Errorf("after a top-level if with an init statement: %q", text(res))
	}
}

// TestCompiledMethodExpressions checks method expressions of compiled
// types, which yaegi types without their receiver: value and pointer
// receivers, a variadic method, an interface's method, and one used as a
// function value of a compiled function type.
func TestCompiledMethodExpressions(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `var sb strings.Builder
write := (*strings.Builder).WriteString
write(&sb, "go")
str := (*strings.Builder).String
var logBuf bytes.Buffer
logf := (*log.Logger).Printf
logf(log.New(&logBuf, "", 0), "%d-%s", 7, "x")
stringer := fmt.Stringer.String
at := (*mat.Dense).At
tp := autodiff.NewTape()
var act nn.Activation = autodiff.Tensor.Tanh
fmt.Println(str(&sb), strings.TrimSpace(logBuf.String()), stringer(time.Duration(1500)), at(mat.NewDense(1, 2, []float64{4, 5}), 0, 1), act(tp.From([]float64{0}, 1)).Data())`)
	if want := "go 7-x 1.5µs 5 [0]\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
}

// TestRedefinedFunctionReachesCallers checks that redefining a function
// in a later cell changes what the functions of earlier cells that call
// it (directly, through others, or from methods) do, as in Python
// notebooks, and that a caller the new definition breaks fails when
// called, saying why, with a note on stderr.
func TestRedefinedFunctionReachesCallers(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func helper() int { return 1 }
func middle() int { return helper() * 10 }
func top() int { return middle() + 1 }
type Box struct{}
func (Box) Get() int { return helper() }`)
	if res, _ := mustRun(t, s, "fmt.Sprint(top(), Box{}.Get())"); text(res) != "11 1" {
		t.Fatalf("before: %q", text(res))
	}
	_, r := mustRun(t, s, "func helper() int { return 5 }")
	if res, _ := mustRun(t, s, "fmt.Sprint(top(), Box{}.Get())"); text(res) != "51 5" {
		t.Errorf("after redefining helper: %q, want 51 5", text(res))
	}
	if r.errText() != "" {
		t.Errorf("redefining helper printed %q", r.errText())
	}
	// Running a method's cell again unchanged says nothing.
	if _, r = mustRun(t, s, "func (Box) Get() int { return helper() }"); r.errText() != "" {
		t.Errorf("running the same method again printed %q", r.errText())
	}
	_, r = mustRun(t, s, "func helper(x int) int { return x }")
	if !strings.Contains(r.errText(), "note: middle cannot run: it calls helper") {
		t.Errorf("stderr %q; want a note that middle cannot run", r.errText())
	}
	// A call of middle, through top, fails saying why (Go would not compile
	// it); its old definition called the new helper as the old one.
	_, _, err := run(t, s, "top()")
	cellError(t, err, "panic", "middle cannot run: it calls helper, which a later cell redefined", "define middle again to fit")
	_, _, err = run(t, s, "func helper(x string) string { return x }\nfunc user(x int) int { return len(helper(\"a\")) * x }")
	if err != nil {
		t.Fatal(err)
	}
	_, r = mustRun(t, s, "func helper(x int) int { return x + 1 }")
	if !strings.Contains(r.errText(), "note: user cannot run") {
		t.Errorf("stderr %q; want a note that user cannot run", r.errText())
	}
	_, _, err = run(t, s, "user(1)")
	cellError(t, err, "panic", "user cannot run")
	// Defining the caller again to fit makes it run.
	mustRun(t, s, "func middle() int { return helper(1) * 10 }")
	if res, _ := mustRun(t, s, "top()"); text(res) != "21" {
		t.Errorf("top() = %q after middle was defined again, want 21", text(res))
	}
}

// TestRedefinedMethods checks that a method declared again in a later
// cell replaces the old one (yaegi kept the first), as a redefined
// function does: for calls compiled before (in functions, other methods,
// through embedding), values in interfaces, fmt's String, generic types'
// instances made before, and the cell that declares the type again with
// its methods, the usual way of editing a method. A cell with a broken
// method keeps the old one; a method twice in one cell is Go's error.
func TestRedefinedMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Model struct{ W float64 }
func (m *Model) Forward(x float64) float64 { return m.W * x }
func (m Model) String() string { return "model v1" }
func (m Model) Name() string { return "v1" }
type Big struct{ Model }
type Namer interface{ Name() string }
func train(m *Model) float64 { return m.Forward(1) }
func (b Big) Describe() string { return b.Name() + "/" + b.String() }
m := &Model{W: 2}
var n Namer = *m
type Set[T comparable] struct{ m map[T]bool }
func (s *Set[T]) Add(v T) { if s.m == nil { s.m = map[T]bool{} }; s.m[v] = true }
func (s *Set[T]) Len() int { return len(s.m) }
set := &Set[int]{}
set.Add(1)`)
	if res, _ := mustRun(t, s, `fmt.Sprint(train(m), " ", Big{*m}.Describe(), " ", n.Name(), " ", m, " ", set.Len())`); text(res) != "2 v1/model v1 v1 model v1 1" {
		t.Fatalf("before: %q", text(res))
	}
	_, r := mustRun(t, s, `type Model struct{ W float64 }
func (m *Model) Forward(x float64) float64 { return m.W*x + 100 }
func (m Model) String() string { return "model v2" }`)
	mustRun(t, s, `func (m Model) Name() string { return "v2" }
func (s *Set[T]) Len() int { return 10 * len(s.m) }`)
	if r.errText() != "" {
		t.Errorf("redefining methods printed %q", r.errText())
	}
	if res, _ := mustRun(t, s, `fmt.Sprint(train(m), " ", m.Forward(1), " ", Big{*m}.Describe(), " ", n.Name(), " ", m, " ", set.Len(), " ", (&Set[string]{}).Len())`); text(res) != "102 102 v2/model v2 v2 model v2 10 0" {
		t.Errorf("after redefining: %q, want 102 102 v2/model v2 v2 model v2 10 0", text(res))
	}
	// A cell that does not compile leaves the method as it was.
	_, _, err := run(t, s, `func (m Model) Name() string { return nosuch }`)
	cellError(t, err, "compile error", "undefined: nosuch")
	if res, _ := mustRun(t, s, "m.Name()"); text(res) != "v2" {
		t.Errorf("after a failed redefinition: %q, want v2", text(res))
	}
	// A new method of a failed cell says why it cannot run.
	_, _, err = run(t, s, `func (m Model) Extra() int { return nosuch }`)
	cellError(t, err, "compile error", "undefined: nosuch")
	_, _, err = run(t, s, "m.Extra()")
	cellError(t, err, "panic", "Model.Extra is not defined: In[", "did not compile")
	// A changed signature: a caller that no longer compiles says so.
	_, r = mustRun(t, s, `func (m Model) Name(prefix string) string { return prefix + "v3" }`)
	if !strings.Contains(r.errText(), "note: Big.Describe cannot run: it calls Model.Name") {
		t.Errorf("stderr %q; want a note that Big.Describe cannot run", r.errText())
	}
	if res, _ := mustRun(t, s, `m.Name("x")`); text(res) != "xv3" {
		t.Errorf("new signature: %q", text(res))
	}
	_, _, err = run(t, s, "Big{}.Describe()")
	cellError(t, err, "panic", "Big.Describe cannot run")
	// n, a Namer made before, holds a Model that no longer is one.
	_, _, err = run(t, s, "n.Name()")
	cellError(t, err, "panic", "Model no longer implements Namer: a later cell declared its method Name again as func(string) string, and Namer wants func() string")
	// Twice in one cell, as in Go, is an error.
	_, _, err = run(t, s, "func (Model) Twice() {}\nfunc (*Model) Twice() {}")
	cellError(t, err, "compile error", ":2:15: method Model.Twice already declared at In[", ":1:14")
}

func TestValueListShowsATuple(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `x, name := 3, "three"
type pt struct{ X int }
func (p pt) Double() int { return 2 * p.X }
p := pt{4}`)
	cases := []resultCase{
		{"x, name", "(3, three)"},
		{"x, name // a comment", "(3, three)"},
		{"y := x + 1\ny, p, p.Double()", "(4, {X:4}, 8)"},
		{"x,\n\tname,\n\tlen(name)", "(3, three, 5)"},
		{"strconv.Itoa(x), strings.ToUpper(name)", "(3, THREE)"},
		{`b, err := json.Marshal(p)` + "\nstring(b), err", `({"X":4}, <nil>)`},
	}
	checkResults(t, s, cases)
	// An error in the list is reported where the user wrote it.
	_, _, err := run(t, s, "x,\n  nosuch")
	cellError(t, err, "compile error", ":2:3: undefined: nosuch")
	// Not the last line, or followed by ';': Go's syntax error, with a hint.
	for _, code := range []string{"x, name\nz := 1", "x, name;"} {
		_, _, err := run(t, s, code)
		cellError(t, err, "compile error", "expected 1 expression", "fmt.Println(a, b)")
	}
	if _, _, err := run(t, s, "z := 2\nz"); err != nil {
		t.Errorf("cell after the failed ones: %v", err)
	}
}

// TestFailedCellDefinesNoFunctions checks that the functions of a cell
// that does not compile are not left declared without code (yaegi's
// state: a call returned zero values): one an earlier cell defined keeps
// that definition, a new one panics saying why.
func TestFailedCellDefinesNoFunctions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func kept() int { return 1 }")
	_, _, err := run(t, s, "func kept() int { return 2 }\nfunc fresh() int { return 3 }\nfunc broken() int { return nosuch }")
	cellError(t, err, "compile error", "undefined: nosuch")
	if res, _ := mustRun(t, s, "kept()"); text(res) != "1" {
		t.Errorf("kept() = %q after the failed cell, want its earlier definition's 1", text(res))
	}
	for _, f := range []string{"fresh", "broken"} {
		_, _, err := run(t, s, f+"()")
		e := cellError(t, err, "panic", f+" is not defined: In[2], which declares it, did not compile")
		if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "In[2]:") {
			t.Errorf("%s's panic does not point at its cell:\n%s", f, tb)
		}
	}
	// Fixed and run again, the cell defines them.
	mustRun(t, s, "func kept() int { return 2 }\nfunc fresh() int { return 3 }\nfunc broken() int { return 4 }")
	if res, _ := mustRun(t, s, "kept() + fresh() + broken()"); text(res) != "9" {
		t.Errorf("after the fix: %q, want 9", text(res))
	}
}

// A defer at the top level of a cell runs once, when the cell ends, with
// its arguments evaluated at the statement, last first; also after the
// cell failed, and a panic in one is the cell's error.
func TestTopLevelDefer(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `defer fmt.Println("first deferred")
x := 1
defer fmt.Println("x was", x)
x = 2
func helper() int { return 3 }
for i := 0; i < 3; i++ {
	defer fmt.Print("d", i, " ")
}
fmt.Println("body", helper(), x)`)
	if got, want := r.out(), "body 3 2\nd2 d1 d0 x was 1\nfirst deferred\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	_, r, err := run(t, s, `defer fmt.Println("cleanup")
panic("boom")`)
	if err == nil || !strings.Contains(r.out(), "cleanup") {
		t.Errorf("after a panic: err %v, output %q; want the panic and the deferred call", err, r.out())
	}
	_, _, err = run(t, s, `defer func() { panic("in defer") }()
fmt.Println("ok")`)
	if err == nil || !strings.Contains(err.Error(), "in defer") {
		t.Errorf("a panicking deferred call: err %v", err)
	}
	_, r = mustRun(t, s, `fmt.Println("next cell")`)
	if got := r.out(); got != "next cell\n" {
		t.Errorf("the next cell printed %q: a defer ran again", got)
	}
}

// TestGoroutinesRunTheirOwnClosures checks that `go func() {...}()` in a
// loop runs each iteration's closure once: a closure that returned wrote
// the literal's previous value back into the frame slot the go statement
// reads, so a goroutine started just then ran an earlier iteration's
// closure and another's never ran (about one round in a hundred had a
// wrong sum).
func TestGoroutinesRunTheirOwnClosures(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, `bad := 0
for round := 0; round < 300; round++ {
	var n atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() { n.Add(int64(i)); wg.Done() }()
	}
	wg.Wait()
	if n.Load() != 4950 {
		bad++
	}
}
bad`)
	if got := text(res); got != "0" {
		t.Errorf("%s of 300 rounds of 100 goroutines had a wrong sum", got)
	}
}

// TestExitAsksTheFrontEnd checks that `exit` or `quit` alone asks the
// front end to end the session, as IPython's do, unless a cell declared
// the name; inside Go code the names stay Go's.
func TestExitAsksTheFrontEnd(t *testing.T) {
	s := newSession(t)
	for _, code := range []string{"exit", " quit\n", "exit()"} {
		if res, _ := mustRun(t, s, code); !res.AskExit {
			t.Errorf("%q: AskExit false", code)
		}
	}
	_, _, err := run(t, s, "if true { exit }")
	cellError(t, err, "compile error", "exit")
	mustRun(t, s, "quit := 7")
	if res, _ := mustRun(t, s, "quit"); res.AskExit || text(res) != "7" {
		t.Errorf("quit after quit := 7: AskExit %v, value %q", res.AskExit, text(res))
	}
}

// TestRedefinitionReachesOneAnother checks that the functions, methods
// and types compiled again for a redefinition bind one another's new
// definitions, whatever their order: methods that call one another of a
// type that uses a changed type, mutually recursive functions of which a
// later cell redefines one, and mutually recursive types of which a
// later cell changes one.
func TestRedefinitionReachesOneAnother(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Config struct{ LR float64; Steps int }
type Trainer struct{ Cfg Config; Loss []float64 }
func (t *Trainer) Step(i int) { t.Loss = append(t.Loss, t.Cfg.LR/float64(i+1)) }
func (t *Trainer) Run() { for i := 0; i < t.Cfg.Steps; i++ { t.Step(i) } }`)
	_, r := mustRun(t, s, "type Config struct{ LR float64; Steps int; Decay float64 }")
	if r.errText() != "" {
		t.Errorf("changing Config printed %q", r.errText())
	}
	checkResults(t, s, []resultCase{
		{"tr := &Trainer{Cfg: Config{LR: 1, Steps: 2, Decay: 0.5}}\ntr.Run()\ntr.Loss", "[1 0.5]"},
	})

	mustRun(t, s, `func a(n int) int { if n == 0 { return 0 }; return b(n-1) + 1 }
func b(n int) int { if n == 0 { return 0 }; return a(n-1) + 10 }`)
	// a(4) = b(3)+1 = a(2)+b+1 = b(1)+b+2 = a(0)+2b+2.
	checkResults(t, s, []resultCase{{"a(4)", "22"}})
	mustRun(t, s, "func b(n int) int { if n == 0 { return 0 }; return a(n-1) + 100 }")
	checkResults(t, s, []resultCase{{"a(4)", "202"}})
	// A b that breaks a, then one that fits again: a runs again.
	mustRun(t, s, `func b(n int) string { return "x" }`)
	mustRun(t, s, "func b(n int) int { if n == 0 { return 0 }; return a(n-1) + 1000 }")
	checkResults(t, s, []resultCase{{"a(4)", "2002"}})

	mustRun(t, s, `type A struct{ B *B; N int }
type B struct{ A *A; M int }
func (a *A) Depth() int { if a.B == nil { return 1 }; return 1 + a.B.Depth() }
func (b *B) Depth() int { if b.A == nil { return 1 }; return 1 + b.A.Depth() }`)
	if _, r := mustRun(t, s, "type B struct{ A *A; M int; Extra string }"); r.errText() != "" {
		t.Errorf("changing B printed %q", r.errText())
	}
	checkResults(t, s, []resultCase{{`y := &A{&B{&A{nil, 0}, 1, "e"}, 2}
y.Depth()`, "3"}})
}

// TestOldValueNotesFindValues checks that the note about values of a
// changed type's old definition names the variables that hold one
// whatever made them: a constructor's result, an interface in a slice, a
// map's key, a value of a type two definitions back, and a value of a
// type declared again because it uses the changed one.
func TestOldValueNotesFindValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Model struct{ W []float64 }
func NewModel(n int) *Model { return &Model{W: make([]float64, n)} }
type Layer interface{ Forward(x float64) float64 }
type Linear struct{ W float64 }
func (l Linear) Forward(x float64) float64 { return l.W * x }
type Key struct{ A, B int }
type Box struct{ K Key }
m := NewModel(2)
net := []Layer{Linear{2}}
counts := map[Key]int{{1, 2}: 1}
box := &Box{}
n := 3`)
	for _, c := range []struct{ cell, want string }{
		{"type Model struct{ W []float64; Name string }", "note: m still holds a value of the old Model"},
		{"type Linear struct{ W, B float64 }", "note: net still holds a value of the old Linear"},
		// net holds a Linear of the definition before the last.
		{"type Linear struct{ W, B, C float64 }", "note: net still holds a value of the old Linear"},
		{"type Key struct{ A, B, C int }", "note: box, counts still hold values of the old Key"},
		{"type Key struct{ A, B, C, D int }", "note: box still holds a value of the old Box"},
	} {
		_, r := mustRun(t, s, c.cell)
		if !strings.Contains(r.errText(), c.want) {
			t.Errorf("%q: stderr %q, want %q", c.cell, r.errText(), c.want)
		}
		if strings.Contains(r.errText(), "n still") {
			t.Errorf("%q: stderr %q names n", c.cell, r.errText())
		}
	}
	// Redefining a method does not declare again the interfaces that
	// name a method of that name.
	if _, r := mustRun(t, s, "func (l Linear) Forward(x float64) float64 { return l.W*x + l.B }"); r.errText() != "" {
		t.Errorf("redefining Forward printed %q", r.errText())
	}
}

// TestOldValueHintForCalls checks that reflect's "Call using T as type U"
// of a value of a changed type's old definition says to make it again:
// a method value taken before called with a value of the new type, and
// a channel of the old type given to a new function in a goroutine.
func TestOldValueHintForCalls(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type P struct{ X, Y int }
func (p P) Add(q P) P { return P{p.X + q.X, p.Y + q.Y} }
add := P{1, 2}.Add
type Event struct{ Step int }
ch := make(chan Event, 10)
func produce(c chan Event, n int) { for i := 0; i < n; i++ { c <- Event{i} } }`)
	mustRun(t, s, "type P struct{ X, Y, Z int }\nfunc (p P) Add(q P) P { return P{p.X + q.X, p.Y + q.Y, p.Z + q.Z} }")
	// The compiler tells the old P from the new (it took them for one,
	// and the call panicked in reflect: "Call using P as type P").
	_, _, err := run(t, s, "add(P{3, 4, 5})")
	cellError(t, err, "compile error", "cannot use value of struct type P as P value in argument to add (a later cell declared P again: the values made before it are of the old P; make them again)")
	mustRun(t, s, "type Event struct{ Step int; Tag string }")
	_, _, err = run(t, s, "done := make(chan bool)\ngo func() { defer close(done); produce(ch, 1) }()\n<-done")
	cellError(t, err, "compile error", "cannot use ch (variable of type chan Event) as chan Event value in argument to produce (a later cell declared Event again")
}

// TestManyBrokenCallersOneNote checks that a redefinition that breaks
// many callers says so in one note, naming a few, and that each still
// fails saying why, and runs again once the definition fits.
func TestManyBrokenCallersOneNote(t *testing.T) {
	s := newSession(t)
	var b strings.Builder
	b.WriteString("func helper(x int) int { return x + 1 }\n")
	for i := range 40 {
		b.WriteString("func f" + strconv.Itoa(i) + "(x int) int { return helper(x) + " + strconv.Itoa(i) + " }\n")
	}
	mustRun(t, s, b.String())
	_, r := mustRun(t, s, `func helper(x int) string { return "" }`)
	if n := strings.Count(r.errText(), "note:"); n != 1 {
		t.Errorf("%d notes, want 1: %q", n, r.errText())
	}
	if !strings.Contains(r.errText(), "40 functions and methods cannot run: they use helper") {
		t.Errorf("stderr %q, want a note that 40 functions cannot run", r.errText())
	}
	_, _, err := run(t, s, "f7(1)")
	cellError(t, err, "panic", "f7 cannot run: it calls helper")
	mustRun(t, s, "func helper(x int) int { return x + 2 }")
	checkResults(t, s, []resultCase{{"f7(1)", "10"}})
}

// TestRedefinedFuncLiteralVariable checks that `f := func(...) ... {...}`
// run again with a function of the same type assigns f, as other values
// whose type the source tells do, so that functions of earlier cells that
// call f call the new one.
func TestRedefinedFuncLiteralVariable(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `loss := func(x float64) float64 { return x * x }
agg := func(xs ...float64) (s float64) { for _, x := range xs { s += x }; return }
func total(xs []float64) float64 { s := 0.0; for _, x := range xs { s += loss(x) }; return s }
func sum3() float64 { return agg(1, 2, 3) }`)
	checkResults(t, s, []resultCase{{"total([]float64{1, 2})", "5"}, {"sum3()", "6"}})
	mustRun(t, s, "loss := func(x float64) float64 { return 2 * x }")
	mustRun(t, s, "agg := func(xs ...float64) (s float64) { for _, x := range xs { s += 10 * x }; return }")
	checkResults(t, s, []resultCase{{"total([]float64{1, 2})", "6"}, {"sum3()", "60"}})
	// Another type: a new loss, which total, compiled again, cannot call.
	mustRun(t, s, "loss := func(x int) int { return x }")
	checkResults(t, s, []resultCase{{"loss(3)", "3"}})
	_, _, err := run(t, s, "total([]float64{1, 2})")
	cellError(t, err, "panic", "total cannot run: it uses loss")
}

// TestNewVariableReachesFunctions checks that `x := v` run again that
// makes a new x (a value whose type the source does not tell, or of
// another type) reaches the functions of earlier cells that use x, as in
// Go and Python: they are compiled again for it, and one that no longer
// compiles says so.
func TestNewVariableReachesFunctions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Model struct{ W float64 }
func NewModel(w float64) *Model { return &Model{w} }
m := NewModel(1)
func score() float64 { return m.W * 10 }
data := []float64{1, 2}
func mean() float64 { s := 0.0; for _, x := range data { s += x }; return s / float64(len(data)) }`)
	checkResults(t, s, []resultCase{{"score()", "10"}, {"mean()", "1.5"}})
	mustRun(t, s, "m := NewModel(2)")
	checkResults(t, s, []resultCase{{"score()", "20"}})
	_, r := mustRun(t, s, "data := []int{1}")
	if !strings.Contains(r.errText(), "note: mean cannot run: it uses data, which a later cell redefined") {
		t.Errorf("stderr %q, want a note that mean cannot run", r.errText())
	}
	_, _, err := run(t, s, "mean()")
	cellError(t, err, "panic", "mean cannot run: it uses data")
	mustRun(t, s, "data := []float64{10, 20, 30}")
	checkResults(t, s, []resultCase{{"mean()", "20"}})
	// The statements after the new x in its cell see it too.
	mustRun(t, s, "func train() { m.W *= 2 }")
	checkResults(t, s, []resultCase{{"m := NewModel(5)\ntrain()\nx := score()\nx", "100"}})
	// A var declaration run again makes a new variable too.
	mustRun(t, s, "var hist []float64\nfunc record(x float64) { hist = append(hist, x) }\nrecord(1)")
	checkResults(t, s, []resultCase{{"var hist []float64\nrecord(2)\nlen(hist)", "1"}})
}
