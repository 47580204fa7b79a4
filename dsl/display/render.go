package display

import (
	"fmt"
	"html"
	"image"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// Render turns v into the MIME bundle that shows it, choosing by type:
//
//   - nil: no bundle (data is nil), like IPython's None;
//   - a Bundler: its own bundle, plus a text/plain fallback;
//   - a *Handle: its output's current content (nothing while empty);
//   - a map[string]any whose keys are all MIME types ("text/html",
//     "image/png", ...): taken to be a MIME bundle already;
//   - *plot.Plot: PNG with an SVG alternative (see Plot);
//   - image.Image: PNG;
//   - error: its message as text, and in red as HTML;
//   - a gonum matrix (mat.Matrix): its rows, aligned, as text (an excerpt
//     of the corners when it has more than 20 rows or columns);
//   - a non-empty slice or array of structs: a table (see Table);
//   - anything else: text/plain with fmt's %+v, so structs show their field
//     names (a type with a String method shows that).
//
// Values of types declared in cells that reach compiled code inside an
// interface (an any, a []any, a map of interfaces) come wrapped by the
// interpreter; they are unwrapped first, so they show their fields. A
// cell that calls Render, Show, New, Update or Table gives them its value
// wrapped with the methods above (a Stringer's String, an error's Error,
// ...), and a slice of a cell struct type as a []any of copies whose
// fields have their methods and names; Render shows the slice as the
// table of the cell type.
//
// Text longer than MaxText bytes is cut there, with a line saying how much
// was left out, so that showing a huge value cannot flood the front end.
//
// Show, New and Update publish what Render returns, and the dsl Session
// uses it for the value of a cell's last expression.
func Render(v any) (data, metadata map[string]any, err error) {
	v, _ = interpvalue.Unwrap(v)
	if data, metadata, ok, err := renderRich(v); ok {
		return data, metadata, err
	}
	return map[string]any{MIMEText: valueText(v)}, nil, nil
}

// RenderRich renders v as Render does when v is of a kind with a richer
// form than its %+v text (nil included, which renders as nothing), and
// reports whether it is.
func RenderRich(v any) (data, metadata map[string]any, ok bool, err error) {
	v, _ = interpvalue.Unwrap(v)
	return renderRich(v)
}

// renderRich is RenderRich of a v already unwrapped.
func renderRich(v any) (data, metadata map[string]any, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, nil, true, nil
	case *Handle:
		if x == nil {
			return nil, nil, false, nil
		}
		data, metadata = x.bundle()
		return data, metadata, true, nil
	case Bundler:
		b := x.MIMEBundle()
		if b == nil {
			return nil, nil, true, nil
		}
		return withText(b, v), nil, true, nil
	case map[string]any:
		if isBundle(x) {
			return withText(x, v), nil, true, nil
		}
	case *plot.Plot:
		data, metadata, err = PlotBundle(x, PlotWidth, PlotHeight)
		return data, metadata, true, err
	case image.Image:
		data, metadata, err = ImageBundle(x)
		return data, metadata, true, err
	case error:
		return errorBundle(x), nil, true, nil
	case mat.Matrix:
		return map[string]any{MIMEText: matrixText(x)}, nil, true, nil
	}
	if rows, ok := interpvalue.Rows(v); ok {
		v = rows
	}
	if rv := reflect.ValueOf(v); isTable(rv) {
		b, err := TableBundle(v)
		return b, nil, true, err
	}
	return nil, nil, false, nil
}

// isBundle reports whether m looks like a MIME bundle: not empty, and
// every key a MIME type (type/subtype, no spaces). Other maps, data
// such as map[string]any{"loss": 0.3}, show as values.
func isBundle(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		slash := strings.IndexByte(k, '/')
		if slash <= 0 || slash == len(k)-1 || strings.ContainsAny(k, " \t\n") || strings.Count(k, "/") != 1 {
			return false
		}
	}
	return true
}

// MaxText is the most bytes of text/plain that Render makes of a value;
// print the value with fmt to see all of it.
const MaxText = 20000

// maxMatrixDim is the most rows or columns a matrix may have to be shown
// whole; larger ones show an excerpt of their corners.
const maxMatrixDim = 20

// valueText is the text/plain that Render gives a value of no richer kind:
// fmt's %+v, cut by ClipText. The wrappers in which the interpreter gives
// it a cell value's methods format as the value would (see
// interpvalue.Formattable).
func valueText(v any) string {
	v, _ = interpvalue.Formattable(v)
	return ClipText(fmt.Sprintf("%+v", v))
}

// ClipText cuts text meant for a value's text/plain to MaxText bytes, at a
// rune boundary, with a note of how much it left out and how to see it all.
func ClipText(s string) string {
	if len(s) <= MaxText {
		return s
	}
	cut := MaxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes not shown; print it with fmt to see all)", s[:cut], len(s)-cut)
}

// matrixText formats m with mat.Formatted; an excerpt (which starts with
// the matrix's size) keeps a large one short.
func matrixText(m mat.Matrix) string {
	r, c := m.Dims()
	opts := []mat.FormatOption{mat.Squeeze()}
	if r > maxMatrixDim || c > maxMatrixDim {
		opts = append(opts, mat.Excerpt(3))
	}
	return fmt.Sprintf("%v", mat.Formatted(m, opts...))
}

func withText(b map[string]any, v any) map[string]any {
	if _, ok := b[MIMEText]; ok {
		return b
	}
	out := make(map[string]any, len(b)+1)
	for k, x := range b {
		out[k] = x
	}
	if len(b) == 0 {
		out[MIMEText] = valueText(v)
	} else {
		out[MIMEText] = TextOf(b, nil)
	}
	return out
}

// Show publishes v rendered by type (see Render) as display_data. If v
// cannot be rendered, Show publishes Render's error in its place and
// returns it.
func Show(v any) error {
	data, md, err := Render(v)
	if err != nil {
		return showError(err)
	}
	if data != nil {
		publisher().Display(data, md, "", false)
	}
	return nil
}

// errorBundle shows err: its message as text, and in red as HTML.
func errorBundle(err error) map[string]any {
	msg := err.Error()
	return map[string]any{
		MIMEText: msg,
		MIMEHTML: `<pre style="color:#c00">` + html.EscapeString(msg) + `</pre>`,
	}
}

// shownError is an error that a display function (Table, Show, ...) has
// published in place of the output it could not make.
type shownError struct{ error }

func (e shownError) Unwrap() error { return e.error }

// Displayed reports that the error is on the page already, so that the
// dsl Session does not show it a second time when it is the value of a
// cell's last expression.
func (e shownError) Displayed() bool { return true }

// showError publishes err where a display function's output would have
// been, so that it is seen also when the caller ignores the error, and
// returns it marked as shown.
func showError(err error) error {
	publisher().Display(errorBundle(err), nil, "", false)
	return shownError{err}
}

// Clear clears the output of the current cell; with wait true the front
// end clears it only when new output arrives, which avoids flicker in
// animations.
func Clear(wait bool) { publisher().ClearOutput(wait) }
