package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputFilesKeepLinksAndMode checks that the files dish fit --out
// and groundtruth --csv write replace the target of a symbolic link, not
// the link, and that a new file gets 0644 less the umask (not 0600).
func TestOutputFilesKeepLinksAndMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	gt := writeFile(t, dir, "gt.csv", uShapedCSV(8))
	cfg := writeFile(t, dir, "c.json", `{"inner": {"steps": 20}, "outer": {"schedule": [3]}}`)

	for _, c := range []struct {
		name string
		args func(out string) []string
	}{
		{"dish fit", func(out string) []string {
			return []string{"dish", "fit", "--quiet", "--train", gt, "--config", cfg, "--out", out}
		}},
		{"groundtruth rnncell", func(out string) []string {
			return []string{"groundtruth", "rnncell", "--quiet", "--cells", "2", "--hidden", "8", "--batch", "4", "--bptt", "10",
				"--train-tokens", "600", "--valid-tokens", "200", "--store", "", "--csv", out}
		}},
	} {
		sub := t.TempDir()
		target, link := filepath.Join(sub, "target"), filepath.Join(sub, "link")
		os.WriteFile(target, []byte("old"), 0o644)
		if err := os.Symlink("target", link); err != nil {
			t.Fatal(err)
		}
		if code := runMain(c.args(link)); code != 0 {
			t.Fatalf("%s --out link: exited %d", c.name, code)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the symbolic link was replaced by a file", c.name)
		}
		if b, _ := os.ReadFile(target); string(b) == "old" {
			t.Errorf("%s: the link's target was not written", c.name)
		}
		fresh := filepath.Join(sub, "fresh")
		if code := runMain(c.args(fresh)); code != 0 {
			t.Fatalf("%s: exited %d", c.name, code)
		}
		if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: new file has mode %v (%v), want 0644 with umask 022", c.name, fi.Mode().Perm(), err)
		}
	}
}
