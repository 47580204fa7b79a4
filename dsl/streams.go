package dsl

import (
	"errors"
	"io"
	"regexp"
	"strings"
	"sync"
)

// router holds the Output of the running cell. Interpreted code, compiled
// code (through the fd capture), goroutines and display calls all write
// through it, so output reaches whichever cell is current — or, between
// cells, the last one.
type router struct {
	mu     sync.Mutex
	out    Output
	active bool // a cell is running

	// frames collects yaegi's "pos: panic: fn(...)" lines of the running
	// cell, which become the traceback instead of stderr text.
	frames []string

	// stdout, when not nil, takes what the interpreter writes to its
	// standard output instead of the cell (an Example's output, which
	// %test compares with its comment).
	stdout io.Writer
}

// redirectStdout sends the interpreter's standard output to w until
// restore is called.
func (r *router) redirectStdout(w io.Writer) (restore func()) {
	r.mu.Lock()
	saved := r.stdout
	r.stdout = w
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		r.stdout = saved
		r.mu.Unlock()
	}
}

// redirected returns the writer redirectStdout set, or nil.
func (r *router) redirected() io.Writer {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout
}

// begin makes o the current Output for a running cell.
func (r *router) begin(o Output) {
	r.mu.Lock()
	r.out, r.active, r.frames = o, true, nil
	r.mu.Unlock()
}

// end marks the cell finished; its Output stays current for late writes.
func (r *router) end() {
	r.mu.Lock()
	r.active = false
	r.mu.Unlock()
}

func (r *router) isActive() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.active
}

func (r *router) get() Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.out == nil {
		return DiscardOutput{}
	}
	return r.out
}

func (r *router) takeFrames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.frames
	r.frames = nil
	return f
}

// streamWriter is the io.Writer behind the interpreter's os.Stdout or
// os.Stderr. When file descriptors are captured, it writes into the same
// pipe as compiled code while a cell runs, which keeps the two in order.
type streamWriter struct {
	r    *router
	name string
	fd   io.Writer // the capture pipe, or nil
}

// panicFrame matches the frame lines yaegi prints while a panic unwinds.
var panicFrame = regexp.MustCompile(`^((?:.*:)?\d+:\d+): panic: (.*)\(\.\.\.\)\n?$`)

func (w *streamWriter) Write(p []byte) (int, error) {
	if w.name == "stderr" {
		if m := panicFrame.FindSubmatch(p); m != nil {
			w.r.mu.Lock()
			w.r.frames = append(w.r.frames, string(m[1])+": in "+funcName(string(m[2])))
			w.r.mu.Unlock()
			return len(p), nil
		}
	}
	if len(p) == 0 {
		return 0, nil
	}
	if w.name == "stdout" {
		if to := w.r.redirected(); to != nil {
			return to.Write(p)
		}
	}
	// Between cells the capture pipe passes through to the process's own
	// descriptors; what interpreted code writes then (a goroutine of the
	// last cell) goes to the last cell instead, like display updates.
	if w.fd != nil && w.r.isActive() {
		return w.fd.Write(p)
	}
	w.r.get().Stream(w.name, string(p))
	return len(p), nil
}

// funcName turns yaegi's "main.f" / "main" into "f" / "cell", and the
// renamed main of a program (mainName) into "main".
func funcName(s string) string {
	switch s {
	case "main":
		return "cell"
	case "main." + mainName:
		return "main"
	}
	return strings.TrimPrefix(s, "main.")
}

// stdinReader is the interpreter's os.Stdin: each time its buffer runs dry
// it asks the current Output for a line.
type stdinReader struct {
	r       *router
	capture *fdCapture // nil when file descriptors are not captured
	mu      sync.Mutex
	pending string
}

func (s *stdinReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == "" {
		// A prompt printed without a newline ("name? ") is still in the
		// capture pipe: forward it first, so that the front end shows it
		// before it asks for the line.
		if s.capture != nil {
			s.capture.flush()
		}
		line, err := s.r.get().Input("", false)
		if errors.Is(err, io.EOF) {
			// io.Reader's contract: the end of input is io.EOF itself,
			// which callers compare with == (io.ReadAll, bufio.Scanner,
			// fmt.Scan's users), not an error wrapping it.
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
		s.pending = line + "\n"
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

var _ io.Reader = (*stdinReader)(nil)
