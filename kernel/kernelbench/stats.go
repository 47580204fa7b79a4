package kernelbench

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// Percentile returns the p-th percentile (0-100) of ds by the nearest-rank
// method: the smallest sample that at least p percent of the samples do not
// exceed. It returns 0 for no samples.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// Report writes results as a table, with each kernel's p50 relative to
// the last kernel's (ipykernel when it was measured).
func Report(w io.Writer, results []Result) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
	fmt.Fprintf(w, "%-16s %12s %12s %12s %12s %14s %14s\n", "kernel", "round trips", "p50", "p99", "start-up", "idle RSS", "widget p50")
	for _, r := range results {
		widget := "-" // no widget library
		if len(r.WidgetTrips) > 0 {
			widget = ms(r.WidgetP50)
		}
		fmt.Fprintf(w, "%-16s %12d %12s %12s %12s %11.1f MB %14s\n", r.Kernel, len(r.RoundTrips), ms(r.P50), ms(r.P99), ms(r.Startup), float64(r.IdleRSS)/(1<<20), widget)
	}
	if len(results) > 1 {
		base := results[len(results)-1]
		for _, r := range results[:len(results)-1] {
			if base.P50 > 0 {
				fmt.Fprintf(w, "%s p50 is %.2fx %s's\n", r.Kernel, float64(r.P50)/float64(base.P50), base.Kernel)
			}
		}
	}
}
