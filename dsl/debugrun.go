package dsl

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// noteProgram records which cell a compiled program belongs to (by the
// line directive its source starts with), so that breakpoints set in
// that cell reach the program, and the cell's debugger name.
func (st *state) noteProgram(src string, prog *interp.Program) {
	m := encodedPos.FindStringSubmatch(src)
	if m == nil {
		return
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n/lineBase < 1 {
		return
	}
	st.filesMu.Lock()
	defer st.filesMu.Unlock()
	id := n / lineBase
	st.progs[id] = append(st.progs[id], prog)
	st.progCell[prog] = id
}

// noteCellPath records that the cell name holds the code the debugger
// knows by path.
func (st *state) noteCellPath(path, name string) {
	st.filesMu.Lock()
	defer st.filesMu.Unlock()
	st.cellOfPath[path] = name
}

// cellPrograms returns the id of the cell whose code the debugger knows
// by path, and the programs compiled for it so far.
func (st *state) cellPrograms(path string) (int, []*interp.Program) {
	st.filesMu.Lock()
	defer st.filesMu.Unlock()
	id, ok := st.ids[st.cellOfPath[path]]
	if !ok {
		return 0, nil
	}
	return id, slices.Clone(st.progs[id])
}

// isCellProgram reports whether prog was compiled from a cell's code
// (rather than from the Session's own helpers).
func (st *state) isCellProgram(prog *interp.Program) bool {
	st.filesMu.Lock()
	defer st.filesMu.Unlock()
	_, ok := st.progCell[prog]
	return ok
}

// applyBreakpoints sets the breakpoints of the given source paths (all
// when none is given) in the programs of their cells, clearing those
// that were removed.
func (s *Session) applyBreakpoints(run *interp.Debugger, paths ...string) {
	d := s.debug
	d.mu.Lock()
	if len(paths) == 0 {
		for p := range d.breakpoints {
			paths = append(paths, p)
		}
	}
	want := map[string][]int{}
	for _, p := range paths {
		want[p] = append([]int(nil), d.breakpoints[p]...)
	}
	d.mu.Unlock()
	for path, lines := range want {
		id, progs := s.state.cellPrograms(path)
		if id == 0 {
			continue // the cell has not run yet: applied when it does
		}
		// Line -1 matches nothing; it makes yaegi clear the program's
		// earlier breakpoints even when no line is left.
		reqs := []interp.BreakpointRequest{interp.LineBreakpoint(-1)}
		for _, l := range lines {
			reqs = append(reqs, interp.LineBreakpoint(id*lineBase+l))
		}
		for _, prog := range progs {
			setBreakpoints(run, prog, reqs)
		}
	}
}

// setBreakpoints sets breakpoints in one program. yaegi's
// SetBreakpoints builds each node's code while it looks for lines, and
// that panics on some nodes (those with no code of their own), which
// would end the search for the whole program. So a subtree whose search
// panics is searched again child by child, and only the failing nodes go
// without breakpoints (they hold no statement to stop at).
func setBreakpoints(run *interp.Debugger, prog *interp.Program, reqs []interp.BreakpointRequest) {
	root := reflect.ValueOf(prog).Elem().FieldByName("root")
	if !root.IsValid() || root.Type() != nodePtrType {
		// Not yaegi v0.16.1's layout: search the program in one piece.
		defer func() { _ = recover() }()
		run.SetBreakpoints(interp.ProgramBreakpointTarget(prog), reqs...)
		return
	}
	setBreakpointsIn(run, usable(root), reqs)
}

// nodePtrType is yaegi's *node, the argument of a BreakpointTarget's
// callback.
var nodePtrType = reflect.TypeOf(interp.BreakpointTarget(nil)).In(1).In(0)

func setBreakpointsIn(run *interp.Debugger, n reflect.Value, reqs []interp.BreakpointRequest) {
	if n.IsNil() {
		return
	}
	target := reflect.MakeFunc(reflect.TypeOf(interp.BreakpointTarget(nil)), func(args []reflect.Value) []reflect.Value {
		args[1].Call([]reflect.Value{n})
		return nil
	}).Interface().(interp.BreakpointTarget)
	failed := func() (failed bool) {
		defer func() { failed = recover() != nil }()
		run.SetBreakpoints(target, reqs...)
		return false
	}()
	if !failed {
		return
	}
	children := n.Elem().FieldByName("child")
	for i := range children.Len() {
		setBreakpointsIn(run, usable(children.Index(i)), reqs)
	}
}

// usable returns v, read through an unexported field, as a value that
// may be passed to functions.
func usable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	return v
}

// debugExecute runs a cell's program under yaegi's debugger: it stops at
// breakpoints and steps as the front end asks, until the program and the
// goroutines it started end.
func (s *Session) debugExecute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	d := s.debug
	// Before Debug: the interpreter is not to run code of its own under
	// the debugger.
	d.vars.setStructNames(s.cellStructNames())
	terminated := make(chan struct{})
	var run *interp.Debugger
	// The callback runs only after Continue or Step below, once run is set.
	run = s.interp.Debug(ctx, prog, func(e *interp.DebugEvent) { s.onDebugEvent(ctx, run, e, terminated) }, &interp.DebugOptions{GoRoutineStartAt1: true})
	// Goroutines waiting for their turn to stop give up when interrupted.
	stopWake := context.AfterFunc(ctx, func() {
		d.mu.Lock()
		d.released.Broadcast()
		d.mu.Unlock()
	})
	defer stopWake()
	ended := make(chan struct{})
	d.mu.Lock()
	d.run, d.runEnded = run, ended
	stepping := d.stepping
	d.mu.Unlock()
	s.applyBreakpoints(run)
	if stepping != 0 {
		// The previous program of the cell ended during a step: stop at
		// this one's first statement.
		_ = run.Step(1, interp.DebugEntry)
	} else {
		_ = run.Continue(1)
	}
	v, err := run.Wait()
	if err == nil && ctx.Err() != nil {
		// A stopped goroutine that is interrupted leaves its function
		// early, so the program may end without the interpreter's error.
		err = ctx.Err()
	}
	<-terminated
	waitDetached(s.interp)
	close(ended)
	d.mu.Lock()
	d.run = nil
	stopped := sortedKeys(d.stops)
	d.stops = map[int]*interp.DebugEvent{}
	clear(d.pausing)
	d.released.Broadcast()
	d.vars.reset()
	d.mu.Unlock()
	for _, id := range stopped { // an interrupt ended a stopped program
		d.emit("continued", map[string]any{"threadId": id, "allThreadsContinued": true})
	}
	return v, err
}

// waitDetached waits until yaegi's debugger goroutine has detached the
// ended debugger from the interpreter: it does so after reporting the
// program's end, and a detach that came after the next program's Debug
// would leave that program running without breakpoints.
func waitDetached(in *interp.Interpreter) {
	f := reflect.ValueOf(in).Elem().FieldByName("debugger")
	if !f.IsValid() {
		return
	}
	for deadline := time.Now().Add(time.Second); !f.IsNil() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Microsecond)
	}
}

// onDebugEvent receives yaegi's debugger events on the goroutine they
// concern. A stop in the Session's own code (no cell position) steps on;
// a stop in a cell or a source file is reported to the front end.
func (s *Session) onDebugEvent(ctx context.Context, run *interp.Debugger, e *interp.DebugEvent, terminated chan struct{}) {
	switch e.Reason() {
	case interp.DebugTerminate:
		close(terminated)
		return
	case interp.DebugEnterGoRoutine, interp.DebugExitGoRoutine:
		return
	}
	id := e.GoRoutine()
	d := s.debug
	if _, ok := s.framePosition(topPosition(e)); !ok {
		reason := e.Reason()
		switch reason {
		case interp.DebugStepOver, interp.DebugStepOut:
		case interp.DebugPause:
			d.mu.Lock()
			d.pausing[id] = true
			d.mu.Unlock()
			reason = interp.DebugStepInto
		default:
			reason = interp.DebugStepInto
		}
		go stepWhenStopped(run, id, reason)
		return
	}
	d.mu.Lock()
	if from, ok := d.stepFrom[id]; ok {
		if r := e.Reason(); (r == interp.DebugStepOver || r == interp.DebugStepInto) && originOf(e) == from {
			// The same line of the same frame: step on to the next line.
			d.mu.Unlock()
			go stepWhenStopped(run, id, r)
			return
		}
		delete(d.stepFrom, id)
	}
	for d.started && d.stops[id] != nil && ctx.Err() == nil {
		d.released.Wait() // another goroutine of this thread is stopped
	}
	if ctx.Err() != nil {
		d.mu.Unlock()
		return // interrupted: the goroutine ends without stopping
	}
	if !d.started {
		// Disconnected while it waited: it goes on without stopping.
		d.mu.Unlock()
		go func() { _ = run.Continue(id) }()
		return
	}
	d.stops[id] = e
	paused := d.pausing[id]
	delete(d.pausing, id)
	d.mu.Unlock()
	reason := "step"
	switch {
	case e.Reason() == interp.DebugBreak:
		reason = "breakpoint"
	case e.Reason() == interp.DebugPause || paused:
		reason = "pause"
	}
	d.emit("stopped", map[string]any{"reason": reason, "threadId": id, "allThreadsStopped": false})
}

// stepWhenStopped steps a goroutine that is reporting a stop, once it
// waits to be resumed.
func stepWhenStopped(run *interp.Debugger, id int, reason interp.DebugEventReason) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Microsecond) {
		if err := run.Step(id, reason); !errors.Is(err, interp.ErrRunning) {
			return
		}
	}
}

// stepOrigin is where a step started: the line and the number of frames
// of the stop it resumed.
type stepOrigin struct {
	file   string
	line   int
	frames int
}

// originOf returns where stop event e is, as a step's origin.
func originOf(e *interp.DebugEvent) stepOrigin {
	pos := topPosition(e)
	return stepOrigin{file: pos.Filename, line: pos.Line, frames: len(e.Frames(0, 1<<20))}
}

// topPosition is the position a stop event happened at.
func topPosition(e *interp.DebugEvent) token.Position {
	if frames := e.Frames(0, 1); len(frames) > 0 {
		return frames[0].Position()
	}
	return token.Position{}
}

// debugSource is where a stopped frame is, for the front end.
type debugSource struct {
	name string // the cell ("In[3]") or the file's base name
	path string // the cell's hash-named path, or the file
	line int
	col  int
}

// framePosition maps a position of running code to its cell (or source
// file); false for the Session's own code.
func (s *Session) framePosition(pos token.Position) (debugSource, bool) {
	switch {
	case pos.Filename == "_.go" && pos.Line >= lineBase:
		id, line := pos.Line/lineBase, pos.Line%lineBase
		st := s.state
		st.filesMu.Lock()
		if id > len(st.files) {
			st.filesMu.Unlock()
			return debugSource{}, false
		}
		name := st.files[id-1]
		st.filesMu.Unlock()
		code, ok := st.sources[name]
		if !ok {
			return debugSource{}, false
		}
		return debugSource{name: name, path: s.debug.sourcePath(code), line: line, col: pos.Column}, true
	case pos.Filename != "" && pos.Filename != "_.go" && pos.Line > 0:
		return debugSource{name: filepath.Base(pos.Filename), path: pos.Filename, line: pos.Line, col: pos.Column}, true
	}
	return debugSource{}, false
}

// stackTrace lists the frames of a stopped goroutine, innermost first,
// leaving out the Session's own code.
func (s *Session) stackTrace(args map[string]any) (map[string]any, error) {
	thread := intArg(args, "threadId")
	if thread == 0 {
		thread = 1
	}
	d := s.debug
	d.mu.Lock()
	e := d.stops[thread]
	d.mu.Unlock()
	if e == nil {
		return nil, fmt.Errorf("stackTrace: thread %d is not stopped", thread)
	}
	frames := []any{}
	stack := e.Frames(0, e.FrameDepth())
	if n := len(stack); n > 0 && stack[n-1].Name() != "<init>" {
		if root := rootFrame(e); root != nil {
			stack = append(stack, root)
		}
	}
	for _, f := range stack {
		src, ok := s.framePosition(f.Position())
		if !ok {
			continue
		}
		name := f.Name()
		if name == "<init>" {
			name = src.name
		}
		frames = append(frames, map[string]any{
			"id":     d.vars.addFrame(f),
			"name":   name,
			"line":   src.line,
			"column": src.col,
			"source": map[string]any{"name": src.name, "path": src.path},
		})
	}
	start := min(intArg(args, "startFrame"), len(frames))
	total := len(frames)
	frames = frames[start:]
	if n := intArg(args, "levels"); n > 0 && n < len(frames) {
		frames = frames[:n]
	}
	return map[string]any{"stackFrames": frames, "totalFrames": total}, nil
}

// scopes lists a stopped frame's variables by scope: its locals (and a
// closure's captured variables), then the cells' globals.
func (s *Session) scopes(args map[string]any) (map[string]any, error) {
	d := s.debug
	f := d.vars.frame(intArg(args, "frameId"))
	if f == nil {
		return nil, fmt.Errorf("scopes: no stopped frame %d", intArg(args, "frameId"))
	}
	scopes := []any{}
	for _, sc := range f.Scopes() {
		vars := sc.Variables()
		if len(vars) == 0 {
			continue
		}
		name := "Locals"
		if sc.IsClosure() {
			name = "Closure"
		}
		named := make([]namedValue, len(vars))
		for i, v := range vars {
			named[i] = namedValue{v.Name, v.Value}
		}
		scopes = append(scopes, map[string]any{"name": name, "variablesReference": d.vars.addList(named), "expensive": false})
	}
	scopes = append(scopes, map[string]any{"name": "Globals", "variablesReference": d.vars.addList(s.globalValues()), "expensive": false})
	return map[string]any{"scopes": scopes}, nil
}

// rootFrame returns the frame of the cell's top-level code, which yaegi's
// DebugEvent.Frames leaves out of a stack that has function calls on it.
// yaegi has no API for it, so it is built by reflection from the event's
// frame (yaegi v0.16.1's layout: DebugEvent.frame.root, and a DebugFrame
// of the event and that frame); nil if the layout is not that.
func rootFrame(e *interp.DebugEvent) *interp.DebugFrame {
	ev := reflect.ValueOf(e).Elem()
	fr := ev.FieldByName("frame")
	if !fr.IsValid() || fr.Kind() != reflect.Pointer || fr.IsNil() {
		return nil
	}
	root := fr.Elem().FieldByName("root")
	if !root.IsValid() || root.Type() != fr.Type() || root.IsNil() {
		return nil
	}
	df := reflect.New(reflect.TypeOf(interp.DebugFrame{})).Elem()
	event, frames := df.FieldByName("event"), df.FieldByName("frames")
	if !event.IsValid() || event.Type() != reflect.TypeOf(e) || !frames.IsValid() || frames.Type().Kind() != reflect.Slice || frames.Type().Elem() != root.Type() {
		return nil
	}
	writable := func(v reflect.Value) reflect.Value {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	writable(event).Set(reflect.ValueOf(e))
	list := reflect.MakeSlice(frames.Type(), 1, 1)
	list.Index(0).Set(writable(root))
	writable(frames).Set(list)
	f := df.Addr().Interface().(*interp.DebugFrame)
	if f.Position().Line == 0 {
		return nil
	}
	return f
}

// debuggerLimitation explains the failure of yaegi's debugger on a
// closure that was made while the debugger was not attached: the frame
// it was made in has no debug state.
func debuggerLimitation(err error) string {
	var p interp.Panic
	if !errors.As(err, &p) || p.Value != interp.ErrDebugClosure {
		return ""
	}
	return "the debugger cannot run a closure that was made while it was off, a limitation of yaegi's debugger: " +
		"run the cell that makes the closure again with the debugger on, or turn the debugger off"
}
