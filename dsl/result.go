package dsl

import (
	"sync"

	"github.com/petridish-go/petridish/dsl/display"
)

// showHelperSrc is interpreted code, declared at session start, that the
// value of a cell's last expression is passed to. It runs in the
// interpreter so that String, Error and MIMEBundle methods of types
// declared in cells are seen, which compiled code cannot call.
const showHelperSrc = `
import __pdfmt "fmt"
import __pddisplay "github.com/petridish-go/petridish/dsl/display"

func __pdShow(v ...any) {
	if len(v) != 1 {
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = __pdfmt.Sprintf("%v", x)
		}
		__pd.Tuple(parts)
		return
	}
	var bundle map[string]any
	if b, ok := v[0].(__pddisplay.Bundler); ok {
		bundle = b.MIMEBundle()
	}
	_, isErr := v[0].(error)
	__pd.Show(v[0], __pdfmt.Sprintf("%v", v[0]), bundle, isErr)
}
`

// resultSlot receives the rendered value of a cell's last expression.
type resultSlot struct {
	mu       sync.Mutex
	data, md map[string]any
	err      error
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

// show renders one value: text is its %v computed in the interpreter,
// bundle its own MIMEBundle (or nil), isErr whether it is an error.
func (r *resultSlot) show(v any, text string, bundle map[string]any, isErr bool) {
	switch {
	case v == nil:
		r.set(nil, nil, nil)
	case bundle != nil:
		data, md, err := display.Render(bundle)
		if _, ok := bundle[display.MIMEText]; !ok && err == nil {
			data[display.MIMEText] = text
		}
		r.set(data, md, err)
	case isErr:
		data, md, err := display.Render(textError(text))
		r.set(data, md, err)
	default:
		data, md, err := display.Render(v)
		if err == nil && len(data) == 1 && data[display.MIMEText] != nil {
			data[display.MIMEText] = text
		}
		r.set(data, md, err)
	}
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
	r.set(map[string]any{display.MIMEText: s + ")"}, nil, nil)
}

type textError string

func (e textError) Error() string { return string(e) }
