// Package atomicfile writes output files so that a reader never sees half
// of one: the data goes to a temporary file beside the target, which is
// then renamed into place. Paths that a rename would break are handled: a
// symbolic link keeps pointing where it did (its target is replaced), and
// a path that is not a regular file (/dev/stdout, a FIFO, a terminal) is
// written through, not replaced by a file.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Perm is the mode of a file Write creates, before the umask: 0644, as
// os.Create and the shell create files (0666 less the usual umask 022 for
// the others' write bit, here without any write bit for them at all).
const Perm = 0o644

// Write writes what write produces to path. write runs first, into
// memory, so a failing write leaves path as it was. A new file gets mode
// Perm less the umask; an existing regular file keeps its mode. Errors
// name path, never the temporary file.
func Write(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return WriteFile(path, buf.Bytes())
}

// WriteFile writes data to path as Write does.
func WriteFile(path string, data []byte) error {
	if fd, ok := fdOf(path); ok {
		// A duplicate shares the offset and O_APPEND of the original.
		d, err := syscall.Dup(fd)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return writeClose(os.NewFile(uintptr(d), path), path, data)
	}
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory; give a file name", path)
	}
	if err == nil && !fi.Mode().IsRegular() {
		// A device, FIFO or socket: a rename would replace it with a file.
		return writeThrough(path, data)
	}
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	} else if l, lerr := os.Lstat(path); lerr == nil && l.Mode()&os.ModeSymlink != 0 {
		// A dangling link: create the file it names.
		if dest, err := os.Readlink(path); err == nil {
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(path), dest)
			}
			target = dest
		}
	}
	perm := os.FileMode(Perm)
	if err != nil {
		fi = nil
	}
	if fi != nil {
		perm = fi.Mode().Perm()
	}
	tmp, err := createTemp(target, perm)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if fi != nil && err == nil {
		// The umask applied at creation; an existing file's mode is kept as it was.
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, target)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// fdOf returns the file descriptor path names when it is one of the
// process's own (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N).
// Such a path is written to the descriptor itself, as a shell's
// redirection would be: reopening it would start at offset 0 of a file
// opened for appending.
func fdOf(path string) (int, bool) {
	clean := filepath.Clean(path)
	switch clean {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	for _, p := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
		if n, ok := strings.CutPrefix(clean, p); ok {
			if fd, err := strconv.Atoi(n); err == nil && fd >= 0 {
				return fd, true
			}
		}
	}
	return 0, false
}

func writeThrough(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		// Some (pipes, sockets, /dev/stdout to a pipe) refuse O_TRUNC.
		if f, err = os.OpenFile(path, os.O_WRONLY, 0); err != nil {
			return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
		}
	}
	return writeClose(f, path, data)
}

// writeClose writes data to f, opened for path, and closes it.
func writeClose(f *os.File, path string, data []byte) error {
	_, err := f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	return nil
}

var counter atomic.Uint64

// createTemp creates a new file beside target with mode perm less the
// umask (os.CreateTemp would make it 0600).
func createTemp(target string, perm os.FileMode) (*os.File, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 1000 {
		suffix := strconv.FormatUint(uint64(time.Now().UnixNano())^counter.Add(0x9e3779b97f4a7c15)+uint64(os.Getpid()), 36)
		name := filepath.Join(dir, "."+base+".tmp-"+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("no free temporary name in %s", dir)
}

// unwrapPath drops an *os.PathError's path (the temporary file's) and
// keeps its cause.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
