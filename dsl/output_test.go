package dsl

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
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
