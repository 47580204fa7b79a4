package dsl

import (
	"strings"
	"testing"
)

// os.Exit ends the program without running deferred calls, so none can
// recover it: not those of the functions it unwinds, not the cell's own.
// (Go by Example's "exit" printed the "!" its main defers.)
func TestExitRunsNoDeferredCalls(t *testing.T) {
	s := newSession(t)
	r := &recorder{}
	_, err := s.ExecuteFile(t.Context(), "prog.go", `package main

import (
	"fmt"
	"os"
)

func leave() {
	defer fmt.Println("deferred in leave")
	os.Exit(3)
}

func main() {
	defer fmt.Println("deferred in main")
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered", r)
		}
	}()
	fmt.Println("before")
	leave()
	fmt.Println("after")
}
`, r)
	e := cellError(t, err, "exit")
	if e.ExitCode != 3 {
		t.Errorf("exit code %d, want 3", e.ExitCode)
	}
	if r.out() != "before\n" {
		t.Errorf("stdout %q, want only %q", r.out(), "before\n")
	}
	_, r2, err := run(t, s, "defer fmt.Println(\"cell defer\")\nfmt.Println(\"cell\")\nos.Exit(1)")
	cellError(t, err, "exit")
	if r2.out() != "cell\n" {
		t.Errorf("stdout %q, want only %q", r2.out(), "cell\n")
	}
	// A later cell's defers run as before.
	_, r3 := mustRun(t, s, "defer fmt.Println(\"later defer\")\nfmt.Println(\"later\")")
	if r3.out() != "later\nlater defer\n" {
		t.Errorf("stdout %q, want %q", r3.out(), "later\nlater defer\n")
	}
}

// os.Exit in a goroutine of a cell ends that goroutine without running its
// deferred calls, reported on stderr; it neither crashes the process (the
// goroutine's recovering guard is a deferred call too) nor stops the cell.
func TestExitInGoroutine(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `done := make(chan bool)
go func() {
	defer close(done)
	defer fmt.Println("deferred in goroutine")
	os.Exit(4)
}()
select {
case <-done:
	fmt.Println("done closed")
case <-time.After(200 * time.Millisecond):
	fmt.Println("cell goes on")
}
func worker(c chan int) {
	defer fmt.Println("deferred in worker")
	c <- 1
	log.Fatal("worker failed")
}
c := make(chan int)
go worker(c)
<-c
time.Sleep(100 * time.Millisecond)
fmt.Println("end")`)
	if want := "cell goes on\nend\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
	wants := []string{"os.Exit(4) called in a goroutine", "status 4", "log.Fatal: worker failed in a goroutine", "status 1"}
	got := r.waitErrText(wants...)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("stderr %q lacks %q", got, want)
		}
	}
}

// A cell that fails to compile at a method its variable lacks, with a
// definition after it, gets the error: the hint that reads the Session's
// globals crashed the process (index out of range: the later variable
// had no storage yet).
func TestCompileErrorBeforeLaterDefinition(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "x := 1\nx.Nope()\nd := 3\nfmt.Println(d)")
	cellError(t, err, "compile error", "undefined field or method: Nope")
	if res, _ := mustRun(t, s, "y := 2\ny * 21"); text(res) != "42" {
		t.Errorf("the session after the error gives %q, want 42", text(res))
	}
}

// A standard package that cells cannot import is named as such, with what
// to use instead; the advice to fetch it with %go get was wrong.
func TestImportOfLeftOutStandardPackage(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "import \"os/exec\"\nexec.Command(\"ls\")")
	e := cellError(t, err, "compile error", `cannot import "os/exec"`, "standard package", "!command")
	if strings.Contains(e.Value, "go get") {
		t.Errorf("error %q advises %%go get for a standard package", e.Value)
	}
	_, _, err = run(t, s, "import \"github.com/nobody/nothing\"\nnothing.X()")
	cellError(t, err, "compile error", "%go get github.com/nobody/nothing")
}

// runtime.Breakpoint in a cell is an error of that cell: Go's traps with
// SIGTRAP, which would end the kernel's process.
func TestRuntimeBreakpointIsACellError(t *testing.T) {
	s := newSession(t)
	_, _, err := run(t, s, "fmt.Println(\"before\")\nruntime.Breakpoint()\nfmt.Println(\"after\")")
	if err == nil || !strings.Contains(err.Error(), "runtime.Breakpoint would stop the whole process") {
		t.Fatalf("runtime.Breakpoint: %v, want the cell's error saying why", err)
	}
	if _, r := mustRun(t, s, `fmt.Println("the session goes on")`); r.out() != "the session goes on\n" {
		t.Errorf("after runtime.Breakpoint: %q", r.out())
	}
}
