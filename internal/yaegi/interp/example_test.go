package interp_test

import (
	"fmt"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// A value put in an interface is a copy, as in Go: changing the variable
// afterwards does not change the interface's value.
func Example() {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		panic(err)
	}
	for _, src := range []string{
		"type P struct{ X int }",
		"func (p P) Double() int { return 2 * p.X }",
		"var r = P{1}",
		"ys := []any{r}",
		"r.X = 2",
	} {
		if _, err := i.Eval(src); err != nil {
			panic(err)
		}
	}
	v, err := i.Eval("ys[0].(P).Double()")
	if err != nil {
		panic(err)
	}
	fmt.Println(v)
	// Output: 2
}
