package dsl

import (
	"reflect"
	"testing"
)

// TestMisspeltNamesSuggest checks that a name a package or a value does
// not have is reported in the cell's words, with the closest names it
// does have.
func TestMisspeltNamesSuggest(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `d, _ := dish.New(dish.DefaultConfig())
cfg := dish.DefaultConfig()
type T struct{ Alpha int }
func (T) Hello() {}
var tt T
func Map[A, B any](xs []A, f func(A) B) []B {
	var out []B
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}`)
	cases := []struct{ code, want string }{
		{`strings.Reapeat("a", 2)`, `undefined: strings.Reapeat (package strings, "strings", has no exported Reapeat; did you mean strings.Repeat, (*strings.Reader).ReadAt?)`},
		{`fmt.println(1)`, `has no exported println; did you mean fmt.Println?)`},
		{`mat.NewDens(2, 2, nil)`, `did you mean mat.NewDense, mat.NewCDense?)`},
		{`dish.Train(1)`, `undefined: dish.Train (package dish, "github.com/petridish-go/petridish/petri/dish", has no exported Train; did you mean (*dish.Dish).Train?)`},
		{`x, y := dish.Restart(1)`, `has no exported Restart; did you mean dish.Restarts?)`},
		{`slices.Indx([]int{1}, 1)`, `undefined: slices.Indx (package slices, "slices", has no exported Indx in the interpreter, which compiles only part of this generic package; did you mean slices.Index?)`},
		{`slices.Xyzzy([]int{1}, 1)`, `has no exported Xyzzy in the interpreter, which compiles only part of this generic package; write the loop, or use a non-generic package such as sort or gonum's floats)`},
		{`dish.Zzzzz()`, `has no exported Zzzzz; dish? lists what it has)`},
		{`d.Trian()`, `undefined field or method: Trian (d is a *dish.Dish; did you mean d.Train?)`},
		{`cfg.Seeed = 3`, `undefined field or method: Seeed (cfg is a dish.Config; did you mean cfg.Seed?)`},
		{`cfg.Outer.LRR = 3`, `undefined field or method: LRR (cfg.Outer is a dish.Outer; did you mean cfg.Outer.LR?)`},
		{`tt.Helo()`, `undefined field or method: Helo (tt is a T; did you mean tt.Hello?)`},
		{`type Box struct{ In T }
var box Box`, ``},
		{`box.In.Alph`, `undefined field or method: Alph (box.In is a T; did you mean box.In.Alpha?)`},
		{`tt.alpha`, `undefined field or method: alpha (tt is a T; did you mean tt.Alpha?)`},
		// Arguments that disagree on T: the Session writes no type
		// arguments, and yaegi's mismatch gets the hint.
		{`Map([]int{1}, func(i float64) string { return "" })`, `(the interpreter may have inferred the type arguments of Map wrongly: write them out, Map[T1, T2, ...](...))`},
		{`d.Zzz()`, `undefined field or method: Zzz (d is a *dish.Dish, which has no field or method Zzz)`},
		// A type parameter that could not be inferred names the
		// function that has it, not the chunk's first generic call.
		{`func zero[T any]() T {
	var z T
	return z
}

func useBoth() int {
	s := []int{2, 1}
	slices.Sort(s)
	return zero()
}`, `undefined type for T (the interpreter may have inferred the type arguments of zero wrongly: write them out, zero[T1, T2, ...](...))`},
		{`func none[E any]() []E { return nil }`, ``},
		{`func useNone() int {
	s := []int{2, 1}
	slices.Sort(s)
	return len(none())
}`, `undefined type for E (the interpreter may have inferred the type arguments of none wrongly`},
		// The standard streams of cells are no *os.File.
		{`os.Stdout.WriteString("x")`, `undefined field or method: WriteString (os.Stdout in cells is the Session's stream, an io.Writer without the methods of *os.File: write with fmt.Fprint(os.Stdout, ...) or io.WriteString(os.Stdout, s))`},
		{`func shout(s string) {
	w := os.Stderr
	w.Sync()
}`, `undefined field or method: Sync (os.Stderr in cells is the Session's stream, an io.Writer without the methods of *os.File: write with`},
		{`fi, _ := os.Stdin.Stat()`, `(os.Stdin in cells is the Session's stream, an io.Reader without the methods of *os.File: read it with bufio.NewScanner(os.Stdin) or fmt.Scan)`},
	}
	for _, c := range cases {
		if c.want == "" {
			mustRun(t, s, c.code)
			continue
		}
		_, _, err := run(t, s, c.code)
		cellError(t, err, "compile error", c.want)
	}
	if res, _ := mustRun(t, s, `Map[int, string]([]int{1}, func(i int) string { return "one" })`); text(res) != "[one]" {
		t.Errorf("explicit type arguments: %q, want [one]", text(res))
	}
}

func TestClosestNames(t *testing.T) {
	names := []string{"Train", "Trained", "TrainingSet", "TrainRestarts", "Restarts", "Seed", "Dish"}
	cases := []struct {
		target string
		want   []string
	}{
		{"train", []string{"Train"}},                          // another case alone
		{"Trai", []string{"Train", "Trained", "TrainingSet"}}, // prefixes, shortest first, at most 3
		{"Trian", []string{"Train"}},                          // a swap counts one
		{"Sed", []string{"Seed"}},
		{"Restar", []string{"Restarts"}}, // a prefix hides names that only contain it
		{"estarts", []string{"Restarts"}},
		{"ingSet", []string{"TrainingSet"}}, // only contains it
		{"Zzz", nil},
	}
	for _, c := range cases {
		if got := closestNames(c.target, names, 3); !reflect.DeepEqual(got, c.want) {
			t.Errorf("closestNames(%q) = %q, want %q", c.target, got, c.want)
		}
	}
	if d := editDistance("abcd", "acbd"); d != 1 {
		t.Errorf("editDistance of a swap = %d, want 1", d)
	}
	if d := editDistance("kitten", "sitting"); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", d)
	}
}
