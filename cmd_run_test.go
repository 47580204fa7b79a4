package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl"
)

func writeScript(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunScript(t *testing.T) {
	script := writeScript(t, "s.go", `name, _ := bufio.NewReader(os.Stdin).ReadString('\n')
fmt.Println("hello", strings.TrimSpace(name), os.Args[1:])
display.Markdown("**md**")
display.Image(image.NewGray(image.Rect(0, 0, 4, 2)))
b := display.Progress(3, "work")
b.Add(3)
6 * 7`)
	var out, errOut bytes.Buffer
	if err := runScriptIO([]string{script, "a1", "a2"}, strings.NewReader("gopher\n"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if want := "hello gopher [a1 a2]\n**md**\n[image 4x2]\n42\n"; out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
	if !strings.Contains(errOut.String(), "work") {
		t.Errorf("no progress bar on stderr: %q", errOut.String())
	}
}

func TestRunProgramAndErrors(t *testing.T) {
	prog := writeScript(t, "prog.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"main ran\")\n}\n")
	var out, errOut bytes.Buffer
	if err := runScriptIO([]string{prog}, strings.NewReader(""), &out, &errOut); err != nil || out.String() != "main ran\n" {
		t.Fatalf("program: err %v, stdout %q", err, out.String())
	}
	bad := writeScript(t, "bad.go", "x := 1\npanic(fmt.Sprint(\"bad \", x))\n")
	err := runScriptIO([]string{bad}, strings.NewReader(""), &out, &errOut)
	var e *dsl.Error
	if !errors.As(err, &e) || e.Name != "panic" || !strings.Contains(err.Error(), "bad.go:2:") {
		t.Errorf("failing script: %v", err)
	}
	if err := runScriptIO([]string{bad}, nil, &out, &errOut); runMainStatus(err) != 1 {
		t.Errorf("exit status for a failing script: %d", runMainStatus(err))
	}
	for _, args := range [][]string{nil, {"--timeout", "x", "s.go"}, {"/no/such/script.go"}} {
		if err := runScriptIO(args, nil, &out, &errOut); err == nil {
			t.Errorf("run %v succeeded", args)
		}
	}
}

// runMainStatus is the exit status runMain gives for a command's error.
func runMainStatus(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}
