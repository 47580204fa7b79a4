package notebook

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/petridish-go/petridish/dsl/display"
)

// displays maps display ids to the outputs published under them, across
// all cells, for update_display_data.
type displays struct {
	mu   sync.Mutex
	byID map[string][]map[string]any
}

// cellOutput records what one running cell publishes as nbformat outputs;
// it implements dsl.Output. Streams are also echoed to the terminal.
type cellOutput struct {
	mu           sync.Mutex
	outputs      []map[string]any
	pendingClear bool
	shared       *displays
	echoOut      io.Writer
	echoErr      io.Writer
	echoMu       sync.Mutex
	liveLine     bool      // the terminal's last line shows a live display
	liveText     string    // on a file or pipe: the live display's line not yet written
	liveWritten  time.Time // when a live display's line was last written there
}

// add appends an output, first applying a pending clear_output(wait=True).
func (o *cellOutput) addLocked(out map[string]any) {
	if o.pendingClear {
		o.outputs = nil
		o.pendingClear = false
	}
	o.outputs = append(o.outputs, out)
}

// Stream appends text to the cell's stream, merging it with the previous
// output when that is the same stream, as Jupyter does.
func (o *cellOutput) Stream(name, text string) {
	if w := o.echo(name); w != nil {
		o.echoMu.Lock()
		o.endLiveLineLocked()
		io.WriteString(w, text)
		o.echoMu.Unlock()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if n := len(o.outputs); n > 0 && !o.pendingClear {
		last := o.outputs[n-1]
		if last["output_type"] == "stream" && last["name"] == name {
			last["text"] = last["text"].(string) + text
			return
		}
	}
	o.addLocked(map[string]any{"output_type": "stream", "name": name, "text": text})
}

func (o *cellOutput) echo(name string) io.Writer {
	if name == "stderr" {
		return o.echoErr
	}
	return o.echoOut
}

// Display adds display_data, or with update replaces the data of every
// output published earlier under displayID.
func (o *cellOutput) Display(data, metadata map[string]any, displayID string, update bool) {
	o.echoLive(data, displayID)
	if metadata == nil {
		metadata = map[string]any{}
	}
	if update {
		o.shared.mu.Lock()
		defer o.shared.mu.Unlock()
		for _, out := range o.shared.byID[displayID] {
			out["data"], out["metadata"] = data, metadata
		}
		return
	}
	out := map[string]any{"output_type": "display_data", "data": data, "metadata": metadata}
	o.mu.Lock()
	o.addLocked(out)
	o.mu.Unlock()
	if displayID != "" {
		o.shared.mu.Lock()
		o.shared.byID[displayID] = append(o.shared.byID[displayID], out)
		o.shared.mu.Unlock()
	}
}

// echoLive shows an updatable display, such as a progress bar, on the
// terminal as one line that each update redraws.
func (o *cellOutput) echoLive(data map[string]any, displayID string) {
	txt, ok := data["text/plain"].(string)
	if o.echoErr == nil || displayID == "" || !ok {
		return
	}
	line, _, _ := strings.Cut(txt, "\n")
	o.echoMu.Lock()
	defer o.echoMu.Unlock()
	if !display.IsTerminal(o.echoErr) {
		// A log file keeps every redraw's \r and escape codes: a line
		// every liveInterval, and the last one when the display ends.
		o.liveText = line
		if now := time.Now(); now.Sub(o.liveWritten) >= liveInterval {
			fmt.Fprintln(o.echoErr, line)
			o.liveWritten, o.liveText = now, ""
		}
		return
	}
	fmt.Fprintf(o.echoErr, "\r%s\x1b[K", line)
	o.liveLine = true
}

// liveInterval is the least time between two lines of a live display
// echoed to a file or pipe.
const liveInterval = 10 * time.Second

// endLiveLineLocked ends the live line before other terminal output, or
// writes a live display's last line to a file or pipe.
func (o *cellOutput) endLiveLineLocked() {
	if o.liveLine && o.echoErr != nil {
		io.WriteString(o.echoErr, "\n")
	}
	if o.liveText != "" && o.echoErr != nil {
		fmt.Fprintln(o.echoErr, o.liveText)
	}
	o.liveLine, o.liveText = false, ""
}

// ClearOutput clears the cell's outputs now, or with wait when the next
// output arrives.
func (o *cellOutput) ClearOutput(wait bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if wait {
		o.pendingClear = true
		return
	}
	o.outputs = nil
}

// Input fails: a notebook executed headless has nobody to ask.
func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	return "", fmt.Errorf("the cell asked for input (%q), but petridish exec runs without a user: give the value in the notebook instead", prompt)
}

// finish returns the outputs recorded so far. They stay shared with the
// display registry, so that later updates reach them; normalize them
// once everything has run.
func (o *cellOutput) finish() []map[string]any {
	o.echoMu.Lock()
	o.endLiveLineLocked()
	o.echoMu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]map[string]any(nil), o.outputs...)
}

// normalize copies an output, splitting its text into lines.
func normalize(out map[string]any) map[string]any {
	c := make(map[string]any, len(out))
	for k, v := range out {
		c[k] = v
	}
	if t, ok := c["text"].(string); ok {
		c["text"] = splitLines(t)
	}
	if d, ok := c["data"].(map[string]any); ok {
		nd := make(map[string]any, len(d))
		for mime, v := range d {
			if s, ok := v.(string); ok && textual(mime) {
				nd[mime] = splitLines(s)
			} else {
				nd[mime] = v
			}
		}
		c["data"] = nd
	}
	return c
}

// textual reports whether a MIME type's content is text that nbformat
// stores as a list of lines (not JSON, not base64).
func textual(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "image/svg+xml"
}
