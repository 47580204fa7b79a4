package dsl

import (
	"sync"

	"github.com/petridish-go/petridish/dsl/display"
)

// showHelperSrc is interpreted code, declared at session start, that the
// value of a cell's last expression is passed to. It runs in the
// interpreter so that String, Error and MIMEBundle methods of types
// declared in cells are seen, which compiled code cannot call. The value
// is first stored in the variable __pdv (passing an expression such as a
// composite literal straight to an interpreted function trips a yaegi
// bug), and its %+v text is formatted where __pdv has its own type, not
// an interface's, so that fmt sees the methods of its elements and fields
// and the names of its unexported fields; shown is __pdv as the display
// API gets it (displayable: wrapped with its methods, a table's columns
// too). Multi-valued calls go to __pdShowN.
const showHelperSrc = `
import __pdfmt "fmt"
import __pddisplay "github.com/petridish-go/petridish/dsl/display"

func __pdShow(v any, text string, shown any) {
	var bundle map[string]any
	b, bundler := v.(__pddisplay.Bundler)
	if bundler {
		bundle = b.MIMEBundle()
	}
	isErr := false
	if e, ok := v.(error); ok {
		isErr = true
		text = e.Error()
	}
	__pd.Show(v, text, bundle, bundler, isErr, shown)
}

func __pdShowN(v ...any) {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = __pdfmt.Sprintf("%+v", x)
	}
	__pd.Tuple(parts)
}
`

// resultSlot receives the rendered value of a cell's last expression.
type resultSlot struct {
	mu       sync.Mutex
	data, md map[string]any
	err      error
	call     bool // the value shown next is that of a call
}

// setCall records whether the value shown next is the result of a call
// (display.Table(x)) rather than, say, a variable.
func (r *resultSlot) setCall(call bool) {
	r.mu.Lock()
	r.call = call
	r.mu.Unlock()
}

func (r *resultSlot) take() (data, md map[string]any, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, md, err = r.data, r.md, r.err
	r.data, r.md, r.err = nil, nil, nil
	return
}

func (r *resultSlot) set(data, md map[string]any, err error) {
	r.mu.Lock()
	r.data, r.md, r.err = data, md, err
	r.mu.Unlock()
}

// show renders one value: text is its %+v (or error message) computed in
// the interpreter, bundle its own MIMEBundle when bundler says it has one
// (a nil bundle shows nothing: the value displayed itself), isErr whether
// it is an error, shown the value as the display API gets it (wrapped
// with the methods of its cell types: a matrix, an image or a table of a
// cell type shows as one). A value of no richer kind shows text, not
// compiled fmt's: text sees the String methods of types declared in cells.
func (r *resultSlot) show(v any, text string, bundle map[string]any, bundler, isErr bool, shown any) {
	_, isHandle := v.(*display.Handle)
	r.mu.Lock()
	call := r.call
	r.mu.Unlock()
	switch {
	case v == nil, bundler && bundle == nil:
		r.set(nil, nil, nil)
	case isHandle:
		// Its output is on the page already: a cell ending in
		// display.New(x) would show x twice.
		r.set(nil, nil, nil)
	case isErr && call && displayedError(v):
		// The error of a display function (display.Table(3)), which it
		// published in place of its output already. Held in a variable
		// and shown later, it shows.
		r.set(nil, nil, nil)
	case bundle != nil:
		// The bundle's own text/plain, or a placeholder naming its
		// richest type: fmt cannot format every interpreted value.
		data, md, err := display.Render(bundle)
		r.set(data, md, err)
	case isErr:
		data, md, err := display.Render(textError(text))
		r.set(data, md, err)
	default:
		data, md, rich, err := display.RenderRich(shown)
		if !rich {
			data = map[string]any{display.MIMEText: display.ClipText(text)}
		}
		r.set(data, md, err)
	}
}

// displayedError reports whether v is an error that a display function
// has published already (see display.Table).
func displayedError(v any) bool {
	d, ok := v.(interface{ Displayed() bool })
	return ok && d.Displayed()
}

// tuple renders the values of a multi-valued call as "(a, b)".
func (r *resultSlot) tuple(parts []string) {
	if len(parts) == 0 {
		r.set(nil, nil, nil)
		return
	}
	s := "("
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		s += p
	}
	r.set(map[string]any{display.MIMEText: display.ClipText(s + ")")}, nil, nil)
}

type textError string

func (e textError) Error() string { return string(e) }
