package kernel

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// fakeExec runs a tiny line-oriented test language: each line is a command
// and its argument.
//
//	print X     stream X to stdout       stderr X   stream X to stderr
//	value X     result text/plain X      fail X     fail with ExecError X
//	page X      page X                   loop       wait until interrupted
//	input P     ask with prompt P and show "got <answer>"
//	display ID  display, update and clear output under display id ID
//	spawn N     N goroutines each print "g" and finish before the cell
//	panic X     panic with X             plain X    fail with a plain error
//	burst N     N writes of "a", one of "b" to stderr, N of "c"
//	euro        "€" written in two halves with a pause between
//	exit        ask the front end to end the session
type fakeExec struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeExec) Execute(ctx context.Context, count int, code string, out Frontend) (Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, code)
	f.mu.Unlock()
	var res Result
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			out.Stream("stdout", arg)
		case "stderr":
			out.Stream("stderr", arg)
		case "value":
			res.Data = map[string]any{"text/plain": arg}
		case "page":
			res.Page = map[string]any{"text/plain": arg}
		case "fail":
			return res, &ExecError{Name: "failure", Value: arg, Traceback: []string{"failure: " + arg, "at line 1"}}
		case "plain":
			return res, errors.New(arg)
		case "panic":
			panic(arg)
		case "loop":
			<-ctx.Done()
			return res, ctx.Err()
		case "sleep":
			d, _ := time.ParseDuration(arg)
			time.Sleep(d)
		case "input":
			s, err := out.Input(arg, false)
			if err != nil {
				return res, &ExecError{Name: "input", Value: err.Error()}
			}
			res.Data = map[string]any{"text/plain": "got " + s}
		case "display":
			out.Display(map[string]any{"text/html": "<b>1</b>"}, nil, arg, false)
			out.Display(map[string]any{"text/html": "<b>2</b>"}, map[string]any{"k": "v"}, arg, true)
			out.ClearOutput(true)
		case "spawn":
			var wg sync.WaitGroup
			for range len(arg) {
				wg.Add(1)
				go func() { defer wg.Done(); out.Stream("stdout", "g") }()
			}
			wg.Wait()
		case "burst":
			n, _ := strconv.Atoi(arg)
			for range n {
				out.Stream("stdout", "a")
			}
			out.Stream("stderr", "b")
			for range n {
				out.Stream("stdout", "c")
			}
		case "euro": // a rune split over two writes with a flush between
			out.Stream("stdout", "\xe2\x82")
			time.Sleep(3 * streamDelay)
			out.Stream("stdout", "\xac")
		case "exit":
			res.AskExit = true
		case "":
		default:
			return res, &ExecError{Name: "syntax", Value: "unknown command " + cmd}
		}
	}
	return res, nil
}

func (f *fakeExec) Evaluate(ctx context.Context, expr string) (map[string]any, error) {
	if expr == "bad" {
		return nil, &ExecError{Name: "eval", Value: "bad expression"}
	}
	return map[string]any{"text/plain": "=" + expr}, nil
}

func (f *fakeExec) Complete(code string, cursor int) ([]string, int, int) {
	if strings.HasPrefix(code, "pr") {
		return []string{"print", "println"}, 0, cursor
	}
	return nil, 0, 0
}

func (f *fakeExec) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	if code == "print" {
		return map[string]any{"text/plain": "print prints; detail " + string(rune('0'+detail))}, true
	}
	return nil, false
}

func (f *fakeExec) IsComplete(code string) (string, string) {
	switch {
	case strings.HasSuffix(code, "{"):
		return "incomplete", "\t"
	case strings.HasSuffix(code, "}"):
		return "invalid", ""
	case code == "weird":
		return "maybe", ""
	}
	return "complete", ""
}

func (f *fakeExec) ran() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}
