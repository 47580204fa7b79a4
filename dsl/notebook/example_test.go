package notebook_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/dsl/notebook"
)

func Example() {
	nb, err := notebook.Read(strings.NewReader(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {},
		"cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "source": "fmt.Println(\"hi\")\n21 * 2", "outputs": [], "execution_count": null}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := dsl.New(dsl.Options{})
	defer s.Close()
	if _, err := notebook.Run(context.Background(), s, nb, notebook.Options{}); err != nil {
		fmt.Println(err)
	}
	for _, o := range nb.Cells[0].Outputs {
		fmt.Println(o["output_type"])
	}
	// Output:
	// stream
	// execute_result
}
