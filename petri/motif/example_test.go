package motif_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/motif"
)

func Example() {
	ms, err := motif.ParseAll("sigmoid", []string{"0.23", "1.50", "2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ms {
		fmt.Printf("%s motif %s\n", m.Family(), m)
	}
	_, err = motif.Parse("sigmoid", "NaN")
	fmt.Println(err)
	fmt.Println(motif.Families())
	// Output:
	// sigmoid motif 0.23
	// sigmoid motif 1.5
	// sigmoid motif 2
	// sigmoid motif "NaN" is not finite; the slope must be a finite number such as 0.23
	// [sigmoid]
}
