package bom_test

import (
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/petridish-go/petridish/internal/bom"
)

func ExampleSkip() {
	// A CSV file as Excel exports it: the header's first field would
	// otherwise read "\ufeffmotif".
	r := csv.NewReader(bom.Skip(strings.NewReader("\ufeffmotif,loss\n0.5,0.1\n")))
	header, _ := r.Read()
	fmt.Printf("%q\n", header[0])
	// Output: "motif"
}
