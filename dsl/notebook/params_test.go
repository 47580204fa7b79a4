package notebook_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/dsl/notebook"
)

// paramsNotebook has a parameters cell declaring one parameter of each
// kind, and a cell using them.
const paramsNotebook = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# A sweep"},
 {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "execution_count": null, "outputs": [],
  "source": "name := \"base\"\nepochs := 10\nvar lr = 1e-3\nshift := -0.5\nvar verbose bool\nvar slopes = []float64{1}\nvar label string"},
 {"cell_type": "code", "id": "u", "metadata": {}, "execution_count": null, "outputs": [],
  "source": "fmt.Sprint(name, epochs, lr, shift, verbose, slopes, label)"}]}`

func readParams(t *testing.T) *notebook.Notebook {
	t.Helper()
	nb, err := notebook.Read(strings.NewReader(paramsNotebook))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// TestParameterize injects values of every kind and runs the notebook
// with them; a second run replaces the injected cell.
func TestParameterize(t *testing.T) {
	nb := readParams(t)
	if err := nb.Parameterize(nil); err != nil || len(nb.Cells) != 3 {
		t.Fatalf("no parameters changed the notebook: %v, %d cells", err, len(nb.Cells))
	}
	err := nb.Parameterize([]notebook.Param{{"name", `say "hi"`}, {"epochs", "0x10"}, {"lr", "2"}, {"shift", " 1.5 "},
		{"verbose", "true"}, {"slopes", "[]float64{0.5, 2}"}, {"label", ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := "// Parameters given to this run.\nname = \"say \\\"hi\\\"\"\nepochs = 0x10\nlr = 2\nshift = 1.5\nverbose = true\nslopes = []float64{0.5, 2}\nlabel = \"\""
	if len(nb.Cells) != 4 || nb.Cells[2].Source != want || !nb.Cells[2].HasTag(notebook.InjectedTag) {
		t.Fatalf("injected cell %q, want %q after the parameters cell", nb.Cells[2].Source, want)
	}
	if got := fmt.Sprint(nb.Metadata["petridish"]); got != `map[parameters:map[epochs:0x10 label: lr:2 name:say "hi" shift: 1.5  slopes:[]float64{0.5, 2} verbose:true]]` {
		t.Errorf("metadata %s", got)
	}
	s, err := dsl.New(dsl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := notebook.Run(context.Background(), s, nb, notebook.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := notebook.JoinText(nb.Cells[3].Outputs[0]["data"].(map[string]any)["text/plain"]); got != `say "hi"16 2 1.5 true [0.5 2]` {
		t.Errorf("the notebook saw %q", got)
	}

	// Run again (an output notebook): the injected cell is replaced.
	if err := nb.Parameterize([]notebook.Param{{"epochs", "3"}}); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 || nb.Cells[2].Source != "// Parameters given to this run.\nepochs = 3" {
		t.Errorf("second injection: %d cells, %q", len(nb.Cells), nb.Cells[2].Source)
	}
}

// TestParameterizeErrors checks that each mistake is refused, saying
// what to fix, and leaves the notebook as it was.
func TestParameterizeErrors(t *testing.T) {
	for _, c := range []struct {
		params []notebook.Param
		want   string
	}{
		{[]notebook.Param{{"seed", "1"}}, "parameter seed: the parameters cell (cell 2 of the notebook) does not set it; it sets epochs, label, lr, name, shift, slopes, verbose"},
		{[]notebook.Param{{"epochs", "ten"}}, `parameter epochs: "ten" is not a whole number, and the parameters cell makes epochs an int`},
		{[]notebook.Param{{"lr", "NaN"}}, `"NaN" is not a number`},
		{[]notebook.Param{{"verbose", "maybe"}}, `"maybe" is not true or false`},
		{[]notebook.Param{{"slopes", "[]float64{"}}, `"[]float64{" is not a Go expression`},
		{[]notebook.Param{{"epochs", "1"}, {"epochs", "2"}}, "parameter epochs is given twice"},
	} {
		nb := readParams(t)
		err := nb.Parameterize(c.params)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.params, err, c.want)
		}
		if len(nb.Cells) != 3 || nb.Metadata["petridish"] != nil {
			t.Errorf("%v: the refused parameters changed the notebook", c.params)
		}
	}
	nb, _ := notebook.Read(strings.NewReader(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "x := 1", "outputs": [], "execution_count": null}]}`))
	if err := nb.Parameterize([]notebook.Param{{"x", "2"}}); err == nil || !strings.Contains(err.Error(), `no code cell tagged "parameters"`) {
		t.Errorf("a notebook without a parameters cell: %v", err)
	}
	for in, want := range map[string]string{"a=1": "a", "b = x=y": "b", "bad": "", "1x=2": "", "=3": ""} {
		p, err := notebook.ParseParam(in)
		if (want == "") != (err != nil) || p.Name != want {
			t.Errorf("ParseParam(%q) = %v, %v", in, p, err)
		}
	}
}

// Parameterize gives a notebook other values for the variables of its
// cell tagged "parameters", as papermill does.
func ExampleNotebook_Parameterize() {
	nb, _ := notebook.Read(strings.NewReader(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
		{"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "source": "seeds := 5\ndata := \"gt.csv\"", "outputs": [], "execution_count": null}]}`))
	if err := nb.Parameterize([]notebook.Param{{Name: "seeds", Value: "15"}, {Name: "data", Value: "other.csv"}}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(nb.Cells[1].Source)
	// Output:
	// // Parameters given to this run.
	// seeds = 15
	// data = "other.csv"
}
