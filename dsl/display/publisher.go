package display

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync/atomic"
)

// Publisher receives what the display functions publish. The dsl Session
// implements it on top of the notebook front end; its method set matches
// the corresponding methods of dsl.Output.
type Publisher interface {
	// Display publishes a MIME bundle. With update false it is a new
	// display_data output; with update true it replaces the output that
	// was published earlier with the same displayID (update_display_data).
	// displayID is empty for outputs that are never updated.
	Display(data, metadata map[string]any, displayID string, update bool)
	// ClearOutput clears the current cell's output; with wait true the
	// front end clears it only when the next output arrives.
	ClearOutput(wait bool)
}

// Terminal is implemented by publishers that write to a text terminal
// rather than to a notebook. Progress bars are then drawn as terminal bars
// on the writer Terminal returns instead of as updated display outputs.
type Terminal interface {
	Terminal() io.Writer
}

type publisherBox struct{ p Publisher }

var current atomic.Pointer[publisherBox]

// SetPublisher installs p as the destination of every display function and
// returns the publisher that was installed before, so that callers can
// restore it. A nil p selects terminal output on os.Stdout / os.Stderr.
// It is safe to call concurrently with the display functions.
func SetPublisher(p Publisher) (previous Publisher) {
	old := current.Swap(&publisherBox{p: p})
	if old == nil {
		return nil
	}
	return old.p
}

// publisher returns the installed publisher, or the terminal one.
func publisher() Publisher {
	if b := current.Load(); b != nil && b.p != nil {
		return b.p
	}
	return stdTerminal
}

// TerminalPublisher is the Publisher used when none is installed: it writes
// each bundle's text/plain (or a placeholder naming the richest MIME type)
// to Out and draws progress bars on Err. Nil writers mean os.Stdout and
// os.Stderr as they are at the time of writing. It is exported so that
// command-line front ends can install it explicitly with other writers.
type TerminalPublisher struct {
	Out, Err io.Writer
}

var stdTerminal = &TerminalPublisher{}

func (t *TerminalPublisher) out() io.Writer {
	if t.Out != nil {
		return t.Out
	}
	return os.Stdout
}

// Display prints the text form of data. Updates are printed as new lines,
// since a terminal cannot replace earlier output.
func (t *TerminalPublisher) Display(data, metadata map[string]any, displayID string, update bool) {
	if txt := TextOf(data, metadata); txt != "" {
		if !strings.HasSuffix(txt, "\n") {
			txt += "\n"
		}
		io.WriteString(t.out(), txt)
	}
}

// ClearOutput does nothing: a terminal keeps what it printed.
func (t *TerminalPublisher) ClearOutput(wait bool) {}

// Terminal returns the writer for progress bars.
func (t *TerminalPublisher) Terminal() io.Writer {
	if t.Err != nil {
		return t.Err
	}
	return os.Stderr
}

// TextOf returns the text a terminal shows for a bundle: its text/plain
// entry, or else a placeholder line naming the richest entry, such as
// "[image/png 1152x768]" (the size comes from metadata when known).
func TextOf(data, metadata map[string]any) string {
	if s, ok := data[MIMEText].(string); ok {
		return s
	}
	if len(data) == 0 {
		return ""
	}
	kinds := make([]string, 0, len(data))
	for k := range data {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	k := kinds[0]
	for _, pref := range []string{MIMEPNG, MIMEJPEG, MIMESVG, MIMEHTML, MIMEMarkdown, MIMELaTeX, MIMEJSON} {
		if _, ok := data[pref]; ok {
			k = pref
			break
		}
	}
	if md, ok := metadata[k].(map[string]any); ok {
		if w, h := md["width"], md["height"]; w != nil && h != nil {
			return fmt.Sprintf("[%s %vx%v]", k, w, h)
		}
	}
	return "[" + k + "]"
}
