package kernel_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// notebook is the part of an .ipynb file the test reads.
type notebook struct {
	Metadata struct {
		Widgets map[string]struct {
			State map[string]struct {
				ModelName string         `json:"model_name"`
				State     map[string]any `json:"state"`
			} `json:"state"`
		} `json:"widgets"`
	} `json:"metadata"`
	Cells []struct {
		CellType       string `json:"cell_type"`
		ExecutionCount *int   `json:"execution_count"`
		Outputs        []struct {
			OutputType string         `json:"output_type"`
			Name       string         `json:"name"`
			Text       any            `json:"text"`
			Data       map[string]any `json:"data"`
		} `json:"outputs"`
	} `json:"cells"`
}

// joined returns a notebook string field, which may be a list of lines.
func joined(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var b strings.Builder
		for _, s := range x {
			b.WriteString(s.(string))
		}
		return b.String()
	}
	return ""
}

// TestNbconvertExecute runs testdata/smoke.ipynb with
// `jupyter nbconvert --to notebook --execute` on the petridish kernel and
// checks every output, and the widget state nbclient saves from the
// kernel's comm messages.
func TestNbconvertExecute(t *testing.T) {
	need(t, "nbconvert", "nbclient", "nbformat")
	je := newJupyterEnv(t)
	cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name="+kernelName, "--ExecutePreprocessor.timeout=120",
		"--output-dir", je.dir, "--output", "executed.ipynb", filepath.Join("testdata", "smoke.ipynb"))
	cmd.Env = je.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(je.dir, "executed.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 8 {
		t.Fatalf("%d cells", len(nb.Cells))
	}
	code := nb.Cells[1:]
	for i, c := range code {
		if c.ExecutionCount == nil || *c.ExecutionCount != i+1 {
			t.Errorf("cell %d: execution_count %v, want %d", i+1, c.ExecutionCount, i+1)
		}
	}
	if o := code[0].Outputs; len(o) != 1 || o[0].OutputType != "stream" || o[0].Name != "stdout" || joined(o[0].Text) != "hello from nbconvert\n" {
		t.Errorf("println cell outputs: %+v", o)
	}
	if o := code[1].Outputs; len(o) != 1 || o[0].OutputType != "execute_result" || joined(o[0].Data["text/plain"]) != "42" {
		t.Errorf("expression cell outputs: %+v", o)
	}
	if o := code[2].Outputs; len(o) != 1 || o[0].OutputType != "display_data" || joined(o[0].Data["text/markdown"]) != "**bold** text" {
		t.Errorf("markdown cell outputs: %+v", o)
	}
	if o := code[3].Outputs; len(o) != 1 || o[0].OutputType != "display_data" || !strings.HasPrefix(joined(o[0].Data["image/png"]), "iVBORw0KGgo") {
		t.Errorf("plot cell outputs: %d outputs", len(o))
	}
	// update_display_data replaced the displayed value in place.
	if o := code[4].Outputs; len(o) != 1 || joined(o[0].Data["text/plain"]) != "step 3" {
		t.Errorf("updated display outputs: %+v", o)
	}
	// nbclient followed the slider's comm_open and update and saved its
	// state; the cell shows the widget's view.
	o := code[5].Outputs
	if len(o) != 1 || o[0].Data["application/vnd.jupyter.widget-view+json"] == nil {
		t.Fatalf("widget cell outputs: %+v", o)
	}
	id := o[0].Data["application/vnd.jupyter.widget-view+json"].(map[string]any)["model_id"].(string)
	saved := nb.Metadata.Widgets["application/vnd.jupyter.widget-state+json"].State[id]
	if saved.ModelName != "FloatSliderModel" || saved.State["value"] != 3.0 || saved.State["description"] != "slope" {
		t.Errorf("nbclient saved the slider as %+v, want a FloatSliderModel at 3", saved)
	}

	// What the Output widget captured went into its state, not the cell.
	o = code[6].Outputs
	if len(o) != 2 || joined(o[0].Text) != "not captured\n" || o[1].Data["application/vnd.jupyter.widget-view+json"] == nil {
		t.Fatalf("output widget cell outputs: %+v", o)
	}
	id = o[1].Data["application/vnd.jupyter.widget-view+json"].(map[string]any)["model_id"].(string)
	area := nb.Metadata.Widgets["application/vnd.jupyter.widget-state+json"].State[id]
	captured, _ := area.State["outputs"].([]any)
	if area.ModelName != "OutputModel" || len(captured) != 1 || joined(captured[0].(map[string]any)["text"]) != "captured\n" {
		t.Errorf("the Output widget saved %+v, want the captured line", area)
	}
}
