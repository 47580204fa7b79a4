package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/fakecuda"
)

// TestDevicesCommand runs `petridish devices` (TestDevicesChild) in child
// processes on the host emulation of CUDA, with a device, without one, and
// with PETRI_DEVICE set to cpu and to a bad name.
func TestDevicesCommand(t *testing.T) {
	if err := runDevices([]string{"extra"}); runMainStatus(err) != 2 || !strings.Contains(err.Error(), "PETRI_DEVICE=cpu, cuda or auto") {
		t.Errorf("devices extra: %v; want a usage error saying how to choose", err)
	}
	dir := fakecuda.BuildForTest(t)
	for _, c := range []struct {
		name string
		env  []string
		want []string
	}{
		{"auto with a GPU", nil, []string{"  cpu: pure Go", "* cuda: Fake CUDA device 0", "PETRI_DEVICE=auto (unset) selects cuda", "status 0"}},
		{"cpu", []string{"PETRI_DEVICE=cpu"}, []string{"* cpu: pure Go", "  cuda: Fake CUDA device 0", "PETRI_DEVICE=cpu selects cpu", "status 0"}},
		{"cuda without a GPU", []string{"PETRI_DEVICE=cuda", "FAKECUDA_DEVICES=0"},
			[]string{"  cpu: pure Go", "  cuda unavailable: no CUDA device", "cuda device unavailable", "set PETRI_DEVICE=cpu or auto", "status 1"}},
		{"auto without a GPU", []string{"FAKECUDA_DEVICES=0"}, []string{"* cpu: pure Go", "  cuda unavailable: no CUDA device", "selects cpu", "status 0"}},
		{"bad name", []string{"PETRI_DEVICE=gpu"}, []string{`PETRI_DEVICE="gpu" is not a valid device`, "one of auto, cpu, cuda", "status 1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := fakecuda.RunTests(dir, "^TestDevicesChild$", append(c.env, "DEVICES_CHILD=1")...)
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestDevicesChild is `petridish devices` in a child process of
// TestDevicesCommand: it prints the command's output, its error and the
// exit status runMain would give.
func TestDevicesChild(t *testing.T) {
	if os.Getenv("DEVICES_CHILD") == "" {
		t.Skip("runs only as a child of TestDevicesCommand")
	}
	err := runDevices(nil)
	if err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("status", runMainStatus(err))
}
