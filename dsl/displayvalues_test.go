package dsl

import (
	"strings"
	"testing"
)

// displayValuesDecls declares cell types whose methods the display API
// must use, as compiled Go's display does.
const displayValuesDecls = `type card struct{ name string }
func (c card) MIMEBundle() map[string]any { return map[string]any{"text/plain": "card:" + c.name} }
type temp float64
func (t temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type row struct { Name string; T temp }
type meta struct{ Seed int }
type metaRow struct { meta; Loss float64 }
type codeErr struct{ code int }
func (e codeErr) Error() string { return fmt.Sprintf("code %d", e.code) }
type params struct{ lr float64 }
func (p params) String() string { return fmt.Sprintf("lr = %.3f", p.lr) }
type eye struct{ n int }
func (d eye) Dims() (int, int) { return d.n, d.n }
func (d eye) At(i, j int) float64 { if i == j { return 1 }; return 0 }
func (d eye) T() mat.Matrix { return d }
`

// displayTexts returns the text/plain of each output r recorded.
func displayTexts(r *recorder) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, d := range r.displays {
		s, _ := d.data["text/plain"].(string)
		out = append(out, s)
	}
	return out
}

// TestDisplayUsesCellMethods checks that the display functions given a
// value of a cell type show it as compiled Go's display does: with its
// MIMEBundle, String and Error methods, as a matrix when it is a
// mat.Matrix, and with a table column of a Stringer type formatted by its
// String method (the expected texts are those of `go run`).
func TestDisplayUsesCellMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, displayValuesDecls)
	for _, c := range []struct{ code, want string }{
		{`display.Show(card{"x"})`, "card:x"},
		{`display.Show(temp(21.5))`, "21.5°C"},
		{`display.Show(codeErr{3})`, "code 3"},
		{`display.Show(eye{2})`, "⎡1  0⎤\n⎣0  1⎦"},
		{`var e error = codeErr{4}; display.Show(e)`, "code 4"},
		{`display.Show([]row{{"b", 2.25}})`, "Name  T\n----  -----\nb     2.2°C"},
		{`display.Table([]row{{"a", 1.25}})`, "Name  T\n----  -----\na     1.2°C"},
		// An unexported embedded struct is no column, as in Go.
		{`display.Table([]metaRow{{meta{1}, 0.5}})`, "Loss\n----\n0.5"},
		{`func() { display.Show(temp(1)) }()`, "1.0°C"},
	} {
		_, r := mustRun(t, s, c.code)
		if got := displayTexts(r); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s shows %q, want %q", c.code, got, c.want)
		}
	}
}

// TestDisplayHandleUsesCellMethods checks display.New and Handle.Update
// of cell values, and the handle printed.
func TestDisplayHandleUsesCellMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, displayValuesDecls)
	_, r := mustRun(t, s, "h := display.New(temp(1))\nh.Update(card{\"y\"})\nfmt.Print(h)\nvar x any = params{0.5}\nh.Update(x)\nfmt.Print(\" \", h)")
	if got, want := strings.Join(displayTexts(r), "|"), "1.0°C|card:y|lr = 0.500"; got != want {
		t.Errorf("outputs %q, want %q", got, want)
	}
	if got, want := r.out(), "card:y lr = 0.500"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestInteractUsesCellMethods checks that what the function given to
// widget.Interact returns shows with its String method.
func TestInteractUsesCellMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, displayValuesDecls)
	_, r := mustRun(t, s, "lr := widget.NewFloatLogSlider(\"lr\", 0.1, 1e-4, 1)\nwidget.Interact(func() any { return params{lr.Value()} }, lr)")
	got := displayTexts(r)
	if len(got) == 0 || got[len(got)-1] != "lr = 0.100" {
		t.Errorf("Interact shows %q, want its last output lr = 0.100", got)
	}
}

// TestResultTableUsesCellMethods checks that a cell's last value shown as
// a table or a matrix uses the methods of its cell types, and leaves an
// unexported embedded struct out, as display.Table does.
func TestResultTableUsesCellMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, displayValuesDecls)
	for _, c := range []struct{ code, want string }{
		{`[]row{{"z", 9.25}}`, "Name  T\n----  -----\nz     9.2°C"},
		{`[]metaRow{{meta{1}, 0.5}}`, "Loss\n----\n0.5"},
		{`eye{2}`, "⎡1  0⎤\n⎣0  1⎦"},
		{`temp(2)`, "2.0°C"},
	} {
		res, _ := mustRun(t, s, c.code)
		if got := text(res); got != c.want {
			t.Errorf("%s shows %q, want %q", c.code, got, c.want)
		}
	}
}

// TestDisplayJSONUsesCellMethods checks that display.JSON calls a cell
// type's MarshalJSON, as json.Marshal in a cell does.
func TestDisplayJSONUsesCellMethods(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "type lvl int\nfunc (l lvl) MarshalJSON() ([]byte, error) { return []byte(`\"high\"`), nil }\n"+
		"type cfg struct{ Level lvl }\ndisplay.JSON(cfg{2})")
	if got, want := displayTexts(r), "{\n  \"Level\": \"high\"\n}"; len(got) != 1 || got[0] != want {
		t.Errorf("display.JSON shows %q, want %q", got, want)
	}
}
