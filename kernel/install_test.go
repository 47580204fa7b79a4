package kernel_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallScript runs ../install.sh into a temporary prefix and checks
// that Jupyter lists the kernel it registered, pointing at the binary it
// installed.
func TestInstallScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary again; skipped with -short")
	}
	need(t, "jupyter_client")
	dir := t.TempDir()
	prefix := filepath.Join(dir, "prefix")
	cmd := exec.Command("bash", filepath.Join("..", "install.sh"), "--prefix", prefix, "--name", "petridish-script")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"), "JUPYTER_DATA_DIR="+filepath.Join(dir, "data"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("install.sh: %v\n%s", err, out)
	}
	bin := filepath.Join(prefix, "bin", "petridish")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("install.sh did not install the binary: %v\n%s", err, out)
	}
	list := exec.Command(python, "-m", "jupyter_client.kernelspecapp", "list", "--json")
	list.Env = cmd.Env
	lout, err := list.Output()
	if err != nil {
		t.Fatalf("kernelspec list: %v", err)
	}
	var specs struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv          []string `json:"argv"`
				DisplayName   string   `json:"display_name"`
				Language      string   `json:"language"`
				InterruptMode string   `json:"interrupt_mode"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(lout, &specs); err != nil {
		t.Fatalf("kernelspec list printed %s: %v", lout, err)
	}
	k, ok := specs.Kernelspecs["petridish-script"]
	if !ok {
		t.Fatalf("Jupyter does not list the kernel: %s", lout)
	}
	want := []string{bin, "kernel", "--connection-file", "{connection_file}"}
	if strings.Join(k.Spec.Argv, " ") != strings.Join(want, " ") || k.Spec.DisplayName != "Go (petridish)" || k.Spec.Language != "go" || k.Spec.InterruptMode != "message" {
		t.Errorf("kernelspec = %+v", k.Spec)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if _, err := os.Stat(filepath.Join(k.ResourceDir, logo)); err != nil {
			t.Errorf("missing %s: %v", logo, err)
		}
	}
}
