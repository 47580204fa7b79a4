package dsl

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// probeOutput answers input requests by calling onInput, so a test can
// look at what arrived while the cell is still running.
type probeOutput struct {
	recorder
	onInput func() string
}

func (p *probeOutput) Input(prompt string, password bool) (string, error) { return p.onInput(), nil }

func TestOutputStreamsWhileTheCellRuns(t *testing.T) {
	s := newSession(t)
	p := &probeOutput{}
	var seen string
	p.onInput = func() string {
		seen = p.out() + "|" + p.errText()
		return "typed"
	}
	res, err := s.Execute(context.Background(), `
fmt.Println("before")
fmt.Fprintln(os.Stderr, "warn")
var wg sync.WaitGroup
wg.Add(1)
go func() { defer wg.Done(); fmt.Println("from goroutine") }()
wg.Wait()
line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
fmt.Println("after")
line`, p)
	if err != nil {
		t.Fatal(err)
	}
	if seen != "before\nfrom goroutine\n|warn\n" {
		t.Errorf("output before the input request: %q", seen)
	}
	if p.out() != "before\nfrom goroutine\nafter\n" {
		t.Errorf("stdout %q", p.out())
	}
	if text(res) != "typed\n" {
		t.Errorf("line read from stdin: %q", text(res))
	}
}

// TestReadmeStdin keeps the top README's claims about reading input true:
// cells have no input() function (Go has none), and reading os.Stdin
// (fmt.Scanln, bufio) is what asks the front end for a line.
func TestReadmeStdin(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t)
	_, _, inputErr := run(t, s, `input("name? ")`)
	if strings.Contains(string(readme), "`input()`") && inputErr != nil {
		t.Errorf("README.md advertises `input()`, but a cell calling it fails: %v", inputErr)
	}
	r := &recorder{inputs: []string{"gopher"}}
	res, err := s.Execute(context.Background(), "var name string\nfmt.Scanln(&name)\nname", r)
	if err != nil || text(res) != "gopher" {
		t.Fatalf("fmt.Scanln from os.Stdin: %v, %q", err, text(res))
	}
	if !strings.Contains(string(readme), "`os.Stdin`") {
		t.Error("README.md does not say that reading `os.Stdin` asks the front end for input")
	}
}

func TestDisplayFromCells(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `
display.HTML("<b>hi</b>")
h := display.New("v1")
h.Update("v2")
bar := display.Progress(50, "steps")
for i := 0; i < 50; i++ { bar.Add(1) }
display.Clear(false)`)
	if len(r.displays) < 4 {
		t.Fatalf("%d displays, want at least 4", len(r.displays))
	}
	if r.displays[0].data["text/html"] != "<b>hi</b>" {
		t.Errorf("first display %v", r.displays[0].data)
	}
	if r.displays[1].update || !r.displays[2].update || r.displays[1].id != r.displays[2].id || r.displays[2].data["text/plain"] != "v2" {
		t.Errorf("handle display/update: %+v %+v", r.displays[1], r.displays[2])
	}
	barID := r.displays[3].id
	last := r.displays[len(r.displays)-1]
	if last.id != barID || !last.update || !strings.Contains(last.data["text/plain"].(string), "50/50") {
		t.Errorf("progress bar not updated in place to 50/50: %+v", last)
	}
	if r.clears != 1 {
		t.Errorf("%d clears, want 1", r.clears)
	}
}

// TestHandleUpdatedAfterTheCell: a goroutine the cell started updates a
// display handle after the cell has ended; the update reaches the front
// end as update_display_data, as a progress bar's do, rather than going to
// the kernel's stdout. A handle as a cell's value shows nothing more.
func TestHandleUpdatedAfterTheCell(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `
h := display.New("step 0")
go func() {
	for i := 1; i <= 3; i++ {
		time.Sleep(20 * time.Millisecond)
		h.Update(fmt.Sprintf("step %d", i))
	}
}()`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		n := len(r.displays)
		r.mu.Unlock()
		if n >= 4 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.mu.Lock()
	ds := append([]recorded(nil), r.displays...)
	r.mu.Unlock()
	if len(ds) != 4 {
		t.Fatalf("%d displays, want the handle's and its 3 updates: %+v", len(ds), ds)
	}
	for i, d := range ds {
		if d.id != ds[0].id || d.update != (i > 0) || d.data["text/plain"] != fmt.Sprintf("step %d", i) {
			t.Errorf("display %d: %+v", i, d)
		}
	}
	// As a cell's value it shows nothing: its output is on the page, and
	// a cell ending in display.New(x) would show x twice. fmt prints its
	// content.
	if res, _ := mustRun(t, s, "h"); res != nil && res.Data != nil {
		t.Errorf("a handle as a cell's value shows %v; want nothing", res.Data)
	}
	if res, _ := mustRun(t, s, "fmt.Sprint(h)"); text(res) != "step 3" {
		t.Errorf("fmt.Sprint(handle) = %q; want its content", text(res))
	}
}

// terminalOutput is an Output for a terminal, like `petridish run`'s.
type terminalOutput struct {
	recorder
	bar strings.Builder
}

func (o *terminalOutput) Terminal() io.Writer { return &o.bar }

func TestTerminalOutputGetsTerminalBars(t *testing.T) {
	s := newSession(t)
	o := &terminalOutput{}
	if _, err := s.Execute(context.Background(), "b := display.Progress(3, \"load\")\nb.Add(3)", o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(o.bar.String(), "load") || len(o.displays) != 0 {
		t.Errorf("terminal bar %q, displays %d", o.bar.String(), len(o.displays))
	}
}

// TestCaptureFDs checks that compiled code writing straight to the
// process's stdout and stderr reaches the running cell, in order, before
// Execute returns.
func TestCaptureFDs(t *testing.T) {
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	p := &probeOutput{}
	var mu sync.Mutex
	p.onInput = func() string {
		mu.Lock()
		defer mu.Unlock()
		// Runs in compiled code while the cell waits for input.
		fmt.Fprintln(os.Stdout, "compiled stdout")
		os.Stderr.WriteString("compiled stderr ünïcödé\n")
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(os.Stdout, "line %d\n", i)
		}
		return ""
	}
	_, err = s.Execute(context.Background(), "bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(\"interpreted\")", p)
	if cerr := s.Close(); cerr != nil {
		t.Error(cerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := p.out()
	if !strings.HasPrefix(out, "compiled stdout\nline 0\n") || !strings.Contains(out, "line 999\n") || !strings.HasSuffix(out, "interpreted\n") {
		t.Errorf("stdout (%d bytes) = %.200q ... %.100q", len(out), out, out[max(0, len(out)-100):])
	}
	if p.errText() != "compiled stderr ünïcödé\n" {
		t.Errorf("stderr %q", p.errText())
	}
	fmt.Fprint(os.Stdout, "") // the descriptors work again after Close
}

// TestCaptureFDsPromptBeforeInput checks that a prompt a cell prints
// without a newline before it reads os.Stdin reaches the front end before
// the input request does: with file descriptors captured, the prompt goes
// through a pipe, which must be drained before asking for input (else the
// user sees an empty input box and the prompt only after answering).
func TestCaptureFDsPromptBeforeInput(t *testing.T) {
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	p := &probeOutput{}
	var seen []string
	p.onInput = func() string {
		seen = append(seen, p.out())
		return "bob"
	}
	_, err = s.Execute(context.Background(), `var name string
fmt.Print("name? ")
fmt.Scanln(&name)
fmt.Print("age? ")
var age int
fmt.Scanln(&age)
fmt.Println("hello", name)`, p)
	if cerr := s.Close(); cerr != nil {
		t.Error(cerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != "name? " || seen[1] != "name? age? " {
		t.Errorf("stdout when input was requested: %q, want [\"name? \" \"name? age? \"]", seen)
	}
}

// TestCaptureFDsLateGoroutineOutput: what a goroutine of a cell prints
// after the cell has ended, before the next one, goes to that cell's
// Output, as it does without captured descriptors, not to the kernel's
// own stdout and stderr.
func TestCaptureFDsLateGoroutineOutput(t *testing.T) {
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &recorder{}
	if _, err := s.Execute(context.Background(), `go func() { time.Sleep(30 * time.Millisecond); fmt.Println("late"); fmt.Fprintln(os.Stderr, "late err") }()`, r); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && r.errText() == ""; {
		time.Sleep(10 * time.Millisecond)
	}
	if r.out() != "late\n" || r.errText() != "late err\n" {
		t.Errorf("late output: stdout %q, stderr %q", r.out(), r.errText())
	}
}
