package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
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
	// os.Exit ends the script with its status and no message, as it ends
	// a compiled program; log.Fatal's status is 1.
	for src, status := range map[string]int{
		"fmt.Println(\"before\")\nos.Exit(3)\nfmt.Println(\"after\")": 3,
		"os.Exit(0)":           0,
		"log.Fatal(\"fatal\")": 1,
		"package main\n\nimport \"os\"\n\nfunc main() {\n\tos.Exit(4)\n}\n": 4,
	} {
		out.Reset()
		err := runScriptIO([]string{writeScript(t, "exit.go", src)}, nil, &out, &errOut)
		if got := runMainStatus(err); got != status || strings.Contains(out.String(), "after") {
			t.Errorf("%q: exit status %d (%v), stdout %q; want %d", src, got, err, out.String(), status)
		}
	}
	for _, args := range [][]string{nil, {"--timeout", "x", "s.go"}, {"/no/such/script.go"}} {
		if err := runScriptIO(args, nil, &out, &errOut); err == nil {
			t.Errorf("run %v succeeded", args)
		}
	}
}

// runMainStatus is the exit status runMain gives for a command's error.
func runMainStatus(err error) int {
	var status exitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return int(status)
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// TestRunScriptFlags checks that the flag package in a script reads the
// script's arguments, as in a compiled program named after the script:
// for a script in cell syntax and for a package main program, and -h and
// an unknown flag exit as flag.ExitOnError does (in a child process).
func TestRunScriptFlags(t *testing.T) {
	if args := os.Getenv("PETRIDISH_RUN_CHILD"); args != "" {
		os.Exit(runMain(append([]string{"run"}, strings.Split(args, "\x1f")...)))
	}
	cell := writeScript(t, "fl.go", "n := flag.Int(\"n\", 1, \"how many\")\nflag.Parse()\nfmt.Println(*n, flag.Args(), flag.CommandLine.Name())\n")
	prog := writeScript(t, "prog.go", "package main\n\nimport (\n\t\"flag\"\n\t\"fmt\"\n)\n\nfunc main() {\n\tn := flag.Int(\"n\", 1, \"how many\")\n\tflag.Parse()\n\tfmt.Println(*n, flag.Args())\n}\n")
	cl := flag.CommandLine
	for _, c := range []struct {
		script string
		args   []string
		want   string
	}{
		{cell, []string{"-n", "5"}, "5 [] " + cell + "\n"},
		{cell, []string{"-n", "5", "a", "b"}, "5 [a b] " + cell + "\n"},
		{cell, nil, "1 [] " + cell + "\n"},
		{prog, []string{"-n", "5"}, "5 []\n"},
		{prog, []string{"x", "-n", "5"}, "1 [x -n 5]\n"},
	} {
		var out, errOut bytes.Buffer
		err := runScriptIO(append([]string{c.script}, c.args...), strings.NewReader(""), &out, &errOut)
		if err != nil || out.String() != c.want {
			t.Errorf("run %s %v: %v, stdout %q, want %q", filepath.Base(c.script), c.args, err, out.String(), c.want)
		}
	}
	if flag.CommandLine != cl {
		t.Error("run left its flag.CommandLine in place")
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{prog, "-h"}, 0, "Usage of " + prog + ":\n  -n int\n    \thow many (default 1)\n"},
		{[]string{prog, "-bad"}, 2, "flag provided but not defined: -bad\nUsage of " + prog + ":\n"},
		{[]string{cell, "-n", "x"}, 2, "invalid value \"x\" for flag -n"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRunScriptFlags$")
		cmd.Env = append(os.Environ(), "PETRIDISH_RUN_CHILD="+strings.Join(c.args, "\x1f"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("run %v: exit %d, stderr %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

// TestRunStdinEOF checks that a script reading its standard input to the
// end sees io.EOF itself, as a compiled program does: bufio.Scanner.Err
// and io.ReadAll report no error, and fmt.Scan's error == io.EOF.
func TestRunStdinEOF(t *testing.T) {
	script := writeScript(t, "eof.go", `package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Scan()
	fmt.Println("line", sc.Text())
	var x int
	_, err := fmt.Scan(&x)
	fmt.Println("scan", x, err)
	_, err = fmt.Scan(&x)
	fmt.Println("scan at end is io.EOF:", err == io.EOF)
	b, err := io.ReadAll(os.Stdin)
	fmt.Printf("readall %q %v\n", b, err)
	for sc.Scan() {
	}
	fmt.Println("scanner err:", sc.Err())
}
`)
	var out, errOut bytes.Buffer
	if err := runScriptIO([]string{script}, strings.NewReader("first\n7\n"), &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	want := "line first\nscan 7 <nil>\nscan at end is io.EOF: true\nreadall \"\" <nil>\nscanner err: <nil>\n"
	if out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
}
