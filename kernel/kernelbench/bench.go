package kernelbench

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/petridish-go/petridish/kernel/kernelspec"
)

//go:embed driver.py
var driver []byte

// Options configure Run.
type Options struct {
	// Binary is the petridish executable to measure. Required.
	Binary string
	// Python runs the driver and ipykernel; empty means /usr/bin/python3.
	Python string
	// N is the number of timed round trips (default 1000); Warmup runs
	// before them untimed (default 20).
	N, Warmup int
	// Code is what each round trip executes (default "1+1").
	Code string
	// IPyKernel also measures ipykernel for comparison.
	IPyKernel bool
}

// Result holds one kernel's figures.
type Result struct {
	Kernel     string
	Startup    time.Duration // launch until the first kernel_info_reply (median of 3)
	RoundTrips []time.Duration
	P50, P99   time.Duration
	IdleRSS    int64 // bytes, after the round trips and a second idle
	StartRSS   int64 // bytes, right after start-up
	// WidgetTrips are widget round trips: a comm_msg moving a slider, as a
	// browser sends it, until the kernel is idle with the slider's
	// callback run. Empty when the kernel has no widget library.
	WidgetTrips []time.Duration
	WidgetP50   time.Duration
}

type driverOutput struct {
	StartupS    float64   `json:"startup_s"`
	RoundTripsS []float64 `json:"round_trips_s"`
	RSSKB       int64     `json:"rss_kb"`
	RSSStartKB  int64     `json:"rss_start_kb"`
	WidgetS     []float64 `json:"widget_s"`
}

// The cells that make the widget round trips' slider, with a callback on
// its value, in each kernel's language.
const (
	goSlider = "__pdbS := widget.NewFloatSlider(\"s\", 0, 0, 1e9, 1)\n__pdbN := 0\n" +
		"__pdbS.OnChange(func(float64) { __pdbN++ })\n__pdbS"
	pythonSlider = "import ipywidgets as __w\n__s = __w.FloatSlider(min=0, max=1e9, step=1)\n__n = [0]\n" +
		"__s.observe(lambda change: __n.__setitem__(0, __n[0] + 1), 'value')\n__s"
)

// Run measures the petridish kernel and, with IPyKernel, ipykernel.
func Run(ctx context.Context, o Options) ([]Result, error) {
	if o.Binary == "" {
		return nil, errors.New("kernelbench: Options.Binary is empty; give the petridish executable to measure")
	}
	if o.Python == "" {
		o.Python = "/usr/bin/python3"
	}
	if o.N <= 0 {
		o.N = 1000
	}
	if o.Warmup <= 0 {
		o.Warmup = 20
	}
	if o.Code == "" {
		o.Code = "1+1"
	}
	if out, err := exec.CommandContext(ctx, o.Python, "-c", "import jupyter_client, zmq").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("kernelbench: %s cannot import jupyter_client (%v: %s); on Debian: apt-get install python3-jupyter-client python3-ipykernel", o.Python, err, bytes.TrimSpace(out))
	}
	dir, err := os.MkdirTemp("", "petridish-kernelbench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "driver.py")
	if err := os.WriteFile(script, driver, 0o644); err != nil {
		return nil, err
	}
	kernels := filepath.Join(dir, "jupyter", "kernels")
	type bench struct {
		name, slider string
		spec         kernelspec.Spec
	}
	specs := []bench{{"petridish-bench", goSlider, kernelspec.Spec{
		Argv: []string{o.Binary, "kernel", "--connection-file", "{connection_file}"}, DisplayName: "petridish", Language: "go", InterruptMode: "message",
	}}}
	if o.IPyKernel {
		specs = append(specs, bench{"ipykernel-bench", pythonSlider, kernelspec.Spec{
			Argv: []string{o.Python, "-m", "ipykernel_launcher", "-f", "{connection_file}"}, DisplayName: "ipykernel", Language: "python", InterruptMode: "signal",
			Env: map[string]string{"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
		}})
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "jupyter"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"IPYTHONDIR="+filepath.Join(dir, "ipython"),
		"PETRIDISH_HISTORY="+filepath.Join(dir, "history.sqlite"),
	)
	var results []Result
	for _, s := range specs {
		if _, err := kernelspec.Install(kernels, s.name, s.spec); err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, o.Python, script, s.name, fmt.Sprint(o.N), fmt.Sprint(o.Warmup), o.Code, s.slider)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("kernelbench: measuring %s: %v\n%s", s.name, err, stderr.Bytes())
		}
		var d driverOutput
		if err := json.Unmarshal(out, &d); err != nil {
			return nil, fmt.Errorf("kernelbench: the driver printed %q for %s: %v", out, s.name, err)
		}
		results = append(results, d.result(s.name))
	}
	return results, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// durations converts the driver's samples in seconds.
func durations(ss []float64) []time.Duration {
	var ds []time.Duration
	for _, s := range ss {
		ds = append(ds, seconds(s))
	}
	return ds
}

func (d driverOutput) result(name string) Result {
	r := Result{Kernel: name, Startup: seconds(d.StartupS), IdleRSS: d.RSSKB << 10, StartRSS: d.RSSStartKB << 10}
	r.RoundTrips = durations(d.RoundTripsS)
	r.P50 = Percentile(r.RoundTrips, 50)
	r.P99 = Percentile(r.RoundTrips, 99)
	r.WidgetTrips = durations(d.WidgetS)
	r.WidgetP50 = Percentile(r.WidgetTrips, 50)
	return r
}
