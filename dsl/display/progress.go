package display

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/petridish-go/petridish/petri/progress"
	"github.com/schollz/progressbar/v3"
)

// progressInterval is the least time between two redraws of a notebook
// progress bar; the final state is always drawn.
const progressInterval = 100 * time.Millisecond

// ProgressBar is a live progress bar with rate and ETA. In a notebook it is
// one display output that is updated in place; in a terminal it is drawn
// with github.com/schollz/progressbar. It implements progress.Reporter, so
// it can be handed to any long petri operation. Its methods are safe for
// concurrent use.
type ProgressBar struct {
	mu       sync.Mutex
	label    string
	total    int
	done     int
	status   string
	start    time.Time
	lastDraw time.Time
	finished bool

	pub  Publisher
	id   string                   // notebook display id
	term *progressbar.ProgressBar // terminal bar
	log  io.Writer                // a file or pipe for the terminal bar's lines
}

// logInterval is the least time between two lines of a progress bar
// written to a file or pipe, where a bar cannot be redrawn in place.
const logInterval = 10 * time.Second

var _ progress.Reporter = (*ProgressBar)(nil)

// Progress starts a progress bar for total units of work (total <= 0 when
// unknown) labelled label, publishes it, and returns it. Report progress
// with Progress, Add or Set, and end it with Finish.
func Progress(total int, label string) *ProgressBar {
	p := &ProgressBar{label: label, total: total, start: time.Now(), pub: publisher()}
	if t, ok := p.pub.(Terminal); ok {
		if w := t.Terminal(); IsTerminal(w) {
			p.term = newTerminalBar(w, total, label)
		} else {
			// Redrawing writes \r and escape codes, which a log file
			// keeps: lines instead, now and then, and the last one.
			p.log = w
			p.lastDraw = p.start
		}
		return p
	}
	p.id = newID()
	data := p.bundle(time.Now())
	p.pub.Display(data, nil, p.id, false)
	return p
}

func newTerminalBar(w io.Writer, total int, label string) *progressbar.ProgressBar {
	max := total
	if max <= 0 {
		max = -1
	}
	return progressbar.NewOptions(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(progressInterval),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}

// IsTerminal reports whether w is a terminal, where a progress bar can be
// redrawn in place: an *os.File of a character device, or a writer with a
// method IsTerminal() bool that says so.
func IsTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Progress records that done units out of total are finished, with a
// short status line; it implements progress.Reporter. A total that
// differs from the one given to Progress replaces it. Reaching total
// finishes the bar.
func (p *ProgressBar) Progress(done, total int, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	if total != p.total {
		p.total = total
		if p.term != nil && total > 0 {
			p.term.ChangeMax(total)
		}
	}
	p.done, p.status = done, status
	p.drawLocked(p.total > 0 && done >= p.total)
}

// Add advances the bar by n units.
func (p *ProgressBar) Add(n int) {
	p.mu.Lock()
	d, t, s := p.done+n, p.total, p.status
	p.mu.Unlock()
	p.Progress(d, t, s)
}

// Set moves the bar to done units.
func (p *ProgressBar) Set(done int) {
	p.mu.Lock()
	t, s := p.total, p.status
	p.mu.Unlock()
	p.Progress(done, t, s)
}

// Finish draws the final state of the bar. Later reports are ignored.
// Calling Finish more than once is harmless.
func (p *ProgressBar) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.finished {
		p.drawLocked(true)
	}
}

// drawLocked redraws the bar, at most every progressInterval unless final.
func (p *ProgressBar) drawLocked(final bool) {
	now := time.Now()
	if p.term != nil {
		desc := p.label
		if p.status != "" {
			desc += " " + p.status
		}
		p.term.Describe(desc)
		p.term.Set(p.done)
		if final {
			p.term.Finish()
			p.finished = true
		}
		return
	}
	if p.log != nil {
		if final || now.Sub(p.lastDraw) >= logInterval {
			fmt.Fprintln(p.log, p.textLocked(now))
			p.lastDraw = now
		}
		p.finished = final
		return
	}
	if !final && now.Sub(p.lastDraw) < progressInterval {
		return
	}
	p.lastDraw = now
	p.finished = final
	p.pub.Display(p.bundle(now), nil, p.id, true)
}

// Text returns the bar as one line of text, as shown in text/plain.
func (p *ProgressBar) Text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.textLocked(time.Now())
}

// String returns Text, so that a bar shown as a value (the last
// expression of a cell, or printed) reads as the bar, not its fields.
func (p *ProgressBar) String() string { return p.Text() }

func (p *ProgressBar) bundle(now time.Time) map[string]any {
	txt := p.textLocked(now)
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace">`)
	if p.label != "" {
		fmt.Fprintf(&b, "%s ", html.EscapeString(p.label))
	}
	if p.total > 0 {
		fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width:40ch;vertical-align:middle"></progress> `, min(p.done, p.total), p.total)
	} else {
		b.WriteString(`<progress style="width:40ch;vertical-align:middle"></progress> `)
	}
	fmt.Fprintf(&b, "%s</div>", html.EscapeString(p.statsLocked(now)))
	return map[string]any{MIMEText: txt, MIMEHTML: b.String()}
}

func (p *ProgressBar) textLocked(now time.Time) string {
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label + " ")
	}
	if p.total > 0 {
		const width = 30
		frac := float64(min(p.done, p.total)) / float64(p.total)
		fill := int(frac*width + 0.5)
		fmt.Fprintf(&b, "%3.0f%% |%s%s| ", 100*frac, strings.Repeat("█", fill), strings.Repeat(" ", width-fill))
	}
	b.WriteString(p.statsLocked(now))
	return b.String()
}

// statsLocked formats "done/total [elapsed<eta, rate it/s] status".
func (p *ProgressBar) statsLocked(now time.Time) string {
	elapsed := now.Sub(p.start)
	var b strings.Builder
	if p.total > 0 {
		fmt.Fprintf(&b, "%d/%d", p.done, p.total)
	} else {
		fmt.Fprintf(&b, "%d", p.done)
	}
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(p.done) / s
	}
	fmt.Fprintf(&b, " [%s", fmtDuration(elapsed))
	if p.total > 0 && rate > 0 && p.done < p.total {
		eta := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
		fmt.Fprintf(&b, "<%s", fmtDuration(eta))
	}
	fmt.Fprintf(&b, ", %.3g it/s]", rate)
	if p.status != "" {
		b.WriteString(" " + p.status)
	}
	return b.String()
}

func fmtDuration(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
