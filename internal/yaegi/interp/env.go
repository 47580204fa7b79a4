package interp

import "sync"

// envStore is the environment of a restricted interpreter: what os.Getenv,
// os.Setenv, os.Environ and friends see. petridish: yaegi kept it in a
// bare map, so goroutines that read and set variables at once crashed the
// process (concurrent map read and map write), and os.Environ listed the
// variables in random order; Go lists them in the order of the process's
// environment, a variable set later last.
type envStore struct {
	mu   sync.Mutex
	vals map[string]string
	keys []string // in order of first setting
}

func newEnvStore() *envStore { return &envStore{vals: map[string]string{}} }

func (e *envStore) lookup(key string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.vals[key]
	return v, ok
}

func (e *envStore) get(key string) string {
	v, _ := e.lookup(key)
	return v
}

func (e *envStore) set(key, value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = value
}

func (e *envStore) unset(key string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.vals[key]; !ok {
		return
	}
	delete(e.vals, key)
	for i, k := range e.keys {
		if k == key {
			e.keys = append(e.keys[:i:i], e.keys[i+1:]...)
			break
		}
	}
}

func (e *envStore) clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.vals = map[string]string{}
	e.keys = nil
}

// environ returns the variables as "key=value", in order.
func (e *envStore) environ() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := make([]string, 0, len(e.keys))
	for _, k := range e.keys {
		a = append(a, k+"="+e.vals[k])
	}
	return a
}
