package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func write(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestWriteMode checks that a new file gets 0644 less the umask, not
// os.CreateTemp's 0600, that an existing file keeps its mode, and that no
// temporary file is left behind.
func TestWriteMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := Write(p, write("a\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}
	syscall.Umask(0o077)
	q := filepath.Join(dir, "private.csv")
	WriteFile(q, []byte("x"))
	if fi, _ := os.Stat(q); fi.Mode().Perm() != 0o600 {
		t.Errorf("with umask 077 the file has mode %v, want 0600", fi.Mode().Perm())
	}
	os.Chmod(p, 0o640)
	if err := WriteFile(p, []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("rewritten file has mode %v, want its old 0640", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(p); string(b) != "b\n" {
		t.Errorf("file holds %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("directory holds %d entries, want 2 (a temporary file left?)", len(ents))
	}
}

// TestWriteSpecialFiles checks that a symbolic link keeps pointing where
// it did (its target is replaced), that a FIFO is written through rather
// than replaced by a file, and that a failed write leaves the file as it
// was.
func TestWriteSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, write("data\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "data\n" {
		t.Errorf("the link's target holds %q", b)
	}
	if err := Write(target, func(io.Writer) error { return io.ErrUnexpectedEOF }); err == nil {
		t.Error("a failing write succeeded")
	}
	if b, _ := os.ReadFile(target); string(b) != "data\n" {
		t.Errorf("a failing write left %q", b)
	}
	if err := WriteFile(dir, nil); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing a directory: %v", err)
	}

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := Write(fifo, write("data\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	buf := make([]byte, 16)
	if n, _ := r.Read(buf); string(buf[:n]) != "data\n" {
		t.Errorf("read %q from the FIFO", buf[:n])
	}
}

// TestWriteDescriptor checks that /dev/fd/N is written to the descriptor
// itself: appending where it stands, the path left alone.
func TestWriteDescriptor(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "log")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("before\n")
	if err := WriteFile("/dev/fd/"+strconv.Itoa(int(f.Fd())), []byte("data\n")); err != nil {
		t.Fatal(err)
	}
	f.WriteString("after\n")
	if b, _ := os.ReadFile(p); string(b) != "before\ndata\nafter\n" {
		t.Errorf("the file holds %q", b)
	}
}
