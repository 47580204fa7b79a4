package symbols

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/extract"
)

// generateLines returns the arguments of the //go:generate lines of
// symbols.go that run cmd ("extract" or "gendocs").
func generateLines(t *testing.T, cmd string) [][]string {
	t.Helper()
	src, err := os.ReadFile("symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, l := range strings.Split(string(src), "\n") {
		f := strings.Fields(strings.TrimPrefix(l, "//go:generate "))
		if !strings.HasPrefix(l, "//go:generate ") {
			continue
		}
		for i, w := range f {
			if w == cmd || strings.HasSuffix(w, "/"+cmd) {
				out = append(out, f[i+1:])
				break
			}
		}
	}
	return out
}

// fileName is the name `yaegi extract` gives the table of importPath.
func fileName(importPath string) string {
	return strings.NewReplacer("/", "-", ".", "_", "~", "_").Replace(importPath) + ".go"
}

// TestTablesAreCurrent regenerates every symbol table in memory and
// compares it with the committed file.
func TestTablesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the symbol tables type-checks gonum and plot from source; skipped in -short mode")
	}
	lines := generateLines(t, "extract")
	if len(lines) == 0 {
		t.Fatal("no //go:generate yaegi extract lines in symbols.go")
	}
	modulesOnGOPATH(t)
	want := map[string]bool{}
	for _, args := range lines {
		pkg := args[len(args)-1]
		want[fileName(pkg)] = true
		ext := extract.Extractor{Dest: "symbols"}
		var buf bytes.Buffer
		if _, err := ext.Extract(pkg, "", &buf); err != nil {
			t.Errorf("extracting %s: %v", pkg, err)
			continue
		}
		have, err := os.ReadFile(fileName(pkg))
		if err != nil {
			t.Errorf("%s: %v; run go generate ./dsl/symbols", pkg, err)
			continue
		}
		if !bytes.Equal(have, buf.Bytes()) {
			t.Errorf("%s is stale: run go generate ./dsl/symbols", fileName(pkg))
		}
		name := pkg[strings.LastIndex(pkg, "/")+1:]
		if _, ok := Symbols[pkg+"/"+name]; !ok {
			t.Errorf("Symbols has no table for %s", pkg)
		}
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "symbols.go" || f == "docs.go" || f == "doc.go" {
			continue
		}
		if !want[f] {
			t.Errorf("%s has no //go:generate line; delete it or add the line", f)
		}
	}
}

// modulesOnGOPATH lets go/build find the build's modules without the go
// command, for the rest of the test. yaegi's Extract type-checks each
// table's package from source with a new importer, which asks go/build
// for every package it imports; in module mode go/build runs `go list`
// for each one outside the standard library, a go command that loads
// the module graph each time: three quarters of this test's time. Here
// go/build works in GOPATH mode instead, over a GOPATH of links to the
// directories of the modules the build selects (`go list -m all`, so
// replace directives hold), and finds the same source. Where that cannot
// be built (a module inside another's path), the test keeps `go list`.
func modulesOnGOPATH(t *testing.T) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}}\t{{.Dir}}", "all").Output()
	if err != nil {
		t.Logf("go list -m all: %v; extracting with go list per package", err)
		return
	}
	dirs := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, d, ok := strings.Cut(l, "\t"); ok && d != "" {
			dirs[p] = d
		}
	}
	for p := range dirs {
		for q := range dirs {
			if strings.HasPrefix(p, q+"/") {
				t.Logf("module %s is inside module %s; extracting with go list per package", p, q)
				return
			}
		}
	}
	gopath := t.TempDir()
	for p, d := range dirs {
		link := filepath.Join(gopath, "src", filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(d, link); err != nil {
			t.Logf("%v; extracting with go list per package", err)
			return
		}
	}
	t.Setenv("GO111MODULE", "off")
	old := build.Default.GOPATH
	build.Default.GOPATH = gopath
	t.Cleanup(func() { build.Default.GOPATH = old })
}

// TestDocsAreCurrent regenerates docs.json.gz and compares its content.
func TestDocsAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the docs parses gonum and plot; skipped in -short mode")
	}
	for _, args := range generateLines(t, "gendocs") {
		if len(args) < 3 || args[0] != "-o" || args[1] != "docs.json.gz" {
			continue // docs_std.json.gz follows the Go release; not checked
		}
		tmp := filepath.Join(t.TempDir(), "docs.json.gz")
		cmd := exec.Command("go", append([]string{"run", "./internal/gendocs", "-o", tmp}, args[2:]...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("gendocs: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(readDocs(t, tmp), readDocs(t, "docs.json.gz")) {
			t.Error("docs.json.gz is stale: run go generate ./dsl/symbols")
		}
		return
	}
	t.Fatal("no //go:generate gendocs line for docs.json.gz in symbols.go")
}

func readDocs(t *testing.T, file string) map[string]map[string]DocEntry {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]map[string]DocEntry
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDocLookup(t *testing.T) {
	for _, c := range []struct{ pkg, name, want string }{
		{"fmt", "Println", "func Println(a ...any) (n int, err error)"},
		{"gonum.org/v1/plot", "New", "func New() *Plot"},
		{"gonum.org/v1/plot/vg/draw", "New", "func New(c vg.CanvasSizer) Canvas"},
		{"gonum.org/v1/plot/palette", "Heat", "func Heat(colors int, alpha float64) Palette"},
		{"github.com/petridish-go/petridish/dsl/display", "HTML", "func HTML(html string)"},
		{"builtin", "append", "func append(slice []Type, elems ...Type) []Type"},
	} {
		e, ok := Doc(c.pkg, c.name)
		if !ok || e.Decl != c.want || e.Doc == "" || e.Pos == "" {
			t.Errorf("Doc(%s, %s) = %+v, %v; want decl %q with doc and position", c.pkg, c.name, e, ok, c.want)
		}
	}
	if _, ok := Doc("fmt", "NoSuchThing"); ok {
		t.Error("Doc found a name that does not exist")
	}
}
