package dsl

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The hashes ipykernel's murmur2_x86 gives with its seed, which JupyterLab
// computes too: the front end finds a cell by this name.
func TestMurmur2MatchesIpykernel(t *testing.T) {
	for s, want := range map[string]uint32{
		"":                  3990065800,
		"a":                 2167009006,
		"ab":                2805137849,
		"abc":               3350977461,
		"abcd":              804720481,
		"x := 1\nx + 1":     2530814410,
		"π = 3.14 // héllo": 3837681153,
	} {
		if got := murmur2([]byte(s), debugHashSeed); got != want {
			t.Errorf("murmur2(%q) = %d, want %d", s, got, want)
		}
	}
}

// debugClient drives a Session's debugger as a front end does.
type debugClient struct {
	t      testing.TB
	s      *Session
	seq    int
	events chan map[string]any
}

func newDebugClient(t testing.TB, s *Session) *debugClient {
	c := &debugClient{t: t, s: s, events: make(chan map[string]any, 100)}
	c.ok("initialize", map[string]any{"clientID": "test", "linesStartAt1": true, "pathFormat": "path"})
	c.ok("attach", nil)
	// A failed test must not leave a cell stopped: the Session's Close
	// would wait for it.
	t.Cleanup(func() { s.HandleDebug(map[string]any{"command": "disconnect"}, nil) })
	return c
}

// request sends a request, round-tripped through JSON as the kernel
// receives it, and returns the reply.
func (c *debugClient) request(command string, args map[string]any) map[string]any {
	c.seq++
	req := map[string]any{"type": "request", "seq": c.seq, "command": command, "arguments": args}
	b, _ := json.Marshal(req)
	var decoded map[string]any
	if err := json.Unmarshal(b, &decoded); err != nil {
		c.t.Fatal(err)
	}
	reply := c.s.HandleDebug(decoded, func(e map[string]any) {
		b, err := json.Marshal(e)
		if err != nil {
			c.t.Errorf("event %v does not encode: %v", e, err)
			return
		}
		var out map[string]any
		json.Unmarshal(b, &out)
		c.events <- out
	})
	b, err := json.Marshal(reply)
	if err != nil {
		c.t.Fatalf("%s: reply does not encode: %v", command, err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		c.t.Fatal(err)
	}
	if out["request_seq"] != float64(c.seq) || out["command"] != command || out["type"] != "response" {
		c.t.Fatalf("%s: reply %v does not answer request %d", command, out, c.seq)
	}
	return out
}

// ok sends a request that must succeed and returns the reply's body.
func (c *debugClient) ok(command string, args map[string]any) map[string]any {
	c.t.Helper()
	reply := c.request(command, args)
	if reply["success"] != true {
		c.t.Fatalf("%s failed: %v", command, reply["message"])
	}
	body, _ := reply["body"].(map[string]any)
	return body
}

// breakAt dumps the cell code, as JupyterLab does before its first
// breakpoint in it, sets a breakpoint on line, and returns the cell's path.
func (c *debugClient) breakAt(code string, line int) string {
	c.t.Helper()
	path := c.ok("dumpCell", map[string]any{"code": code})["sourcePath"].(string)
	c.ok("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []any{map[string]any{"line": line}}})
	return path
}

// runCell runs cell n of s in a goroutine; its error arrives on the channel.
func runCell(ctx context.Context, s *Session, n int, code string) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := s.ExecuteCell(ctx, n, code, &recorder{})
		done <- err
	}()
	return done
}

// stopped waits for the next stopped event and returns its body.
func (c *debugClient) stopped() map[string]any {
	c.t.Helper()
	for {
		select {
		case e := <-c.events:
			if e["event"] == "stopped" {
				return e["body"].(map[string]any)
			}
		case <-time.After(10 * time.Second):
			c.t.Fatal("no stopped event within 10 s")
		}
	}
}

// top returns the innermost frame of thread 1.
func (c *debugClient) frames() []map[string]any {
	c.t.Helper()
	body := c.ok("stackTrace", map[string]any{"threadId": 1})
	var frames []map[string]any
	for _, f := range body["stackFrames"].([]any) {
		frames = append(frames, f.(map[string]any))
	}
	return frames
}

// scope returns name -> value of a scope of a frame.
func (c *debugClient) scope(frameID float64, name string) map[string]string {
	c.t.Helper()
	vars := map[string]string{}
	for n, v := range c.scopeVars(frameID, name) {
		vars[n] = v["value"].(string)
	}
	return vars
}

// scopeVars returns name -> variable (value, type, ...) of a scope of a
// frame.
func (c *debugClient) scopeVars(frameID float64, name string) map[string]map[string]any {
	c.t.Helper()
	for _, sc := range c.ok("scopes", map[string]any{"frameId": frameID})["scopes"].([]any) {
		sc := sc.(map[string]any)
		if sc["name"] != name {
			continue
		}
		vars := map[string]map[string]any{}
		for _, v := range c.ok("variables", map[string]any{"variablesReference": sc["variablesReference"]})["variables"].([]any) {
			v := v.(map[string]any)
			vars[v["name"].(string)] = v
		}
		return vars
	}
	c.t.Fatalf("frame %v has no scope %q", frameID, name)
	return nil
}

func TestDebuggerStopsStepsAndInspects(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "type point struct{ X, Y float64 }\n\nfunc f(a, b int) int {\n\tc := a + b\n\treturn c\n}\n\np := point{1, 2}\nx := f(2, 3)\nx * 10"
	path := c.ok("dumpCell", map[string]any{"code": code})["sourcePath"].(string)
	info := c.ok("debugInfo", nil)
	if want := info["tmpFilePrefix"].(string) + "1"; !strings.HasPrefix(path, info["tmpFilePrefix"].(string)) || !strings.HasSuffix(path, info["tmpFileSuffix"].(string)) || want == path {
		t.Fatalf("dumpCell path %s does not follow debugInfo %v", path, info)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != code {
		t.Fatalf("dumpCell wrote %q, %v", b, err)
	}
	bps := c.ok("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []any{map[string]any{"line": 4}, map[string]any{"line": 6}}})["breakpoints"].([]any)
	if len(bps) != 2 || bps[0].(map[string]any)["verified"] != true || bps[1].(map[string]any)["verified"] != false {
		t.Fatalf("breakpoints on a statement and on a brace: %v", bps)
	}
	c.ok("configurationDone", nil)
	if got := c.ok("debugInfo", nil)["breakpoints"].([]any); len(got) != 1 || got[0].(map[string]any)["source"] != path {
		t.Fatalf("debugInfo breakpoints = %v", got)
	}

	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := s.ExecuteCell(context.Background(), 1, code, &recorder{})
		done <- outcome{res, err}
	}()

	if ev := c.stopped(); ev["reason"] != "breakpoint" || ev["threadId"] != float64(1) {
		t.Fatalf("stopped event %v", ev)
	}
	frames := c.frames()
	if len(frames) < 2 || frames[0]["name"] != "f" || frames[0]["line"] != float64(4) || frames[1]["name"] != "In[1]" || frames[1]["line"] != float64(9) {
		t.Fatalf("stack at the breakpoint: %v", frames)
	}
	if src := frames[0]["source"].(map[string]any); src["path"] != path || src["name"] != "In[1]" {
		t.Fatalf("frame source %v, want path %s", src, path)
	}
	locals := c.scope(frames[0]["id"].(float64), "Locals")
	if locals["a"] != "2" || locals["b"] != "3" {
		t.Fatalf("locals of f: %v", locals)
	}
	if globals := c.scope(frames[0]["id"].(float64), "Globals"); globals["p"] != "{X: 1, Y: 2}" {
		t.Fatalf("globals at the breakpoint: %v", globals)
	}
	if got := c.ok("evaluate", map[string]any{"expression": "p.Y", "frameId": frames[0]["id"]})["result"]; got != "2" {
		t.Fatalf("evaluate p.Y while stopped = %v", got)
	}
	if reply := c.request("evaluate", map[string]any{"expression": "a + 1", "frameId": frames[0]["id"]}); reply["success"] != false || !strings.Contains(reply["message"].(string), "only variables") {
		t.Fatalf("evaluating arithmetic while stopped: %v", reply)
	}
	rich := c.ok("richInspectVariables", map[string]any{"variableName": "b", "frameId": frames[0]["id"]})
	if data := rich["data"].(map[string]any); data["text/plain"] != "3" {
		t.Fatalf("richInspectVariables b = %v", rich)
	}
	if threads := c.ok("threads", nil)["threads"].([]any); len(threads) != 1 || threads[0].(map[string]any)["id"] != float64(1) {
		t.Fatalf("threads while stopped: %v", threads)
	}
	if stopped := c.ok("debugInfo", nil)["stoppedThreads"].([]any); len(stopped) != 1 {
		t.Fatalf("debugInfo stoppedThreads = %v", stopped)
	}

	c.ok("next", map[string]any{"threadId": 1})
	if ev := c.stopped(); ev["reason"] != "step" {
		t.Fatalf("after next: %v", ev)
	}
	frames = c.frames()
	if frames[0]["name"] != "f" || frames[0]["line"] != float64(5) {
		t.Fatalf("after next the top frame is %v, want f at line 5", frames[0])
	}
	if locals := c.scope(frames[0]["id"].(float64), "Locals"); locals["c"] != "5" {
		t.Fatalf("after c := a + b, locals are %v", locals)
	}
	c.ok("stepOut", map[string]any{"threadId": 1})
	c.stopped()
	if frames = c.frames(); frames[0]["name"] != "In[1]" {
		t.Fatalf("after stepOut the top frame is %v", frames[0])
	}
	c.ok("continue", map[string]any{"threadId": 1})
	out := <-done
	if out.err != nil {
		t.Fatal(out.err)
	}
	if got := out.res.Data["text/plain"]; got != "50" {
		t.Fatalf("the cell's value after debugging = %v, want 50", got)
	}

	vars := map[string]any{}
	for _, v := range c.ok("inspectVariables", nil)["variables"].([]any) {
		v := v.(map[string]any)
		vars[v["name"].(string)] = v
	}
	x, ok := vars["x"].(map[string]any)
	if !ok || x["value"] != "5" || x["type"] != "int" {
		t.Fatalf("inspectVariables: %v", vars)
	}
	p := vars["p"].(map[string]any)
	if p["type"] != "point" {
		t.Errorf("p's type between cells is %q, want the cell's name for it", p["type"])
	}
	fields := c.ok("variables", map[string]any{"variablesReference": p["variablesReference"]})["variables"].([]any)
	if len(fields) != 2 || fields[1].(map[string]any)["name"] != "Y" || fields[1].(map[string]any)["value"] != "2" {
		t.Fatalf("p's fields: %v", fields)
	}
	if got := c.ok("evaluate", map[string]any{"expression": "float64(x) + p.Y", "context": "repl"})["result"]; got != "7" {
		t.Fatalf("evaluate float64(x) + p.Y between cells = %v", got)
	}

	// Breakpoints in a function of an earlier cell stop a later cell.
	done2 := make(chan error, 1)
	go func() {
		_, err := s.ExecuteCell(context.Background(), 2, "f(10, 20)", &recorder{})
		done2 <- err
	}()
	if ev := c.stopped(); ev["reason"] != "breakpoint" {
		t.Fatalf("In[2] stopped for %v, want f's breakpoint", ev)
	}
	if frames = c.frames(); frames[0]["name"] != "f" || frames[1]["name"] != "In[2]" {
		t.Fatalf("breakpoint in In[1]'s f from In[2]: %v", frames)
	}
	// At a stop too, the cells' types go by their names, and ctx shows
	// as the context it is.
	globals := c.scopeVars(frames[0]["id"].(float64), "Globals")
	if p, cx := globals["p"], globals["ctx"]; p["type"] != "point" || cx["type"] != "context.Context" || cx["variablesReference"] != float64(0) {
		t.Errorf("globals at a stop in In[2]: p %v, ctx %v", p, cx)
	}
	// Disconnecting lets the cell finish and removes the breakpoints.
	c.ok("disconnect", map[string]any{"restart": false, "terminateDebuggee": true})
	if err := <-done2; err != nil {
		t.Fatal(err)
	}
	if _, err := s.ExecuteCell(context.Background(), 3, "f(1, 1)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	if info := c.ok("debugInfo", nil); info["isStarted"] != false || len(info["breakpoints"].([]any)) != 0 {
		t.Fatalf("debugInfo after disconnect: %v", info)
	}
	os.RemoveAll(filepath.Dir(path))
}

// A step that runs off the end of one of a cell's programs stops at the
// first statement of the next, and an interrupt ends a stopped cell.
func TestDebuggerStepsAcrossProgramsAndInterrupts(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "y := 1\nfunc g() int { return y + 1 }\nz := g()\nz"
	c.breakAt(code, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runCell(ctx, s, 1, code)
	c.stopped()
	lines := []float64{c.frames()[0]["line"].(float64)}
	c.ok("next", map[string]any{"threadId": 1})
	c.stopped()
	lines = append(lines, c.frames()[0]["line"].(float64))
	if lines[0] != 1 || lines[1] != 3 {
		t.Fatalf("stepping over the cell stopped at lines %v, want 1, 3", lines)
	}
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Fatalf("an interrupted stopped cell returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("interrupting a stopped cell did not end it")
	}
	for {
		select {
		case e := <-c.events:
			if e["event"] == "continued" {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no continued event after the interrupt")
		}
	}
}

// The panel's pause button stops a running cell where it is; continue
// lets it run on.
func TestDebuggerPausesARunningCell(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "n := 0\nfor n >= 0 {\n\tn++\n\tif n < 0 {\n\t\tfmt.Println(\"never\")\n\t}\n}"
	// A breakpoint that is never reached: the cell runs under the debugger.
	c.breakAt(code, 5)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runCell(ctx, s, 1, code)
	// pause pauses the cell, retrying until it takes (the cell may not be
	// running yet), and returns the frame it stopped in and n there.
	pause := func() (map[string]any, int) {
		deadline := time.Now().Add(10 * time.Second)
		for c.request("pause", map[string]any{"threadId": 1})["success"] != true {
			if time.Now().After(deadline) {
				t.Fatal("pause never succeeded")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if ev := c.stopped(); ev["reason"] != "pause" {
			t.Fatalf("stopped event after pause: %v", ev)
		}
		frame := c.frames()[0]
		n, _ := strconv.Atoi(c.scope(frame["id"].(float64), "Globals")["n"])
		return frame, n
	}
	// runOn continues the cell and pauses it again once n has passed
	// after, letting it run on in steps (a loaded machine may give the
	// cell's goroutine no time in a step), for at most 10 s.
	runOn := func(after int) int {
		deadline := time.Now().Add(10 * time.Second)
		for {
			c.ok("continue", map[string]any{"threadId": 1})
			time.Sleep(20 * time.Millisecond) // thousands of rounds, even under the debugger
			if _, n := pause(); n > after || time.Now().After(deadline) {
				return n
			}
		}
	}
	frame, n1 := pause()
	// In the loop: yaegi's nodes of line 5 sometimes run (and so stop)
	// even though the call there never does.
	if frame["name"] != "In[1]" || frame["line"].(float64) < 2 || frame["line"].(float64) > 5 {
		t.Fatalf("paused at %v, want In[1] in the loop (lines 2-5)", frame)
	}
	if n1 <= 0 {
		// Paused before the loop's first round: let it run.
		if n1 = runOn(0); n1 <= 0 {
			t.Fatalf("the loop never ran: n = %d", n1)
		}
	}
	// Paused twice: pause of a stopped thread is a no-op.
	c.ok("pause", map[string]any{"threadId": 1})
	if n2 := runOn(n1); n2 <= n1 {
		t.Fatalf("after continue the loop did not run on: n = %d, then %d", n1, n2)
	}
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("the interrupted cell returned %v", err)
	}
}

// A resume that races an interrupt of the stopped cell returns: yaegi's
// own resume would wait for ever for the goroutine the interrupt ended.
func TestDebuggerResumeRacingAnInterrupt(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "k := 1\nk++"
	for round := range 30 {
		c.breakAt(code, 2)
		ctx, cancel := context.WithCancel(context.Background())
		done := runCell(ctx, s, round+1, code)
		c.stopped()
		replied := make(chan struct{})
		go func() {
			defer close(replied)
			if round%2 == 0 {
				c.request("continue", map[string]any{"threadId": 1})
			} else {
				c.request("disconnect", nil)
			}
		}()
		cancel()
		select {
		case <-replied:
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: the resume did not return after an interrupt", round)
		}
		<-done
		if round%2 == 1 {
			c.ok("initialize", map[string]any{"clientID": "test", "linesStartAt1": true, "pathFormat": "path"})
			c.ok("attach", nil)
		}
	}
}

func TestDebuggerRequestsNeedingAStoppedOrIdleCell(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	for _, cmd := range []string{"stackTrace", "continue", "next"} {
		if reply := c.request(cmd, map[string]any{"threadId": 1}); reply["success"] != false || reply["message"] == "" {
			t.Errorf("%s with nothing stopped: %v", cmd, reply)
		}
	}
	if reply := c.request("frobnicate", nil); reply["success"] != false || !strings.Contains(reply["message"].(string), "frobnicate") {
		t.Errorf("unknown command: %v", reply)
	}
	if reply := c.request("variables", map[string]any{"variablesReference": 99}); reply["success"] != false {
		t.Errorf("unknown reference: %v", reply)
	}
	// A running cell that is not stopped leaves the state alone.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.ExecuteCell(ctx, 1, "<-ctx.Done()", &recorder{})
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		reply := c.request("inspectVariables", nil)
		if reply["success"] == false {
			if !strings.Contains(reply["message"].(string), "a cell is running") {
				t.Fatalf("inspectVariables while a cell runs: %v", reply)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cell never appeared to run")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
}

// yaegi's debugger cannot call a closure made while it was off; the
// error says so and what to do, and doing it works.
func TestDebuggerClosureMadeWhileOff(t *testing.T) {
	s := newSession(t)
	ctx := context.Background()
	if _, err := s.ExecuteCell(ctx, 1, "func mk() func() int { n := 0; return func() int { n++; return n } }\ng := mk()", &recorder{}); err != nil {
		t.Fatal(err)
	}
	c := newDebugClient(t, s)
	// Without breakpoints cells run outside yaegi's debugger, at full
	// speed, and the closure works.
	if res, err := s.ExecuteCell(ctx, 2, "g()", &recorder{}); err != nil || res.Data["text/plain"] != "1" {
		t.Fatalf("attached without breakpoints: %v, %v", res, err)
	}
	c.breakAt("h := 1", 1)
	_, err := s.ExecuteCell(ctx, 2, "g() + g()", &recorder{})
	if err == nil || !strings.Contains(err.Error(), "run the cell that makes the closure again with the debugger on") {
		t.Fatalf("calling an old closure under the debugger: %v", err)
	}
	if res, err := s.ExecuteCell(ctx, 3, "g = mk()\ng() + g()", &recorder{}); err != nil || res.Data["text/plain"] != "3" {
		t.Fatalf("a closure made with the debugger on: %v, %v", res, err)
	}
	c.ok("disconnect", nil)
	if res, err := s.ExecuteCell(ctx, 4, "g() + g()", &recorder{}); err != nil || res.Data["text/plain"] != "7" {
		t.Fatalf("after disconnect: %v, %v", res, err)
	}
}

// A breakpoint in an interpreted function that compiled code calls from
// its worker goroutines — a motif family's loss while a dish trains on
// two threads — stops there with the cell that started the training
// below it; continuing and then disconnecting lets training finish.
func TestDebuggerStopsInCallbacksOfCompiledCode(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	cell := "func loss(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {\n\tb := m.(motif.Scalar).Value\n\treturn motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(b) })\n}"
	c.breakAt(cell, 2)
	mustRun(t, s, cell)
	done := make(chan outcomeOf, 1)
	go func() {
		res, err := s.ExecuteCell(context.Background(), 2, `motif.Define(motif.Definition{Name: "sw", NumParams: motif.MLPParams, NetworkLoss: loss})
cfg := dish.DefaultConfig()
cfg.Family, cfg.Inner.Steps, cfg.Outer.Schedule, cfg.Threads = "sw", 10, []int{2}, 2
d, _ := dish.New(cfg)
h, err := d.Train(ctx, motif.Scalars("sw", []float64{0.5, 1, 2, 3}), []float64{0.3, 0.2, 0.25, 0.4}, nil)
fmt.Sprint(len(h.Loss), err)`, &recorder{})
		done <- outcomeOf{res, err}
	}()
	for stops := 0; stops < 3; {
		c.stopped()
		// Two goroutines may stop at once; a stopped event can be for a
		// stop that an earlier continue already released.
		reply := c.request("stackTrace", map[string]any{"threadId": 1})
		if reply["success"] != true {
			continue
		}
		stops++
		var frames []map[string]any
		for _, f := range reply["body"].(map[string]any)["stackFrames"].([]any) {
			frames = append(frames, f.(map[string]any))
		}
		if frames[0]["name"] != "loss" || frames[0]["line"] != float64(2) {
			t.Fatalf("stopped at %v, want loss at line 2", frames[0])
		}
		if locals := c.scope(frames[0]["id"].(float64), "Locals"); !slices.Contains([]string{"0.5", "1", "2", "3"}, locals["m"]) {
			t.Fatalf("the motif in loss's locals: %v", locals)
		}
		c.ok("continue", map[string]any{"threadId": 1})
	}
	c.ok("disconnect", nil)
	select {
	case out := <-done:
		if out.err != nil || out.res.Data["text/plain"] != "2 <nil>" {
			t.Fatalf("training after the debugger let go: %v, %v", out.res, out.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("training did not finish after disconnect")
	}
}

type outcomeOf struct {
	res *Result
	err error
}

// BenchmarkDebuggerLoop measures what running under yaegi's debugger
// costs interpreted code: a cell summing 10⁵ integers, with the debugger
// off, started without breakpoints (cells then run as usual), and with a
// breakpoint set that is never reached (cells run under it).
func BenchmarkDebuggerLoop(b *testing.B) {
	code := "sum := 0\nfor i := range 100000 {\n\tsum += i\n\tif sum < 0 {\n\t\tfmt.Println(sum)\n\t}\n}"
	for _, mode := range []string{"off", "started", "breakpoint"} {
		b.Run(mode, func(b *testing.B) {
			s := newSession(b)
			if mode != "off" {
				c := newDebugClient(b, s)
				if mode == "breakpoint" {
					c.breakAt(code, 5)
				}
			}
			b.ResetTimer()
			for k := range b.N {
				if _, err := s.ExecuteCell(context.Background(), k+1, code, &recorder{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A stop inside a closure shows the scopes of the frames below it,
// among them the copy of the frame the closure was made in, which holds
// only the variables the closure uses (interp's capturedSlots): those it
// does not use are left out, where reading them panicked.
func TestDebuggerScopesOfAClosure(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "func g(k int) int {\n\tunused := k * 2\n\th := func(x int) int {\n\t\ty := x + k\n\t\treturn y\n\t}\n\t_ = unused\n\treturn h(1)\n}\n\ng(5)"
	c.breakAt(code, 5)
	c.ok("configurationDone", nil)
	done := runCell(context.Background(), s, 1, code)
	if ev := c.stopped(); ev["reason"] != "breakpoint" {
		t.Fatalf("stopped event %v", ev)
	}
	seen := map[string]string{}
	for _, f := range c.frames() {
		for _, sc := range c.ok("scopes", map[string]any{"frameId": f["id"]})["scopes"].([]any) {
			ref := sc.(map[string]any)["variablesReference"]
			for _, v := range c.ok("variables", map[string]any{"variablesReference": ref})["variables"].([]any) {
				v := v.(map[string]any)
				seen[v["name"].(string)] = v["value"].(string)
			}
		}
	}
	if seen["y"] != "6" || seen["k"] != "5" {
		t.Errorf("variables seen at the stop in the closure: %v", seen)
	}
	c.ok("continue", map[string]any{"threadId": 1})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A breakpoint in an iterator function stops there while a loop ranges
// over it (the function runs as a coroutine of the loop, on a goroutine
// of its own), and one in the loop's body stops there, with the
// iterator's variables in scope; continuing lets the loop finish.
func TestDebuggerInLoopOverFunction(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	decl := "func Count(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tv := i * 10\n\t\t\tif !yield(v) {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n}"
	loop := "sum := 0\nfor v := range Count(3) {\n\tsum += v\n}\nsum"
	c.breakAt(decl, 4)
	c.breakAt(loop, 3)
	mustRun(t, s, decl)
	done := make(chan outcomeOf, 1)
	go func() {
		res, err := s.ExecuteCell(context.Background(), 2, loop, &recorder{})
		done <- outcomeOf{res, err}
	}()
	var lines []float64
	for len(lines) < 4 {
		c.stopped()
		reply := c.request("stackTrace", map[string]any{"threadId": 1})
		if reply["success"] != true {
			continue
		}
		top := reply["body"].(map[string]any)["stackFrames"].([]any)[0].(map[string]any)
		lines = append(lines, top["line"].(float64))
		c.ok("continue", map[string]any{"threadId": 1})
	}
	// The iterator stops before its yield, then the body at its line, in turn.
	if !slices.Equal(lines, []float64{4, 3, 4, 3}) {
		t.Errorf("stopped at lines %v, want the iterator's (4) and the body's (3) in turn", lines)
	}
	c.ok("disconnect", nil)
	select {
	case out := <-done:
		if out.err != nil || out.res.Data["text/plain"] != "30" {
			t.Fatalf("the loop after the debugger let go: %v, %v", out.res, out.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the loop did not finish after disconnect")
	}
}

// next goes to the next line, not to the next of yaegi's nodes on the
// same line (`y := a*b + a` is three), and a breakpoint on a line whose
// statement calls a function stops before the call: on `if !check(y) {`
// it stopped at the `!`, after check had run.
func TestDebuggerStepsByLine(t *testing.T) {
	s := newSession(t)
	c := newDebugClient(t, s)
	code := "func check(x int) bool {\n\tfmt.Println(\"check\", x)\n\treturn x > 0\n}\n\nfunc run(a, b int) int {\n\ty := a*b + a\n\tif !check(y) {\n\t\ty = 0\n\t}\n\treturn y\n}\n\nrun(2, 3)"
	path := c.breakAt(code, 7)
	c.ok("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []any{map[string]any{"line": 7}, map[string]any{"line": 8}}})
	out := &recorder{}
	done := make(chan outcomeOf, 1)
	go func() {
		res, err := s.ExecuteCell(context.Background(), 1, code, out)
		done <- outcomeOf{res, err}
	}()
	var lines []float64
	var printed []string
	c.stopped()
	for {
		lines = append(lines, c.frames()[0]["line"].(float64))
		printed = append(printed, out.out())
		if len(lines) == 3 {
			break
		}
		// From the breakpoint on line 7 to the one on line 8, then a step.
		c.ok(map[bool]string{true: "continue", false: "next"}[len(lines) == 1], map[string]any{"threadId": 1})
		c.stopped()
	}
	if !slices.Equal(lines, []float64{7, 8, 11}) {
		t.Errorf("stopped at lines %v, want 7, 8 (breakpoints), 11 (next)", lines)
	}
	if printed[1] != "" || printed[2] != "check 8\n" {
		t.Errorf("printed at the stops: %q; want nothing at line 8, before check ran", printed)
	}
	c.ok("continue", map[string]any{"threadId": 1})
	select {
	case o := <-done:
		if o.err != nil || o.res.Data["text/plain"] != "8" {
			t.Fatalf("the cell after continue: %v, %v", o.res, o.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the cell did not finish after continue")
	}
}
