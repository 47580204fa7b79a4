package dsl

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"time"
	"unicode/utf8"
)

// flushMarker is written through a captured descriptor at the end of a
// cell; when the reader sees it, everything written before it has been
// forwarded.
const flushMarker = "\x00petridish-flush\x00"

// fdCapture redirects file descriptors 1 and 2 into pipes whose readers
// forward to the running cell, or to the original descriptors between
// cells.
type fdCapture struct {
	route   *router
	streams []*fdStream
	flushMu sync.Mutex // one flush at a time: each waits for its own marker
}

type fdStream struct {
	name  string
	fd    int
	orig  *os.File // duplicate of the original descriptor
	r, w  *os.File
	route *router
	seen  chan struct{}
	done  chan struct{}
}

func startCapture(route *router) (*fdCapture, error) {
	c := &fdCapture{route: route}
	for _, s := range []struct {
		name string
		fd   int
	}{{"stdout", 1}, {"stderr", 2}} {
		st, err := newFDStream(route, s.name, s.fd)
		if err != nil {
			c.stop()
			return nil, fmt.Errorf("dsl: capturing %s (fd %d): %w; run without Options.CaptureFDs", s.name, s.fd, err)
		}
		c.streams = append(c.streams, st)
	}
	return c, nil
}

func newFDStream(route *router, name string, fd int) (*fdStream, error) {
	origFD, err := dup(fd)
	if err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	if err := dup2(int(w.Fd()), fd); err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	st := &fdStream{
		name: name, fd: fd, orig: os.NewFile(uintptr(origFD), name+"-original"),
		r: r, w: w, route: route,
		seen: make(chan struct{}, 1), done: make(chan struct{}),
	}
	go st.read()
	return st, nil
}

// read forwards everything that arrives on the pipe.
func (st *fdStream) read() {
	defer close(st.done)
	buf := make([]byte, 32<<10)
	var pending []byte
	for {
		n, err := st.r.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.Index(pending, []byte(flushMarker))
			if i < 0 {
				break
			}
			st.forward(pending[:i])
			pending = pending[i+len(flushMarker):]
			select {
			case st.seen <- struct{}{}:
			default:
			}
		}
		keep := holdBack(pending)
		st.forward(pending[:len(pending)-keep])
		pending = append(pending[:0], pending[len(pending)-keep:]...)
		if err != nil {
			st.forward(pending)
			return
		}
	}
}

// holdBack returns how many trailing bytes of p must wait for more input:
// a possible start of the flush marker or an incomplete UTF-8 sequence.
func holdBack(p []byte) int {
	for k := min(len(p), len(flushMarker)-1); k > 0; k-- {
		if bytes.HasPrefix([]byte(flushMarker), p[len(p)-k:]) {
			return k
		}
	}
	for k := 1; k <= min(len(p), utf8.UTFMax-1); k++ {
		b := p[len(p)-k]
		if utf8.RuneStart(b) {
			if !utf8.FullRune(p[len(p)-k:]) {
				return k
			}
			break
		}
	}
	return 0
}

func (st *fdStream) forward(p []byte) {
	if len(p) == 0 {
		return
	}
	if st.route.isActive() {
		st.route.get().Stream(st.name, string(p))
		return
	}
	st.orig.Write(p)
}

// flush waits until everything written to the descriptor so far has been
// forwarded, or a second has passed.
func (st *fdStream) flush() {
	select {
	case <-st.seen:
	default:
	}
	if _, err := st.w.Write([]byte(flushMarker)); err != nil {
		return
	}
	select {
	case <-st.seen:
	case <-time.After(time.Second):
	}
}

// flush forwards all captured output written so far.
func (c *fdCapture) flush() {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	var wg sync.WaitGroup
	for _, st := range c.streams {
		wg.Add(1)
		go func() { defer wg.Done(); st.flush() }()
	}
	wg.Wait()
}

// stop restores the original descriptors and forwards what is left.
func (c *fdCapture) stop() error {
	var first error
	for _, st := range c.streams {
		if err := dup2(int(st.orig.Fd()), st.fd); err != nil && first == nil {
			first = fmt.Errorf("dsl: restoring fd %d: %w", st.fd, err)
		}
		st.w.Close()
		<-st.done
		st.r.Close()
		st.orig.Close()
	}
	c.streams = nil
	return first
}
