package store_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/petridish-go/petridish/petri/store"
)

func ExampleReadCSV() {
	in := "motif,loss,std,runs\n0.23,0.11,0.004,5\n1.5,0.14,0.003,5\n"
	rows, err := store.ReadCSV(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("slope %s: loss %.2f ± %.3f over %d runs\n", r.Motif, r.Loss, r.Std, r.Runs)
	}
	if err := store.WriteCSV(os.Stdout, rows); err != nil {
		fmt.Println(err)
	}

	_, err = store.ReadCSV(strings.NewReader("motif,loss\n0.23,abc\n"))
	fmt.Println(err)
	// Output:
	// slope 0.23: loss 0.11 ± 0.004 over 5 runs
	// slope 1.5: loss 0.14 ± 0.003 over 5 runs
	// motif,loss,std,runs
	// 0.23,0.11,0.004,5
	// 1.5,0.14,0.003,5
	// ground-truth CSV line 2: loss "abc" is not a number; write a decimal number such as 0.123
}
