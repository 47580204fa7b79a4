package main

import (
	"errors"
	"flag"
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
	fs := flag.NewFlagSet("devices", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: petridish devices\n\nLists the compute backends (cpu, cuda), says which one %s (cpu, cuda or auto) selects\nand, when CUDA is unavailable, why. It takes no arguments.\n", accel.EnvDevice)
	}
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, errUsage) {
			return fmt.Errorf("%w: devices takes no arguments; set %s=cpu, cuda or auto to choose one", errUsage, accel.EnvDevice)
		}
		return err
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
