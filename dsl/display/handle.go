package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Handle is one display output that can be replaced in place: New
// publishes it and Update sends update_display_data for it. A Handle may
// be updated from any goroutine.
type Handle struct {
	id string
}

// New publishes v rendered by type (see Render) as a new display output
// and returns its handle. A nil v publishes an empty placeholder that a
// later Update fills. Rendering errors are shown as the output's text.
func New(v any) *Handle {
	h := &Handle{id: newID()}
	data, md := renderOrError(v)
	publisher().Display(data, md, h.id, false)
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
	publisher().Display(data, metadata, h.id, true)
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
