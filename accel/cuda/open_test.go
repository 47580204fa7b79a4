package cuda

import (
	"errors"
	"strings"
	"testing"
)

// TestOpenReportsWhatIsMissing opens the real driver. Where there is none
// (CI), the error must match ErrUnavailable and say what is missing: cgo in a
// CGO_ENABLED=0 build, libcuda.so.1 otherwise.
func TestOpenReportsWhatIsMissing(t *testing.T) {
	d, err := Open(Config{NoCache: true})
	if err == nil {
		d.Close()
		t.Skip("a CUDA device is present; the GPU tests cover this machine")
	}
	var ue *UnavailableError
	if !errors.As(err, &ue) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Open = %v (%T), want an *UnavailableError", err, err)
	}
	want := map[string]string{
		"cgo":          "CUDA support needs cgo; rebuild with CGO_ENABLED=1",
		"libcuda.so.1": "libcuda.so.1 not found: no NVIDIA driver on this machine",
		"CUDA device":  "no CUDA device",
		"CUDA driver":  "the NVIDIA driver failed to start",
		"libnvrtc":     "nvrtc",
	}[ue.Missing]
	if want == "" {
		t.Fatalf("Open failed with Missing=%q: %v", ue.Missing, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("Open error %q lacks %q", err, want)
	}
	t.Logf("as expected here: %v", err)
}
