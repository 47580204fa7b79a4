package kernel

import (
	"context"
	"errors"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/petridish-go/petridish/kernel/wire"
)

const (
	// streamDelay is how long stream text may wait to be batched with more
	// text into one stream message.
	streamDelay = 50 * time.Millisecond
	// streamMax is how much stream text is batched at most.
	streamMax = 64 << 10
)

// errNoStdin is Input's error when the execute_request had allow_stdin
// false.
var errNoStdin = errors.New("this front-end does not accept input (the request had allow_stdin false); the cell cannot read from stdin here")

// cell is the Frontend of one execute_request: everything it publishes has
// that request as its parent, whichever goroutine publishes it. Stream
// text is batched briefly; any other output first flushes it, so the order
// of outputs is kept.
type cell struct {
	k          *Kernel
	parent     *wire.Message
	ctx        context.Context
	silent     bool
	allowStdin bool

	mu        sync.Mutex
	name      string // stream the pending text belongs to
	pending   []byte
	scheduled bool
	ended     bool
}

func newCell(k *Kernel, parent *wire.Message, ctx context.Context, silent, allowStdin bool) *cell {
	return &cell{k: k, parent: parent, ctx: ctx, silent: silent, allowStdin: allowStdin}
}

// Stream implements Frontend.
func (c *cell) Stream(name, text string) {
	if c.silent || text == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) > 0 && name != c.name {
		c.flushLocked(true)
	}
	c.name = name
	c.pending = append(c.pending, text...)
	switch {
	case c.ended || len(c.pending) >= streamMax:
		c.flushLocked(c.ended)
	case !c.scheduled:
		c.scheduled = true
		time.AfterFunc(streamDelay, c.flush)
	}
}

func (c *cell) flush() {
	c.mu.Lock()
	c.flushLocked(false)
	c.mu.Unlock()
}

// flushLocked publishes the pending stream text. Unless all is set, an
// incomplete UTF-8 sequence at the end stays pending for the next write.
func (c *cell) flushLocked(all bool) {
	c.scheduled = false
	n := len(c.pending)
	if !all {
		n = completeUTF8(c.pending)
	}
	if n == 0 {
		return
	}
	c.k.publish(c.parent, "stream", map[string]string{"name": c.name, "text": string(c.pending[:n])})
	c.pending = append(c.pending[:0], c.pending[n:]...)
}

// completeUTF8 returns the length of b without a trailing incomplete
// UTF-8 sequence.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

// end flushes the stream at the end of the cell. Output that goroutines
// of the cell publish later still goes to this cell, unbatched.
func (c *cell) end() {
	c.mu.Lock()
	c.ended = true
	c.flushLocked(true)
	c.mu.Unlock()
}

// Display implements Frontend.
func (c *cell) Display(data, metadata map[string]any, displayID string, update bool) {
	if c.silent {
		return
	}
	c.flush()
	if data == nil {
		data = map[string]any{}
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	transient := map[string]any{}
	if displayID != "" {
		transient["display_id"] = displayID
	}
	msgType := "display_data"
	if update {
		if displayID == "" {
			c.k.log.Printf("an output update has no display id; showing it as new output")
		} else {
			msgType = "update_display_data"
		}
	}
	c.k.publish(c.parent, msgType, map[string]any{"data": data, "metadata": metadata, "transient": transient})
}

// Comm implements Frontend. Comm messages are sent even for silent
// requests: a widget made by a silent cell still needs its model.
func (c *cell) Comm(msgType string, content, metadata map[string]any, buffers [][]byte) {
	c.flush()
	c.k.publishWithMetadata(c.parent, msgType, content, metadata, buffers)
}

// RequestID implements Frontend.
func (c *cell) RequestID() string { return c.parent.Header.MsgID }

// ClearOutput implements Frontend.
func (c *cell) ClearOutput(wait bool) {
	if c.silent {
		return
	}
	c.flush()
	c.k.publish(c.parent, "clear_output", map[string]bool{"wait": wait})
}

// Input implements Frontend.
func (c *cell) Input(prompt string, password bool) (string, error) {
	if !c.allowStdin {
		return "", errNoStdin
	}
	c.mu.Lock()
	c.flushLocked(true)
	c.mu.Unlock()
	return c.k.requestInput(c.ctx, c.parent, prompt, password)
}
