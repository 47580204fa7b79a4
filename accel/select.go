package accel

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/petridish-go/petridish/accel/cuda"
)

// EnvDevice is the environment variable that picks the default backend:
// auto (or unset), cpu or cuda.
const EnvDevice = "PETRI_DEVICE"

// DeviceNames are the names Select accepts.
var DeviceNames = []string{"auto", "cpu", "cuda"}

// Select returns the backend for a device name (case and surrounding space
// ignored):
//
//   - "cpu": the pure-Go backend.
//   - "cuda": the GPU; an error says what is missing when there is none.
//   - "auto" or "": the GPU when libcuda loads and a device exists, else the
//     CPU, silently (Devices says why CUDA was passed over).
func Select(name string) (Backend, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "cpu":
		return CPU(), nil
	case "cuda":
		b, err := openCUDA()
		if err != nil {
			return nil, fmt.Errorf("accel: cuda device unavailable: %w; set %s=cpu or auto (or %%device cpu in a notebook)", err, EnvDevice)
		}
		return b, nil
	case "auto", "":
		if b, err := openCUDA(); err == nil {
			return b, nil
		}
		return CPU(), nil
	}
	return nil, fmt.Errorf("accel: unknown device %q; valid devices are %s", name, strings.Join(DeviceNames, ", "))
}

// Default returns the backend PETRI_DEVICE asks for (auto when unset).
func Default() (Backend, error) {
	v := os.Getenv(EnvDevice)
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "auto", "cpu", "cuda", "":
	default:
		return nil, fmt.Errorf("accel: %s=%q is not a valid device; set it to one of %s, or unset it for auto", EnvDevice, v, strings.Join(DeviceNames, ", "))
	}
	return Select(v)
}

// The process-wide CUDA backend: opened at most once (a device's primary
// context belongs to the process) and kept until the process ends.
var (
	cudaOnce sync.Once
	cudaB    Backend
	cudaErr  error
	// openCUDA is replaced by tests to simulate a machine with a GPU.
	openCUDA = func() (Backend, error) {
		cudaOnce.Do(func() {
			var d *cuda.Device
			d, cudaErr = cuda.Open(cuda.Config{})
			if cudaErr == nil {
				cudaB = newCUDABackend(d)
			}
		})
		return cudaB, cudaErr
	}
)

// The current backend, for code that does not pass one around and for the
// %device magic.
var (
	curMu sync.Mutex
	cur   Backend
)

// Current returns the backend in use: the last one Use chose, else Default()
// (remembered once it succeeds).
func Current() (Backend, error) {
	curMu.Lock()
	defer curMu.Unlock()
	if cur == nil {
		b, err := Default()
		if err != nil {
			return nil, err
		}
		cur = b
	}
	return cur, nil
}

// Use selects a backend by name (as Select) and makes it current. On error
// the current backend is unchanged. This is what `%device cpu|cuda|auto`
// does.
func Use(name string) (Backend, error) {
	b, err := Select(name)
	if err != nil {
		return nil, err
	}
	curMu.Lock()
	cur = b
	curMu.Unlock()
	return b, nil
}

// DeviceStatus is one device as `%device` lists it.
type DeviceStatus struct {
	Name      string // "cpu" or "cuda"
	Available bool
	Current   bool   // the backend Current returns
	Detail    string // Describe() when available, else why not
}

// Devices lists the cpu and cuda devices: which can run here, which is
// current, and either a description or the reason one is unavailable. It
// opens CUDA if nothing has yet.
func Devices() []DeviceStatus {
	curName := ""
	curMu.Lock()
	if cur != nil {
		curName = cur.Name()
	}
	curMu.Unlock()
	cpu := CPU()
	out := []DeviceStatus{{Name: "cpu", Available: true, Current: curName == "cpu", Detail: cpu.Describe()}}
	st := DeviceStatus{Name: "cuda", Current: curName == "cuda"}
	if b, err := openCUDA(); err == nil {
		st.Available, st.Detail = true, b.Describe()
	} else {
		st.Detail = err.Error()
		if errors.Is(err, cuda.ErrUnavailable) {
			st.Detail = "unavailable: " + err.Error()
		}
	}
	return append(out, st)
}

// DeviceList is Devices as `%device` and `petridish devices` print it, a
// line per device, the current one marked with "*": its description, or
// why it is unavailable.
func DeviceList() string {
	var b strings.Builder
	for _, d := range Devices() {
		mark := "  "
		if d.Current {
			mark = "* "
		}
		if d.Available {
			fmt.Fprintf(&b, "%s%s\n", mark, d.Detail)
		} else {
			fmt.Fprintf(&b, "%s%s unavailable: %s\n", mark, d.Name, strings.TrimPrefix(d.Detail, "unavailable: "))
		}
	}
	return b.String()
}
