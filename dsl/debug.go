package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// Jupyter's debugger protocol (what JupyterLab's debugger panel speaks):
// requests and events of the Debug Adapter Protocol carried in
// debug_request, debug_reply and debug_event messages, plus Jupyter's
// additions — dumpCell, debugInfo, inspectVariables and
// richInspectVariables. A front end names a cell by a file whose name is
// a hash of the cell's code (debugInfo tells it how to compute that
// name), so that breakpoints set before a cell runs find it when it does.
//
// While the debugger is attached, every program the Session compiles for
// a cell runs under yaegi's debugger (interp.Debug): line breakpoints
// stop it, and its goroutines are the protocol's threads.

// debugHashSeed is the seed of the Murmur2 hash that names cells; it is
// the one ipykernel uses.
const debugHashSeed = 0xC70F6907

// debugger is a Session's side of the debugger protocol.
type debugger struct {
	mu      sync.Mutex
	started bool                 // between initialize/attach and disconnect
	events  func(map[string]any) // publishes debug_event contents
	seq     int                  // seq of the last message sent

	// breakpoints maps a cell's source path to its breakpoint lines, as
	// the front end last set them; a path whose breakpoints were removed
	// stays with no lines, so that they are cleared where they were set.
	breakpoints map[string][]int

	run *interp.Debugger // the program running under the debugger, if any
	// runEnded is closed when run has ended (see wake).
	runEnded chan struct{}
	// pausing holds the threads a pause request stopped in the Session's
	// own code, which are stepped on to the next cell line: their stop
	// there is reported as the pause.
	pausing map[int]bool
	// stops holds the event each stopped thread stopped at. yaegi gives
	// goroutines that compiled code started the thread of the goroutine
	// that called it, and one resume channel: so that a resume wakes the
	// goroutine whose stop the front end sees, a thread stops one
	// goroutine at a time and the others wait on released.
	stops    map[int]*interp.DebugEvent
	released *sync.Cond              // on mu: a thread was resumed, or the debugger let go
	stepping interp.DebugEventReason // the last resume was this step; 0 after continue
	// stepFrom holds, for a thread that next or stepIn resumed, where it
	// stopped: yaegi steps from node to node, and a stop on the same line
	// of the same frame steps on (onDebugEvent), so that a step goes to
	// the next line, as a Go debugger's does.
	stepFrom map[int]stepOrigin
	vars     varTable
	dir      string // where dumpCell writes cells
}

func newDebugger() *debugger {
	d := &debugger{
		breakpoints: map[string][]int{},
		stops:       map[int]*interp.DebugEvent{},
		pausing:     map[int]bool{},
		stepFrom:    map[int]stepOrigin{},
		dir:         filepath.Join(os.TempDir(), fmt.Sprintf("petridish_%d", os.Getpid())),
	}
	d.released = sync.NewCond(&d.mu)
	return d
}

// attached reports whether programs run under the debugger: it is
// attached and something could stop them, a breakpoint or a step in
// progress. yaegi's debugger slows interpreted code about a
// hundredfold, so without breakpoints cells run at full speed.
func (d *debugger) attached() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.started {
		return false
	}
	if d.stepping != 0 {
		return true
	}
	for _, lines := range d.breakpoints {
		if len(lines) > 0 {
			return true
		}
	}
	return false
}

// sourcePath is the file that names a cell of this code for the front
// end: the debugger's folder, the Murmur2 hash of the code, ".go".
func (d *debugger) sourcePath(code string) string {
	return filepath.Join(d.dir, strconv.FormatUint(uint64(murmur2([]byte(code), debugHashSeed)), 10)+".go")
}

// murmur2 is Austin Appleby's 32-bit MurmurHash2, the hash JupyterLab and
// ipykernel compute over a cell's UTF-8 code.
func murmur2(data []byte, seed uint32) uint32 {
	const m = 0x5bd1e995
	h := seed ^ uint32(len(data))
	for len(data) >= 4 {
		k := uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
		k *= m
		k ^= k >> 24
		k *= m
		h = h*m ^ k
		data = data[4:]
	}
	switch len(data) {
	case 3:
		h ^= uint32(data[2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[0])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return h
}

// emit publishes a protocol event with this body.
func (d *debugger) emit(event string, body map[string]any) {
	d.mu.Lock()
	d.seq++
	msg := map[string]any{"type": "event", "seq": d.seq, "event": event, "body": body}
	events := d.events
	d.mu.Unlock()
	if events != nil {
		events(msg)
	}
}

// HandleDebug answers one request of Jupyter's debugger protocol — the
// content of a debug_request, a Debug Adapter Protocol request — with the
// content of its debug_reply. events publishes the content of a
// debug_event; the Session keeps the latest one and calls it, from any
// goroutine, when a running cell stops at a breakpoint or after a step.
// HandleDebug never waits for a running cell: requests that need the
// Session's state while a cell runs, without its being stopped, fail
// with a message saying so.
func (s *Session) HandleDebug(request map[string]any, events func(event map[string]any)) map[string]any {
	d := s.debug
	d.mu.Lock()
	if events != nil {
		d.events = events
	}
	d.seq++
	seq := d.seq
	d.mu.Unlock()
	command, _ := request["command"].(string)
	args, _ := request["arguments"].(map[string]any)
	if args == nil {
		args = map[string]any{}
	}
	body, err := s.debugRequest(command, args)
	reply := map[string]any{
		"type":        "response",
		"seq":         seq,
		"request_seq": request["seq"],
		"command":     command,
		"success":     err == nil,
	}
	if err != nil {
		reply["message"] = err.Error()
	} else if body != nil {
		reply["body"] = body
	}
	return reply
}

// debugRequest serves one command; a nil body with a nil error is a
// success without a body.
func (s *Session) debugRequest(command string, args map[string]any) (map[string]any, error) {
	d := s.debug
	switch command {
	case "initialize":
		d.start()
		return map[string]any{
			"supportsConfigurationDoneRequest": true,
			"supportsEvaluateForHovers":        true,
			"supportsValueFormattingOptions":   false,
			"supportsDelayedStackTraceLoading": false,
			"exceptionBreakpointFilters":       []any{},
		}, nil
	case "attach":
		d.start()
		return nil, nil
	case "configurationDone", "setExceptionBreakpoints":
		return map[string]any{}, nil
	case "disconnect", "terminate":
		s.debugDisconnect()
		return map[string]any{}, nil
	case "debugInfo":
		return s.debugInfo(), nil
	case "dumpCell":
		code, _ := args["code"].(string)
		path := d.sourcePath(code)
		if err := os.MkdirAll(d.dir, 0o700); err != nil {
			return nil, fmt.Errorf("dumpCell: %v", err)
		}
		if err := os.WriteFile(path, []byte(code), 0o600); err != nil {
			return nil, fmt.Errorf("dumpCell: %v", err)
		}
		return map[string]any{"sourcePath": path}, nil
	case "setBreakpoints":
		return s.setBreakpoints(args)
	case "source":
		src, _ := args["source"].(map[string]any)
		path, _ := src["path"].(string)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("source unavailable: %v", err)
		}
		return map[string]any{"content": string(b)}, nil
	case "threads":
		return map[string]any{"threads": d.threads()}, nil
	case "stackTrace":
		return s.stackTrace(args)
	case "scopes":
		return s.scopes(args)
	case "variables":
		vars, err := s.debug.vars.children(intArg(args, "variablesReference"), intArg(args, "start"), intArg(args, "count"))
		if err != nil {
			return nil, err
		}
		return map[string]any{"variables": vars}, nil
	case "continue", "next", "stepIn", "stepOut", "pause":
		return d.resume(command, intArg(args, "threadId"))
	case "inspectVariables":
		return s.inspectVariables()
	case "richInspectVariables":
		name, _ := args["variableName"].(string)
		return s.richInspect(name, intArg(args, "frameId"))
	case "evaluate":
		expr, _ := args["expression"].(string)
		return s.debugEvaluate(expr, intArg(args, "frameId"))
	case "modules":
		return map[string]any{"modules": []any{}, "totalModules": 0}, nil
	}
	return nil, fmt.Errorf("petridish's debugger does not support the %q request", command)
}

// start attaches the debugger: from now on breakpoints stop cells.
func (d *debugger) start() {
	d.mu.Lock()
	d.started = true
	d.mu.Unlock()
}

// intArg reads an integer argument (JSON numbers decode as float64).
func intArg(args map[string]any, key string) int {
	switch v := args[key].(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return 0
}

// debugInfo is the state a front end restores when it connects.
func (s *Session) debugInfo() map[string]any {
	d := s.debug
	d.mu.Lock()
	defer d.mu.Unlock()
	paths := make([]string, 0, len(d.breakpoints))
	for p, lines := range d.breakpoints {
		if len(lines) > 0 {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	bps := []any{}
	for _, p := range paths {
		var lines []any
		for _, l := range d.breakpoints[p] {
			lines = append(lines, map[string]any{"line": l})
		}
		bps = append(bps, map[string]any{"source": p, "breakpoints": lines})
	}
	stopped := []any{}
	for _, id := range sortedKeys(d.stops) {
		stopped = append(stopped, id)
	}
	return map[string]any{
		"isStarted":      d.started,
		"hashMethod":     "Murmur2",
		"hashSeed":       debugHashSeed,
		"tmpFilePrefix":  d.dir + string(filepath.Separator),
		"tmpFileSuffix":  ".go",
		"breakpoints":    bps,
		"stoppedThreads": stopped,
		"richRendering":  true,
		"exceptionPaths": []any{},
	}
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// setBreakpoints replaces the breakpoints of one cell (or source file).
// A breakpoint is verified when its line holds code; it takes effect in
// programs already compiled for the cell and in those it compiles later.
func (s *Session) setBreakpoints(args map[string]any) (map[string]any, error) {
	src, _ := args["source"].(map[string]any)
	path, _ := src["path"].(string)
	if path == "" {
		return nil, fmt.Errorf("setBreakpoints: the request names no source path")
	}
	var lines []int
	if bps, ok := args["breakpoints"].([]any); ok {
		for _, bp := range bps {
			if m, ok := bp.(map[string]any); ok {
				lines = append(lines, intArg(m, "line"))
			}
		}
	} else if ls, ok := args["lines"].([]any); ok { // the protocol's older form
		for _, l := range ls {
			if f, ok := l.(float64); ok {
				lines = append(lines, int(f))
			}
		}
	}
	code, _ := os.ReadFile(path)
	codeLines := strings.Split(string(code), "\n")
	result := []any{}
	for _, l := range lines {
		verified := l >= 1 && l <= len(codeLines) && codeLine(codeLines[l-1])
		bp := map[string]any{"verified": verified, "line": l, "source": map[string]any{"path": path}}
		if !verified {
			bp["message"] = "no code on this line"
		}
		result = append(result, bp)
	}
	d := s.debug
	d.mu.Lock()
	d.breakpoints[path] = lines
	run := d.run
	d.mu.Unlock()
	if run != nil {
		s.applyBreakpoints(run, path)
	}
	return map[string]any{"breakpoints": result}, nil
}

// codeLine reports whether a line of a cell may hold a statement: not
// blank, not only a comment or a closing brace.
func codeLine(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && !strings.HasPrefix(t, "//") && strings.Trim(t, "}) ") != ""
}

// debugDisconnect detaches the debugger: breakpoints are removed, and
// stopped goroutines run on to the end of their cell.
func (s *Session) debugDisconnect() {
	d := s.debug
	d.mu.Lock()
	d.started = false
	d.stepping = 0
	paths := make([]string, 0, len(d.breakpoints))
	for p := range d.breakpoints {
		d.breakpoints[p] = nil
		paths = append(paths, p)
	}
	run := d.run
	stopped := sortedKeys(d.stops)
	d.stops = map[int]*interp.DebugEvent{}
	d.vars.reset()
	d.released.Broadcast()
	d.mu.Unlock()
	if run != nil {
		s.applyBreakpoints(run, paths...)
		for _, id := range stopped {
			_ = d.wake(func() error { return run.Continue(id) })
		}
	}
}

// errRunEnded is wake's error when the program ended before the stopped
// goroutine took the resume.
var errRunEnded = fmt.Errorf("the cell has ended")

// wake resumes a stopped goroutine with resume (the run's Continue or
// Step). yaegi's resume waits until the goroutine takes it, and one that
// an interrupt ends never does: so wake gives up when the run ends. The
// resume is then left waiting, a goroutine that lives on for nothing; it
// takes an interrupt at the moment of a resume.
func (d *debugger) wake(resume func() error) error {
	d.mu.Lock()
	ended := d.runEnded
	d.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- resume() }()
	select {
	case err := <-done:
		return err
	case <-ended:
		select {
		case err := <-done:
			return err
		default:
			return errRunEnded
		}
	}
}

// threads lists the goroutines of the running program, or the cell's
// main goroutine when none runs.
func (d *debugger) threads() []any {
	d.mu.Lock()
	run := d.run
	d.mu.Unlock()
	threads := []any{}
	if run == nil {
		return append(threads, map[string]any{"id": 1, "name": "cell"})
	}
	for _, g := range run.GoRoutines() {
		name := g.Name()
		if g.ID() == 1 {
			name = "cell"
		}
		threads = append(threads, map[string]any{"id": g.ID(), "name": name})
	}
	return threads
}

// resume serves continue, next, stepIn, stepOut and pause for a thread.
func (d *debugger) resume(command string, thread int) (map[string]any, error) {
	if thread == 0 {
		thread = 1
	}
	d.mu.Lock()
	run := d.run
	_, stopped := d.stops[thread]
	if run == nil {
		d.mu.Unlock()
		return nil, fmt.Errorf("%s: no cell is running under the debugger (cells run under it while a breakpoint is set)", command)
	}
	if command == "pause" {
		d.mu.Unlock()
		if stopped {
			return map[string]any{}, nil
		}
		if !run.Interrupt(thread, interp.DebugPause) {
			return nil, fmt.Errorf("pause: thread %d is not running", thread)
		}
		return map[string]any{}, nil
	}
	if !stopped {
		d.mu.Unlock()
		return nil, fmt.Errorf("%s: thread %d is not stopped", command, thread)
	}
	if e := d.stops[thread]; e != nil && (command == "next" || command == "stepIn") {
		d.stepFrom[thread] = originOf(e)
	} else {
		delete(d.stepFrom, thread)
	}
	delete(d.stops, thread)
	d.vars.reset()
	reason := map[string]interp.DebugEventReason{"next": interp.DebugStepOver, "stepIn": interp.DebugStepInto, "stepOut": interp.DebugStepOut}[command]
	d.stepping = reason
	d.mu.Unlock()
	// Once the goroutine took the resume, another of the thread may stop.
	defer d.released.Broadcast()
	err := d.wake(func() error {
		if command == "continue" {
			return run.Continue(thread)
		}
		return run.Step(thread, reason)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", command, err)
	}
	if command == "continue" {
		return map[string]any{"allThreadsContinued": false}, nil
	}
	return map[string]any{}, nil
}

// cellStarts ends a step that ran off the end of the previous cell: a
// new cell runs until a breakpoint.
func (d *debugger) cellStarts() {
	d.mu.Lock()
	d.stepping = 0
	d.mu.Unlock()
}
