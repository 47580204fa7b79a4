package kernel

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
		"hb_port": 5005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp",
		"signature_scheme": "hmac-sha256", "kernel_name": "petridish", "jupyter_session": "x"}`)
	c, err := ReadConnectionFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if c.ShellPort != 5001 || c.HBPort != 5005 || c.Key != "abc" || c.KernelName != "petridish" {
		t.Errorf("parsed %+v", c)
	}
	if ep := c.endpoint(c.IOPubPort); ep != "petridish-tcp://127.0.0.1:5002" {
		t.Errorf("endpoint = %s", ep)
	}
	ipc := ConnectionInfo{Transport: "ipc", IP: "/tmp/k", ShellPort: 1, ControlPort: 2, StdinPort: 3, IOPubPort: 4, HBPort: 5}
	if ep := ipc.endpoint(ipc.HBPort); ep != "petridish-ipc:///tmp/k-5" {
		t.Errorf("ipc endpoint = %s", ep)
	}
	if ep := (ConnectionInfo{IP: "::1"}).endpoint(9); ep != "petridish-tcp://[::1]:9" {
		t.Errorf("ipv6 endpoint = %s", ep)
	}

	cases := map[string]string{
		"missing":        "",
		"empty.json":     "",
		"notjson.json":   "shell_port=1",
		"array.json":     "[1,2]",
		"wrongtype.json": `{"shell_port": "5001", "ip": "127.0.0.1"}`,
		"transport.json": `{"transport": "udp", "ip": "127.0.0.1"}`,
		"noip.json":      `{"transport": "tcp", "shell_port": 1}`,
		"dup.json":       `{"ip": "127.0.0.1", "shell_port": 7, "iopub_port": 7}`,
		"range.json":     `{"ip": "127.0.0.1", "shell_port": 70000}`,
		"scheme.json":    `{"ip": "127.0.0.1", "signature_scheme": "rot13"}`,
		"ipcnoport.json": `{"ip": "/tmp/x", "transport": "ipc"}`,
	}
	wants := map[string]string{
		"missing":        "cannot read the connection file",
		"empty.json":     "connection file",
		"notjson.json":   "not valid JSON",
		"array.json":     "must hold a JSON object, not a JSON array",
		"wrongtype.json": `field "shell_port" must be a int`,
		"transport.json": `transport "udp" is not supported`,
		"noip.json":      `"ip" is missing`,
		"dup.json":       "shell_port and iopub_port are both 7",
		"range.json":     "not a port number",
		"scheme.json":    "unsupported signature_scheme",
		"ipcnoport.json": "ipc transport needs it",
	}
	for name, body := range cases {
		path := filepath.Join(dir, name)
		if name != "missing" {
			path = write(name, body)
		}
		_, err := ReadConnectionFile(path)
		if err == nil || !strings.Contains(err.Error(), wants[name]) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, wants[name])
		}
	}
}

func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = New(Config{
		Connection: ConnectionInfo{IP: "127.0.0.1", IOPubPort: port},
		Executor:   &fakeExec{},
	})
	want := fmt.Sprintf("cannot listen for the iopub channel on tcp://127.0.0.1:%d", port)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "another process holds that port") {
		t.Fatalf("err = %v, want %q and a hint", err, want)
	}
	// The sockets bound before the failure are released: the same
	// connection without the taken port binds.
	if _, err := New(Config{Connection: ConnectionInfo{IP: "127.0.0.1"}}); err == nil || !strings.Contains(err.Error(), "Executor is nil") {
		t.Fatalf("nil executor: err = %v", err)
	}
}
