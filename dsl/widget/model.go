package widget

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
)

// model is the kernel's half of one widget: its state, synchronised with
// the front end over the comm of the same id.
type model struct {
	id   string
	kind string // "FloatSlider", for text and errors

	// coerce checks a new value for key, from either side, and returns it
	// in the form the state keeps (clamped, rounded, typed). Nil accepts
	// every value as it is.
	coerce func(m *model, key string, v any) (any, error)

	mu        sync.Mutex
	state     map[string]any
	observers map[string][]func()
	clicks    []func()
	closed    bool
}

// newModel opens a widget model with this state on the front end. state
// must hold the _model_* and _view_* keys.
func newModel(kind string, state map[string]any, coerce func(*model, string, any) (any, error)) *model {
	m := &model{id: newID(), kind: kind, coerce: coerce, state: state, observers: map[string][]func(){}}
	register(m)
	if legacy.Load() {
		send("comm_open", map[string]any{"comm_id": m.id, "target_name": Target, "data": legacyBytes(m.snapshot())}, nil)
		return m
	}
	s, keys, buffers := m.split()
	sendWithBuffers("comm_open", map[string]any{
		"comm_id": m.id, "target_name": Target,
		"data": map[string]any{"state": s, "buffer_paths": bufferPaths(keys)},
	}, map[string]any{"version": ProtocolVersion}, buffers)
	return m
}

// ref is how other models' state refers to m.
func (m *model) ref() string { return refTo(m.id) }

// refTo is how a model's state refers to the model of id.
func refTo(id string) string { return "IPY_MODEL_" + id }

func (m *model) snapshot() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := make(map[string]any, len(m.state))
	for k, v := range m.state {
		s[k] = v
	}
	return s
}

// split returns the model's state without its binary values, and those
// values' keys and bytes, in key order: JSON carries the state, buffers
// the bytes.
func (m *model) split() (state map[string]any, keys []string, buffers [][]byte) {
	return splitBuffers(m.snapshot())
}

// splitBuffers moves the []byte values of state out into buffers.
func splitBuffers(state map[string]any) (map[string]any, []string, [][]byte) {
	var keys []string
	var buffers [][]byte
	for _, k := range sortedKeys(state) {
		if b, ok := state[k].([]byte); ok {
			keys = append(keys, k)
			buffers = append(buffers, b)
			delete(state, k)
		}
	}
	return state, keys, buffers
}

// entry is the model as saved notebooks and the control comm carry it:
// its name, module and version beside its state s.
func (m *model) entry(s map[string]any) map[string]any {
	return map[string]any{
		"model_name":           s["_model_name"],
		"model_module":         s["_model_module"],
		"model_module_version": s["_model_module_version"],
		"state":                s,
	}
}

func (m *model) get(key string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[key]
}

// sendState sends state to the front end in a message of method kind
// ("update", "echo_update"), its binary values as buffers.
func (m *model) sendState(kind string, state map[string]any) {
	copied := make(map[string]any, len(state))
	for k, v := range state {
		copied[k] = v
	}
	if legacy.Load() {
		send("comm_msg", map[string]any{"comm_id": m.id, "data": map[string]any{"method": kind, "state": legacyBytes(copied)}}, nil)
		return
	}
	s, keys, buffers := splitBuffers(copied)
	data := map[string]any{"method": kind, "state": s, "buffer_paths": bufferPaths(keys)}
	sendWithBuffers("comm_msg", map[string]any{"comm_id": m.id, "data": data}, map[string]any{"version": ProtocolVersion}, buffers)
}

// bufferPaths turns top-level keys into protocol 2 buffer paths.
func bufferPaths(keys []string) []any {
	paths := make([]any, len(keys))
	for i, k := range keys {
		paths[i] = []any{k}
	}
	return paths
}

// set changes key from the kernel's side: the front end is told, and the
// observers of key run on this goroutine (a panic in one reaches the
// caller, as in any Go call).
func (m *model) set(key string, v any) error {
	if m.coerce != nil {
		var err error
		if v, err = m.coerce(m, key, v); err != nil {
			return fmt.Errorf("%s %s: %w", m.kind, key, err)
		}
	}
	changed, err := m.store(key, v)
	if !changed {
		return err
	}
	m.sendState("update", map[string]any{key: v})
	for _, f := range m.observersOf(key) {
		f()
	}
	return nil
}

// store puts v under key and reports whether that changed the state.
func (m *model) store(key string, v any) (changed bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false, errClosed
	}
	old, had := m.state[key]
	m.state[key] = v
	return !had || !reflect.DeepEqual(old, v), nil
}

// observersOf returns key's observers, to run without the lock held.
func (m *model) observersOf(key string) []func() {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]func(){}, m.observers[key]...)
}

// observe runs f after every change of key, from either side.
func (m *model) observe(key string, f func()) {
	m.mu.Lock()
	m.observers[key] = append(m.observers[key], f)
	m.mu.Unlock()
}

func (m *model) onClick(f func()) {
	m.mu.Lock()
	m.clicks = append(m.clicks, f)
	m.mu.Unlock()
}

// receive handles one comm_msg from the front end.
func (m *model) receive(data map[string]any) error {
	switch method, _ := data["method"].(string); method {
	case "update":
		state, ok := data["state"].(map[string]any)
		if !ok {
			return fmt.Errorf("widget %s: update without a state object", m.id)
		}
		return m.receiveUpdate(state)
	case "backbone": // protocol 1
		state, ok := data["sync_data"].(map[string]any)
		if !ok {
			return fmt.Errorf("widget %s: backbone message without sync_data", m.id)
		}
		return m.receiveUpdate(state)
	case "request_state":
		m.sendState("update", m.snapshot())
		return nil
	case "custom":
		content, _ := data["content"].(map[string]any)
		if event, _ := content["event"].(string); event == "click" {
			m.mu.Lock()
			clicks := append([]func(){}, m.clicks...)
			m.mu.Unlock()
			var errs []error
			for _, f := range clicks {
				errs = append(errs, m.call("click", f))
			}
			return errors.Join(errs...)
		}
		return nil
	default:
		return fmt.Errorf("widget %s: unknown method %q", m.id, data["method"])
	}
}

// receiveUpdate applies a state change made in the browser: it echoes the
// change (protocol 2.1, so the front end knows the kernel saw it), stores
// each value as coerce returns it, sends back any value it corrected, and
// runs the observers of the keys that changed.
func (m *model) receiveUpdate(state map[string]any) error {
	if !legacy.Load() {
		m.sendState("echo_update", state)
	}
	var errs []error
	var changed []string
	for _, k := range sortedKeys(state) {
		v := state[k]
		cv := v
		if m.coerce != nil {
			var err error
			if cv, err = m.coerce(m, k, v); err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w; kept %v", m.kind, k, err, m.get(k)))
				m.sendState("update", map[string]any{k: m.get(k)})
				continue
			}
		}
		ch, err := m.store(k, cv)
		if err != nil {
			return err
		}
		if !sameValue(cv, v) {
			m.sendState("update", map[string]any{k: cv})
		}
		if ch {
			changed = append(changed, k)
		}
	}
	for _, k := range changed {
		for _, f := range m.observersOf(k) {
			errs = append(errs, m.call(k, f))
		}
	}
	return errors.Join(errs...)
}

// sameValue reports whether a and b are the same JSON value: numbers are
// compared by value, so 7 and 7.0 are the same.
func sameValue(a, b any) bool {
	fa, errA := toFloat(a)
	fb, errB := toFloat(b)
	if errA == nil && errB == nil {
		return fa == fb
	}
	return reflect.DeepEqual(a, b)
}

// call runs a callback for a change made in the browser, turning a panic
// into an error: there is no cell to fail.
func (m *model) call(what string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s %q: the %s callback panicked: %v", m.kind, m.get("description"), what, r)
		}
	}()
	f()
	return nil
}

// close closes the comm on both sides.
func (m *model) close() {
	if m.closeLocal() {
		send("comm_close", map[string]any{"comm_id": m.id, "data": map[string]any{}}, nil)
	}
}

// closeLocal forgets the model; it reports whether it was open.
func (m *model) closeLocal() bool {
	m.mu.Lock()
	was := !m.closed
	m.closed = true
	m.mu.Unlock()
	unregister(m.id)
	return was
}
