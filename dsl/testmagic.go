package dsl

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"go/doc"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The func types %test runs: tests and benchmarks, as go test finds them.
var (
	testFuncType    = reflect.TypeFor[func(*testing.T)]()
	benchFuncType   = reflect.TypeFor[func(*testing.B)]()
	exampleFuncType = reflect.TypeFor[func()]()
)

// testOptions are the flags of %test, go test's of the same names.
type testOptions struct {
	verbose   bool
	run       string
	bench     string
	benchtime string
	count     int
	short     bool
	failfast  bool
}

// parseTestArgs parses %test's arguments: go test's -v, -run, -bench,
// -benchtime, -count, -short and -failfast, and at most one more
// argument, a -run pattern.
func parseTestArgs(arg string) (testOptions, error) {
	var o testOptions
	fs := flag.NewFlagSet("%test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.verbose, "v", false, "")
	fs.StringVar(&o.run, "run", "", "")
	fs.StringVar(&o.bench, "bench", "", "")
	fs.StringVar(&o.benchtime, "benchtime", "1s", "")
	fs.IntVar(&o.count, "count", 1, "")
	fs.BoolVar(&o.short, "short", false, "")
	fs.BoolVar(&o.failfast, "failfast", false, "")
	if err := fs.Parse(strings.Fields(arg)); err != nil {
		return o, err
	}
	switch fs.NArg() {
	case 0:
	case 1:
		if o.run != "" {
			return o, fmt.Errorf("give the pattern once: -run %s or %s", o.run, fs.Arg(0))
		}
		o.run = fs.Arg(0)
	default:
		return o, fmt.Errorf("one pattern at most, got %s", strings.Join(fs.Args(), " "))
	}
	if o.count < 1 {
		return o, fmt.Errorf("-count must be at least 1, got %d", o.count)
	}
	return o, nil
}

// magicTest runs %test: the functions TestName(t *testing.T) and, with
// -bench, BenchmarkName(b *testing.B) declared in cells, with the
// testing package, as go test runs a package's tests. A failed test
// fails the cell.
func (s *Session) magicTest(ctx context.Context, _, arg string, _ part, out Output, _ *Result) error {
	o, err := parseTestArgs(arg)
	if err != nil {
		return magicError("%%test: %v (usage: %s)", err, lineMagics["test"].usage)
	}
	var tests []testing.InternalTest
	var benchmarks []testing.InternalBenchmark
	var examples []testing.InternalExample
	for _, n := range s.state.names("func") {
		if !isTestName(n, "Test") && !isTestName(n, "Benchmark") && !isTestName(n, "Example") || s.state.decls[n].generic {
			continue
		}
		v, err := s.eval(ctx, n)
		if err != nil || !v.IsValid() || !v.CanInterface() {
			continue
		}
		switch {
		case v.Type() == testFuncType && isTestName(n, "Test"):
			tests = append(tests, testing.InternalTest{Name: n, F: v.Interface().(func(*testing.T))})
		case v.Type() == benchFuncType && isTestName(n, "Benchmark"):
			benchmarks = append(benchmarks, testing.InternalBenchmark{Name: n, F: v.Interface().(func(*testing.B))})
		case v.Type() == exampleFuncType && isTestName(n, "Example"):
			if ex, ok := s.example(n, v.Interface().(func())); ok {
				examples = append(examples, ex)
			}
		}
	}
	if len(tests) == 0 && len(examples) == 0 && (o.bench == "" || len(benchmarks) == 0) {
		what := "Test functions or Examples with an output comment"
		if o.bench != "" {
			what = "Test, Benchmark or Example functions"
		}
		return magicError("%%test: no %s declared in cells: declare func TestName(t *testing.T) { ... } (or func BenchmarkName(b *testing.B) with -bench, or func ExampleName() { ... } ending with an // Output: comment)", what)
	}
	// The run is an evaluation of the interpreter's, so that an
	// interrupt stops the tests' interpreted code as it stops a cell's.
	var runErr error
	run := func() int {
		code, err := runTests(o, tests, benchmarks, examples, out)
		runErr = err
		return code
	}
	s.testRun.Store(&run)
	v, err := s.eval(ctx, internalName+".RunTests()")
	switch {
	case err != nil:
		return err
	case runErr != nil:
		return magicError("%%test: %v", runErr)
	}
	if v.Int() != 0 {
		return &Error{Name: "test failure", Value: "tests failed", Traceback: []string{"tests failed"}}
	}
	return nil
}

// example returns the Example function name of the cells, f, with the
// output its // Output: (or // Unordered output:) comment expects, as go
// test runs it: what f prints to standard output, through fmt's Print
// functions or os.Stdout, is compared with that. false when name has no
// output comment: go test compiles such an example and does not run it.
func (s *Session) example(name string, f func()) (testing.InternalExample, bool) {
	file := s.state.recordedFile(name)
	if file == nil {
		return testing.InternalExample{}, false
	}
	for _, ex := range doc.Examples(file) {
		if "Example"+ex.Name != name || ex.Output == "" && !ex.EmptyOutput {
			continue
		}
		run := func() {
			restore := s.route.redirectStdout(os.Stdout) // the testing package's pipe
			defer restore()
			f()
		}
		return testing.InternalExample{Name: name, F: run, Output: ex.Output, Unordered: ex.Unordered}, true
	}
	return testing.InternalExample{}, false
}

// isTestName reports whether name is a test or benchmark name with the
// given prefix, as go test decides: the prefix alone, or followed by a
// character that is not a lower-case letter.
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	rest := name[len(prefix):]
	return rest == "" || !('a' <= rest[0] && rest[0] <= 'z')
}

// guardTesting is the Session's interp.Options.WrapFunc: it returns a
// func(*testing.T) or func(*testing.B) of the cells (a test, or a
// subtest's literal given to t.Run) as one whose panic fails the test
// with the panic's value, and other funcs as they are. A panicking test
// ends the go test process, and would end the kernel.
func guardTesting(fn reflect.Value) reflect.Value {
	switch fn.Type() {
	case testFuncType:
		return reflect.ValueOf(failOnPanic(fn.Interface().(func(*testing.T))))
	case benchFuncType:
		return reflect.ValueOf(failOnPanic(fn.Interface().(func(*testing.B))))
	}
	return fn
}

// failOnPanic returns f as a test (or benchmark) that a panic of f fails
// with the panic's value.
func failOnPanic[T testing.TB](f func(T)) func(T) {
	return func(t T) {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		f(t)
	}
}

// testingFlags holds the testing package's flags, registered once in a
// flag set of their own (testing.Init registers them on
// flag.CommandLine, which `petridish run` gives to the script).
var testingFlags struct {
	once sync.Once
	set  *flag.FlagSet
}

// testFlagSet returns the flag set that holds the testing package's
// flags, parsed (the testing package runs only after flags are parsed).
func testFlagSet() *flag.FlagSet {
	testingFlags.once.Do(func() {
		saved := flag.CommandLine
		fs := flag.NewFlagSet("%test", flag.ContinueOnError)
		flag.CommandLine = fs
		testing.Init()
		flag.CommandLine = saved
		if fs.Lookup("test.v") == nil {
			// testing.Init ran before, on another flag set: use it.
			fs = saved
		}
		if !fs.Parsed() {
			fs.Parse(nil)
		}
		testingFlags.set = fs
	})
	return testingFlags.set
}

// testRun serializes runs of the testing package, which keeps its
// settings in package variables.
var testRun sync.Mutex

// runTests runs tests, benchmarks and examples with the testing package, options
// o, writing its report to out's stdout, and returns its exit code.
func runTests(o testOptions, tests []testing.InternalTest, benchmarks []testing.InternalBenchmark, examples []testing.InternalExample, out Output) (int, error) {
	testRun.Lock()
	defer testRun.Unlock()
	fs := testFlagSet()
	run := o.run
	if run == "" && o.bench != "" && len(tests) == 0 && len(examples) == 0 {
		run = "^$"
	}
	// Every test flag has its default value but those of o, during the
	// run: where testing.Init ran before on the process's flags (a test
	// binary, a cell), their values come back after it, so that its own
	// profiles and test log are not written by this run.
	saved := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "test.") {
			saved[f.Name] = f.Value.String()
			fs.Set(f.Name, f.DefValue)
		}
	})
	defer func() {
		for name, value := range saved {
			fs.Set(name, value)
		}
	}()
	for name, value := range map[string]string{
		"test.v":         strconv.FormatBool(o.verbose),
		"test.run":       run,
		"test.bench":     o.bench,
		"test.benchtime": o.benchtime,
		"test.count":     strconv.Itoa(o.count),
		"test.short":     strconv.FormatBool(o.short),
		"test.failfast":  strconv.FormatBool(o.failfast),
	} {
		if err := fs.Set(name, value); err != nil {
			return 0, fmt.Errorf("-%s %s: %v", strings.TrimPrefix(name, "test."), value, err)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			out.Stream("stdout", withoutGoPosition(sc.Text())+"\n")
		}
		io.Copy(io.Discard, r) // a line past 1 MiB: the rest unread
	}()
	savedStdout, savedCommandLine := os.Stdout, flag.CommandLine
	os.Stdout, flag.CommandLine = w, fs
	code := testMain(tests, benchmarks, examples)
	os.Stdout, flag.CommandLine = savedStdout, savedCommandLine
	w.Close()
	<-copied
	r.Close()
	return code, nil
}

// goPositionRE matches the position the testing package puts before a
// message of t.Log, t.Error and the like: the Go file and line of the
// call, which for a cell's call is a file of the interpreter or of the
// reflect package (value.go:586:), meaningless to the user.
var goPositionRE = regexp.MustCompile(`^(\s+)[a-z0-9_]+\.go:\d+: `)

// withoutGoPosition returns a line of the testing package's report
// without goPositionRE's position.
func withoutGoPosition(line string) string {
	return goPositionRE.ReplaceAllString(line, "$1")
}
