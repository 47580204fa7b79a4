package dsl

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var updateIdioms = flag.Bool("update-idioms", false, "rewrite testdata/idioms/*.golden: the Go files with `go run`, the divergences with the Session")

// TestGoIdioms runs each program in testdata/idioms as one cell and
// compares its output with what compiled Go prints for the same program
// (its .go.golden, made by `go run` with -update-idioms). A file headed
// "// divergence:" is a known difference between yaegi and Go: its
// output must equal its .session.golden and still differ from Go's, so
// that a yaegi that fixes it is noticed.
//
// A file is a cell: imports and declarations, a line "//--- main", then
// statements. As a Go program the statements become the body of main.
func TestGoIdioms(t *testing.T) {
	files, err := filepath.Glob("testdata/idioms/*.go.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no idioms: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".go.txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			decls, stmts, ok := strings.Cut(string(raw), "//--- main\n")
			if !ok {
				t.Fatalf("%s has no //--- main line", f)
			}
			divergent := strings.HasPrefix(decls, "// divergence:")
			goGolden := strings.TrimSuffix(f, ".go.txt") + ".go.golden"
			sessionGolden := strings.TrimSuffix(f, ".go.txt") + ".session.golden"
			got := runIdiom(t, decls+stmts)
			if *updateIdioms {
				writeGolden(t, goGolden, goRun(t, decls, stmts))
				if divergent {
					writeGolden(t, sessionGolden, got)
				}
			}
			want, err := os.ReadFile(goGolden)
			if err != nil {
				t.Fatalf("%v; run go test ./dsl -run TestGoIdioms -update-idioms", err)
			}
			if !divergent {
				if got != string(want) {
					t.Errorf("the cell printed\n%s\ncompiled Go prints\n%s", got, want)
				}
				return
			}
			known, err := os.ReadFile(sessionGolden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(known) {
				t.Errorf("the cell printed\n%s\nthe known divergence is\n%s", got, known)
			}
			if got == string(want) {
				t.Errorf("the cell now prints what Go prints: the divergence is gone; drop its header and %s", sessionGolden)
			}
		})
	}
}

// runIdiom runs code as one cell of a fresh Session and returns its
// standard output, or its error.
func runIdiom(t *testing.T, code string) string {
	s := newSession(t)
	_, r, err := run(t, s, code)
	if err != nil {
		return "error: " + err.(*Error).Name + "\n"
	}
	return r.out()
}

// goRun runs the idiom as a Go program and returns its standard output.
func goRun(t *testing.T, decls, stmts string) string {
	dir := t.TempDir()
	src := "package main\n\n" + decls + "\nfunc main() {\n" + stmts + "}\n"
	for name, text := range map[string]string{"main.go": src, "go.mod": "module idiom\n\ngo 1.26\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, src)
	}
	return string(out)
}

func writeGolden(t *testing.T, path, text string) {
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
