package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

func TestHelpAndUnknownMagic(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "%help")
	for _, m := range []string{"%time", "%timeit", "%who", "%reset", "%env", "%cd", "%pwd", "%load", "%%writefile", "%device", "%seed", "%test", "%lsmagic", "%%time", "%%bash", "%%sh", "%%html", "%%markdown", "%%latex", "%%svg", "!CMD", "NAME?"} {
		if !strings.Contains(r.out(), m) {
			t.Errorf("%%help does not mention %s", m)
		}
	}
	_, _, err := run(t, s, "%nosuch 1")
	cellError(t, err, "magic error", "unknown magic %nosuch", "%timeit", "%%writefile")
	// A cell magic below the first line says where it belongs, not that it is unknown.
	_, _, err = run(t, s, "x := 1\n%%time\nx++")
	cellError(t, err, "magic error", "%%time is a cell magic: it must be the first line of the cell", "%time STMT")
	_, _, err = run(t, s, "x := 1\n%%bash\necho hi")
	cellError(t, err, "magic error", "%%bash is a cell magic: it must be the first line of the cell")
}

func TestTimeAndTimeit(t *testing.T) {
	s := newSession(t)
	res, r := mustRun(t, s, "%time x := math.Sqrt(16)\nx")
	if !strings.Contains(r.out(), "Wall time:") || text(res) != "4" {
		t.Errorf("%%time: out %q, result %q", r.out(), text(res))
	}
	_, r = mustRun(t, s, "%timeit math.Sqrt(2)")
	re := regexp.MustCompile(`^\d[\d.]* (ns|µs|ms|s) ± \d[\d.]* (ns|µs|ms|s) per loop \(mean ± std\. dev\. of \d runs?, \d+ loops? each\)\n$`)
	if !re.MatchString(r.out()) {
		t.Errorf("%%timeit output %q", r.out())
	}
	_, r = mustRun(t, s, "n := 0\n%timeit n++")
	res, _ = mustRun(t, s, "n > 1000")
	if text(res) != "true" {
		t.Errorf("%%timeit ran the statement too few times for a fast statement (out %q)", r.out())
	}
	_, _, err := run(t, s, "%timeit undefinedX()")
	cellError(t, err, "compile error", "undefined")
}

// TestCellMagics covers %%time, %%bash and %%sh, and the display magics.
func TestCellMagics(t *testing.T) {
	s := newSession(t)
	res, r := mustRun(t, s, "%%time\ntotal := 0\nfor i := 1; i <= 10; i++ { total += i }\n!echo shell too\ntotal")
	if !strings.Contains(r.out(), "shell too\nCPU time: ") || !strings.Contains(r.out(), "Wall time: ") || text(res) != "55" {
		t.Errorf("%%%%time: out %q, result %q", r.out(), text(res))
	}
	if res, _ := mustRun(t, s, "total"); text(res) != "55" {
		t.Errorf("a variable defined under %%%%time is %q in the next cell, want 55", text(res))
	}
	_, r, err := run(t, s, "%%time\n\nbad := undefinedZ")
	cellError(t, err, "compile error", "In[3]:3:8: undefined: undefinedZ")
	if !strings.Contains(r.out(), "Wall time: ") {
		t.Errorf("%%%%time of a failing cell did not report its time: %q", r.out())
	}
	_, r = mustRun(t, s, "%%bash\nx=4\necho $((x * 2)) from ${BASH_VERSION:+bash}")
	if r.out() != "8 from bash\n" {
		t.Errorf("%%%%bash printed %q", r.out())
	}
	_, r = mustRun(t, s, "%%sh\necho sh; echo warn >&2")
	if r.out() != "sh\n" || r.errText() != "warn\n" {
		t.Errorf("%%%%sh: out %q err %q", r.out(), r.errText())
	}
	_, _, err = run(t, s, "%%bash\necho partial\nexit 3")
	cellError(t, err, "magic error", "%%bash: the script failed (exit status 3)")
	for _, c := range []struct{ magic, mime string }{
		{"html", "text/html"}, {"markdown", "text/markdown"}, {"latex", "text/latex"}, {"svg", "image/svg+xml"},
	} {
		_, r = mustRun(t, s, "%%"+c.magic+"\n<b>x</b> $y$")
		if len(r.displays) != 1 || r.displays[0].data[c.mime] != "<b>x</b> $y$" {
			t.Errorf("%%%%%s published %v, want one %s display", c.magic, r.displays, c.mime)
		}
	}
	_, _, err = run(t, s, "%%html extra\n<b>x</b>")
	cellError(t, err, "magic error", "%%html takes no arguments")
}

func TestWhoResetEnv(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "alpha := 3.5\nfunc beta() {}\ntype Gamma struct{}")
	_, r := mustRun(t, s, "%who")
	for _, want := range []string{"alpha", "float64", "beta", "func", "Gamma", "type"} {
		if !strings.Contains(r.out(), want) {
			t.Errorf("%%who output %q lacks %q", r.out(), want)
		}
	}
	if strings.Contains(r.out(), "__pd") || strings.Contains(r.out(), "ctx") {
		t.Errorf("%%who shows internals or the predeclared ctx: %q", r.out())
	}
	// Cell struct types go by their names, nested ones too; two types
	// with the same fields keep the literal, which names neither wrongly.
	mustRun(t, s, `type Inner struct{ V int }
type Outer struct{ In Inner; Name string }
type Twin1 struct{ A, B float64 }
type Twin2 struct{ A, B float64 }
one := Outer{}
many := map[string][]*Outer{}
tw := Twin1{}`)
	_, r = mustRun(t, s, "%who")
	for _, want := range []string{"one              var Outer\n", "many             var map[string][]*Outer\n", "tw               var struct { A float64; B float64 }\n"} {
		if !strings.Contains(r.out(), want) {
			t.Errorf("%%who output %q lacks %q", r.out(), want)
		}
	}
	if page := s.helpPage("one?"); !strings.Contains(fmt.Sprint(page), "var one Outer") {
		t.Errorf("one? shows %v, want its type by name", page)
	}
	mustRun(t, s, "%reset")
	_, _, err := run(t, s, "alpha")
	cellError(t, err, "compile error", "undefined: alpha")

	t.Setenv("PETRIDISH_TEST_ENV", "")
	mustRun(t, s, "%env PETRIDISH_TEST_ENV=hello world")
	res, _ := mustRun(t, s, `os.Getenv("PETRIDISH_TEST_ENV")`)
	if text(res) != "hello world" || os.Getenv("PETRIDISH_TEST_ENV") != "hello world" {
		t.Errorf("after %%env: cell sees %q, process %q", text(res), os.Getenv("PETRIDISH_TEST_ENV"))
	}
	_, r = mustRun(t, s, "%env PETRIDISH_TEST_ENV")
	if r.out() != "hello world\n" {
		t.Errorf("%%env K printed %q", r.out())
	}
	_, r = mustRun(t, s, "%env")
	if !strings.Contains(r.out(), "PETRIDISH_TEST_ENV=hello world") {
		t.Errorf("%%env does not list the variable: %q", r.out())
	}
}

func TestFilesAndDirectories(t *testing.T) {
	s := newSession(t)
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	dir := t.TempDir()
	_, r := mustRun(t, s, "%cd "+dir)
	if strings.TrimSpace(r.out()) != dir {
		t.Errorf("%%cd printed %q", r.out())
	}
	_, r = mustRun(t, s, "%pwd")
	if strings.TrimSpace(r.out()) != dir {
		t.Errorf("%%pwd printed %q", r.out())
	}
	_, r = mustRun(t, s, "%%writefile lib.go\nfunc triple(x int) int { return 3 * x }\n")
	if r.out() != "Writing lib.go\n" {
		t.Errorf("%%%%writefile printed %q", r.out())
	}
	mustRun(t, s, "%%writefile -a lib.go\nvar loaded = triple(5)\n")
	res, _ := mustRun(t, s, "%load lib.go\nloaded")
	if text(res) != "15" {
		t.Errorf("after %%load: %q", text(res))
	}
	os.WriteFile(filepath.Join(dir, "prog.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"prog main\") }\n"), 0o644)
	_, r = mustRun(t, s, "%load prog.go")
	if r.out() != "prog main\n" {
		t.Errorf("%%load of a program printed %q", r.out())
	}
	_, _, err := run(t, s, "%load missing.go")
	cellError(t, err, "magic error", "missing.go")
	_, _, err = run(t, s, "%cd /no/such/dir")
	cellError(t, err, "magic error", "/no/such/dir")
}

func TestDeviceAndSeed(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "%device")
	if !strings.Contains(r.out(), "* cpu") || !strings.Contains(r.out(), "  cuda unavailable: ") {
		t.Errorf("%%device printed %q, want cpu current and cuda unavailable (no GPU here)", r.out())
	}
	_, _, err := run(t, s, "%device cuda")
	cellError(t, err, "magic error", "cuda", "PETRI_DEVICE=cpu")
	_, _, err = run(t, s, "%device tpu")
	cellError(t, err, "magic error", "tpu", "cpu")
	if _, r = mustRun(t, s, "%device cpu"); !strings.HasPrefix(r.out(), "device: cpu") {
		t.Errorf("%%device cpu printed %q", r.out())
	}

	old := rng.Seed()
	t.Cleanup(func() { rng.SetSeed(old) })
	mustRun(t, s, "%seed 1234")
	res, _ := mustRun(t, s, "rng.Seed()")
	if text(res) != "1234" || rng.Seed() != 1234 {
		t.Errorf("after %%seed 1234: cell sees %s, process %d", text(res), rng.Seed())
	}
	_, _, err = run(t, s, "%seed -1")
	cellError(t, err, "magic error", "non-negative integer")
}

func TestShell(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "!echo hello; echo oops >&2\nx := 1")
	if r.out() != "hello\n" || r.errText() != "oops\n" {
		t.Errorf("shell out %q err %q", r.out(), r.errText())
	}
	_, r = mustRun(t, s, "!exit 3")
	if !strings.Contains(r.errText(), "exit status 3") {
		t.Errorf("shell exit status not reported: %q", r.errText())
	}
}

func TestMagicLinesInsideGoAreGo(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, "s := `\n%not a magic\n!not a shell\n`\nlen(s)")
	if text(res) != "27" {
		t.Errorf("raw string with magic-looking lines: len %q", text(res))
	}
}
