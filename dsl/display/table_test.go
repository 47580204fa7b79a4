package display

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

type tagged struct {
	Step  int     `table:"step"`
	Loss  float64 `table:"Loss,%.4f"`
	Rank  float64 `table:",%.2f"`
	Note  string  `table:"-"`
	Ratio float32
	Score float64 `table:"outer score"`
	Name  string  `json:"name" table:"Motif"`
}

func TestTableTagsAndFloats(t *testing.T) {
	rows := []tagged{
		{Step: 1, Loss: 0.123456789, Rank: 0.87654, Note: "hidden", Ratio: 1.0 / 3, Score: 2.0 / 3, Name: "a"},
		{Step: 1000000, Loss: 2, Rank: -1, Ratio: 1e7, Score: 123456789, Name: "b"},
	}
	b, err := TableBundle(rows)
	if err != nil {
		t.Fatal(err)
	}
	html := b[MIMEHTML].(string)
	if want := "<th>step</th><th>Loss</th><th>Rank</th><th>Ratio</th><th>outer score</th><th>Motif</th>"; !strings.Contains(html, want) {
		t.Errorf("header:\n%s\nwant %s", html, want)
	}
	if strings.Contains(html, "hidden") || strings.Contains(html, "Note") {
		t.Errorf("the column tagged table:\"-\" is shown:\n%s", html)
	}
	for _, want := range []string{
		// The tag's verb; floats 6 significant digits; ints and strings as they are.
		"<td>1</td><td>0.1235</td><td>0.88</td><td>0.333333</td><td>0.666667</td><td>a</td>",
		"<td>1000000</td><td>2.0000</td><td>-1.00</td><td>1e+07</td><td>1.23457e+08</td><td>b</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("table:\n%s\nwant a row %s", html, want)
		}
	}
	txt := b[MIMEText].(string)
	if want := "step     Loss    Rank   Ratio     outer score  Motif\n"; !strings.HasPrefix(txt, want) {
		t.Errorf("text table:\n%s\nwant it to start %q", txt, want)
	}

	// Floats in maps and in interfaces are rounded too; other values are not.
	b, err = TableBundle([]map[string]any{{"loss": 0.1 + 0.2, "n": 12345678, "s": "0.30000000000000004"}})
	if err != nil {
		t.Fatal(err)
	}
	if txt := b[MIMEText].(string); !strings.Contains(txt, "0.3   12345678  0.30000000000000004") {
		t.Errorf("map table:\n%s", txt)
	}
}

// celsius has a String method, which a table cell uses as fmt does.
type celsius float64

func (c celsius) String() string { return "fine" }

func TestTableFloatWithStringMethod(t *testing.T) {
	b, err := TableBundle([]struct{ T celsius }{{1.0 / 3}})
	if err != nil {
		t.Fatal(err)
	}
	if txt := b[MIMEText].(string); !strings.Contains(txt, "fine") {
		t.Errorf("text table:\n%s", txt)
	}
}

// TestDisplayErrorsAreShown checks that a display function that cannot
// show its value publishes the error in its place (a notebook user rarely
// checks the error it returns) and still returns it.
func TestDisplayErrorsAreShown(t *testing.T) {
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Table", func() error { return Table(3) }, "want a slice of structs"},
		{"JSON", func() error { return JSON(func() {}) }, "cannot encode func()"},
		{"Image", func() error { return Image(nil) }, "the image is nil"},
		{"Plot", func() error { return Plot(nil) }, "the plot is nil"},
		{"Show", func() error { return Show((*plot.Plot)(nil)) }, "the plot is nil"},
	}
	for _, c := range cases {
		pub := install(t)
		err := c.call()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
			continue
		}
		if len(pub.events) != 1 {
			t.Errorf("%s: %d outputs published, want 1 showing the error", c.name, len(pub.events))
			continue
		}
		if txt, _ := pub.events[0].data[MIMEText].(string); txt != err.Error() {
			t.Errorf("%s: published text %q, want the error %q", c.name, txt, err.Error())
		}
		if h, _ := pub.events[0].data[MIMEHTML].(string); !strings.Contains(h, c.want) {
			t.Errorf("%s: published HTML %q, want the error", c.name, h)
		}
	}
	// The error returned wraps the cause as before.
	install(t)
	var unsupported *json.UnsupportedTypeError
	if err := JSON(func() {}); !errors.As(err, &unsupported) {
		t.Errorf("JSON(func) error %v does not wrap json's", err)
	}
}
