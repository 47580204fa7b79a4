package kernel_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The integration tests run the real petridish binary as a Jupyter kernel
// and drive it with Debian's Python Jupyter tools (/usr/bin/python3, or
// $PETRIDISH_PYTHON). On a machine without them they skip, unless
// PETRIDISH_REQUIRE_JUPYTER=1 makes a missing tool a failure (CI sets it).

// kernelName is the kernelspec the tests install.
const kernelName = "petridish-test"

// python runs the Jupyter tools: $PETRIDISH_PYTHON, else Debian's
// /usr/bin/python3 (the python3 on PATH may be another one).
var python = func() string {
	if p := os.Getenv("PETRIDISH_PYTHON"); p != "" {
		return p
	}
	return "/usr/bin/python3"
}()

var (
	buildOnce sync.Once
	binary    string // the built petridish, shared by all tests
	buildErr  error
	buildDir  string

	moduleMu sync.Mutex
	modules  = map[string]error{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// need skips the test (or fails it under PETRIDISH_REQUIRE_JUPYTER=1) when
// one of the Python modules is not importable by /usr/bin/python3.
func need(t *testing.T, pyModules ...string) {
	t.Helper()
	for _, mod := range pyModules {
		moduleMu.Lock()
		err, done := modules[mod]
		if !done {
			out, e := exec.Command(python, "-c", "import "+mod).CombinedOutput()
			if e != nil {
				err = fmt.Errorf("%s cannot import %s: %v: %s", python, mod, e, bytes.TrimSpace(out))
			}
			modules[mod] = err
		}
		moduleMu.Unlock()
		if err != nil {
			missing(t, fmt.Sprintf("%v (Debian: apt-get install python3-jupyter-client python3-nbclient jupyter-nbconvert jupyter-notebook python3-ipykernel)", err))
		}
	}
}

// missing skips, or fails when the environment requires Jupyter.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("PETRIDISH_REQUIRE_JUPYTER") == "1" {
		t.Fatalf("PETRIDISH_REQUIRE_JUPYTER=1 but %s", why)
	}
	t.Skipf("skipping: %s (set PETRIDISH_REQUIRE_JUPYTER=1 to make this a failure)", why)
}

// petridish builds the binary once per test run.
func petridish(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "petridish-kernel-test")
		if buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "petridish")
		cmd := exec.Command("go", "build", "-o", binary, "github.com/petridish-go/petridish")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// jupyterEnv is a private Jupyter world: the kernelspec installed by
// `petridish install --prefix` into a temporary directory, with Jupyter's
// data, runtime and config directories and the kernel's history database
// under it too.
type jupyterEnv struct {
	dir string
	env []string
}

func newJupyterEnv(t *testing.T) *jupyterEnv {
	t.Helper()
	bin := petridish(t)
	dir := t.TempDir()
	out, err := exec.Command(bin, "install", "--prefix", filepath.Join(dir, "prefix"), "--name", kernelName).CombinedOutput()
	if err != nil {
		t.Fatalf("petridish install: %v\n%s", err, out)
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "prefix", "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(dir, "config"),
		"PETRIDISH_HISTORY="+filepath.Join(dir, "history.sqlite"),
		"PYTHONDONTWRITEBYTECODE=1",
	)
	return &jupyterEnv{dir: dir, env: env}
}

// bridge is a running testdata/bridge.py: one JSON command per line in,
// one JSON answer per line out.
type bridge struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startBridge starts the driver and the kernel; it returns the start
// answer too (startup_s, pid).
func startBridge(t *testing.T, je *jupyterEnv) (*bridge, map[string]any) {
	t.Helper()
	need(t, "jupyter_client", "zmq")
	b := &bridge{t: t, stderr: &lockedBuffer{}}
	b.cmd = exec.Command(python, filepath.Join("testdata", "bridge.py"))
	b.cmd.Env = je.env
	b.cmd.Stderr = b.stderr
	var err error
	if b.in, err = b.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	b.out = bufio.NewReaderSize(stdout, 1<<20)
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.in.Close()
		done := make(chan error, 1)
		go func() { done <- b.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			b.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("driver and kernel stderr:\n%s", b.stderr.String())
		}
	})
	return b, b.do(map[string]any{"op": "start", "kernel_name": kernelName}, 90*time.Second)
}

// on returns the bridge for use by test t (a subtest).
func (b *bridge) on(t *testing.T) *bridge {
	c := *b
	c.t = t
	return &c
}

// do sends one command and returns its answer, failing the test on a
// driver exception or when no answer comes within timeout.
func (b *bridge) do(cmd map[string]any, timeout time.Duration) map[string]any {
	b.t.Helper()
	line, err := json.Marshal(cmd)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.in.Write(append(line, '\n')); err != nil {
		b.t.Fatalf("driver gone: %v\n%s", err, b.stderr.String())
	}
	type answer struct {
		line []byte
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		l, err := b.out.ReadBytes('\n')
		ch <- answer{l, err}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			b.t.Fatalf("driver gone while running %s: %v\n%s", cmd["op"], a.err, b.stderr.String())
		}
		var res map[string]any
		if err := json.Unmarshal(a.line, &res); err != nil {
			b.t.Fatalf("driver answered %q: %v", a.line, err)
		}
		if ex, ok := res["exception"]; ok {
			b.t.Fatalf("driver failed on %s: %v\n%v", cmd["op"], ex, res["traceback"])
		}
		return res
	case <-time.After(timeout):
		b.t.Fatalf("no answer to %s within %v\n%s", cmd["op"], timeout, b.stderr.String())
	}
	return nil
}

// msg is one message as the driver reports it.
type msg struct {
	Type     string
	Content  map[string]any
	Metadata map[string]any
	ParentID string
	Buffers  []string // binary buffers, in hex
}

// cell is the outcome of one execute_request.
type cell struct {
	Reply         map[string]any // execute_reply content
	Outputs       []msg          // iopub messages of the cell, through idle
	InputRequests []msg
}

func toMsgs(v any) []msg {
	var out []msg
	list, _ := v.([]any)
	for _, x := range list {
		m := x.(map[string]any)
		c, _ := m["content"].(map[string]any)
		p, _ := m["parent_id"].(string)
		md, _ := m["metadata"].(map[string]any)
		var bufs []string
		for _, b := range m["buffers"].([]any) {
			bufs = append(bufs, b.(string))
		}
		out = append(out, msg{Type: m["msg_type"].(string), Content: c, Metadata: md, ParentID: p, Buffers: bufs})
	}
	return out
}

// execute runs code; opts go into the command (allow_stdin, inputs,
// interrupt_after, sigint_after, silent, stop_on_error, ...).
func (b *bridge) execute(code string, opts map[string]any) cell {
	b.t.Helper()
	cmd := map[string]any{"op": "execute", "code": code, "timeout": 60}
	for k, v := range opts {
		cmd[k] = v
	}
	res := b.do(cmd, 90*time.Second)
	if res["timeout"] == true {
		b.t.Fatalf("cell %q did not finish: %v", code, res)
	}
	reply := res["reply"].(map[string]any)
	if reply["msg_type"] != "execute_reply" {
		b.t.Fatalf("reply type %v", reply["msg_type"])
	}
	return cell{Reply: reply["content"].(map[string]any), Outputs: toMsgs(res["outputs"]), InputRequests: toMsgs(res["input_requests"])}
}

// request sends a shell request through the jupyter_client method typ
// (complete, inspect, is_complete, history, kernel_info, comm_info) and
// returns the reply content.
func (b *bridge) request(typ string, args map[string]any) map[string]any {
	b.t.Helper()
	res := b.do(map[string]any{"op": "request", "type": typ, "args": args}, 60*time.Second)
	if res["timeout"] == true {
		b.t.Fatalf("no reply to %s %v", typ, args)
	}
	return res["reply"].(map[string]any)["content"].(map[string]any)
}

// comm sends a comm message (comm_open, comm_msg, comm_close) as a front
// end would and returns the iopub messages it caused, through idle, as a
// cell with no reply.
func (b *bridge) comm(typ string, content map[string]any) cell {
	return b.commWith(typ, content, nil)
}

// commWith is comm with more of the driver's options (interrupt_after).
func (b *bridge) commWith(typ string, content map[string]any, opts map[string]any) cell {
	b.t.Helper()
	cmd := map[string]any{"op": "comm", "type": typ, "content": content}
	for k, v := range opts {
		cmd[k] = v
	}
	res := b.do(cmd, 60*time.Second)
	if res["timeout"] == true {
		b.t.Fatalf("%s %v: no idle status: %v", typ, content, res)
	}
	return cell{Outputs: toMsgs(res["outputs"])}
}

// of returns the cell's iopub messages of one type.
func (c cell) of(typ string) []msg {
	var out []msg
	for _, m := range c.Outputs {
		if m.Type == typ {
			out = append(out, m)
		}
	}
	return out
}

// stream returns the concatenated text of one stream.
func (c cell) stream(name string) string {
	var b strings.Builder
	for _, m := range c.of("stream") {
		if m.Content["name"] == name {
			b.WriteString(m.Content["text"].(string))
		}
	}
	return b.String()
}

// types lists the cell's iopub message types in order.
func (c cell) types() string {
	var ts []string
	for _, m := range c.Outputs {
		if m.Type == "status" {
			ts = append(ts, m.Content["execution_state"].(string))
		} else {
			ts = append(ts, m.Type)
		}
	}
	return strings.Join(ts, " ")
}

// ok fails the test unless the cell succeeded.
func (c cell) ok(t *testing.T) cell {
	t.Helper()
	if c.Reply["status"] != "ok" {
		t.Fatalf("cell failed: %v\noutputs: %v", c.Reply, c.Outputs)
	}
	return c
}

// result returns the text/plain of the cell's execute_result.
func (c cell) result(t *testing.T) string {
	t.Helper()
	rs := c.of("execute_result")
	if len(rs) != 1 {
		t.Fatalf("%d execute_result messages (%s)", len(rs), c.types())
	}
	s, _ := rs[0].Content["data"].(map[string]any)["text/plain"].(string)
	return s
}
