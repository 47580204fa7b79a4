package kernel_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKernelCommandErrors checks that `petridish kernel` fails with a
// clear message and a non-zero status on a bad connection file or a port
// in use, instead of starting half a kernel.
func TestKernelCommandErrors(t *testing.T) {
	bin := petridish(t)
	dir := t.TempDir()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"kernel"}, 2, "--connection-file FILE is required"},
		{[]string{"kernel", "--connection-file", filepath.Join(dir, "missing.json")}, 1, "cannot read the connection file"},
		{[]string{"kernel", "--connection-file", write("bad.json", "{not json")}, 1, "is not valid JSON"},
		{[]string{"kernel", "-f", write("noip.json", `{"shell_port": 1}`)}, 1, `"ip" is missing`},
		{[]string{"kernel", "-f", write("busy.json", fmt.Sprintf(`{"ip": "127.0.0.1", "transport": "tcp", "shell_port": %d, "key": "k", "signature_scheme": "hmac-sha256"}`, port))}, 1, "address already in use"},
	}
	for _, c := range cases {
		cmd := exec.Command(bin, c.args...)
		cmd.Env = append(os.Environ(), "PETRIDISH_HISTORY=off")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != c.code || !strings.Contains(string(out), c.want) {
			t.Errorf("petridish %s: %v\n%s\nwant exit %d and %q", strings.Join(c.args, " "), err, out, c.code, c.want)
		}
	}
}

// TestKernelExitsWithItsParent starts the kernel from a shell that then
// exits, as a crashed front-end would, and checks that the kernel, which
// jupyter_client marks with JPY_PARENT_PID, exits too.
func TestKernelExitsWithItsParent(t *testing.T) {
	bin := petridish(t)
	conn := filepath.Join(t.TempDir(), "kernel.json")
	os.WriteFile(conn, []byte(`{"ip": "127.0.0.1", "transport": "tcp", "key": "k", "signature_scheme": "hmac-sha256"}`), 0o600)
	sh := exec.Command("sh", "-c", `"$0" kernel --connection-file "$1" </dev/null >/dev/null 2>&1 & echo $!; sleep 2`, bin, conn)
	sh.Env = append(os.Environ(), "JPY_PARENT_PID=1", "PETRIDISH_HISTORY=off")
	stdout, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	pid, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		t.Fatalf("shell printed %q: %v %v", line, err, perr)
	}
	time.Sleep(time.Second)
	if !alive(pid) {
		t.Fatalf("kernel %d did not start", pid)
	}
	sh.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			exec.Command("kill", strconv.Itoa(pid)).Run()
			t.Fatalf("kernel %d still runs 10s after its parent exited", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// alive reports whether pid runs (a zombie, which a container's init may
// never reap, counts as gone).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}
