package interp_test

// petridish: this file is not yaegi's.

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

// upstreamDifferences are the programs of yaegi's own test suite whose
// output here differs from what yaegi v0.16.1 expects, and why.
var upstreamDifferences = map[string]string{
	"method16.go":    "prints the unexported field as Go does (property:), where yaegi expects Xproperty:",
	"type24.go":      "a recovered assertion panic prints Go's message, without yaegi's position prefix",
	"gen9.go":        "says int, Go's default type of the constants, where yaegi says untyped int",
	"assign15.go":    "says what Go says: cannot use c (variable of type chan<- struct {}) as <-chan struct {} value in variable declaration",
	"fun24.go":       "says what Go says: cannot use \"foo\" (untyped string constant) as int value in return statement",
	"fun25.go":       "says what Go says: cannot use x (variable of type string) as int value in return statement",
	"import4.go":     "math/rand.Seed does nothing since Go 1.24, so the number is not the one seed 1 gave",
	"eval0.go":       "println writes to standard error, as Go's does; the program's inner interpreter is given only a Stdout, so its line goes to the test's own standard error",
	"restricted0.go": "the output here includes standard error, where print and println write as Go's do, and so the line log.Fatal logs there",
	"issue-1460.go":  "json.Unmarshal does not call UnmarshalJSON of a cell type inside a struct (dsl/README.md); yaegi's expected output held because it encoded the unexported field as Xж",
}

// TestUpstreamPrograms runs the programs of yaegi v0.16.1's own test suite
// (its module's _test directory: those that state their output or error)
// through this copy of the interpreter, so that a petridish change that
// breaks what yaegi got right fails here. Positions are compared without
// the files' directories.
func TestUpstreamPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("runs yaegi's 900 test programs")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/traefik/yaegi").Output()
	if err != nil {
		t.Skipf("yaegi's module is not at hand: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	dir := filepath.Join(mod, "_test")
	// The programs import packages of _test by their import paths under
	// a GOPATH: one whose src/github.com/traefik/yaegi is the module.
	gopath := t.TempDir()
	if err := os.MkdirAll(filepath.Join(gopath, "src", "github.com", "traefik"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(mod, filepath.Join(gopath, "src", "github.com", "traefik", "yaegi")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("YAEGI_SPECIAL_STDIO", "1")
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, f := range files {
		name := f.Name()
		if filepath.Ext(name) != ".go" {
			continue
		}
		p := filepath.Join(dir, name)
		want, wantErr, goPath, ok := upstreamExpectation(p, gopath)
		if !ok {
			continue
		}
		ran++
		got, ok := runUpstream(p, goPath, want, wantErr)
		if why, known := upstreamDifferences[name]; known {
			if ok {
				t.Errorf("%s now runs as yaegi expects: remove it from upstreamDifferences (%s)", name, why)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: %s\nwant %q", name, got, want)
		}
	}
	if ran < 800 {
		t.Errorf("ran %d of yaegi's programs, want about 900", ran)
	}
}

// upstreamExpectation reads program p's last comment: its expected output
// ("Output:") or error ("Error:"), and the GOPATH a "GOPATH:" line names.
func upstreamExpectation(p, gopath string) (want string, wantErr bool, goPath string, ok bool) {
	f, _ := parser.ParseFile(token.NewFileSet(), p, nil, parser.ParseComments)
	if f == nil || len(f.Comments) == 0 {
		return "", false, "", false
	}
	text := f.Comments[len(f.Comments)-1].Text()
	goPath = gopath
	if strings.HasPrefix(text, "GOPATH:") {
		line, rest, _ := strings.Cut(text, "\n")
		goPath, text = filepath.Join(filepath.Dir(p), strings.TrimPrefix(line, "GOPATH:")), rest
	}
	switch {
	case strings.HasPrefix(text, "Output:\n"):
		want = strings.TrimPrefix(text, "Output:\n")
	case strings.HasPrefix(text, "Error:\n"):
		want, wantErr = strings.TrimPrefix(text, "Error:\n"), true
	default:
		return "", false, "", false
	}
	want = withoutDirs(strings.TrimSpace(want))
	return want, wantErr, goPath, want != ""
}

// runUpstream runs program p and reports what it did, and whether that
// is want: its output, or (wantErr) an error whose message contains want.
func runUpstream(p, goPath, want string, wantErr bool) (string, bool) {
	// The program's output is what it writes to both: the builtins print
	// and println write to standard error, as Go's do.
	var stdout bytes.Buffer
	i := interp.New(interp.Options{GoPath: goPath, Stdout: &stdout, Stderr: &stdout})
	for _, syms := range []interp.Exports{interp.Symbols, interp.Exports(stdlib.Symbols), interp.Exports(unsafe.Symbols)} {
		if err := i.Use(syms); err != nil {
			return err.Error(), false
		}
	}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("interpreter panic: %v", r)
			}
		}()
		_, err := i.EvalPath(p)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		return "still running after 20s", false
	}
	var pe interp.Panic
	switch {
	case wantErr && err == nil:
		return "no error; output " + stdout.String(), false
	case wantErr:
		msg := withoutDirs(strings.TrimSpace(err.Error()))
		return "error " + msg, strings.Contains(msg, want)
	case errors.As(err, &pe):
		return fmt.Sprintf("panic %v", pe.Value), false
	case err != nil:
		return "error " + err.Error(), false
	}
	got := withoutDirs(strings.TrimSpace(stdout.String()))
	return "output " + got, got == want
}

// withoutDirs removes the directories of the files that positions in s
// name (".../_test/x.go:3:1" becomes "x.go:3:1").
func withoutDirs(s string) string {
	var b strings.Builder
	for _, field := range strings.SplitAfter(s, " ") {
		if i := strings.LastIndex(field, "/"); i >= 0 && strings.Contains(field[i:], ".go:") {
			field = field[i+1:]
		}
		b.WriteString(field)
	}
	return b.String()
}
