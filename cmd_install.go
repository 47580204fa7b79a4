package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/petridish-go/petridish/kernel/kernelspec"
)

func init() {
	register(command{name: "install", summary: "register the Jupyter kernel: install [--user | --sys-prefix | --prefix DIR] [--name NAME]", run: runInstall})
}

func runInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	user := fs.Bool("user", false, "install for the current user (the default)")
	sysPrefix := fs.Bool("sys-prefix", false, "install into the active Python environment (sys.prefix)")
	prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter/kernels")
	name := fs.String("name", "petridish", "kernelspec `NAME` (the kernel's directory name)")
	display := fs.String("display-name", "Go (petridish)", "`name` front-ends show for the kernel")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q; usage: petridish install [--user | --sys-prefix | --prefix DIR] [--name NAME]", errUsage, fs.Arg(0))
	}
	chosen := 0
	for _, b := range []bool{*user, *sysPrefix, *prefix != ""} {
		if b {
			chosen++
		}
	}
	if chosen > 1 {
		return fmt.Errorf("%w: choose one of --user, --sys-prefix and --prefix", errUsage)
	}

	var dir string
	var err error
	switch {
	case *sysPrefix:
		dir, err = kernelspec.SysPrefixDir()
	case *prefix != "":
		dir, err = kernelspec.PrefixDir(*prefix)
	default:
		dir, err = kernelspec.UserDir()
	}
	if err != nil {
		return err
	}
	bin, err := executablePath()
	if err != nil {
		return err
	}
	where, err := kernelspec.Install(dir, *name, kernelspec.Spec{
		Argv:          []string{bin, "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   *display,
		Language:      "go",
		InterruptMode: "message",
		// JupyterLab shows its debugger only for kernels whose spec
		// says they serve the debugger protocol.
		Metadata: map[string]any{"debugger": true},
	})
	if err != nil {
		return err
	}
	fmt.Printf("Installed the %q kernel (%s) in %s\nIt runs %s\n", *name, *display, where, bin)
	return nil
}

// executablePath returns the absolute, symlink-free path of the running
// binary, refusing the throw-away binaries of `go run`.
func executablePath() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find the petridish binary to register: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	exe, err = filepath.Abs(exe)
	if err != nil {
		return "", err
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "", errors.New("this petridish was built by `go run` into a temporary directory that will disappear; build it first (./install.sh, or go build) and run that binary's install")
	}
	return exe, nil
}
