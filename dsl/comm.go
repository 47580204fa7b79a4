package dsl

import (
	"context"

	"github.com/petridish-go/petridish/dsl/widget"
)

// CommOutput is implemented by Outputs whose front end has comms (the
// kernel's): widgets reach the browser through it. Other Outputs — the
// terminal of `petridish run`, the notebook file of `petridish exec` —
// leave widgets offline.
type CommOutput interface {
	// Comm publishes a "comm_open", "comm_msg" or "comm_close" message
	// with this content, message metadata and binary buffers.
	Comm(msgType string, content, metadata map[string]any, buffers [][]byte)
	// RequestID returns the msg_id of the request the Output publishes
	// for.
	RequestID() string
}

// commTransport carries widget messages to the current Output when it has
// comms; the current Output is the running cell's or comm message's, or
// the last one's for messages sent between them. Like displays, a comm
// message first forwards the captured stdout and stderr written before
// it, so that output a widget captures arrives while it captures.
type commTransport struct {
	r       *router
	capture *fdCapture // nil when file descriptors are not captured
}

func (t commTransport) Comm(msgType string, content, metadata map[string]any, buffers [][]byte) {
	if c, ok := t.r.get().(CommOutput); ok {
		if t.capture != nil {
			t.capture.flush()
		}
		c.Comm(msgType, content, metadata, buffers)
	}
}

func (t commTransport) RequestID() string {
	if c, ok := t.r.get().(CommOutput); ok {
		return c.RequestID()
	}
	return ""
}

// HandleComm receives a comm message from the front end ("comm_open",
// "comm_msg" or "comm_close", with the message's content) and runs what
// it triggers — a widget's callbacks — with out as the current Output and
// ctx as the predeclared ctx. It reports whether the comm belongs to the
// Session's widgets; what went wrong (a refused value, a callback that
// panicked) is written to out's stderr.
func (s *Session) HandleComm(ctx context.Context, msgType string, content map[string]any, out Output) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	var handled bool
	s.withOutput(ctx, out, func() {
		var err error
		handled, err = widget.Receive(msgType, content)
		if err != nil {
			out.Stream("stderr", err.Error()+"\n")
		}
	})
	return handled
}

// Comms lists the open widget comms, as comm id -> target name; only
// those of target when it is not empty.
func (s *Session) Comms(target string) map[string]string { return widget.Comms(target) }
