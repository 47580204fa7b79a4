package notebook

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl/widget"
)

// TestWidgetStateIsSaved runs a notebook that makes widgets and checks
// that the saved notebook carries their state, as Jupyter saves it, that
// nbformat accepts it, that its HTML page embeds the state and the views
// (with text for when the widget manager cannot load), and that a rerun
// replaces the state rather than keeping the dead widgets.
func TestWidgetStateIsSaved(t *testing.T) {
	defer widget.CloseAll()
	nb := &Notebook{Metadata: map[string]any{"widgets": map[string]any{
		widget.StateMIME: map[string]any{"state": map[string]any{"dead": map[string]any{}}},
	}}, Cells: []*Cell{
		{ID: "c1", Type: "code", Source: `s := widget.NewIntSlider("hidden units", 10, 1, 100)
s`, Metadata: map[string]any{}},
		{ID: "c2", Type: "code", Source: `widget.Interact(func() any { return s.Value() * 2 }, s)`, Metadata: map[string]any{}},
	}}
	if _, err := Run(context.Background(), newSession(t), nb, Options{}); err != nil {
		t.Fatal(err)
	}
	st := nb.Metadata["widgets"].(map[string]any)[widget.StateMIME].(map[string]any)
	models := st["state"].(map[string]any)
	if _, dead := models["dead"]; dead {
		t.Error("the state of an earlier run was kept")
	}
	names := map[string]int{}
	for _, m := range models {
		names[m.(map[string]any)["model_name"].(string)]++
	}
	if names["IntSliderModel"] != 1 || names["VBoxModel"] != 1 || names["LayoutModel"] != 2 {
		t.Errorf("saved models %v, want the slider, the Interact box and their layouts", names)
	}
	res := nb.Cells[0].Outputs[0]["data"].(map[string]any)
	view := res[widget.ViewMIME].(map[string]any)
	if _, ok := models[view["model_id"].(string)]; !ok {
		t.Errorf("the slider's view %v names a model that was not saved", view)
	}
	outs := nb.Cells[1].Outputs
	if len(outs) != 2 || strings.Join(outs[1]["data"].(map[string]any)["text/plain"].([]string), "") != "20" {
		t.Errorf("Interact's outputs %v, want the controls and the rendered 20", outs)
	}

	file := filepath.Join(t.TempDir(), "w.ipynb")
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	validate(t, file)

	var page strings.Builder
	if err := nb.HTML(&page, "w"); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	for _, want := range []string{
		`<script src="` + WidgetManagerURL,
		`<script type="application/vnd.jupyter.widget-state+json">{`,
		`<script type="application/vnd.jupyter.widget-view+json">{"model_id":"` + view["model_id"].(string),
		`<pre class="widget-fallback">IntSlider(description=&#34;hidden units&#34;, value=10)</pre>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}

	// A notebook without widgets has no widget metadata and no manager.
	plain := &Notebook{Metadata: map[string]any{}, Cells: []*Cell{{Type: "code", Source: `1`, Metadata: map[string]any{}}}}
	widget.CloseAll()
	if _, err := Run(context.Background(), newSession(t), plain, Options{}); err != nil {
		t.Fatal(err)
	}
	page.Reset()
	plain.HTML(&page, "p")
	if _, ok := plain.Metadata["widgets"]; ok || strings.Contains(page.String(), "html-manager") {
		t.Errorf("widget metadata or manager without widgets: %v", plain.Metadata)
	}
}
