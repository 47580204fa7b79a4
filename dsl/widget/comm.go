package widget

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

const (
	// Target is the comm target of widget models.
	Target = "jupyter.widget"
	// ControlTarget is the comm target that front ends open to fetch the
	// state of every widget at once (after a page reload, for instance).
	ControlTarget = "jupyter.widget.control"
	// ProtocolVersion is the widget messaging protocol spoken here; it is
	// sent as the metadata of every comm_open.
	ProtocolVersion = "2.1.0"
	// ViewMIME is the MIME type whose value displays a widget.
	ViewMIME = "application/vnd.jupyter.widget-view+json"
	// StateMIME is the key under a notebook's metadata.widgets that holds
	// the saved state of its widgets.
	StateMIME = "application/vnd.jupyter.widget-state+json"

	controlsModule = "@jupyter-widgets/controls"
	baseModule     = "@jupyter-widgets/base"
	moduleVersion  = "2.0.0"
)

// Transport carries comm messages to the front end.
type Transport interface {
	// Comm publishes a "comm_open", "comm_msg" or "comm_close" message
	// with the given content (comm_id, target_name for comm_open, data),
	// message metadata and binary buffers (an Image's bytes; nil for
	// none).
	Comm(msgType string, content, metadata map[string]any, buffers [][]byte)
	// RequestID returns the msg_id of the request being served (a cell's
	// execute_request, or the comm message running a callback): outputs
	// published now carry it as their parent. "" when unknown.
	RequestID() string
}

type transportBox struct{ t Transport }

var transport atomic.Pointer[transportBox]

// SetTransport installs t as the way to the front end and returns the
// transport installed before. A nil t leaves widgets offline: they keep
// their state but send nothing.
func SetTransport(t Transport) (previous Transport) {
	old := transport.Swap(&transportBox{t: t})
	if old == nil {
		return nil
	}
	return old.t
}

// requestID returns the transport's RequestID, or "" offline.
func requestID() string {
	if b := transport.Load(); b != nil && b.t != nil {
		return b.t.RequestID()
	}
	return ""
}

func send(msgType string, content, metadata map[string]any) {
	sendWithBuffers(msgType, content, metadata, nil)
}

func sendWithBuffers(msgType string, content, metadata map[string]any, buffers [][]byte) {
	if b := transport.Load(); b != nil && b.t != nil {
		b.t.Comm(msgType, content, metadata, buffers)
	}
}

// registry holds the open models by comm id, in creation order, and the
// comms the front end opened to the kernel (ControlTarget, VersionTarget).
var registry = struct {
	sync.Mutex
	models map[string]*model
	order  []string
	opened map[string]string // comm id -> target
}{models: map[string]*model{}, opened: map[string]string{}}

func register(m *model) {
	registry.Lock()
	registry.models[m.id] = m
	registry.order = append(registry.order, m.id)
	registry.Unlock()
}

func unregister(id string) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.models, id)
	for i, o := range registry.order {
		if o == id {
			registry.order = append(registry.order[:i], registry.order[i+1:]...)
			break
		}
	}
}

func lookup(id string) *model {
	registry.Lock()
	defer registry.Unlock()
	return registry.models[id]
}

func openModels() []*model {
	registry.Lock()
	defer registry.Unlock()
	ms := make([]*model, 0, len(registry.order))
	for _, id := range registry.order {
		ms = append(ms, registry.models[id])
	}
	return ms
}

// Comms lists the open comms of target (every target when target is
// empty) as comm id -> target name, for a comm_info_reply.
func Comms(target string) map[string]string {
	registry.Lock()
	defer registry.Unlock()
	out := map[string]string{}
	if target == "" || target == Target {
		for id := range registry.models {
			out[id] = Target
		}
	}
	for id, t := range registry.opened {
		if target == "" || target == t {
			out[id] = t
		}
	}
	return out
}

// Receive handles a comm message from the front end: msgType is
// "comm_open", "comm_msg" or "comm_close" and content the message's
// content. It reports whether the message was for a widget comm (a
// comm_open of another target is not, and the caller should close it). The
// error joins what went wrong: a malformed message, a value the widget
// refused, or a callback that panicked; the widgets stay usable.
func Receive(msgType string, content map[string]any) (handled bool, err error) {
	id, _ := content["comm_id"].(string)
	if id == "" {
		return false, fmt.Errorf("widget: %s without a comm_id", msgType)
	}
	data, _ := content["data"].(map[string]any)
	switch msgType {
	case "comm_open":
		switch target, _ := content["target_name"].(string); target {
		case VersionTarget, ControlTarget:
			registry.Lock()
			registry.opened[id] = target
			registry.Unlock()
			if target == VersionTarget {
				openVersionComm(id)
			}
			return true, nil
		case Target:
			// Models created by the front end (ipywidgets' widget_class
			// protocol) are not supported; close the comm.
			return false, fmt.Errorf("widget: the front end tried to create a widget (comm %s); widgets are created by cells", id)
		default:
			return false, nil
		}
	case "comm_msg":
		registry.Lock()
		opened := registry.opened[id]
		registry.Unlock()
		switch opened {
		case ControlTarget:
			return true, answerControl(id, data)
		case VersionTarget:
			return true, versionReply(data)
		}
		m := lookup(id)
		if m == nil {
			return false, fmt.Errorf("widget: message for comm %s, which is not open (was the kernel restarted? run the cell that makes the widget again)", id)
		}
		return true, m.receive(data)
	case "comm_close":
		registry.Lock()
		_, opened := registry.opened[id]
		delete(registry.opened, id)
		registry.Unlock()
		if opened {
			return true, nil
		}
		if m := lookup(id); m != nil {
			m.closeLocal()
			return true, nil
		}
		return false, nil
	}
	return false, fmt.Errorf("widget: unknown comm message type %q", msgType)
}

// answerControl answers a jupyter.widget.control request_states with the
// state of every open widget, each as State has it.
func answerControl(id string, data map[string]any) error {
	if method, _ := data["method"].(string); method != "request_states" {
		return fmt.Errorf("widget: unknown method %q on the control comm", data["method"])
	}
	states := map[string]any{}
	paths := []any{}
	var buffers [][]byte
	for _, m := range openModels() {
		state, keys, bufs := m.split()
		states[m.id] = m.entry(state)
		for _, k := range keys {
			paths = append(paths, []any{m.id, k})
		}
		buffers = append(buffers, bufs...)
	}
	sendWithBuffers("comm_msg", map[string]any{"comm_id": id, "data": map[string]any{
		"method": "update_states", "states": states, "buffer_paths": paths,
	}}, map[string]any{"version": ProtocolVersion}, buffers)
	return nil
}

// State returns the state of every open widget in the form a notebook
// saves under metadata.widgets[StateMIME], so that a notebook written
// without a live front end (`petridish exec`) still shows its widgets.
// It returns nil when no widget is open.
func State() map[string]any {
	ms := openModels()
	if len(ms) == 0 {
		return nil
	}
	state := map[string]any{}
	for _, m := range ms {
		s, keys, bufs := m.split()
		e := m.entry(s)
		if len(keys) > 0 {
			saved := make([]any, len(keys))
			for i, k := range keys {
				saved[i] = map[string]any{"path": []any{k}, "encoding": "base64", "data": base64.StdEncoding.EncodeToString(bufs[i])}
			}
			e["buffers"] = saved
		}
		state[m.id] = e
	}
	return map[string]any{"version_major": 2, "version_minor": 0, "state": state}
}

// CloseAll closes every open widget, as a kernel restart would.
func CloseAll() {
	for _, m := range openModels() {
		m.close()
	}
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("widget: reading a random comm id: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// sortedKeys returns m's keys in order, for deterministic messages.
func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// errClosed is returned when a closed widget is changed.
var errClosed = errors.New("widget: the widget is closed")
