package kernelspec

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestInstall(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{
		Argv:          []string{"/opt/bin/petridish", "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   "Go (petridish)",
		Language:      "go",
		InterruptMode: "message",
	}
	got, err := Install(dir, "petridish", spec)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, "petridish") {
		t.Errorf("installed into %s", got)
	}
	b, err := os.ReadFile(filepath.Join(got, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"argv":           []any{"/opt/bin/petridish", "kernel", "--connection-file", "{connection_file}"},
		"display_name":   "Go (petridish)",
		"language":       "go",
		"interrupt_mode": "message",
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("kernel.json = %v, want %v", back, want)
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		b, err := os.ReadFile(filepath.Join(got, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %v", name, r)
		}
	}
	// Installing again replaces the spec.
	spec.DisplayName = "Go (again)"
	if _, err := Install(dir, "petridish", spec); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(got, "kernel.json"))
	if !strings.Contains(string(b), "Go (again)") {
		t.Errorf("reinstall did not replace kernel.json: %s", b)
	}
	entries, _ := os.ReadDir(got)
	if len(entries) != 3 {
		t.Errorf("kernelspec dir holds %d files, want 3 (no temporary files left)", len(entries))
	}
}

func TestInstallErrors(t *testing.T) {
	dir := t.TempDir()
	ok := Spec{Argv: []string{"x"}}
	for _, name := range []string{"", "has space", "a/b", "ü"} {
		if _, err := Install(dir, name, ok); err == nil || !strings.Contains(err.Error(), "kernel name") {
			t.Errorf("name %q: err = %v", name, err)
		}
	}
	if _, err := Install(dir, "x", Spec{}); err == nil || !strings.Contains(err.Error(), "argv") {
		t.Errorf("empty argv: err = %v", err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Install(file, "x", ok); err == nil || !strings.Contains(err.Error(), "cannot create") {
		t.Errorf("dir under a file: err = %v", err)
	}
}

func TestDirs(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/jd")
	if d, err := UserDir(); err != nil || d != "/jd/kernels" {
		t.Errorf("UserDir with JUPYTER_DATA_DIR = %q, %v", d, err)
	}
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if d, err := UserDir(); err != nil || d != "/xdg/jupyter/kernels" {
		t.Errorf("UserDir with XDG_DATA_HOME = %q, %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if d, err := UserDir(); err != nil || d != "/home/u/.local/share/jupyter/kernels" {
		t.Errorf("UserDir = %q, %v", d, err)
	}
	if d, err := PrefixDir("/usr/local"); err != nil || d != "/usr/local/share/jupyter/kernels" {
		t.Errorf("PrefixDir = %q, %v", d, err)
	}
	if _, err := PrefixDir(""); err == nil {
		t.Error("PrefixDir(\"\") succeeded")
	}
	t.Setenv("VIRTUAL_ENV", "/venv")
	if d, err := SysPrefixDir(); err != nil || d != "/venv/share/jupyter/kernels" {
		t.Errorf("SysPrefixDir in a venv = %q, %v", d, err)
	}
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	t.Setenv("PYTHON", "/nonexistent/python")
	t.Setenv("PATH", t.TempDir())
	if _, err := exec.LookPath("/usr/bin/python3"); err != nil {
		if _, err := SysPrefixDir(); err == nil || !strings.Contains(err.Error(), "--prefix") {
			t.Errorf("SysPrefixDir without python: err = %v", err)
		}
	} else if out, err := exec.Command("/usr/bin/python3", "-c", "import jupyter_core").CombinedOutput(); err == nil {
		if d, err := SysPrefixDir(); err != nil || d != "/usr/share/jupyter/kernels" {
			t.Errorf("SysPrefixDir with Debian's python3 = %q, %v", d, err)
		}
	} else {
		t.Logf("/usr/bin/python3 has no jupyter_core (%s); not checking its sys.prefix", out)
	}
}
