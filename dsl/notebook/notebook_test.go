package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/dsl"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../testdata")

const testNotebook = "../testdata/exec.ipynb"

func readTestNotebook(t *testing.T) *Notebook {
	t.Helper()
	f, err := os.Open(testNotebook)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nb, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func newSession(t *testing.T) *dsl.Session {
	t.Helper()
	s, err := dsl.New(dsl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// golden normalizes what changes between runs: images, rates and times
// in progress bars, the Go version.
func golden(t *testing.T, raw []byte) []byte {
	t.Helper()
	s := string(raw)
	for _, r := range []struct{ re, with string }{
		{`"image/png": "[A-Za-z0-9+/=\\n]+"`, `"image/png": "<png>"`},
		{`"<\?xml version=[^\]]*\]`, `"<svg>"]`},
		{`\[\d\d:\d\d(<\d\d:\d\d)?, [0-9.e+]+ it/s\]`, `[<time>, <rate> it/s]`},
		{`"version": "[0-9.a-z]+"`, `"version": "<go>"`},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	return []byte(s)
}

// validate checks a notebook with Debian's nbformat, as Jupyter would.
func validate(t *testing.T, file string) {
	t.Helper()
	py := "/usr/bin/python3"
	if out, err := exec.Command(py, "-c", "import nbformat").CombinedOutput(); err != nil {
		if os.Getenv("PETRIDISH_REQUIRE_JUPYTER") == "1" {
			t.Fatalf("nbformat is required (PETRIDISH_REQUIRE_JUPYTER=1) but not importable: %v %s", err, out)
		}
		t.Skipf("Python's nbformat is not installed (apt install python3-nbformat); skipping validation")
	}
	script := `import sys, warnings, nbformat
warnings.simplefilter("error")
nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
nbformat.validate(nb)
assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), (nb.nbformat, nb.nbformat_minor)
print("valid")`
	out, err := exec.Command(py, "-c", script, file).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "valid" {
		t.Fatalf("nbformat rejects %s: %v\n%s", file, err, out)
	}
}

// terminalBuffer is a buffer that passes for a terminal.
type terminalBuffer struct{ bytes.Buffer }

func (*terminalBuffer) IsTerminal() bool { return true }

// TestLiveDisplayOnAFile checks that a live display echoed to a file or
// pipe (petridish exec 2>log) is written as lines, without the carriage
// returns and escape codes that redraw it on a terminal: the first
// update, and the last when the display ends.
func TestLiveDisplayOnAFile(t *testing.T) {
	var log bytes.Buffer
	o := &cellOutput{shared: &displays{byID: map[string][]map[string]any{}}, echoErr: &log}
	for i := 1; i <= 5; i++ {
		o.Display(map[string]any{"text/plain": fmt.Sprintf("step %d/5", i)}, nil, "bar", i > 1)
	}
	o.finish()
	if got, want := log.String(), "step 1/5\nstep 5/5\n"; got != want {
		t.Errorf("echoed %q, want %q", got, want)
	}
}

func TestRunGoldenAndValid(t *testing.T) {
	nb := readTestNotebook(t)
	var echo terminalBuffer
	sum, err := Run(context.Background(), newSession(t), nb, Options{AllowErrors: true, Stdout: &echo, Stderr: &echo})
	var ce *CellError
	if err == nil || !errorAs(err, &ce) || ce.Index != 7 || ce.Err.Name != "panic" {
		t.Fatalf("Run error = %v, want the panic of cell 8", err)
	}
	if sum.Executed != 8 || sum.Failed != 1 || sum.Skipped != 0 {
		t.Errorf("summary %+v", sum)
	}
	if !strings.Contains(echo.String(), "\rsteps 100% |") || !strings.Contains(echo.String(), "\rupdated in place\x1b[K\n") {
		t.Errorf("live displays were not drawn on the terminal: %q", echo.String())
	}
	if !strings.Contains(echo.String(), "hello from a cell\n") || !strings.Contains(echo.String(), "after the error") {
		t.Errorf("streams were not echoed: %q", echo.String())
	}
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.ipynb")
	os.WriteFile(out, buf.Bytes(), 0o644)
	validate(t, out)

	got := golden(t, buf.Bytes())
	const goldenFile = "../testdata/exec.golden.ipynb"
	if *update {
		os.WriteFile(goldenFile, got, 0o644)
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it after checking the change):\n%s", goldenFile, diffLines(string(want), string(got)))
	}
}

func errorAs(err error, target **CellError) bool {
	ce, ok := err.(*CellError)
	if ok {
		*target = ce
	}
	return ok
}

// diffLines shows the first differing lines.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestStopsAtFirstError(t *testing.T) {
	nb := readTestNotebook(t)
	sum, err := Run(context.Background(), newSession(t), nb, Options{})
	if err == nil || sum.Skipped != 1 || sum.Executed != 7 {
		t.Fatalf("err %v, summary %+v: want a stop after cell 8 with 1 cell skipped", err, sum)
	}
	last := nb.Cells[len(nb.Cells)-1]
	if last.ExecutionCount != nil || len(last.Outputs) != 0 {
		t.Errorf("the cell after the error ran or kept outputs: %+v", last)
	}
	errOut := nb.Cells[7].Outputs[len(nb.Cells[7].Outputs)-1]
	tb := strings.Join(errOut["traceback"].([]string), "\n")
	if errOut["output_type"] != "error" || !strings.Contains(tb, "in check") || !strings.Contains(errOut["evalue"].(string), "value 42 too large") {
		t.Errorf("error output %v", errOut)
	}
}

func TestDisplayUpdateAcrossCells(t *testing.T) {
	nb := &Notebook{Metadata: map[string]any{}, Cells: []*Cell{
		{Type: "code", Source: `h := display.New("v1")`, Metadata: map[string]any{}},
		{Type: "code", Source: `h.Update("v2")`, Metadata: map[string]any{}},
	}}
	if _, err := Run(context.Background(), newSession(t), nb, Options{}); err != nil {
		t.Fatal(err)
	}
	data := nb.Cells[0].Outputs[0]["data"].(map[string]any)
	if strings.Join(data["text/plain"].([]string), "") != "v2" || len(nb.Cells[1].Outputs) != 0 {
		t.Errorf("cell 1 output %v, cell 2 outputs %v", data, nb.Cells[1].Outputs)
	}
}

func TestCellTimeout(t *testing.T) {
	nb := &Notebook{Metadata: map[string]any{}, Cells: []*Cell{{Type: "code", Source: "for {}", Metadata: map[string]any{}}}}
	start := time.Now()
	_, err := Run(context.Background(), newSession(t), nb, Options{CellTimeout: 100 * time.Millisecond})
	if ce, ok := err.(*CellError); !ok || ce.Err.Name != "interrupt" || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

func TestReadRejectsBadNotebooks(t *testing.T) {
	cases := []struct{ src, want string }{
		{`{"cells": [`, "invalid JSON at line 1"},
		{"{\n\"nbformat\": 4,\n\"cells\": [}\n}", "invalid JSON at line 3, column 12"},
		{`[1, 2]`, "not a Jupyter notebook"},
		{`{"cells": []}`, `no "nbformat" version`},
		{`{"nbformat": 3, "cells": []}`, "nbformat 3 is not supported"},
		{`{"nbformat": 4, "nbformat_minor": 5}`, `"cells" is missing`},
		{`{"nbformat": 4, "cells": [{"cell_type": "code"}]}`, `cell 1: "source": missing`},
		{`{"nbformat": 4, "cells": [{"cell_type": "sql", "source": ""}]}`, `cell 1: unknown cell_type "sql"`},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read(%q) error = %v, want %q", c.src, err, c.want)
		}
	}
}

func TestReadKeepsIDsAndAddsMissingOnes(t *testing.T) {
	src := `{"nbformat": 4, "nbformat_minor": 4, "metadata": {"custom": 1}, "cells": [
		{"cell_type": "markdown", "id": "keep-me", "metadata": {}, "source": ["a\n", "b"]},
		{"cell_type": "code", "metadata": {}, "source": "1", "outputs": [], "execution_count": null, "attachments": {}}]}`
	nb, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[0].ID != "keep-me" || nb.Cells[1].ID == "" || nb.Cells[0].Source != "a\nb" {
		t.Errorf("cells %+v %+v", nb.Cells[0], nb.Cells[1])
	}
	var buf bytes.Buffer
	nb.Write(&buf)
	if !strings.Contains(buf.String(), `"nbformat_minor": 5`) || !strings.Contains(buf.String(), `"custom": 1`) || !strings.Contains(buf.String(), `"attachments": {}`) {
		t.Errorf("written notebook lost fields:\n%s", buf.String())
	}
}

func TestHTML(t *testing.T) {
	nb := readTestNotebook(t)
	Run(context.Background(), newSession(t), nb, Options{AllowErrors: true})
	var buf bytes.Buffer
	if err := nb.HTML(&buf, "exec test"); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<title>exec test</title>", "<h1>petridish exec test</h1>", "<strong>streams</strong>",
		`<img src="data:image/png;base64,iVBOR`, "<th>Slope</th>", "hello from a cell", `<pre class="stderr">a warning`,
		"<b>bold</b>", "updated in place", `<pre class="error">`, "value 42 too large", "In [2]:",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML page lacks %q", want)
		}
	}
}

// TestHTMLMath: math in Markdown cells and text/latex outputs reaches the
// page as source text that MathJax (loaded from a CDN, configured for
// $...$ inline math) typesets, untouched by the Markdown formatting; a
// page with no math loads no script.
func TestHTMLMath(t *testing.T) {
	md := "# Slope $\\beta$\n\nThe loss $a*b*c < d$ of *this* and `echo $HOME` cost $5 and $10 \\$ each.\n\n" +
		"$$\n\\sigma(x) = \\frac{1}{1+e^{-\\beta x}}\n* 2\n$$\n\nand \\(x_1 * y_1\\), **bold**."
	nb := &Notebook{Cells: []*Cell{
		{Type: "markdown", Source: md},
		{Type: "code", Source: "display.LaTeX(`$x^2 < y$`)", Outputs: []map[string]any{
			{"output_type": "display_data", "data": map[string]any{"text/latex": "$x^2 < y$", "text/plain": "$x^2 < y$"}},
		}},
	}}
	var buf bytes.Buffer
	if err := nb.HTML(&buf, "math"); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		`<script src="` + MathJaxURL + `"`,
		`inlineMath: [['$', '$'], ['\\(', '\\)']]`,
		`<h1>Slope $\beta$</h1>`,
		`The loss $a*b*c &lt; d$ of <em>this</em> and <code>echo $HOME</code> cost $5 and $10 \$ each.`,
		`$$ \sigma(x) = \frac{1}{1+e^{-\beta x}} * 2 $$`,
		`\(x_1 * y_1\)`, `<strong>bold</strong>`,
		`<div class="latex">$x^2 &lt; y$</div>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML page lacks %q", want)
		}
	}
	if strings.Contains(page, "<pre>$x^2") || strings.Contains(page, "<li>2") {
		t.Errorf("math shown as raw text or formatted as Markdown:\n%s", page)
	}

	plain := &Notebook{Cells: []*Cell{{Type: "markdown", Source: "no math, just *text*"}}}
	buf.Reset()
	plain.HTML(&buf, "plain")
	if strings.Contains(buf.String(), "<script") {
		t.Errorf("a page without math loads a script:\n%s", buf.String())
	}
}

// TestHelpPageIsKept runs `name?`, which pages the documentation in
// Jupyter: exec used to drop the page, so a headless reader of the
// notebook (or its HTML) saw an empty cell. The page becomes the cell's
// output, and is echoed to Stdout as petridish run prints it.
func TestHelpPageIsKept(t *testing.T) {
	nb := &Notebook{Metadata: map[string]any{}, Cells: []*Cell{
		{ID: "help", Type: "code", Source: `motif.Define?`, Metadata: map[string]any{}},
	}}
	var echo bytes.Buffer
	if _, err := Run(context.Background(), newSession(t), nb, Options{Stdout: &echo}); err != nil {
		t.Fatal(err)
	}
	outs := nb.Cells[0].Outputs
	if len(outs) != 1 || outs[0]["output_type"] != "display_data" {
		t.Fatalf("outputs %v, want the page as one display_data", outs)
	}
	text := strings.Join(outs[0]["data"].(map[string]any)["text/plain"].([]string), "")
	const want = "Define registers the family"
	if !strings.Contains(text, want) || !strings.Contains(echo.String(), want) {
		t.Errorf("page %q, echo %q: want the doc comment (%q) in both", text, echo.String(), want)
	}
	file := filepath.Join(t.TempDir(), "help.ipynb")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	validate(t, file)
}
