package dsl

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTestMagic checks %test: the cells' Test functions run with the
// testing package as go test runs them, a failure fails the cell with
// the messages (without the interpreter's Go positions), a panic in a
// subtest fails that test and leaves the Session running, a pattern
// selects tests, and -bench runs the benchmarks.
func TestTestMagic(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "testing"

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func TestFib(t *testing.T) {
	if got := fib(10); got != 55 {
		t.Errorf("fib(10) = %d, want 55", got)
	}
}

func BenchmarkFib(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fib(10)
	}
}`)
	if _, r := mustRun(t, s, "%test -v"); !strings.Contains(r.out(), "--- PASS: TestFib") || !strings.HasSuffix(r.out(), "PASS\n") {
		t.Errorf("%%test -v printed %q", r.out())
	}
	mustRun(t, s, `func TestTable(t *testing.T) {
	for _, n := range []int{1, 2} {
		t.Run("n", func(t *testing.T) {
			t.Logf("n=%d", n)
			if n == 2 {
				var m map[string]int
				m["x"] = n
			}
		})
	}
	t.Error("table done")
}

func Testlower(t *testing.T) { t.Fatal("not a test: lower case after Test") }`)
	_, r, err := run(t, s, "%test")
	cellError(t, err, "test failure", "tests failed")
	out := r.out()
	for _, want := range []string{"--- FAIL: TestTable", "--- FAIL: TestTable/n#01", "panic: assignment to entry in nil map", "    table done", "\nFAIL\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("%%test printed no %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"value.go:", "Testlower", "--- FAIL: TestFib", "n=1"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("%%test printed %q:\n%s", unwanted, out)
		}
	}
	// The Session still runs cells, and a pattern selects the tests.
	if _, r := mustRun(t, s, "%test -v Fib$"); strings.Contains(r.out(), "TestTable") || !strings.Contains(r.out(), "--- PASS: TestFib") {
		t.Errorf("%%test -v Fib$ printed %q", r.out())
	}
	if _, r := mustRun(t, s, "%test -run ^$ -bench Fib -benchtime 20x"); !strings.Contains(r.out(), "BenchmarkFib") || !strings.Contains(r.out(), "20\t") || !strings.Contains(r.out(), "ns/op") {
		t.Errorf("%%test -bench printed %q", r.out())
	}
}

// TestTestMagicExamples checks that %test runs the cells' Example
// functions with an output comment, as go test does: their standard
// output (fmt's Print functions, os.Stdout) against the comment, in
// order or unordered; one without the comment is not run; a mismatch
// fails the cell with got and want; and the Session's own output goes
// back to the cell afterwards.
func TestTestMagicExamples(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func Greet(name string) string { return "hello, " + name }

func ExampleGreet() {
	fmt.Println(Greet("ann"))
	fmt.Fprintln(os.Stdout, Greet("bob"))
	// Output:
	// hello, ann
	// hello, bob
}

func Example_keys() {
	for _, k := range []string{"b", "a"} {
		fmt.Println(k)
	}
	// Unordered output:
	// a
	// b
}

func ExampleNotRun() {
	panic("an example without an output comment is compiled, not run")
}`)
	_, r := mustRun(t, s, "%test -v")
	for _, want := range []string{"--- PASS: ExampleGreet", "--- PASS: Example_keys", "PASS\n"} {
		if !strings.Contains(r.out(), want) {
			t.Errorf("%%test -v printed no %q:\n%s", want, r.out())
		}
	}
	if strings.Contains(r.out(), "NotRun") || strings.Contains(r.out(), "hello, ann") {
		t.Errorf("%%test -v printed an example not run, or an example's output:\n%s", r.out())
	}
	mustRun(t, s, "func ExampleWrong() {\n\tfmt.Println(Greet(\"cy\"))\n\t// Output: hello, dan\n}")
	_, r, err := run(t, s, "%test Wrong")
	cellError(t, err, "test failure", "tests failed")
	for _, want := range []string{"--- FAIL: ExampleWrong", "got:\nhello, cy\nwant:\nhello, dan\n"} {
		if !strings.Contains(r.out(), want) {
			t.Errorf("%%test Wrong printed no %q:\n%s", want, r.out())
		}
	}
	if _, r := mustRun(t, s, `fmt.Println("back in the cell")`); r.out() != "back in the cell\n" {
		t.Errorf("after %%test the cell printed %q", r.out())
	}
}

// TestTestMagicErrors checks %test's errors: no tests declared, and bad
// arguments.
func TestTestMagicErrors(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "%test")
	cellError(t, err, "magic error", "no Test functions or Examples with an output comment declared in cells", "func TestName(t *testing.T)", "// Output:")
	for _, tc := range []struct{ arg, want string }{
		{"-count 0", "-count must be at least 1"},
		{"-nosuch", "flag provided but not defined: -nosuch"},
		{"A B", "one pattern at most"},
		{"-run A B", "give the pattern once"},
	} {
		_, _, err := run(t, s, "%test "+tc.arg)
		cellError(t, err, "magic error", tc.want, "usage: %test")
	}
	mustRun(t, s, "import \"testing\"\nfunc TestX(t *testing.T) {}")
	_, _, err = run(t, s, "%test -benchtime forever")
	cellError(t, err, "magic error", "-benchtime forever")
}

// TestTestMagicInterrupt checks that an interrupt stops a test that
// loops forever, and that the Session runs %test again afterwards.
func TestTestMagicInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \"testing\"\nvar spin = true\nfunc TestSpin(t *testing.T) {\n\tn := 0\n\tfor spin {\n\t\tn++\n\t}\n}")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(ctx, "%test", &recorder{})
		done <- err
	}()
	select {
	case err := <-done:
		cellError(t, err, "interrupt", "the cell ran out of time")
	case <-time.After(10 * time.Second):
		t.Fatal("a test looping forever was not interrupted within 10s")
	}
	mustRun(t, s, "spin = false")
	if _, r := mustRun(t, s, "%test -v"); !strings.Contains(r.out(), "--- PASS: TestSpin") {
		t.Errorf("%%test after the interrupt printed %q", r.out())
	}
}
