package main

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/dsl"
)

// TestTimeDefinedFamily runs the measurement of `bench dsl` that trains a
// dish of a motif family defined in a cell: it must define the family,
// train it on the generic path and take some time.
func TestTimeDefinedFamily(t *testing.T) {
	s, err := dsl.New(dsl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := timeDefinedFamily(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if d <= 0 {
		t.Errorf("training took %v", d)
	}
	t.Logf("%d motif-steps in %v: %.1f µs each", familyMotifSteps, d, float64(d.Nanoseconds())/1e3/familyMotifSteps)
}
