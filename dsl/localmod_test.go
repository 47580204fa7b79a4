package dsl

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeFiles writes files (relative path -> contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWorkingModulePackages imports, in cells run in a folder of a Go
// module, the module's own packages, as `go run` there would: packages
// that import one another, one whose name is not its folder's, and a
// generic function whose constraint comes from another package of the
// module. A package the module does not have is an error naming the
// module's folder, and a package edited after its import is imported
// again.
func TestWorkingModulePackages(t *testing.T) {
	t.Setenv(EnvGoPath, t.TempDir())
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"go.mod": "module example.com/lab // the lab's code\n\ngo 1.26\n",
		"num/num.go": `// Package number has constraints.
package number

type Real interface{ ~float32 | ~float64 }
`,
		"models/models.go": `// Package models is the lab's models.
package models

import "example.com/lab/num"

// Scale is what Double multiplies by.
const Scale = 2

// Double doubles x.
func Double(x float64) float64 { return Scale * x }

// Model is a one-weight model.
type Model struct{ W float64 }

// Norm returns |m.W|.
func Norm(m Model) float64 {
	if m.W < 0 {
		return -m.W
	}
	return m.W
}

// Sum adds xs.
func Sum[T number.Real](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}
`,
		"notebooks/README": "notebooks live here\n",
	})
	t.Chdir(filepath.Join(root, "notebooks")) // go.mod is found above
	s := newSession(t)
	res, _ := mustRun(t, s, `import "example.com/lab/models"
models.Double(21) + models.Sum(0.5, 0.25)`)
	if got := text(res); got != "42.75" {
		t.Errorf("the module's package gave %q, want 42.75", got)
	}
	// Completion, inspection and help know the package from its source.
	if got, _, _ := s.Complete("models.", len("models.")); !slices.Equal(got, []string{"Double", "Model", "Norm", "Scale", "Sum"}) {
		t.Errorf("completion of models.: %q, want [Double Model Norm Scale Sum]", got)
	}
	if d, ok := s.Inspect("models.Double", len("models.Dou"), 0); !ok || !strings.Contains(d["text/plain"].(string), "func Double(x float64) float64\n\nDouble doubles x.") {
		t.Errorf("inspecting models.Double: %v %v", d, ok)
	}
	res, _ = mustRun(t, s, "models?")
	if page, _ := res.Page["text/plain"].(string); !strings.Contains(page, "Package models is the lab's models.") || !strings.Contains(page, "Members: Double, Model, Norm, Scale, Sum") {
		t.Errorf("models? paged %q", page)
	}
	res, _ = mustRun(t, s, "import \"example.com/lab/num\"\nvar x number.Real = nil\nx == nil")
	if got := text(res); got != "true" {
		t.Errorf("package number imported by path example.com/lab/num: %q", got)
	}

	_, _, err := run(t, s, `import "example.com/lab/nothing"`)
	e := cellError(t, err, "compile error", `cannot import "example.com/lab/nothing"`, "module example.com/lab ("+root+"), which has no package in "+filepath.Join(root, "nothing"))
	if strings.Contains(e.Value, "%go get") {
		t.Errorf("a package of the working module is not fetched with %%go get: %q", e.Value)
	}

	// An edit after the import: the next cell imports the package again
	// and says so, once; functions of earlier cells that use it are
	// compiled again.
	mustRun(t, s, "func double(x float64) float64 { return models.Double(x) }\nm := models.Model{W: 1}")
	time.Sleep(10 * time.Millisecond) // a later modification time
	edit := func(from, to string) {
		t.Helper()
		p := filepath.Join(root, "models/models.go")
		writeFiles(t, root, map[string]string{"models/models.go": strings.Replace(readFile(t, p), from, to, 1)})
	}
	edit("Scale = 2", "Scale = 3")
	res, r := mustRun(t, s, "models.Double(1) + 10*double(1)")
	if want := "note: package example.com/lab/models changed on disk: imported example.com/lab/models, example.com/lab/num again, and compiled again the functions and types of earlier cells that use it"; !strings.Contains(r.errText(), want) {
		t.Errorf("after an edit, stderr %q, want %q", r.errText(), want)
	}
	if got := text(res); got != "33" {
		t.Errorf("after the edit, models.Double(1) + 10*double(1) = %q, want 3 + 10*3", got)
	}
	if _, r := mustRun(t, s, "2"); r.errText() != "" {
		t.Errorf("the edit was told again: %q", r.errText())
	}
	// A value of the old Model is not the new Model once its fields
	// changed; a cell type with a Model field is declared again, and its
	// methods compiled again.
	mustRun(t, s, "type Trainer struct{ M models.Model }\nfunc (tr Trainer) Norm() float64 { return models.Norm(tr.M) }\nold := Trainer{models.Model{W: -5}}")
	time.Sleep(10 * time.Millisecond)
	edit("type Model struct{ W float64 }", "type Model struct{ W, B float64 }")
	res, r = mustRun(t, s, "Trainer{models.Model{W: -3, B: 1}}.Norm()")
	if got := text(res); got != "3" {
		t.Errorf("a Trainer of the new Model: Norm() = %q, want 3", got)
	}
	if want := "note: old still holds a value of the old Trainer"; !strings.Contains(r.errText(), want) {
		t.Errorf("stderr %q, want %q", r.errText(), want)
	}
	_, _, err = run(t, s, "models.Norm(m)")
	cellError(t, err, "compile error", "models.Model", "(example.com/lab/models was imported again after it changed on disk: the values made before are of its old Model; make them again)")
	res, _ = mustRun(t, s, "models.Norm(models.Model{W: -2})")
	if got := text(res); got != "2" {
		t.Errorf("Norm of a new Model: %q", got)
	}
	// A broken edit says why, and the fix is imported at the next cell.
	time.Sleep(10 * time.Millisecond)
	edit("Scale = 3", "Scale = ")
	_, r = mustRun(t, s, "3")
	if want := "importing it again failed: example.com/lab/models: " + filepath.Join(root, "models", "models.go") + ":"; !strings.Contains(r.errText(), want) {
		t.Errorf("after a broken edit, stderr %q, want %q", r.errText(), want)
	}
	time.Sleep(10 * time.Millisecond)
	edit("Scale = ", "Scale = 4")
	res, _ = mustRun(t, s, "models.Double(1)")
	if got := text(res); got != "4" {
		t.Errorf("after fixing the edit, Double(1) = %q, want 4", got)
	}

	// Outside the module, its packages are not found.
	t.Chdir(t.TempDir())
	s2 := newSession(t)
	_, _, err = run(t, s2, `import "example.com/lab/models"`)
	e = cellError(t, err, "compile error", `cannot import "example.com/lab/models"`, "%go get example.com/lab/models")
	if strings.Contains(e.Value, "module example.com/lab (") {
		t.Errorf("outside a module the error speaks of one: %q", e.Value)
	}
}

// TestRequiredModulePackages imports a package of a module the working
// module requires, here replaced by a folder beside it, as go.mod says.
func TestRequiredModulePackages(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	t.Setenv(EnvGoPath, t.TempDir())
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"lab/go.mod":       "module example.com/lab\n\ngo 1.26\n\nrequire example.org/stats v0.1.0\n\nreplace example.org/stats => ../stats\n",
		"stats/go.mod":     "module example.org/stats\n\ngo 1.26\n",
		"stats/mean/m.go":  "// Package mean averages.\npackage mean\n\n// Of returns the mean of xs.\nfunc Of(xs ...float64) float64 {\n\tt := 0.0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t / float64(len(xs))\n}\n",
		"lab/analysis.txt": "\n",
	})
	t.Chdir(filepath.Join(root, "lab"))
	s := newSession(t)
	res, _ := mustRun(t, s, "import \"example.org/stats/mean\"\nmean.Of(1, 2, 6)")
	if got := text(res); got != "3" {
		t.Errorf("mean.Of from the required module: %q, want 3", got)
	}
	_, _, err := run(t, s, `import "example.net/other/pkg"`)
	cellError(t, err, "compile error", `cannot import "example.net/other/pkg"`, "module example.com/lab ("+filepath.Join(root, "lab")+"), the go command says: no required module provides package example.net/other/pkg")
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
