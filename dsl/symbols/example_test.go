package symbols_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/symbols"
)

func Example() {
	mat := symbols.Symbols["gonum.org/v1/gonum/mat/mat"]
	fmt.Println(mat["NewDense"].Type())
	d, _ := symbols.Doc("gonum.org/v1/gonum/mat", "Dense.Mul")
	fmt.Println(d.Decl)
	// Output:
	// func(int, int, []float64) *mat.Dense
	// func (m *Dense) Mul(a, b Matrix)
}
