package kernel

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
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
	base := filepath.Join(t.TempDir(), "k")
	k, err := New(Config{
		Connection: ConnectionInfo{Transport: "ipc", IP: base, ShellPort: 1, ControlPort: 2, StdinPort: 3, IOPubPort: 4, HBPort: 5, Key: testKey},
		Executor:   &fakeExec{},
		Log:        discardLog(),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	if !kernelInfo(t, "ipc://"+base+"-1", 5*time.Second) {
		t.Error("no kernel_info_reply over ipc")
	}
	cancel()
	<-done
	if _, err := os.Stat(base + "-1"); !os.IsNotExist(err) {
		t.Errorf("the ipc socket file is left behind: %v", err)
	}
}

// TestUnsignedKernel runs a kernel whose connection file has an empty key:
// messages travel unsigned both ways.
func TestUnsignedKernel(t *testing.T) {
	k, err := New(Config{Connection: ConnectionInfo{IP: "127.0.0.1", SignatureScheme: "hmac-sha256"}, Executor: &fakeExec{}, Log: discardLog()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	defer func() { cancel(); <-done }()

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
