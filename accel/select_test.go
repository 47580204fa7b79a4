package accel

import (
	"errors"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
)

// fakeGPU stands in for an opened CUDA backend in selection tests.
type fakeGPU struct{ cpuBackend }

func (fakeGPU) Name() string     { return "cuda" }
func (fakeGPU) Describe() string { return "cuda: fake GPU" }

// withCUDA makes openCUDA return b, err for the test.
func withCUDA(t *testing.T, b Backend, err error) {
	t.Helper()
	old := openCUDA
	openCUDA = func() (Backend, error) { return b, err }
	t.Cleanup(func() {
		openCUDA = old
		curMu.Lock()
		cur = nil
		curMu.Unlock()
	})
}

var noDriver = &cuda.UnavailableError{Missing: "libcuda.so.1",
	Reason: "libcuda.so.1 not found: no NVIDIA driver on this machine (dlopen failed)"}

func TestSelectWithoutGPU(t *testing.T) {
	withCUDA(t, nil, noDriver)
	for _, name := range []string{"auto", "", " AUTO ", "cpu", "CPU"} {
		b, err := Select(name)
		if err != nil || b.Name() != "cpu" {
			t.Errorf("Select(%q) = %v, %v; want the cpu backend", name, b, err)
		}
	}
	_, err := Select("cuda")
	if err == nil {
		t.Fatal("Select(cuda) without a GPU succeeded")
	}
	if !errors.Is(err, cuda.ErrUnavailable) {
		t.Errorf("error %v does not match cuda.ErrUnavailable", err)
	}
	for _, want := range []string{"libcuda.so.1 not found: no NVIDIA driver on this machine", "set PETRI_DEVICE=cpu or auto", "%device cpu"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Select(cuda) error %q lacks %q", err, want)
		}
	}
}

func TestSelectWithGPU(t *testing.T) {
	withCUDA(t, fakeGPU{}, nil)
	for _, name := range []string{"auto", "", "cuda", "Cuda"} {
		if b, err := Select(name); err != nil || b.Name() != "cuda" {
			t.Errorf("Select(%q) = %v, %v; want the cuda backend", name, b, err)
		}
	}
	if b, _ := Select("cpu"); b.Name() != "cpu" {
		t.Error("Select(cpu) with a GPU present did not give the cpu backend")
	}
}

func TestSelectUnknown(t *testing.T) {
	_, err := Select("gpu")
	if err == nil || !strings.Contains(err.Error(), `"gpu"`) || !strings.Contains(err.Error(), "auto, cpu, cuda") {
		t.Fatalf("Select(gpu) = %v, want an error naming the value and listing auto, cpu, cuda", err)
	}
}

func TestDefaultFromEnv(t *testing.T) {
	withCUDA(t, nil, noDriver)
	t.Setenv(EnvDevice, "")
	if b, err := Default(); err != nil || b.Name() != "cpu" {
		t.Fatalf("Default with PETRI_DEVICE unset = %v, %v; want cpu", b, err)
	}
	t.Setenv(EnvDevice, "tpu")
	_, err := Default()
	if err == nil {
		t.Fatal("Default with PETRI_DEVICE=tpu succeeded")
	}
	for _, want := range []string{`PETRI_DEVICE="tpu"`, "auto, cpu, cuda", "unset it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	t.Setenv(EnvDevice, "cuda")
	if _, err := Default(); err == nil || !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Fatalf("Default with PETRI_DEVICE=cuda and no GPU = %v, want the missing-driver error", err)
	}
}

// TestCurrentAndUse is what the %device magic relies on.
func TestCurrentAndUse(t *testing.T) {
	withCUDA(t, fakeGPU{}, nil)
	t.Setenv(EnvDevice, "cpu")
	if b, err := Current(); err != nil || b.Name() != "cpu" {
		t.Fatalf("Current = %v, %v; want cpu from PETRI_DEVICE", b, err)
	}
	if b, err := Use("cuda"); err != nil || b.Name() != "cuda" {
		t.Fatalf("Use(cuda) = %v, %v", b, err)
	}
	if b, _ := Current(); b.Name() != "cuda" {
		t.Fatalf("Current after Use(cuda) = %s", b.Name())
	}
	if _, err := Use("nope"); err == nil {
		t.Fatal("Use(nope) succeeded")
	}
	if b, _ := Current(); b.Name() != "cuda" {
		t.Fatal("a failed Use changed the current backend")
	}
	devs := Devices()
	if len(devs) != 2 || devs[0].Name != "cpu" || devs[1].Name != "cuda" || !devs[1].Current || devs[0].Current || !devs[1].Available {
		t.Fatalf("Devices = %+v", devs)
	}
}

func TestDevicesWithoutGPU(t *testing.T) {
	withCUDA(t, nil, noDriver)
	t.Setenv(EnvDevice, "auto")
	if _, err := Current(); err != nil {
		t.Fatal(err)
	}
	devs := Devices()
	if !devs[0].Current || !devs[0].Available || !strings.HasPrefix(devs[0].Detail, "cpu: pure Go") {
		t.Errorf("cpu status %+v", devs[0])
	}
	if devs[1].Available || !strings.Contains(devs[1].Detail, "unavailable: libcuda.so.1 not found") {
		t.Errorf("cuda status %+v, want unavailable with the reason", devs[1])
	}
}

// TestRealSelectWithoutGPU runs the real CUDA probe; on a machine with no
// driver (CI) it must fall back and explain.
func TestRealSelectWithoutGPU(t *testing.T) {
	if b, err := Select("cuda"); err == nil {
		t.Skipf("a GPU is present: %s", b.Describe())
	}
	if b, err := Select("auto"); err != nil || b.Name() != "cpu" {
		t.Fatalf("Select(auto) without a GPU = %v, %v; want cpu", b, err)
	}
	_, err := Select("cuda")
	if !strings.Contains(err.Error(), "libcuda.so.1 not found: no NVIDIA driver on this machine") &&
		!strings.Contains(err.Error(), "CUDA support needs cgo; rebuild with CGO_ENABLED=1") {
		t.Fatalf("Select(cuda) = %v, want the missing-driver or missing-cgo explanation", err)
	}
	if !strings.Contains(err.Error(), "set PETRI_DEVICE=cpu or auto") {
		t.Fatalf("Select(cuda) = %v, want the hint to set PETRI_DEVICE", err)
	}
}
