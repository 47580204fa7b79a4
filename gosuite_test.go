package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

var goSuiteOnly = flag.String("gosuite", "", "run only these comma-separated folders of Go's test suite (top for its top folder)")

var updateGoSuite = flag.Bool("update-gosuite", false, "rewrite testdata/gosuite/*.txt: every program that fails now is listed, with the reason kept or, for a new one, the first line it printed")

// goSuiteDirs are the folders of Go's own test suite ($GOROOT/test) whose
// "// run" programs TestGoTestSuite runs, each with its list of known
// failures in testdata/gosuite (the top folder's is top.txt).
var goSuiteDirs = []string{".", "ken", "chan", "interface", "typeparam", "fixedbugs"}

// goSuiteTimeout bounds one program's run; a program that needs longer is
// listed with "skips" instead of "fails".
const goSuiteTimeout = 20 * time.Second

// TestGoTestSuite runs the "// run" programs of the Go distribution's own
// test suite ($GOROOT/test: the language's corner cases, each a package
// main that panics or prints when Go gets it wrong) with `petridish run`,
// as Go's test driver runs them with `go run`: a program passes when it
// exits with status 0 and prints exactly its .out file (nothing, when it
// has none). Programs whose build constraints exclude this platform, and
// those run with compiler flags, are left out, as Go's driver does.
//
// testdata/gosuite/DIR.txt lists the programs that are known to fail
// here, one per line: "fails FILE: why" (run, and must still fail, so a
// fix is noticed) or "skips FILE: why" (not run: it runs past
// goSuiteTimeout or cannot run in a test). Every other program must pass.
// The lists hold for the Go release named on their first line; with
// another release's test suite the test skips.
func TestGoTestSuite(t *testing.T) {
	if p := os.Getenv("PETRIDISH_GOSUITE_CHILD"); p != "" {
		os.Exit(runMain([]string{"run", "--timeout", goSuiteTimeout.String(), p}))
	}
	if testing.Short() {
		t.Skip("runs Go's own test programs")
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "test")
	version, err := os.ReadFile(filepath.Join(root, "..", "VERSION"))
	if err != nil {
		t.Skipf("Go's test suite is not at hand: %v", err)
	}
	release, _, _ := strings.Cut(string(version), "\n")
	type job struct {
		dir, file string
		list      *goSuiteList
	}
	var jobs []job
	lists := map[string]*goSuiteList{}
	dirs := goSuiteDirs
	if *goSuiteOnly != "" {
		dirs = strings.Split(strings.ReplaceAll(*goSuiteOnly, "top", "."), ",")
	}
	for _, dir := range dirs {
		l, err := readGoSuiteList(goSuiteListPath(dir))
		if err != nil {
			t.Fatal(err)
		}
		if l.release != release && !*updateGoSuite {
			t.Skipf("%s lists the failures of %s's test suite; this is %s's (rerun with -update-gosuite to list its own)", goSuiteListPath(dir), l.release, release)
		}
		l.release = release
		lists[dir] = l
		files, err := goSuitePrograms(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if _, skip := l.skips[f]; skip {
				continue
			}
			jobs = append(jobs, job{dir, f, l})
		}
	}
	type result struct {
		job
		ok     bool
		output string
		took   time.Duration
	}
	results := make([]result, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				start := time.Now()
				ok, out := runGoSuiteProgram(t, filepath.Join(root, j.dir, j.file))
				results[i] = result{j, ok, out, time.Since(start)}
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	passed := 0
	failing := map[string]map[string]string{}
	for _, r := range results {
		if r.ok {
			passed++
		} else {
			if failing[r.dir] == nil {
				failing[r.dir] = map[string]string{}
			}
			failing[r.dir][r.file] = r.output
		}
		if *updateGoSuite {
			continue
		}
		why, known := r.list.fails[r.file]
		switch {
		case r.ok && known:
			t.Errorf("%s passes now: remove it from %s (it was listed as: %s)", filepath.Join(r.dir, r.file), goSuiteListPath(r.dir), why)
		case !r.ok && !known:
			t.Errorf("%s fails:\n%s", filepath.Join(r.dir, r.file), indent(excerpt(r.output, 15)))
		}
	}
	slowest := slices.Clone(results)
	slices.SortFunc(slowest, func(a, b result) int { return int(b.took - a.took) })
	for _, r := range slowest[:min(10, len(slowest))] {
		t.Logf("%v\t%s", r.took.Round(time.Millisecond), filepath.Join(r.dir, r.file))
	}
	t.Logf("Go %s test suite: %d of %d programs run pass (%s)", release, passed, len(jobs), strings.Join(dirs, ", "))
	if *updateGoSuite {
		for _, dir := range dirs {
			if err := lists[dir].write(goSuiteListPath(dir), failing[dir]); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// runGoSuiteProgram runs one program with `petridish run` in a child
// process (a program may crash its process, as Go's own suite does on
// purpose), in the program's folder, and says whether it passed, with
// what it printed.
func runGoSuiteProgram(t *testing.T, path string) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), goSuiteTimeout+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestGoTestSuite$")
	cmd.Env = append(os.Environ(), "PETRIDISH_GOSUITE_CHILD="+filepath.Base(path))
	cmd.Dir = filepath.Dir(path)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	want, rerr := os.ReadFile(strings.TrimSuffix(path, ".go") + ".out")
	if rerr != nil && !os.IsNotExist(rerr) {
		t.Fatal(rerr)
	}
	if err != nil {
		return false, fmt.Sprintf("%s(%v)", out.String(), err)
	}
	if out.String() != string(want) {
		return false, fmt.Sprintf("%s\nprinted\n%s\nwhere Go prints\n%s", firstDifference(out.String(), string(want)), excerpt(out.String(), 6), excerpt(string(want), 6))
	}
	return true, out.String()
}

// firstDifference describes the first line where a program's output
// differs from Go's.
func firstDifference(have, want string) string {
	h, w := strings.Split(have, "\n"), strings.Split(want, "\n")
	for i := range max(len(h), len(w)) {
		var hl, wl string
		if i < len(h) {
			hl = h[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if hl != wl {
			return fmt.Sprintf("its output differs from Go's at line %d: %q where Go prints %q", i+1, hl, wl)
		}
	}
	return "its output differs from Go's"
}

// goSuitePrograms lists the programs of one folder of Go's test suite that
// its driver runs with a plain `go run` on this platform.
func goSuitePrograms(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || filepath.Ext(name) != ".go" {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if first, _, _ := strings.Cut(string(src), "\n"); strings.TrimSpace(first) == "// run" && buildsHere(src) {
			files = append(files, name)
		}
	}
	return files, nil
}

// buildsHere evaluates a program's //go:build line for this platform and
// the gc toolchain.
func buildsHere(src []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "package ") {
			break
		}
		if !constraint.IsGoBuild(line) {
			continue
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			return false
		}
		return expr.Eval(func(tag string) bool {
			switch tag {
			case runtime.GOOS, runtime.GOARCH, "gc":
				return true
			case "unix":
				return runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1"
			case "cgo":
				return false
			}
			return strings.HasPrefix(tag, "go1.")
		})
	}
	return true
}

// goSuiteList is one folder's list of known failures.
type goSuiteList struct {
	release     string
	fails       map[string]string // file → why it fails
	skips       map[string]string // file → why it is not run
	skipsInList []string          // the skip lines, as written
}

func goSuiteListPath(dir string) string {
	if dir == "." {
		dir = "top"
	}
	return filepath.Join("testdata", "gosuite", dir+".txt")
}

func readGoSuiteList(path string) (*goSuiteList, error) {
	l := &goSuiteList{fails: map[string]string{}, skips: map[string]string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	l.release = strings.TrimPrefix(lines[0], "# ")
	for n, line := range lines[1:] {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		file, why, ok := strings.Cut(rest, ": ")
		if !ok || why == "" || (kind != "fails" && kind != "skips") {
			return nil, fmt.Errorf("%s:%d: want \"fails FILE: why\" or \"skips FILE: why\", have %q", path, n+2, line)
		}
		if kind == "fails" {
			l.fails[file] = why
		} else {
			l.skips[file] = why
			l.skipsInList = append(l.skipsInList, line)
		}
	}
	return l, nil
}

// write rewrites the list with the programs that fail now: the reason a
// listed one had is kept, a new one gets the first line it printed.
func (l *goSuiteList) write(path string, failing map[string]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", l.release)
	names := make([]string, 0, len(failing))
	for f := range failing {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		why, ok := l.fails[f]
		if !ok {
			why = firstOutputLine(failing[f])
		}
		fmt.Fprintf(&b, "fails %s: %s\n", f, why)
	}
	skips := slices.Clone(l.skipsInList)
	sort.Strings(skips)
	for _, s := range skips {
		fmt.Fprintln(&b, s)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func firstOutputLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return "prints nothing where Go prints its .out"
}

// excerpt keeps the first n lines of s.
func excerpt(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t")
}
