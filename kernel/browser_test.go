package kernel_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// artifactDir is where the browser test keeps its screenshot:
// $PETRIDISH_ARTIFACTS, or kernel/testdata/out (ignored by git).
func artifactDir(t *testing.T) string {
	dir := os.Getenv("PETRIDISH_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestClassicNotebookInChromium opens a notebook on the petridish kernel in
// the classic Jupyter Notebook, in headless Chromium driven by
// playwright-core, runs a cell that draws a gonum plot, and checks that the
// screenshot shows the image. The screenshot is kept (see artifactDir).
func TestClassicNotebookInChromium(t *testing.T) {
	need(t, "notebook")
	browserDir := needBrowser(t, "playwright-core")
	je := newJupyterEnv(t)
	nbDir := filepath.Join(je.dir, "notebooks")
	if err := os.MkdirAll(nbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	nb, err := os.ReadFile(filepath.Join(browserDir, "plot.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nbDir, "plot.ipynb"), nb, 0o644); err != nil {
		t.Fatal(err)
	}

	base, token := startNotebookServer(t, je, nbDir)

	shot := filepath.Join(artifactDir(t), "notebook-plot.png")
	var res struct {
		Image struct {
			Tag, MIME     string
			Width, Height int
		}
		Box            struct{ X, Y, Width, Height float64 }
		Prompt, Kernel string
	}
	runBrowserScript(t, browserDir, &res, "run_notebook.js", base+"/notebooks/plot.ipynb?token="+token, shot)
	if res.Kernel != kernelName || res.Prompt != "In [1]:" {
		t.Errorf("kernel %q, prompt %q; want %s and In [1]:", res.Kernel, res.Prompt, kernelName)
	}
	if res.Image.Width < 200 || res.Image.Height < 150 {
		t.Errorf("the plot is shown %dx%d, want a real plot", res.Image.Width, res.Image.Height)
	}
	t.Logf("the notebook shows the plot as %s (%s, %dx%d)", res.Image.MIME, res.Image.Tag, res.Image.Width, res.Image.Height)
	checkScreenshotShowsPlot(t, shot, res.Box)
	t.Logf("screenshot kept at %s", shot)
}

// checkScreenshotShowsPlot checks that the screenshot, inside the image's
// box, holds a drawing: mostly white background with dark lines and text.
func checkScreenshotShowsPlot(t *testing.T, path string, box struct{ X, Y, Width, Height float64 }) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	r := image.Rect(int(box.X), int(box.Y), int(box.X+box.Width), int(box.Y+box.Height)).Intersect(img.Bounds())
	if r.Dx() < 100 || r.Dy() < 100 {
		t.Fatalf("the plot's box %v is not on the %v screenshot", box, img.Bounds())
	}
	var dark, light, total int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			luma := (299*cr + 587*cg + 114*cb) / 1000 >> 8
			switch {
			case luma < 100:
				dark++
			case luma > 230:
				light++
			}
			total++
		}
	}
	if dark < total/200 || light < total/2 {
		t.Errorf("the screenshot's plot area has %d dark and %d light of %d pixels; want a white plot with dark lines", dark, light, total)
	}
}

// runBrowserScript runs one of the node scripts in browserDir with args
// (each prints one JSON line, see chromium.js), fails the test with
// everything the script reported when it failed, and decodes its result
// into res. It returns the script's stderr: the page's console, timed.
func runBrowserScript(t *testing.T, browserDir string, res any, script string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	node := exec.CommandContext(ctx, "node", append([]string{filepath.Join(browserDir, script)}, args...)...)
	node.Dir = browserDir
	var stderr bytes.Buffer
	node.Stderr = &stderr
	out, err := node.Output()
	var status struct {
		OK      bool
		Error   string
		Details any
	}
	line := bytes.TrimSpace(out)
	if jerr := json.Unmarshal(line, &status); jerr != nil || !status.OK || err != nil {
		t.Fatalf("%s failed: %v %v\n%s\ndetails: %v\nbrowser log:\n%s(screenshot: %s)", script, err, jerr, status.Error, status.Details, stderr.String(), args[len(args)-1])
	}
	if err := json.Unmarshal(line, res); err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return stderr.String()
}

// esbuildPage bundles the page script src of browserDir, with its npm
// modules, into live.js (and live.css when it imports styles) in a new
// folder, which openBundle in chromium.js serves; it returns the folder.
// svgLoader is esbuild's flag for .svg files (ipywidgets' styles want
// them as data URLs, JupyterLab's icons as text).
func esbuildPage(t *testing.T, browserDir, src, svgLoader string) string {
	t.Helper()
	bundle := t.TempDir()
	esbuild := exec.Command(filepath.Join(browserDir, "node_modules", ".bin", "esbuild"), src, "--bundle", "--format=iife",
		"--log-level=warning", "--outfile="+filepath.Join(bundle, "live.js"),
		"--loader:.woff=dataurl", "--loader:.woff2=dataurl", "--loader:.ttf=dataurl", "--loader:.eot=dataurl", svgLoader)
	esbuild.Dir = browserDir
	if out, err := esbuild.CombinedOutput(); err != nil {
		t.Fatalf("esbuild: %v\n%s", err, out)
	}
	return bundle
}

// livePage prepares a test of a page that talks to a kernel through
// @jupyterlab/services: it bundles the page script src (esbuild's .svg
// loader svgLoader; modules are the npm modules it needs beyond
// @jupyterlab/services) and starts a Jupyter server. It returns the
// scripts' folder, the bundle's and the server's URL and token.
func livePage(t *testing.T, src, svgLoader string, modules ...string) (browserDir, bundle, base, token string) {
	t.Helper()
	need(t, "notebook")
	browserDir = needBrowser(t, append([]string{"playwright-core", "@jupyterlab/services", "esbuild"}, modules...)...)
	bundle = esbuildPage(t, browserDir, src, svgLoader)
	je := newJupyterEnv(t)
	base, token = startNotebookServer(t, je, je.dir)
	return browserDir, bundle, base, token
}

// needBrowser checks for Chromium, node and the npm modules the browser
// tests use, and returns the folder of their scripts.
func needBrowser(t *testing.T, modules ...string) string {
	t.Helper()
	for _, tool := range []string{"/usr/bin/chromium", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(t, tool+" is not installed (Debian: apt-get install chromium nodejs npm)")
		}
	}
	browserDir, _ := filepath.Abs(filepath.Join("testdata", "browser"))
	for _, mod := range modules {
		if _, err := os.Stat(filepath.Join(browserDir, "node_modules", mod)); err != nil {
			missing(t, mod+" is not installed; run: npm ci --prefix kernel/testdata/browser")
		}
	}
	return browserDir
}

// startNotebookServer runs the classic Jupyter Notebook server on a free
// port, serving nbDir, until the test ends; it returns its URL and token.
func startNotebookServer(t *testing.T, je *jupyterEnv, nbDir string) (base, token string) {
	t.Helper()
	port := freePort(t)
	token = randomHex(16)
	server := exec.Command(python, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--port-retries=0", "--NotebookApp.token="+token,
		"--notebook-dir="+nbDir)
	server.Env = je.env
	serverLog := &lockedBuffer{}
	server.Stdout, server.Stderr = serverLog, serverLog
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		server.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- server.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			server.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("notebook server log:\n%s", serverLog.String())
		}
	})
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/api/status?token="+token, 60*time.Second)
	return base, token
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func waitHTTP(t *testing.T, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within %v", url, timeout)
}

// TestSavedWidgetsRenderInChromium runs a notebook that makes widgets with
// the real binary (`petridish exec --html`) and opens the page in headless
// Chromium with ipywidgets 8's own HTML manager (from npm, served in place
// of the CDN): every widget must render from the state the kernel saved,
// with the values it had, and the text fallbacks must hide. This checks
// the widget models against the JavaScript that JupyterLab also uses.
func TestSavedWidgetsRenderInChromium(t *testing.T) {
	browserDir := needBrowser(t, "playwright-core", "@jupyter-widgets/html-manager")
	dir := t.TempDir()
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{
			codeCell("c1", "units := widget.NewIntSlider(\"hidden units\", 37, 1, 100)\nunits"),
			codeCell("c2", "bias := widget.NewCheckbox(\"bias\", true)\nslope := widget.NewFloatSlider(\"slope\", 1.5, 0.25, 4, 0.25)\n"+
				"widget.Interact(func() any { return fmt.Sprintf(\"%d units, slope %.2f\", units.Value(), slope.Value()) }, slope, bias)"),
			codeCell("c3", "lr := widget.NewFloatLogSlider(\"lr\", 0.001, 1e-5, 0.1)\nfamily := widget.NewToggleButtons(\"motif\", \"sigmoid\", \"cell\")\n"+
				"family.SetValue(\"cell\")\nwidget.NewHBox(lr, family)"),
			codeCell("c4", "pic := widget.NewImage(nil)\npic.SetImage(image.NewRGBA(image.Rect(0, 0, 40, 20)))\npic"),
		},
	}
	raw, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "widgets.ipynb")
	if err := os.WriteFile(in, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "widgets.html")
	cmd := exec.Command(petridish(t), "exec", in, "-q", "--html", page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("petridish exec: %v\n%s", err, out)
	}

	shot := filepath.Join(artifactDir(t), "saved-widgets.png")
	var res struct {
		ManagerRequests  int
		Console          []string
		Sliders          []struct{ Description, Readout string }
		Checkboxes       []bool
		Toggles          []string
		ToggleActive     string
		Images           []struct{ Width, Height int }
		VBoxes           int
		Fallbacks        int
		FallbacksVisible int
		Live             bool
	}
	runBrowserScript(t, browserDir, &res, "render_widgets.js", page, shot)
	if res.ManagerRequests != 1 || !res.Live {
		t.Errorf("the page loaded the widget manager %d times (live %v), want once", res.ManagerRequests, res.Live)
	}
	want := []struct{ Description, Readout string }{{"hidden units", "37"}, {"slope", "1.50"}, {"lr", "0.001"}}
	if len(res.Sliders) != 3 || res.Sliders[0] != want[0] || res.Sliders[1] != want[1] || res.Sliders[2] != want[2] {
		t.Errorf("sliders rendered as %+v, want %+v", res.Sliders, want)
	}
	if len(res.Checkboxes) != 1 || !res.Checkboxes[0] {
		t.Errorf("checkboxes rendered as %v, want one, checked", res.Checkboxes)
	}
	if res.VBoxes != 1 || res.Fallbacks != 4 || res.FallbacksVisible != 0 {
		t.Errorf("%d VBoxes, %d fallbacks (%d visible); want Interact's box and four hidden fallbacks", res.VBoxes, res.Fallbacks, res.FallbacksVisible)
	}
	// The image's PNG was saved as a base64 buffer and decoded by the
	// manager into the <img>.
	if len(res.Images) != 1 || res.Images[0].Width != 40 || res.Images[0].Height != 20 {
		t.Errorf("images rendered as %+v, want one 40x20 PNG", res.Images)
	}
	if !reflect.DeepEqual(res.Toggles, []string{"sigmoid", "cell"}) || res.ToggleActive != "cell" {
		t.Errorf("toggle buttons %q with %q pressed, want sigmoid and cell with cell pressed", res.Toggles, res.ToggleActive)
	}
	for _, c := range res.Console {
		if (strings.HasPrefix(c, "error") || strings.HasPrefix(c, "pageerror")) && !strings.Contains(c, "net::ERR_FAILED") { // fonts the route blocks
			t.Errorf("console: %s", c)
		}
	}
	t.Logf("screenshot kept at %s", shot)
}

func codeCell(id, src string) map[string]any {
	return map[string]any{"id": id, "cell_type": "code", "metadata": map[string]any{}, "source": src,
		"execution_count": nil, "outputs": []any{}}
}

// TestLiveWidgetsInChromium is a user at a live widget: a page in
// headless Chromium starts a petridish kernel through the Jupyter server
// (@jupyterlab/services, as JupyterLab does), renders the widgets of a
// cell with ipywidgets 8's widget manager connected to the kernel by
// comms, and is then driven by key presses and a click. The slider moved
// in the browser must run the cell's Go callback (a label shows n²) and
// redraw Interact's output; the button's callback moves the slider from
// the kernel side, and the page must follow. This checks the protocol
// (comm_open, update, echo_update, comm_info) against the JavaScript that
// JupyterLab runs.
func TestLiveWidgetsInChromium(t *testing.T) {
	browserDir, bundle, base, token := livePage(t, "live_widgets.src.js", "--loader:.svg=dataurl", "@jupyter-widgets/html-manager")
	shot := filepath.Join(artifactDir(t), "live-widgets.png")
	type view struct{ Readout, Label, Output string }
	var res struct {
		Status   string
		Steps    []view
		Reloaded struct {
			Models  int
			Readout string
		}
		Console []string
	}
	stderr := runBrowserScript(t, browserDir, &res, "live_widgets.js", base, token, kernelName, bundle, shot)
	want := []view{
		{"3", "9", "n=3"},  // as the cell made them
		{"5", "25", "n=5"}, // two ArrowRight presses on the slider
		{"0", "0", "n=0"},  // the reset button's callback set the slider
		{"1", "1", "n=1"},  // ArrowRight on the slider shown again after a reload
	}
	if res.Status != "ok" || len(res.Steps) != len(want) {
		t.Fatalf("cell status %q, steps %+v", res.Status, res.Steps)
	}
	for i, w := range want {
		if res.Steps[i] != w {
			t.Errorf("step %d: the page shows %+v, want %+v", i, res.Steps[i], w)
		}
	}
	// The reload fetched the slider, the label and the button, each with
	// its layout and style, and Interact's box with its layout: 11 models.
	if res.Reloaded.Models != 11 || res.Reloaded.Readout != "0" {
		t.Errorf("the reload fetched %d models and shows the slider at %q, want 11 and 0", res.Reloaded.Models, res.Reloaded.Readout)
	}
	for _, c := range res.Console {
		if strings.Contains(c, "jupyter.widget.control") {
			t.Errorf("the reload did not use the control comm: %s", c)
		}
		// @jupyterlab/services first asks for the v1 websocket protocol,
		// which Notebook 6's server does not speak, then falls back.
		if strings.Contains(c, "Sec-WebSocket-Protocol") {
			continue
		}
		if strings.HasPrefix(c, "error") || strings.HasPrefix(c, "pageerror") {
			t.Errorf("console: %s", c)
		}
	}
	if t.Failed() {
		t.Logf("browser log:\n%s", stderr)
	}
	t.Logf("the page showed %+v; screenshot kept at %s", res.Steps, shot)
}

// TestClassicNotebookWidgetsInChromium is a user of Debian's own Jupyter:
// the classic Notebook 6 with the ipywidgets 6 extension, which speaks
// widget protocol 1 (it announces itself over jupyter.widget.version).
// A cell makes a slider and a label; two ArrowRight presses on the slider
// must run the cell's Go callback, which sets the label to n², a click on
// a button must print into an output area, and an image must show.
func TestClassicNotebookWidgetsInChromium(t *testing.T) {
	need(t, "notebook")
	if _, err := os.Stat("/usr/share/jupyter/nbextensions/jupyter-js-widgets/extension.js"); err != nil {
		missing(t, "the classic Notebook's ipywidgets extension is not installed (Debian: apt-get install jupyter-nbextension-jupyter-js-widgets)")
	}
	browserDir := needBrowser(t, "playwright-core")
	je := newJupyterEnv(t)
	nbDir := filepath.Join(je.dir, "notebooks")
	if err := os.MkdirAll(nbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	nb, err := json.Marshal(map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": kernelName, "display_name": "petridish test", "language": "go"}},
		"cells": []any{codeCell("c1", "n := widget.NewIntSlider(\"n\", 3, 0, 10)\nsquare := widget.NewLabel(\"9\")\n"+
			"n.OnChange(func(v int) { square.SetValue(fmt.Sprint(v * v)) })\n"+
			"log := widget.NewOutput()\npress := widget.NewButton(\"press\")\n"+
			"press.OnClick(func() { log.Capture(func() { fmt.Println(\"pressed at\", n.Value()) }) })\n"+
			"pic := widget.NewImage(nil)\npic.SetImage(image.NewRGBA(image.Rect(0, 0, 40, 20)))\n"+
			"widget.NewVBox(n, square, press, log, pic)")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nbDir, "widgets.ipynb"), nb, 0o644); err != nil {
		t.Fatal(err)
	}
	base, token := startNotebookServer(t, je, nbDir)
	shot := filepath.Join(artifactDir(t), "classic-widgets.png")
	type view struct{ Readout, Label string }
	var res struct {
		Before, After view
		Sliders       int
		Results       bool
		Captured      string
		Images        []struct{ Width, Height int }
	}
	runBrowserScript(t, browserDir, &res, "classic_widgets.js", base+"/notebooks/widgets.ipynb?token="+token, shot)
	if len(res.Images) != 1 || res.Images[0].Width != 40 || res.Images[0].Height != 20 {
		t.Errorf("images shown as %+v, want one 40x20 PNG (protocol 1 sends it as base64)", res.Images)
	}
	if res.Captured != "pressed at 5" {
		t.Errorf("the output area shows %q after a click, want the callback's line %q", res.Captured, "pressed at 5")
	}
	if res.Sliders != 1 || res.Results {
		t.Errorf("the cell shows %d sliders (Out prompt: %v), want the one view and no empty result", res.Sliders, res.Results)
	}
	if res.Before != (view{"3", "9"}) || res.After != (view{"5", "25"}) {
		t.Errorf("the notebook showed %+v, then %+v after two ArrowRight presses; want {3 9}, then {5 25}", res.Before, res.After)
	}
	t.Logf("screenshot kept at %s", shot)
}

// TestJupyterLabDebuggerInChromium is a user of JupyterLab's debugger
// panel on a notebook: a page in headless Chromium runs JupyterLab's own
// debugger front end (@jupyterlab/debugger's service, session and model,
// which the panel shows) on a petridish kernel through the Jupyter server.
// It turns the debugger on as the bug button does, sets a breakpoint as
// a click in a cell's gutter does and runs the cell; the panel must show
// the stop (call stack, the locals with their Go types and values), follow
// a continue and a step, evaluate, expand a struct between cells, and run
// the cell through once the debugger is off.
func TestJupyterLabDebuggerInChromium(t *testing.T) {
	browserDir, bundle, base, token := livePage(t, "jupyterlab_debugger.src.js", "--loader:.svg=text", "@jupyterlab/debugger")
	shot := filepath.Join(artifactDir(t), "jupyterlab-debugger.png")
	// A variable as the panel lists it: [type, value, expandable].
	type variable [3]any
	type scopes map[string]map[string]variable
	type stop struct {
		Frames []struct {
			Name, Path string
			Line       int
		}
		Scopes  scopes
		Threads []int
	}
	type cellRun struct{ Status, Output string }
	var res struct {
		Cells  struct{ Loop string }
		Report struct {
			Available, StartedBeforeToggle, Started bool
			Define, Loop, Rerun                     cellRun
			Globals, GlobalsAfter                   scopes
			CellPath, Source, Evaluate              string
			Breakpoints                             [][2]any
			BreakpointsAfterClear                   int
			Stops                                   []stop
			Fields                                  [][3]string
			Rich                                    struct{ Data map[string]string }
			StartedAfterStop                        bool
			EventsAfterStop                         []string
		}
		Console []string
	}
	stderr := runBrowserScript(t, browserDir, &res, "jupyterlab_debugger.js", base, token, kernelName, bundle, shot)
	r := res.Report
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	// The notebook opens: the bug button is offered (kernel_info and the
	// kernelspec say the kernel debugs), and a click starts the debugger.
	check("debugging available", r.Available, true)
	check("started before the toggle", r.StartedBeforeToggle, false)
	check("started by the toggle", r.Started, true)
	check("first cell", r.Define, cellRun{"ok", ""})
	ctx := variable{"context.Context", "the running cell's context (done when the cell is interrupted)", false}
	check("variables panel between cells", r.Globals, scopes{"Globals": {"ctx": ctx, "scale": {"int", "3", false}}})
	// The gutter click: JupyterLab names the cell by its own hash of the
	// code, which must be the kernel's dumpCell path, and the kernel
	// verifies the breakpoint; the source view reads the cell back.
	if !strings.HasSuffix(r.CellPath, ".go") {
		t.Errorf("cell path %q", r.CellPath)
	}
	check("breakpoints", r.Breakpoints, [][2]any{{3.0, true}})
	check("source", r.Source, res.Cells.Loop)
	// The stops: at the breakpoint in round 1, after Continue in round 2,
	// and after Next on the loop's post statement (line 2).
	want := []struct {
		line     int
		i, total string
		p        variable
	}{
		{3, "1", "0", variable{"point", "{X: 0, Y: 0}", true}},
		{3, "2", "3", variable{"point", "{X: 0, Y: 0}", true}},
		{2, "2", "9", variable{"point", "{X: 0, Y: 0}", true}},
	}
	if len(r.Stops) != len(want) {
		t.Fatalf("stops: %+v", r.Stops)
	}
	for k, w := range want {
		st := r.Stops[k]
		if len(st.Frames) != 1 || st.Frames[0].Name != "In[2]" || st.Frames[0].Line != w.line || st.Frames[0].Path != r.CellPath {
			t.Errorf("stop %d: call stack %+v, want In[2] at line %d of %s", k, st.Frames, w.line, r.CellPath)
		}
		check(fmt.Sprintf("stop %d: variables", k), st.Scopes, scopes{"Globals": {
			"ctx": ctx, "scale": {"int", "3", false}, "i": {"int", w.i, false}, "total": {"int", w.total, false}, "p": w.p}})
		check(fmt.Sprintf("stop %d: stopped threads", k), st.Threads, []int{1})
	}
	check("evaluate total at the step", r.Evaluate, "9")
	check("breakpoints after removing the last", r.BreakpointsAfterClear, 0)
	check("the cell after Continue", r.Loop, cellRun{"ok", "total 30\n"})
	p := variable{"point", "{X: 1, Y: 30}", true}
	check("the struct between cells", r.GlobalsAfter["Globals"]["p"], p)
	check("the struct's fields", r.Fields, [][3]string{{"X", "float64", "1"}, {"Y", "float64", "30"}})
	check("rich view of the struct", r.Rich.Data, map[string]string{"text/plain": "{X:1 Y:30}"})
	// The bug button again: the debugger stops and forgets the breakpoints.
	check("started after the second toggle", r.StartedAfterStop, false)
	check("the cell with the debugger off", r.Rerun, cellRun{"ok", "total 30\n"})
	check("debug events with the debugger off", len(r.EventsAfterStop), 0)
	for _, c := range res.Console {
		// @jupyterlab/services first asks for the v1 websocket protocol,
		// which Notebook 6's server does not speak, then falls back.
		if (strings.HasPrefix(c, "error") || strings.HasPrefix(c, "pageerror")) && !strings.Contains(c, "Sec-WebSocket-Protocol") {
			t.Errorf("console: %s", c)
		}
	}
	if t.Failed() {
		t.Logf("browser log:\n%s", stderr)
	}
}
