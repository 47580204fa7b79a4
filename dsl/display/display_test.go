package display

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// capture is a Publisher that records what it receives.
type capture struct {
	mu     sync.Mutex
	events []event
	clears []bool
}

type event struct {
	data, md map[string]any
	id       string
	update   bool
}

func (c *capture) Display(data, md map[string]any, id string, update bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, event{data, md, id, update})
}

func (c *capture) ClearOutput(wait bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clears = append(c.clears, wait)
}

func install(t *testing.T) *capture {
	t.Helper()
	c := &capture{}
	prev := SetPublisher(c)
	t.Cleanup(func() { SetPublisher(prev) })
	return c
}

func TestTextFunctions(t *testing.T) {
	c := install(t)
	HTML("<b>x</b>")
	Markdown("# T")
	LaTeX("$x^2$")
	Text("plain")
	SVG("<svg/>")
	want := []string{MIMEHTML, MIMEMarkdown, MIMELaTeX, MIMEText, MIMESVG}
	if len(c.events) != len(want) {
		t.Fatalf("got %d displays, want %d", len(c.events), len(want))
	}
	for i, k := range want {
		if _, ok := c.events[i].data[k]; !ok {
			t.Errorf("display %d: missing %s in %v", i, k, c.events[i].data)
		}
		if c.events[i].update || c.events[i].id != "" {
			t.Errorf("display %d is an update or has an id", i)
		}
	}
}

func TestJSON(t *testing.T) {
	c := install(t)
	if err := JSON(map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	got := c.events[0].data[MIMEJSON].(map[string]any)
	if got["a"] != 1.0 {
		t.Errorf("application/json = %v", got)
	}
	if err := JSON(func() {}); err == nil || !strings.Contains(err.Error(), "cannot encode func()") {
		t.Errorf("JSON(func) error = %v", err)
	}
}

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	return img
}

func TestImage(t *testing.T) {
	c := install(t)
	if err := Image(testImage()); err != nil {
		t.Fatal(err)
	}
	e := c.events[0]
	raw, err := base64.StdEncoding.DecodeString(e.data[MIMEPNG].(string))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := img.At(1, 1).RGBA(); r != 0xffff {
		t.Errorf("pixel (1,1) red = %x, want ffff", r)
	}
	if md := e.md[MIMEPNG].(map[string]any); md["width"] != 3 || md["height"] != 2 {
		t.Errorf("metadata = %v, want 3x2", md)
	}
	PNG(raw)
	if c.events[1].data[MIMEPNG] != e.data[MIMEPNG] {
		t.Error("PNG(bytes) published different data than Image")
	}
}

func TestPlotIsRetinaPNGWithSVG(t *testing.T) {
	p := plot.New()
	pts := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}
	l, err := plotter.NewLine(pts)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	data, md, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(data[MIMEPNG].(string))
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	logical := md[MIMEPNG].(map[string]any)
	if cfg.Width != 2*logical["width"].(int) || cfg.Height != 2*logical["height"].(int) {
		t.Errorf("PNG %dx%d, logical %v: want twice the logical size", cfg.Width, cfg.Height, logical)
	}
	if !strings.Contains(data[MIMESVG].(string), "<svg") {
		t.Error("no SVG alternative")
	}
	if err := Plot(nil); err == nil {
		t.Error("Plot(nil) did not fail")
	}
}

// TestPlotSize: PlotSize publishes the plot at the size asked for (PNG at
// PlotScale times it, metadata the logical size, with an SVG of that
// size), and publishes and returns the error for a size that is not
// positive.
func TestPlotSize(t *testing.T) {
	c := install(t)
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	if err := PlotSize(p, 8*vg.Inch, 3*vg.Inch); err != nil {
		t.Fatal(err)
	}
	if len(c.events) != 1 {
		t.Fatalf("%d displays, want 1", len(c.events))
	}
	e := c.events[0]
	if md := e.md[MIMEPNG].(map[string]any); md["width"] != 768 || md["height"] != 288 {
		t.Errorf("metadata %v, want 768x288", md)
	}
	raw, _ := base64.StdEncoding.DecodeString(e.data[MIMEPNG].(string))
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width != 768*PlotScale || cfg.Height != 288*PlotScale {
		t.Errorf("PNG %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, 768*PlotScale, 288*PlotScale)
	}
	if svg := e.data[MIMESVG].(string); !strings.Contains(svg, `width="576pt"`) || !strings.Contains(svg, `height="216pt"`) {
		t.Errorf("SVG is not 576x216 pt: %.200s", svg)
	}
	if err := PlotSize(p, 0, 3*vg.Inch); err == nil || !strings.Contains(err.Error(), "must be positive") {
		t.Errorf("PlotSize with width 0: %v", err)
	}
	if len(c.events) != 2 {
		t.Errorf("%d displays after a bad size, want the error published too", len(c.events))
	}
}

type row struct {
	Name  string
	Score float64
	note  string
}

type bundled struct{}

func (bundled) MIMEBundle() map[string]any { return map[string]any{MIMEHTML: "<i>b</i>"} }

func TestRender(t *testing.T) {
	cases := []struct {
		v    any
		key  string
		want string
	}{
		{42, MIMEText, "42"},
		{errors.New("boom"), MIMEHTML, "boom"},
		{bundled{}, MIMEHTML, "<i>b</i>"},
		{bundled{}, MIMEText, "[text/html]"},
		{[]row{{"a", 1, "x"}, {"b", 2.5, "y"}}, MIMEHTML, "<th>Name</th><th>Score</th></tr>"},
		{[]*row{{"a", 1, ""}}, MIMEText, "Name  Score\n----  -----\na     1"},
		{[]int{1, 2}, MIMEText, "[1 2]"},
		{3.5, MIMEText, "3.5"},
		{row{"a", 1, "x"}, MIMEText, "{Name:a Score:1 note:x}"},
		{&row{"a", 1, "x"}, MIMEText, "&{Name:a Score:1 note:x}"},
		{mat.NewDense(2, 2, []float64{1, 2, 3, 4}), MIMEText, "⎡1  2⎤\n⎣3  4⎦"},
		{mat.NewDense(30, 30, nil), MIMEText, "Dims(30, 30)"},
		{[]row{{strings.Repeat("n", 100), 1, ""}}, MIMEText, strings.Repeat("n", maxCell-1) + "…  1"},
		{map[string]any{MIMEMarkdown: "*m*"}, MIMEMarkdown, "*m*"},
		{map[string]any{MIMEHTML: "<b>h</b>", "application/vnd.custom+json": 1}, MIMEHTML, "<b>h</b>"},
		// Maps whose keys are not all MIME types are data.
		{map[string]any{"loss": 0.5, "runs": 2}, MIMEText, "map[loss:0.5 runs:2]"},
		{map[string]any{MIMEHTML: "<b>h</b>", "note": "x"}, MIMEText, "map[note:x text/html:<b>h</b>]"},
		{map[string]any{"a/b/c": 1}, MIMEText, "map[a/b/c:1]"},
		{map[string]any{}, MIMEText, "map[]"},
	}
	for _, c := range cases {
		data, _, err := Render(c.v)
		if err != nil {
			t.Errorf("Render(%T): %v", c.v, err)
			continue
		}
		got, _ := data[c.key].(string)
		if !strings.Contains(got, c.want) {
			t.Errorf("Render(%T)[%s] = %q, want it to contain %q", c.v, c.key, got, c.want)
		}
	}
	long := make([]float64, 10000)
	data, _, _ := Render(long)
	if txt := data[MIMEText].(string); len(txt) > MaxText+100 || !strings.HasSuffix(txt, "… (1 more bytes not shown; print it with fmt to see all)") {
		t.Errorf("Render of %d zeros: %d bytes ending %q; want it cut at %d bytes, saying by how much", len(long), len(txt), txt[max(0, len(txt)-80):], MaxText)
	}
	if data, _, _ := Render(nil); data != nil {
		t.Errorf("Render(nil) = %v, want nil", data)
	}
	if data, _, _ := Render([]row{{"a", 1, "hidden"}}); strings.Contains(data[MIMEHTML].(string), "hidden") {
		t.Error("unexported field shown in table")
	}
}

func TestTableMapsAndErrors(t *testing.T) {
	b, err := TableBundle([]map[string]int{{"b": 2, "a": 1}, {"c": 3}})
	if err != nil {
		t.Fatal(err)
	}
	if txt := b[MIMEText].(string); !strings.HasPrefix(txt, "a  b  c\n") {
		t.Errorf("text table = %q", txt)
	}
	if err := Table(3); err == nil || !strings.Contains(err.Error(), "want a slice of structs") {
		t.Errorf("Table(3) error = %v", err)
	}
	rows := make([]row, maxTableRows+5)
	b, _ = TableBundle(rows)
	if !strings.Contains(b[MIMEText].(string), "… 5 more rows") {
		t.Error("long table not truncated")
	}
}

func TestHandleUpdatesInPlace(t *testing.T) {
	c := install(t)
	h := New("first")
	if err := h.Update("second"); err != nil {
		t.Fatal(err)
	}
	Clear(true)
	if len(c.events) != 2 || c.events[0].update || !c.events[1].update {
		t.Fatalf("events = %+v", c.events)
	}
	if c.events[0].id == "" || c.events[0].id != c.events[1].id || c.events[1].id != h.ID() {
		t.Errorf("ids %q %q, handle %q", c.events[0].id, c.events[1].id, h.ID())
	}
	if c.events[1].data[MIMEText] != "second" {
		t.Errorf("update data = %v", c.events[1].data)
	}
	if len(c.clears) != 1 || !c.clears[0] {
		t.Errorf("clears = %v", c.clears)
	}
}

// TestHandleKeepsItsPublisher: a handle updated after the cell that made
// it ended (from a goroutine the cell started) still updates its output
// in that cell, as a progress bar does, rather than going to whatever
// publisher is installed then (the terminal between cells).
func TestHandleKeepsItsPublisher(t *testing.T) {
	c := install(t)
	h := New("step 0")
	var later bytes.Buffer
	prev := SetPublisher(&TerminalPublisher{Out: &later, Err: &later})
	defer SetPublisher(prev)
	if err := h.Update("step 1"); err != nil {
		t.Fatal(err)
	}
	h.UpdateMIME(map[string]any{MIMEHTML: "<b>step 2</b>"}, nil)
	if later.Len() != 0 {
		t.Errorf("updates went to the publisher installed later: %q", later.String())
	}
	if len(c.events) != 3 || !c.events[1].update || !c.events[2].update || c.events[2].id != h.ID() {
		t.Fatalf("events = %+v; want the display and two updates of it", c.events)
	}
}

// TestHandleAsValue: a handle shown as a value (a cell's last expression)
// shows what its output shows now, not the struct's fields.
func TestHandleAsValue(t *testing.T) {
	install(t)
	h := New("step 0")
	if got := fmt.Sprint(h); got != "step 0" {
		t.Errorf("handle prints as %q; want its content", got)
	}
	h.Update("step 3")
	data, _, err := Render(h)
	if err != nil || data[MIMEText] != "step 3" {
		t.Errorf("Render(handle) = %v, %v; want its current content", data, err)
	}
	h.UpdateMIME(map[string]any{MIMEHTML: "<b>x</b>", MIMEText: "x"}, nil)
	data, _, _ = Render(h)
	if data[MIMEHTML] != "<b>x</b>" || data[MIMEText] != "x" {
		t.Errorf("Render(handle) = %v; want its current bundle", data)
	}
	if e := New(nil); fmt.Sprint(e) != "" {
		t.Errorf("an empty handle prints as %q", fmt.Sprint(e))
	}
}

func TestProgressNotebook(t *testing.T) {
	c := install(t)
	p := Progress(100, "train")
	for i := 1; i <= 100; i++ {
		p.Progress(i, 100, "loss=0.1")
	}
	p.Finish()
	p.Progress(5, 100, "ignored after finish")
	if len(c.events) < 2 {
		t.Fatalf("%d events, want the display and at least the final update", len(c.events))
	}
	if len(c.events) > 10 {
		t.Errorf("%d events for 100 quick reports: updates are not throttled", len(c.events))
	}
	id := c.events[0].id
	for i, e := range c.events {
		if e.id != id || (i > 0) != e.update {
			t.Fatalf("event %d: id %q update %v; want one display updated in place", i, e.id, e.update)
		}
	}
	last := c.events[len(c.events)-1].data
	if txt := last[MIMEText].(string); !strings.Contains(txt, "100/100") || !strings.Contains(txt, "train") || !strings.Contains(txt, "it/s") {
		t.Errorf("final text %q lacks count, label or rate", txt)
	}
	if !strings.Contains(last[MIMEHTML].(string), `<progress value="100" max="100"`) {
		t.Errorf("final html %q", last[MIMEHTML])
	}
	if data, _, _ := Render(p); !strings.HasPrefix(data[MIMEText].(string), "train 100% |") {
		t.Errorf("a bar rendered as a value shows %q; want the bar's text", data[MIMEText])
	}
}

func TestProgressTerminal(t *testing.T) {
	var out, bar bytes.Buffer
	prev := SetPublisher(&TerminalPublisher{Out: &out, Err: &bar})
	defer SetPublisher(prev)
	p := Progress(4, "steps")
	for i := 0; i < 4; i++ {
		p.Add(1)
	}
	if !strings.Contains(bar.String(), "steps") || !strings.Contains(bar.String(), "4/4") {
		t.Errorf("terminal bar output %q", bar.String())
	}
	// Err is not a terminal (a log file, a pipe): lines, without the
	// carriage returns and escape codes that redraw a bar, and within
	// logInterval only the last one.
	if strings.ContainsAny(bar.String(), "\r\x1b") || strings.Count(bar.String(), "\n") != 1 {
		t.Errorf("progress written to a file: %q; want one plain line", bar.String())
	}
	Image(testImage())
	HTML("<b>only html</b>")
	if got := out.String(); got != "[image 3x2]\n<b>only html</b>\n" {
		t.Errorf("terminal text %q", got)
	}
}

func TestTextOfPlaceholder(t *testing.T) {
	got := TextOf(map[string]any{MIMEPNG: "x"}, map[string]any{MIMEPNG: map[string]any{"width": 4, "height": 3}})
	if got != "[image/png 4x3]" {
		t.Errorf("TextOf = %q", got)
	}
}

// selfShown is a Bundler that displayed itself another way.
type selfShown struct{}

func (selfShown) MIMEBundle() map[string]any { return nil }

func TestNilBundleShowsNothing(t *testing.T) {
	data, md, err := Render(selfShown{})
	if data != nil || md != nil || err != nil {
		t.Errorf("Render of a nil bundle = %v, %v, %v; want nothing", data, md, err)
	}
}
