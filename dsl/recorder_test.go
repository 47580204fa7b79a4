package dsl

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// recorder is an Output that keeps everything a cell published.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []recorded
	clears   int
	inputs   []string
}

type recorded struct {
	data, md map[string]any
	id       string
	update   bool
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.stdout.WriteString(text)
	} else {
		r.stderr.WriteString(text)
	}
}

func (r *recorder) Display(data, md map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, recorded{data, md, id, update})
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.inputs) == 0 {
		return "", fmt.Errorf("no more input")
	}
	s := r.inputs[0]
	r.inputs = r.inputs[1:]
	return s, nil
}

func (r *recorder) out() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String()
}

func (r *recorder) errText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// waitErrText waits up to 10 s for r's stderr to hold each of want, and
// returns it: a goroutine's report (its panic, its os.Exit) is written
// when it ends, after its deferred calls ran, so maybe after the cell
// that waited for one of those returned, to the cell's output.
func (r *recorder) waitErrText(want ...string) string {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		text, all := r.errText(), true
		for _, w := range want {
			all = all && strings.Contains(text, w)
		}
		if all {
			return text
		}
	}
	return r.errText()
}
