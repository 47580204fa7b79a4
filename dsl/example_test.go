package dsl_test

import (
	"context"
	"fmt"
	"os"

	"github.com/petridish-go/petridish/dsl"
)

// stdout is an Output that prints streams and the text of displays.
type stdout struct{ dsl.DiscardOutput }

func (stdout) Stream(name, text string) { fmt.Print(text) }

func Example() {
	s, err := dsl.New(dsl.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer s.Close()
	ctx := context.Background()
	s.Execute(ctx, `xs := []float64{1, 2, 3, 4}`, stdout{})
	res, _ := s.Execute(ctx, "fmt.Println(\"sum:\", floats.Sum(xs))\nstat.Mean(xs, nil)", stdout{})
	fmt.Println("Out:", res.Data["text/plain"])
	_, err = s.Execute(ctx, "xs[7]", stdout{})
	fmt.Println(err.(*dsl.Error).Value)
	// Output:
	// sum: 10
	// Out: 2.5
	// runtime error: index out of range [7] with length 4
}
