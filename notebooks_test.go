package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl/notebook"
	"github.com/petridish-go/petridish/petri/store"
)

// TestSigmoidNotebook runs notebooks/sigmoid_slope.ipynb through exec on a
// tiny ground truth the test makes (a peaked error curve over 30 slopes)
// with a shortened dish, and checks that the notebook produces Figure 1
// and the comparison table.
func TestSigmoidNotebook(t *testing.T) {
	in := copyNotebook(t, "notebooks/sigmoid_slope.ipynb")
	dir := filepath.Dir(in)
	var csv strings.Builder
	csv.WriteString("motif,loss,std,runs\n")
	for i := range 30 {
		s := 0.01 + 2.0*float64(i)/29
		loss := 0.03 + 0.01*math.Pow(math.Log(s/0.3), 2)
		fmt.Fprintf(&csv, "%g,%g,0.001,3\n", s, loss)
	}
	gt := filepath.Join(dir, "tiny_gt.csv")
	if err := os.WriteFile(gt, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	outputs, pngs := execNotebook(t, in, "-p", "gtFile="+gt, "-p", "quick=true", "-p", "seeds=3")
	var table, verdict, text string
	for _, o := range outputs {
		data, _ := o["data"].(map[string]any)
		if h := notebook.JoinText(data["text/html"]); strings.Contains(h, "<table") {
			table = h
		}
		if m := notebook.JoinText(data["text/markdown"]); strings.Contains(m, "eproduced") {
			verdict = m
		}
		text += notebook.JoinText(o["text"])
	}
	if pngs != 1 {
		t.Errorf("the notebook drew %d images, want Figure 1", pngs)
	}
	for _, o := range outputs {
		data, _ := o["data"].(map[string]any)
		if b64 := notebook.JoinText(data["image/png"]); b64 != "" {
			checkLegendInside(t, b64)
		}
	}
	for _, want := range []string{"Synthetic Petri Dish", "NN surrogate", "ExcessError", "SpearmanLeft", "±"} {
		if !strings.Contains(table, want) {
			t.Errorf("result table lacks %q:\n%s", want, table)
		}
	}
	if verdict == "" {
		t.Error("no verdict on the paper's claims")
	}
	for _, want := range []string{"30 slopes", "seed 3: NN best", "excess error"} {
		if !strings.Contains(text, want) {
			t.Errorf("streamed output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "seed 4:") {
		t.Errorf("-p seeds=3 ran a fourth seed:\n%s", text)
	}
}

// regionColor is the fill of Figure 1's training region, and of its
// legend swatch.
var regionColor = color.RGBA{R: 225, G: 230, B: 245, A: 255}

// checkLegendInside checks that Figure 1's legend swatch for the training
// region lies inside the image with a margin: no pixel of the region's
// colour within a few pixels of the right edge (the band itself ends at
// slope 1.5, far from it).
func checkLegendInside(t *testing.T, b64 string) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	found := false
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) != regionColor {
				continue
			}
			found = true
			if b.Max.X-x <= 4 {
				t.Errorf("Figure 1: the training region's colour at (%d, %d), %d px from the right edge of a %dx%d image: its legend swatch is clipped", x, y, b.Max.X-1-x, b.Dx(), b.Dy())
				return
			}
		}
	}
	if !found {
		t.Error("Figure 1 has no training region")
	}
}

// TestPTBNotebook runs notebooks/ptb_rnn_search.ipynb through exec on the
// shipped ground truth of 50 cells with a shortened dish, and checks its
// table, the best cell's diagram, the three plots and both comparisons.
func TestPTBNotebook(t *testing.T) {
	in := copyNotebook(t, "notebooks/ptb_rnn_search.ipynb")
	gt, err := filepath.Abs("notebooks/data/ptb_cells_gt.csv")
	if err != nil {
		t.Fatal(err)
	}
	outputs, pngs := execNotebook(t, in, "-p", "gtFile="+gt, "-p", "searchDir="+filepath.Dir(gt), "-p", "quick=true")
	var tables []string
	var svg, text string
	for _, o := range outputs {
		data, _ := o["data"].(map[string]any)
		if h := notebook.JoinText(data["text/html"]); strings.Contains(h, "<table") {
			tables = append(tables, h)
		}
		if s := notebook.JoinText(data["image/svg+xml"]); strings.Contains(s, "<title>recurrent cell") {
			svg = s // the cell's diagram (plots carry SVG too)
		}
		text += notebook.JoinText(o["text"])
	}
	if pngs != 4 {
		t.Errorf("the notebook drew %d images, want the histogram, the scatter, the pool's search curves and the live searches' cells", pngs)
	}
	if len(tables) != 3 {
		t.Fatalf("the notebook showed %d tables, want the cells, the four searches and their retrained winners", len(tables))
	}
	if !strings.Contains(tables[2], "Retrained") || !strings.Contains(tables[2], "warm start") {
		t.Errorf("the table of retrained winners should have the warm start's best cell:\n%s", tables[2])
	}
	if !strings.Contains(tables[0], "Perplexity") || strings.Count(tables[0], "<tr") != 9 {
		t.Errorf("the table of cells should have a header and 8 rows:\n%s", tables[0])
	}
	if !strings.Contains(tables[1], "MeanChosen") || strings.Count(tables[1], "<tr") != 5 || !strings.Contains(tables[1], "Petri-dish-NAO") {
		t.Errorf("the table of searches should have a header and a row for each of the four methods:\n%s", tables[1])
	}
	if svg == "" {
		t.Errorf("no diagram of the best cell")
	}
	// The histogram spans the ground truth's losses: its axis labels must
	// put its bars' outer edges at the lowest and highest loss.
	gtRows, err := store.ReadCSVFile(gt)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range gtRows {
		lo, hi = math.Min(lo, r.Loss), math.Max(hi, r.Loss)
	}
	hist := ""
	for _, o := range outputs {
		data, _ := o["data"].(map[string]any)
		if s := notebook.JoinText(data["image/svg+xml"]); strings.Contains(s, ">Ground truth of ") {
			hist = s
		}
	}
	checkHistogramAxis(t, hist, lo, hi)
	checkDishEffect(t, text, filepath.Dir(gt))
	for _, want := range []string{"50 cells", "split 1: Spearman on the 20 unseen cells", "seed 1: best loss after 15 evaluations", "unseen cells, mean Spearman over 1 splits", "search, mean best loss",
		"GA: the ", "NAO: the ", "Petri-dish-GA: the ", "Petri-dish-NAO: the ", "after 65 evaluations per search"} {
		if !strings.Contains(text, want) {
			t.Errorf("streamed output lacks %q:\n%s", want, text)
		}
	}
}

// svgText matches a text element of gonum's SVG and svgTick a vertical
// tick mark; svgBar matches a filled histogram bar.
var (
	svgText = regexp.MustCompile(`<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*>([^<]*)</text>`)
	svgTick = regexp.MustCompile(`<path d="M([0-9.e]+),([0-9.e]+)L([0-9.e]+),([0-9.e]+)" style="fill:none;stroke:#000000`)
	svgBar  = regexp.MustCompile(`<path d="(M[^"]*Z)" style="fill:#808080"`)
)

// checkHistogramAxis reads the x axis of a histogram drawn by gonum as
// SVG: its labelled (major) tick marks and their labels, which give the
// axis's scale, and the outer edges of its bars, which must fall at lo
// and hi on that scale. A label that is not its tick's value (gonum's
// default ticker rounds 6.12 to "6.1") misplaces them.
func checkHistogramAxis(t *testing.T, svg string, lo, hi float64) {
	t.Helper()
	if svg == "" {
		t.Error("no histogram of the ground truth")
		return
	}
	// The x axis's labels are the numbers that share one baseline.
	byY := map[string][]float64{}
	for _, m := range svgText.FindAllStringSubmatch(svg, -1) {
		if v, err := strconv.ParseFloat(m[3], 64); err == nil {
			byY[m[2]] = append(byY[m[2]], v)
		}
	}
	var labels []float64
	for _, vs := range byY {
		if len(vs) > len(labels) {
			labels = vs
		}
	}
	var ticks []float64
	for _, m := range svgTick.FindAllStringSubmatch(svg, -1) {
		x1, _ := strconv.ParseFloat(m[1], 64)
		y1, _ := strconv.ParseFloat(m[2], 64)
		x2, _ := strconv.ParseFloat(m[3], 64)
		y2, _ := strconv.ParseFloat(m[4], 64)
		if l := math.Abs(y2 - y1); x1 == x2 && l > 6 && l < 10 { // major ticks are 8 long, minor 4, the axis longer
			ticks = append(ticks, x1)
		}
	}
	slices.Sort(labels)
	slices.Sort(ticks)
	if len(labels) < 2 || len(labels) != len(ticks) {
		t.Errorf("histogram: x labels %v at major ticks %v; want one label per tick", labels, ticks)
		return
	}
	left, right := math.Inf(1), math.Inf(-1)
	num := regexp.MustCompile(`[ML]([0-9.e]+),`)
	for _, b := range svgBar.FindAllStringSubmatch(svg, -1) {
		for _, x := range num.FindAllStringSubmatch(b[1], -1) {
			v, _ := strconv.ParseFloat(x[1], 64)
			left, right = math.Min(left, v), math.Max(right, v)
		}
	}
	n := len(ticks) - 1
	scale := (labels[n] - labels[0]) / (ticks[n] - ticks[0])
	at := func(x float64) float64 { return labels[0] + (x-ticks[0])*scale }
	tol := 0.02 * (hi - lo)
	if math.Abs(at(left)-lo) > tol || math.Abs(at(right)-hi) > tol {
		t.Errorf("histogram: by its axis labels %v the bars span %.4f to %.4f, but the losses span %.4f to %.4f", labels, at(left), at(right), lo, hi)
	}
}

// dishEffect matches the notebook's line on the dish's effect.
var dishEffect = regexp.MustCompile(`the dish's effect on the cells of (GA|NAO): (.*)`)

// checkDishEffect recomputes from the search files in dir the dish's
// effect that the notebook printed for each method and search seed: the
// difference of the mean losses of the cells chosen without and with the
// dish, and its standard error.
func checkDishEffect(t *testing.T, text, dir string) {
	t.Helper()
	lines := dishEffect.FindAllStringSubmatch(text, -1)
	if len(lines) != 2 {
		t.Errorf("the notebook printed %d lines on the dish's effect, want one for the GA and one for NAO:\n%s", len(lines), text)
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "ptb_search_ga_seed*.csv"))
	for _, l := range lines {
		key := strings.ToLower(l[1])
		var want []string
		for seed := 1; seed <= len(files); seed++ {
			chosen := func(name string) []float64 {
				res := readSearchCSV(t, filepath.Join(dir, fmt.Sprintf("ptb_search_%s_seed%d.csv", name, seed)))
				return res.Losses[slices.Index(res.Iteration, 1):]
			}
			alone, dished := chosen(key), chosen(key+"_dish")
			d := meanOf(alone) - meanOf(dished)
			se := math.Sqrt(varianceOf(alone)/float64(len(alone)) + varianceOf(dished)/float64(len(dished)))
			want = append(want, fmt.Sprintf("seed %d %.4f ± %.4f (%.1f standard errors)", seed, d, se, d/se))
		}
		if got := strings.TrimSpace(l[2]); got != strings.Join(want, "; ") {
			t.Errorf("the dish's effect for %s:\n got %s\nwant %s", l[1], got, strings.Join(want, "; "))
		}
	}
}

func meanOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// varianceOf is the unbiased sample variance, as gonum's stat.Variance.
func varianceOf(v []float64) float64 {
	m, s := meanOf(v), 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return s / float64(len(v)-1)
}

// TestSigmoidNotebookBadSeeds checks that bad parameters stop exec
// before any cell runs, saying what to fix, and that a value the cell
// cannot use stops the notebook right after the parameters, naming them.
func TestSigmoidNotebookBadSeeds(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.ipynb")
	for flag, want := range map[string]string{
		"seeds=five": `parameter seeds: "five" is not a whole number, and the parameters cell makes seeds an int`,
		"seed=5":     "parameter seed: the parameters cell (cell 2 of the notebook) does not set it; it sets gtFile, quick, recompute, regionHi, regionLo, restarts, seeds",
		"quick=yes":  `parameter quick: "yes" is not true or false`,
	} {
		err := runExec([]string{"-q", "-o", out, "notebooks/sigmoid_slope.ipynb", "-p", flag})
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), want) {
			t.Errorf("-p %s: error %v, want a usage error saying %q", flag, err, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("-p %s: exec wrote %s", flag, out)
		}
	}

	err := runExec([]string{"-q", "--timeout", "60", "-o", out, "-p", "seeds=0", "notebooks/sigmoid_slope.ipynb"})
	if err == nil {
		t.Fatal("exec succeeded with -p seeds=0")
	}
	nb := readNotebook(t, out)
	var msg string
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o["output_type"] == "error" {
				msg += fmt.Sprint(o["evalue"])
			}
		}
	}
	if !strings.Contains(msg, "seeds is 0 and restarts 4; give positive whole numbers") {
		t.Errorf("error output %q does not say what to fix", msg)
	}
	if got := nb.Cells[2]; !got.HasTag(notebook.InjectedTag) || got.Source != "// Parameters given to this run.\nseeds = 0" {
		t.Errorf("the cell after the parameters is %q (tags %v), want the injected seeds = 0", got.Source, got.Metadata["tags"])
	}
}

// readNotebook reads the notebook exec wrote to path.
func readNotebook(t *testing.T, path string) *notebook.Notebook {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nb, err := notebook.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// TestTourNotebook runs notebooks/tour.ipynb through exec and checks that
// every cell ran and that it shows what its text promises: a struct with
// its field names, a table, a matrix, a method declared again reaching
// the function of an earlier cell, two plots, a finished progress bar,
// %time and %%time reports, the dish's one-line summaries, and a motif
// family defined in a cell: its gradient test run by %test, a
// ground-truth run of its activation on
// MNIST, and a dish of it trained on the generic path and predicting; a
// slider with the plot Interact draws for it; and a recurrent cell's
// diagram.
func TestTourNotebook(t *testing.T) {
	outputs, pngs := execNotebook(t, copyNotebook(t, "notebooks/tour.ipynb"))
	var all strings.Builder
	for _, o := range outputs {
		data, _ := o["data"].(map[string]any)
		all.WriteString(notebook.JoinText(o["text"]) + notebook.JoinText(data["text/plain"]) + notebook.JoinText(data["text/html"]) + notebook.JoinText(data["image/svg+xml"]) + "\n")
	}
	if pngs != 3 {
		t.Errorf("%d plots, want 3", pngs)
	}
	for _, want := range []string{
		"{Slope:0.25 Accuracy:0.9712 Note:peak}",
		"<th>Slope</th><th>Accuracy</th><th>Note</th>",
		"⎡1  2  3⎤",
		"[fair fair fair]",
		"[good good fair]",
		"work 100% |",
		"Wall time:",
		"332833.5",
		"{Family:sigmoid Net:{Inputs:10 Hidden:[1 1]",
		"kept restart ",
		"outer steps on the fused path",
		"sigmoid dish: 10-1-1-10 motif-networks on 10 synthetic samples",
		"trained on 13 motifs",
		"--- PASS: TestSwishGradient",
		"swish(1.5): validation loss",
		"30 outer steps on the generic path",
		"<th>Beta</th><th>Truth</th><th>Dish</th>",
		"rank agreement on the unseen betas: Kendall's tau",
		`motif family "swish2" (defined with motif.Define; motifs from its Parse`,
		"search: 18 ground-truth evaluations (warm start and 2 iterations)",
		`VBox(children=1)`,
		"<title>recurrent cell 0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2</title>",
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the tour's outputs lack %q", want)
		}
	}
}

// execNotebook runs notebook in through exec, beside it, fails the test
// when exec fails or a cell does, and returns every output of every cell in
// order and the number of PNG images among them.
func execNotebook(t *testing.T, in string, flags ...string) (outputs []map[string]any, pngs int) {
	t.Helper()
	out := filepath.Join(filepath.Dir(in), "out.ipynb")
	if err := runExec(append([]string{"-q", "--timeout", "120", "-o", out, in}, flags...)); err != nil {
		t.Fatalf("exec failed: %v", err)
	}
	for _, c := range readNotebook(t, out).Cells {
		for _, o := range c.Outputs {
			if o["output_type"] == "error" {
				t.Errorf("a cell failed: %v", o)
			}
			data, _ := o["data"].(map[string]any)
			if _, ok := data["image/png"]; ok {
				pngs++
			}
			outputs = append(outputs, o)
		}
	}
	return outputs, pngs
}

// copyNotebook copies the notebook at path into a temporary folder, where
// running it cannot touch the repository, and returns the copy's path.
func copyNotebook(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(in, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestShippedNotebooksHaveCellIDs checks that every notebook in notebooks/
// is nbformat 4.5 with a valid, unique id on every cell, as nbformat
// requires: Jupyter warns about a missing id (and will refuse it), and
// exec would invent a new one on every run, so outputs would not diff.
func TestShippedNotebooksHaveCellIDs(t *testing.T) {
	paths, err := filepath.Glob("notebooks/*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	validID := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	n := 0
	for _, p := range paths {
		if strings.HasSuffix(p, ".out.ipynb") {
			continue // written by exec, not shipped
		}
		n++
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Format int `json:"nbformat"`
			Minor  int `json:"nbformat_minor"`
			Cells  []struct {
				ID *string `json:"id"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if nb.Format != 4 || nb.Minor < 5 {
			t.Errorf("%s is nbformat %d.%d, want 4.5 or later", p, nb.Format, nb.Minor)
		}
		seen := map[string]int{}
		for i, c := range nb.Cells {
			switch {
			case c.ID == nil:
				t.Errorf("%s: cell %d has no id", p, i)
			case !validID.MatchString(*c.ID):
				t.Errorf("%s: cell %d has the invalid id %q", p, i, *c.ID)
			default:
				if j, dup := seen[*c.ID]; dup {
					t.Errorf("%s: cells %d and %d share the id %q", p, j, i, *c.ID)
				}
				seen[*c.ID] = i
			}
		}
	}
	if n < 2 {
		t.Errorf("found %d shipped notebooks in notebooks/, want the sigmoid notebook and the tour", n)
	}
}

// TestPTBSearchData checks the four searches that ptb_rnn_search.ipynb
// reads: each starts from the 50 cells of ptb_cells.txt with the same
// warm-start losses, then evaluates 3 rounds of 5 new cells; the dish's
// searches carry its predictions and the others none.
func TestPTBSearchData(t *testing.T) {
	warm, err := readCells("notebooks/data/ptb_cells.txt")
	if err != nil {
		t.Fatal(err)
	}
	var warmLosses []float64
	winners := map[string]bool{}
	files, err := filepath.Glob("notebooks/data/ptb_search_*_seed*.csv")
	if err != nil || len(files) == 0 || len(files)%4 != 0 {
		t.Fatalf("search files %v (%v); want the four methods for each search seed", files, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".csv")
		res := readSearchCSV(t, file)
		winners[res.Best.String()] = true
		winners[res.Motifs[slices.Index(res.Losses, slices.Min(res.Losses[:len(warm)]))].String()] = true
		if len(res.Motifs) != len(warm)+15 || !slices.Equal(res.Motifs[:len(warm)], warm) {
			t.Fatalf("%s: %d evaluations; want the %d cells of ptb_cells.txt, then 15", name, len(res.Motifs), len(warm))
		}
		if warmLosses == nil {
			warmLosses = res.Losses[:len(warm)]
		} else if !slices.Equal(res.Losses[:len(warm)], warmLosses) {
			t.Errorf("%s: warm-start losses differ from the GA search's", name)
		}
		dish := strings.Contains(name, "_dish_")
		for i := len(warm); i < len(res.Motifs); i++ {
			if want := 1 + (i-len(warm))/5; res.Iteration[i] != want {
				t.Errorf("%s: evaluation %d in iteration %d, want %d", name, i+1, res.Iteration[i], want)
			}
			if hasPred := !math.IsNaN(res.Predicted[i]); hasPred != dish {
				t.Errorf("%s: evaluation %d has a prediction: %v, want %v", name, i+1, hasPred, dish)
			}
			if !(res.Losses[i] > 5 && res.Losses[i] < 7.5) {
				t.Errorf("%s: evaluation %d has loss %v, outside the range of the table's cells", name, i+1, res.Losses[i])
			}
		}
	}
	rows, err := store.ReadCSVFile("notebooks/data/ptb_search_best.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !winners[r.Motif] || r.Runs != 2 {
			t.Errorf("ptb_search_best.csv: row %+v; want a winner of a search or of the warm start, retrained twice", r)
		}
		delete(winners, r.Motif)
	}
	if len(winners) > 0 {
		t.Errorf("ptb_search_best.csv lacks the winners %v", winners)
	}
}
