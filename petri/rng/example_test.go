package rng_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/rng"
)

func Example() {
	a, b := rng.New(42), rng.New(42)
	fmt.Println(a.Float64() == b.Float64())
	rng.SetSeed(7)
	fmt.Println(rng.Seed())
	// Output:
	// true
	// 7
}
