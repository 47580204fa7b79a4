package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
)

// Handle is one display output that can be replaced in place: New
// publishes it and Update sends update_display_data for it. A Handle may
// be updated from any goroutine, also after the cell that made it has
// finished: like a ProgressBar, it keeps the publisher it was created
// with, so its updates reach the output it made rather than whatever
// destination is installed at the time of the update.
//
// A Handle shown as a value (a cell's last expression, Show, fmt's %v)
// shows what its output shows now.
type Handle struct {
	id  string
	pub Publisher

	mu       sync.Mutex
	data, md map[string]any // the output's current bundle
}

// New publishes v rendered by type (see Render) as a new display output
// and returns its handle. A nil v publishes an empty placeholder that a
// later Update fills. Rendering errors are shown as the output's text.
func New(v any) *Handle {
	h := &Handle{id: newID(), pub: publisher()}
	data, md := renderOrError(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.data, h.md = data, md
	h.pub.Display(data, md, h.id, false)
	return h
}

// ID returns the display_id that identifies the output in the notebook.
func (h *Handle) ID() string { return h.id }

// Update replaces the handle's output with v rendered by type. It returns
// Render's error, if any, and then leaves the output as it was.
func (h *Handle) Update(v any) error {
	data, md, err := Render(v)
	if err != nil {
		return err
	}
	h.UpdateMIME(data, md)
	return nil
}

// UpdateMIME replaces the handle's output with a MIME bundle and its
// metadata (which may be nil).
func (h *Handle) UpdateMIME(data, metadata map[string]any) {
	if data == nil {
		data = map[string]any{MIMEText: ""}
	}
	// Holding the lock while publishing keeps concurrent updates in the
	// order of the content the handle reports.
	h.mu.Lock()
	defer h.mu.Unlock()
	h.data, h.md = data, metadata
	h.pub.Display(data, metadata, h.id, true)
}

// String returns the text form of the output's current content (its
// text/plain, or a placeholder naming its richest MIME type).
func (h *Handle) String() string {
	if h == nil {
		return "<nil>"
	}
	data, md := h.current()
	return TextOf(data, md)
}

// current returns the output's current bundle and metadata.
func (h *Handle) current() (data, md map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.data, h.md
}

// bundle is what Render makes of the handle: its current bundle, or
// nothing while it is an empty placeholder.
func (h *Handle) bundle() (data, md map[string]any) {
	data, md = h.current()
	if len(data) == 0 || (len(data) == 1 && data[MIMEText] == "") {
		return nil, nil
	}
	return withText(data, h), md
}

func renderOrError(v any) (data, md map[string]any) {
	data, md, err := Render(v)
	if err != nil {
		return map[string]any{MIMEText: err.Error()}, nil
	}
	if data == nil {
		data = map[string]any{MIMEText: ""}
	}
	return data, md
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("display: reading random display id: %v", err))
	}
	return hex.EncodeToString(b[:])
}
