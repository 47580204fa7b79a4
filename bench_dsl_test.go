package main

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/dsl"
)

// TestTimeDefinedFamily runs the measurement of `bench dsl` that trains a
// dish of a motif family defined in a cell and of the built-in family:
// it must define the family, train both on the generic path and take
// some time.
func TestTimeDefinedFamily(t *testing.T) {
	s, err := dsl.New(dsl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, b, err := timeDefinedFamily(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if d <= 0 || b <= 0 {
		t.Errorf("training took %v (defined) and %v (built in)", d, b)
	}
	t.Logf("%d motif-steps: defined family %v, built-in family %v", familyMotifSteps, d, b)
}
