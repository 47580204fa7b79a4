package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/petridish-go/petridish/kernel/history"
	"github.com/petridish-go/petridish/kernel/wire"
)

const testKey = "test-key"

// testKernel is an in-process kernel on free ports with a fake executor,
// and a client connected to it with zmq4 sockets.
type testKernel struct {
	t      testing.TB
	k      *Kernel
	exec   *fakeExec
	logs   *logBuffer
	done   chan error
	signer *wire.Signer

	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket
	replies               map[string]chan *wire.Message // per channel name
	published             chan *wire.Message
}

// logBuffer collects the kernel's log for assertions.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *logBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *logBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func startKernel(t testing.TB, hist *history.Store) *testKernel {
	t.Helper()
	exec := &fakeExec{}
	logs := &logBuffer{}
	k, err := New(Config{
		Connection: ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"},
		Executor:   exec,
		Info:       Info{Implementation: "fake", ImplementationVersion: "0.0", Language: LanguageInfo{Name: "fake", MIMEType: "text/x-fake"}},
		History:    hist,
		Log:        log.New(logs, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tk := &testKernel{t: t, k: k, exec: exec, logs: logs, done: make(chan error, 1),
		replies: map[string]chan *wire.Message{}, published: make(chan *wire.Message, 1000)}
	tk.signer, _ = wire.NewSigner("hmac-sha256", testKey)
	go func() { tk.done <- k.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		for _, s := range []zmq4.Socket{tk.shell, tk.control, tk.stdin, tk.iopub, tk.hb} {
			s.Close()
		}
		<-tk.done
	})

	c := k.Connection()
	ep := func(port int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", port) }
	id := zmq4.WithID(zmq4.SocketIdentity("client-" + wire.NewID()))
	bg := context.Background()
	tk.shell, tk.control, tk.stdin = zmq4.NewDealer(bg, id), zmq4.NewDealer(bg, id), zmq4.NewDealer(bg, id)
	tk.iopub, tk.hb = zmq4.NewSub(bg), zmq4.NewReq(bg)
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{tk.shell, c.ShellPort}, {tk.control, c.ControlPort}, {tk.stdin, c.StdinPort}, {tk.iopub, c.IOPubPort}, {tk.hb, c.HBPort}} {
		if err := d.s.Dial(ep(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tk.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]zmq4.Socket{"shell": tk.shell, "control": tk.control, "stdin": tk.stdin} {
		ch := make(chan *wire.Message, 100)
		tk.replies[name] = ch
		go tk.pump(s, ch)
	}
	go tk.pump(tk.iopub, tk.published)

	// iopub only delivers once the subscription has reached the kernel:
	// ask for kernel info until a status message arrives.
	deadline := time.Now().Add(10 * time.Second)
	for {
		tk.send(tk.shell, "kernel_info_request", nil)
		tk.reply("shell", "kernel_info_reply")
		select {
		case <-tk.published:
			tk.drainIOPub(200 * time.Millisecond)
			return tk
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no iopub message from the kernel within 10s")
		}
	}
}

func (tk *testKernel) pump(s zmq4.Socket, ch chan *wire.Message) {
	for {
		zm, err := s.Recv()
		if err != nil {
			return
		}
		m, err := wire.Parse(zm.Frames, tk.signer)
		if err != nil {
			tk.t.Errorf("client got a bad message: %v", err)
			continue
		}
		ch <- m
	}
}

// send sends a request from the client and returns it.
func (tk *testKernel) send(s zmq4.Socket, msgType string, content any) *wire.Message {
	tk.t.Helper()
	m, err := wire.New(msgType, "client-session", nil, content)
	if err != nil {
		tk.t.Fatal(err)
	}
	if err := s.Send(zmq4.NewMsgFrom(m.Frames(tk.signer)...)); err != nil {
		tk.t.Fatal(err)
	}
	return m
}

// reply waits for the next message on a client channel and checks its type.
func (tk *testKernel) reply(channel, msgType string) *wire.Message {
	tk.t.Helper()
	select {
	case m := <-tk.replies[channel]:
		if m.Header.MsgType != msgType {
			tk.t.Fatalf("%s: got %s %s, want %s", channel, m.Header.MsgType, m.Content, msgType)
		}
		return m
	case <-time.After(10 * time.Second):
		tk.t.Fatalf("%s: no %s within 10s; kernel log:\n%s", channel, msgType, tk.logs.String())
	}
	return nil
}

// noReply checks that nothing arrives on a client channel for a while.
func (tk *testKernel) noReply(channel string, wait time.Duration) {
	tk.t.Helper()
	select {
	case m := <-tk.replies[channel]:
		tk.t.Fatalf("%s: unexpected %s %s", channel, m.Header.MsgType, m.Content)
	case <-time.After(wait):
	}
}

// outputs collects the iopub messages whose parent is req, up to and
// including its idle status.
func (tk *testKernel) outputs(req *wire.Message) []*wire.Message {
	tk.t.Helper()
	var out []*wire.Message
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-tk.published:
			if parentID(m) != req.Header.MsgID {
				continue
			}
			out = append(out, m)
			if m.Header.MsgType == "status" && content(tk.t, m)["execution_state"] == "idle" {
				return out
			}
		case <-timeout:
			tk.t.Fatalf("no idle status for %s within 10s; got %s; kernel log:\n%s", req.Header.MsgType, describe(out), tk.logs.String())
		}
	}
}

func (tk *testKernel) drainIOPub(quiet time.Duration) {
	for {
		select {
		case <-tk.published:
		case <-time.After(quiet):
			return
		}
	}
}

// execute runs code and returns the execute_reply content and the cell's
// iopub messages.
func (tk *testKernel) execute(code string, extra map[string]any) (map[string]any, []*wire.Message) {
	tk.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	m := tk.send(tk.shell, "execute_request", req)
	rep := tk.reply("shell", "execute_reply")
	if parentID(rep) != m.Header.MsgID {
		tk.t.Fatalf("reply parent %s, want %s", parentID(rep), m.Header.MsgID)
	}
	return content(tk.t, rep), tk.outputs(m)
}

func parentID(m *wire.Message) string {
	var h wire.Header
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

func content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := m.Decode(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

// describe lists message types, and for streams their text, to compare
// sequences of iopub messages.
func describe(ms []*wire.Message) string {
	var parts []string
	for _, m := range ms {
		var c map[string]any
		json.Unmarshal(m.Content, &c)
		switch m.Header.MsgType {
		case "status":
			parts = append(parts, fmt.Sprint(c["execution_state"]))
		case "stream":
			parts = append(parts, fmt.Sprintf("%s:%s", c["name"], c["text"]))
		case "execute_result":
			parts = append(parts, fmt.Sprintf("result:%v", c["data"].(map[string]any)["text/plain"]))
		case "error":
			parts = append(parts, fmt.Sprintf("error:%v", c["ename"]))
		default:
			parts = append(parts, m.Header.MsgType)
		}
	}
	return strings.Join(parts, " ")
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
