package progress_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/progress"
)

func Example() {
	var r progress.Reporter = progress.Func(func(done, total int, status string) {
		fmt.Printf("%d/%d %s\n", done, total, status)
	})
	for i := 1; i <= 3; i++ {
		progress.Report(r, i, 3, "working")
	}
	progress.Report(nil, 1, 1, "nil reporters are ignored")
	// Output:
	// 1/3 working
	// 2/3 working
	// 3/3 working
}
