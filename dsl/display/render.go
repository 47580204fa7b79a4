package display

import (
	"fmt"
	"html"
	"image"
	"reflect"

	"gonum.org/v1/plot"
)

// Render turns v into the MIME bundle that shows it, choosing by type:
//
//   - nil: no bundle (data is nil), like IPython's None;
//   - a Bundler: its own bundle, plus a text/plain fallback;
//   - a map[string]any: taken to be a MIME bundle already;
//   - *plot.Plot: PNG with an SVG alternative (see Plot);
//   - image.Image: PNG;
//   - error: its message as text, and in red as HTML;
//   - a non-empty slice or array of structs: a table (see Table);
//   - anything else: text/plain with fmt's %v.
//
// Show, New and Update publish what Render returns, and the dsl Session
// uses it for the value of a cell's last expression.
func Render(v any) (data, metadata map[string]any, err error) {
	switch x := v.(type) {
	case nil:
		return nil, nil, nil
	case Bundler:
		return withText(x.MIMEBundle(), v), nil, nil
	case map[string]any:
		return withText(x, v), nil, nil
	case *plot.Plot:
		return PlotBundle(x, PlotWidth, PlotHeight)
	case image.Image:
		return ImageBundle(x)
	case error:
		msg := x.Error()
		return map[string]any{
			MIMEText: msg,
			MIMEHTML: `<pre style="color:#c00">` + html.EscapeString(msg) + `</pre>`,
		}, nil, nil
	}
	if rv := reflect.ValueOf(v); isTable(rv) {
		b, err := TableBundle(v)
		return b, nil, err
	}
	return map[string]any{MIMEText: fmt.Sprintf("%v", v)}, nil, nil
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
		out[MIMEText] = fmt.Sprintf("%v", v)
	} else {
		out[MIMEText] = TextOf(b, nil)
	}
	return out
}

// Show publishes v rendered by type (see Render) as display_data. It
// returns Render's error, if any.
func Show(v any) error {
	data, md, err := Render(v)
	if err != nil {
		return err
	}
	if data != nil {
		publisher().Display(data, md, "", false)
	}
	return nil
}

// Clear clears the output of the current cell; with wait true the front
// end clears it only when new output arrives, which avoids flicker in
// animations.
func Clear(wait bool) { publisher().ClearOutput(wait) }
