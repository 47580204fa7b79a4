package torchcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLocate finds a script by its repository path, else by its name in
// the working directory (the GPU kit's layout), else returns the path as
// given.
func TestLocate(t *testing.T) {
	const repoPath = "../../../scripts/gpu/torch_mnist.py"
	if got := Locate(repoPath); got != repoPath {
		t.Fatalf("Locate(%q) = %q inside the repository", repoPath, got)
	}
	kit := t.TempDir()
	if err := os.WriteFile(filepath.Join(kit, "torch_mnist.py"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(kit)
	if got := Locate(repoPath); got != "torch_mnist.py" {
		t.Errorf("in a kit directory Locate(%q) = %q; want torch_mnist.py", repoPath, got)
	}
	if got := Locate("../../scripts/gpu/torch_dish.py"); got != "../../scripts/gpu/torch_dish.py" {
		t.Errorf("Locate of a missing script = %q; want the path as given", got)
	}
}
