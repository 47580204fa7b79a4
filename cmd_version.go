package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
)

// version is the petridish release; builds may override it with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func init() {
	register(command{name: "version", summary: "print version and build information", run: runVersion})
}

func runVersion(args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: petridish version\n\nPrints the petridish version, the Go toolchain, the platform and the build's\nrevision and main dependencies. It takes no arguments.")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Printf("petridish %s %s %s/%s\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision", "vcs.time", "vcs.modified", "CGO_ENABLED":
				fmt.Printf("  %s=%s\n", s.Key, s.Value)
			}
		}
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/traefik/yaegi", "github.com/go-zeromq/zmq4", "gonum.org/v1/gonum", "gonum.org/v1/plot":
				fmt.Printf("  %s %s\n", d.Path, d.Version)
			}
		}
	}
	return nil
}
