package stdsymbols_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/stdsymbols"
)

// The completed tables have the Go 1.24 string iterators that yaegi's
// Go 1.22 tables lack, beside the names those had.
func ExampleStd() {
	strs := stdsymbols.Std()["strings/strings"]
	_, lines := strs["Lines"]
	_, fields := strs["Fields"]
	fmt.Println(lines, fields)
	// Output: true true
}
