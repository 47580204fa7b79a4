package kernelspec

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/petridish-go/petridish/internal/atomicfile"
)

//go:embed logo-32x32.png
var logo32 []byte

//go:embed logo-64x64.png
var logo64 []byte

// Spec is the content of kernel.json.
type Spec struct {
	// Argv starts the kernel; Jupyter replaces "{connection_file}".
	Argv []string `json:"argv"`
	// DisplayName is what front-ends list.
	DisplayName string `json:"display_name"`
	// Language is the language of the kernel's cells.
	Language string `json:"language"`
	// InterruptMode is "message" (interrupt_request on the control
	// channel) or "signal" (SIGINT).
	InterruptMode string `json:"interrupt_mode"`
	// Env is added to the kernel's environment.
	Env map[string]string `json:"env,omitempty"`
	// Metadata is free-form information for front-ends.
	Metadata map[string]any `json:"metadata,omitempty"`
}

// namePattern is what jupyter_client accepts as a kernel name.
var namePattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// Install writes spec as kernel.json, with the logos, into dir/name, and
// returns that directory. It replaces an earlier install of the same name.
func Install(dir, name string, spec Spec) (string, error) {
	if !namePattern.MatchString(name) {
		return "", fmt.Errorf("kernelspec: kernel name %q may use only letters, digits, '.', '_' and '-'", name)
	}
	if len(spec.Argv) == 0 {
		return "", errors.New("kernelspec: the spec has no argv; Jupyter would not know how to start the kernel")
	}
	target := filepath.Join(dir, name)
	if err := os.MkdirAll(target, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: cannot create %s: %w (install with --user, or choose another --prefix)", target, err)
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	files := map[string][]byte{"kernel.json": append(b, '\n'), "logo-32x32.png": logo32, "logo-64x64.png": logo64}
	for file, data := range files {
		if err := writeAtomic(filepath.Join(target, file), data); err != nil {
			return "", err
		}
	}
	return target, nil
}

// writeAtomic writes data to path through a temporary file and a rename,
// so a reader never sees half a kernel.json.
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("kernelspec: %w", err)
	}
	return nil
}
