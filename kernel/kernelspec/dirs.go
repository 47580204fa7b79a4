package kernelspec

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// UserDir returns the per-user kernels directory: <Jupyter data dir>/kernels,
// where the data dir is $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter,
// else ~/.local/share/jupyter (~/Library/Jupyter on macOS,
// %APPDATA%\jupyter on Windows), as jupyter_core resolves it.
func UserDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "kernels"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter", "kernels"), nil
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && runtime.GOOS != "darwin" {
		return filepath.Join(d, "jupyter", "kernels"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("kernelspec: cannot find the home directory; set JUPYTER_DATA_DIR or use --prefix DIR")
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter", "kernels"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter", "kernels"), nil
}

// PrefixDir returns the kernels directory under an installation prefix:
// prefix/share/jupyter/kernels.
func PrefixDir(prefix string) (string, error) {
	if prefix == "" {
		return "", errors.New("kernelspec: the prefix is empty; give a directory, such as /usr/local")
	}
	abs, err := filepath.Abs(prefix)
	if err != nil {
		return "", fmt.Errorf("kernelspec: prefix %q: %w", prefix, err)
	}
	return filepath.Join(abs, "share", "jupyter", "kernels"), nil
}

// SysPrefixDir returns the kernels directory of the Python environment
// that runs Jupyter: $CONDA_PREFIX or $VIRTUAL_ENV when one is active,
// otherwise sys.prefix of the first of $PYTHON, python3 on PATH and
// /usr/bin/python3 that can import jupyter_core.
func SysPrefixDir() (string, error) {
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			return PrefixDir(p)
		}
	}
	var tried []string
	for _, python := range []string{os.Getenv("PYTHON"), "python3", "/usr/bin/python3"} {
		if python == "" {
			continue
		}
		out, err := exec.Command(python, "-c", "import sys, jupyter_core; print(sys.prefix)").Output()
		if err == nil {
			return PrefixDir(strings.TrimSpace(string(out)))
		}
		tried = append(tried, python)
	}
	return "", fmt.Errorf("kernelspec: --sys-prefix needs the Python that runs Jupyter, but none of %s imports jupyter_core; activate its environment, set PYTHON, or use --prefix DIR", strings.Join(tried, ", "))
}
