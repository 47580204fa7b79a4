package main

import (
	"fmt"
	"os"

	"github.com/petridish-go/petridish/accel"
)

func init() {
	register(command{name: "devices", summary: "list the compute backends (cpu, cuda), which one PETRI_DEVICE selects, and why CUDA is unavailable", run: runDevices})
}

// runDevices lists the compute backends as %device does, then says which
// one PETRI_DEVICE selects. When PETRI_DEVICE is invalid, or asks for cuda
// where there is none, it fails after the list with the reason.
func runDevices(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: devices takes no arguments; set %s=cpu, cuda or auto to choose one", errUsage, accel.EnvDevice)
	}
	b, err := accel.Current()
	fmt.Print(accel.DeviceList())
	if err != nil {
		return err
	}
	v := os.Getenv(accel.EnvDevice)
	if v == "" {
		v = "auto (unset)"
	}
	fmt.Printf("%s=%s selects %s\n", accel.EnvDevice, v, b.Name())
	return nil
}
