package kernel

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/petridish-go/petridish/kernel/wire"
)

// kernelInfo asks for kernel info on a new DEALER connected to endpoint
// and reports whether the reply came within wait.
func kernelInfo(t *testing.T, endpoint string, wait time.Duration) bool {
	t.Helper()
	d := zmq4.NewDealer(context.Background())
	defer d.Close()
	if err := d.Dial(endpoint); err != nil {
		t.Fatal(err)
	}
	signer, _ := wire.NewSigner("hmac-sha256", testKey)
	m, _ := wire.New("kernel_info_request", "s", nil, nil)
	if err := d.Send(zmq4.NewMsgFrom(m.Frames(signer)...)); err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		_, err := d.Recv()
		got <- err
	}()
	select {
	case err := <-got:
		return err == nil
	case <-time.After(wait):
		return false
	}
}

// TestStalledHandshakeDoesNotBlockOthers connects a peer that never speaks
// ZMTP; once the handshake deadline passes, other clients connect.
func TestStalledHandshakeDoesNotBlockOthers(t *testing.T) {
	old := handshakeTimeout
	handshakeTimeout = 300 * time.Millisecond
	defer func() { handshakeTimeout = old }()
	tk := startKernel(t, nil)
	addr := fmt.Sprintf("127.0.0.1:%d", tk.k.Connection().ShellPort)
	silent, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	time.Sleep(50 * time.Millisecond) // let the kernel accept it first
	if !kernelInfo(t, "tcp://"+addr, 5*time.Second) {
		t.Fatal("a client behind a silent connection got no kernel_info_reply")
	}
}

func TestIPCTransport(t *testing.T) {
	shortIOPubWait(t)
	base := filepath.Join(t.TempDir(), "k")
	_, stop := runFakeKernel(t, ConnectionInfo{Transport: "ipc", IP: base, ShellPort: 1, ControlPort: 2, StdinPort: 3, IOPubPort: 4, HBPort: 5, Key: testKey})
	if !kernelInfo(t, "ipc://"+base+"-1", 5*time.Second) {
		t.Error("no kernel_info_reply over ipc")
	}
	stop()
	if _, err := os.Stat(base + "-1"); !os.IsNotExist(err) {
		t.Errorf("the ipc socket file is left behind: %v", err)
	}
}

// TestUnsignedKernel runs a kernel whose connection file has an empty key:
// messages travel unsigned both ways.
func TestUnsignedKernel(t *testing.T) {
	shortIOPubWait(t)
	k, _ := runFakeKernel(t, ConnectionInfo{IP: "127.0.0.1", SignatureScheme: "hmac-sha256"})

	d := zmq4.NewDealer(context.Background())
	defer d.Close()
	if err := d.Dial(fmt.Sprintf("tcp://127.0.0.1:%d", k.Connection().ShellPort)); err != nil {
		t.Fatal(err)
	}
	unsigned, _ := wire.NewSigner("hmac-sha256", "")
	m, _ := wire.New("kernel_info_request", "s", nil, nil)
	if err := d.Send(zmq4.NewMsgFrom(m.Frames(unsigned)...)); err != nil {
		t.Fatal(err)
	}
	got := make(chan zmq4.Msg, 1)
	go func() {
		r, _ := d.Recv()
		got <- r
	}()
	select {
	case r := <-got:
		rep, err := wire.Parse(r.Frames, unsigned)
		if err != nil || rep.Header.MsgType != "kernel_info_reply" {
			t.Fatalf("reply %v, %v", rep, err)
		}
		if sig := r.Frames[1]; len(sig) != 0 { // frames: delimiter, signature, ...
			t.Errorf("reply signed with an empty key: %q", sig)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no reply")
	}
}

// runFakeKernel runs a kernel with a fake executor on conn. stop cancels
// it and waits for Run to return; cleanup calls it too, and a second call
// does nothing.
func runFakeKernel(t *testing.T, conn ConnectionInfo) (k *Kernel, stop func()) {
	t.Helper()
	k, err := New(Config{Connection: conn, Executor: &fakeExec{}, Log: discardLog()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return k, stop
}

// shortIOPubWait shortens how long the first request waits for an IOPub
// subscriber, for tests whose clients never subscribe.
func shortIOPubWait(t *testing.T) {
	old := iopubWait
	iopubWait = 100 * time.Millisecond
	t.Cleanup(func() { iopubWait = old })
}

// TestFirstRequestWaitsForIOPubSubscriber sends an execute_request before
// subscribing to IOPub, as a client whose subscription is slower than its
// first request does (ZeroMQ's slow joiner; jupyter console hung on it):
// the kernel holds the request until the subscription arrives, so the
// client sees the request's busy status and its result. Without the wait
// they are published to nobody and lost.
func TestFirstRequestWaitsForIOPubSubscriber(t *testing.T) {
	k, _ := runFakeKernel(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"})

	bg := context.Background()
	shell, sub := zmq4.NewDealer(bg), zmq4.NewSub(bg)
	defer shell.Close()
	defer sub.Close()
	c := k.Connection()
	for s, port := range map[zmq4.Socket]int{shell: c.ShellPort, sub: c.IOPubPort} {
		if err := s.Dial(fmt.Sprintf("tcp://127.0.0.1:%d", port)); err != nil {
			t.Fatal(err)
		}
	}
	signer, _ := wire.NewSigner("hmac-sha256", testKey)
	req, _ := wire.New("execute_request", "s", nil, map[string]any{"code": "1+1", "silent": false})
	if err := shell.Send(zmq4.NewMsgFrom(req.Frames(signer)...)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the request is in; the subscription is late
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 16)
	go func() {
		for {
			zm, err := sub.Recv()
			if err != nil {
				return
			}
			if m, err := wire.Parse(zm.Frames, signer); err == nil && parentID(m) == req.Header.MsgID {
				got <- m.Header.MsgType + " " + string(m.Content)
			}
		}
	}()
	select {
	case first := <-got:
		if !strings.Contains(first, "status") || !strings.Contains(first, "busy") {
			t.Errorf("the first IOPub message of the request is %s, want its busy status", first)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no IOPub message for an execute_request sent before the subscription")
	}
}

// TestFirstMessageFraming feeds firstMessage a ZMTP greeting, a READY
// command and a subscription in pieces of every size, and with a long
// (8-byte size) READY: it must report the first message read exactly
// when its last byte is in.
func TestFirstMessageFraming(t *testing.T) {
	greeting := make([]byte, 64)
	ready := append([]byte{0x04, 6}, "\x05READY"...)
	long := append([]byte{0x06, 0, 0, 0, 0, 0, 0, 0, 6}, "\x05READY"...)
	subscribe := []byte{0x00, 1, 0x01}
	for _, hs := range [][]byte{ready, long} {
		stream := append(append(append([]byte{}, greeting...), hs...), subscribe...)
		for piece := 1; piece <= len(stream); piece++ {
			f := &firstMessage{subs: newSubscribers()}
			for i := 0; i < len(stream); i += piece {
				j := min(i+piece, len(stream))
				if f.done() {
					t.Fatalf("piece %d: done after %d of %d bytes", piece, i, len(stream))
				}
				f.add(stream[i:j])
			}
			if !f.done() {
				t.Fatalf("piece %d: not done after the whole stream (end %d, n %d)", piece, f.end, f.n)
			}
		}
	}
}
