package kernel_test

import (
	"bytes"
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
	for _, tool := range []string{"/usr/bin/chromium", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(t, tool+" is not installed (Debian: apt-get install chromium nodejs npm)")
		}
	}
	browserDir, _ := filepath.Abs(filepath.Join("testdata", "browser"))
	if _, err := os.Stat(filepath.Join(browserDir, "node_modules", "playwright-core")); err != nil {
		missing(t, "playwright-core is not installed; run: npm ci --prefix kernel/testdata/browser")
	}
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

	port := freePort(t)
	token := randomHex(16)
	server := exec.Command(python, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--port-retries=0", "--NotebookApp.token="+token,
		"--notebook-dir="+nbDir)
	server.Env = je.env
	serverLog := &lockedBuffer{}
	server.Stdout, server.Stderr = serverLog, serverLog
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
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
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/api/status?token="+token, 60*time.Second)

	shot := filepath.Join(artifactDir(t), "notebook-plot.png")
	node := exec.Command("node", filepath.Join(browserDir, "run_notebook.js"), base+"/notebooks/plot.ipynb?token="+token, shot)
	node.Dir = browserDir
	var stderr bytes.Buffer
	node.Stderr = &stderr
	out, err := node.Output()
	var res struct {
		OK    bool
		Error string
		Image struct {
			Tag, MIME     string
			Width, Height int
		}
		Box            struct{ X, Y, Width, Height float64 }
		Prompt, Kernel string
		Outputs        string
		Console        []string
	}
	if jerr := json.Unmarshal(bytes.TrimSpace(out), &res); jerr != nil || !res.OK || err != nil {
		t.Fatalf("browser run failed: %v %v\n%s\ncell outputs: %s\nconsole: %s\nstderr: %s\n(screenshot: %s)", err, jerr, res.Error, res.Outputs, res.Console, stderr.String(), shot)
	}
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
