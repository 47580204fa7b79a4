package kernelbench_test

import (
	"fmt"
	"os"
	"time"

	"github.com/petridish-go/petridish/kernel/kernelbench"
)

func Example() {
	// kernelbench.Run(ctx, kernelbench.Options{Binary: "/usr/local/bin/petridish", IPyKernel: true})
	// measures real kernels; here are figures of the shape it returns.
	results := []kernelbench.Result{
		{Kernel: "petridish-bench", P50: 2 * time.Millisecond, P99: 4 * time.Millisecond, Startup: 90 * time.Millisecond, IdleRSS: 40 << 20,
			WidgetTrips: []time.Duration{time.Millisecond}, WidgetP50: time.Millisecond},
		{Kernel: "ipykernel-bench", P50: 8 * time.Millisecond, P99: 15 * time.Millisecond, Startup: 900 * time.Millisecond, IdleRSS: 60 << 20},
	}
	fmt.Println(kernelbench.Percentile([]time.Duration{3, 1, 2}, 50))
	kernelbench.Report(os.Stdout, results)
	// Output:
	// 2ns
	// kernel            round trips          p50          p99     start-up       idle RSS     widget p50
	// petridish-bench             0      2.00 ms      4.00 ms     90.00 ms        40.0 MB        1.00 ms
	// ipykernel-bench             0      8.00 ms     15.00 ms    900.00 ms        60.0 MB              -
	// petridish-bench p50 is 0.25x ipykernel-bench's
}
