package dsl

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoGet fetches a pure-Go module with %go get and imports it in a
// cell, interpreted from source. It runs offline: the module
// (github.com/google/uuid v1.6.0) is one the build of this package already
// put in the module cache, and GOPROXY=off keeps the go command from the
// network.
func TestGoGet(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	gopath := t.TempDir()
	t.Setenv(EnvGoPath, gopath)
	// Outside any module: this package's folder is in petridish's, which
	// requires the module below, so a cell there imports it at once.
	t.Chdir(t.TempDir())
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOSUMDB", "off")
	s := newSession(t)
	_, _, err := run(t, s, "import \"github.com/google/uuid\"")
	cellError(t, err, "compile error", `cannot import "github.com/google/uuid"`, "%go get github.com/google/uuid")

	_, r := mustRun(t, s, "%go get github.com/google/uuid@v1.6.0")
	if !strings.Contains(r.out(), "github.com/google/uuid can now be imported in cells") || !strings.Contains(r.out(), "can differ from compiled Go") {
		t.Errorf("%%go get printed %q (stderr %q)", r.out(), r.errText())
	}
	if target, err := os.Readlink(filepath.Join(gopath, "src", "github.com", "google", "uuid")); err != nil || !strings.HasSuffix(target, "uuid@v1.6.0") {
		t.Errorf("module link: %q, %v", target, err)
	}
	res, _ := mustRun(t, s, "import \"github.com/google/uuid\"\nuuid.NewSHA1(uuid.Nil, []byte{1, 2, 3}).String()")
	// The value the compiled package gives. (Not from uuid.NameSpaceDNS:
	// yaegi initialises that package variable before the table it is
	// parsed with, which the README's limitations describe.)
	if got := text(res); got != "5a90081e-7f6c-50b6-8bf0-60dcff51711e" {
		t.Errorf("uuid from the fetched package: %q, want 5a90081e-7f6c-50b6-8bf0-60dcff51711e", got)
	}

	for code, want := range map[string]string{
		"%go get":                                "usage: %go get PACKAGE[@VERSION]",
		"%go build ./...":                        "usage: %go get PACKAGE[@VERSION]",
		"%go get -u example.com":                 "flags are not supported",
		"%go get example.invalid/nothing@v1.0.0": "go get example.invalid/nothing@v1.0.0",
	} {
		_, _, err := run(t, s, code)
		cellError(t, err, "magic error", want)
	}
}
