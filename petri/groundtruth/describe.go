package groundtruth

import (
	"fmt"
	"strings"
)

// String summarises the sweep in one line: how many slopes and runs, where
// they were trained, how many came from the store, and the best slope. A
// notebook shows it for a cell whose value is a sweep; Results holds every
// slope (shown as a table).
func (s Sweep) String() string {
	runs := 0
	for _, r := range s.Results {
		runs += len(r.Runs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d slopes, %d runs on %s (%d trained now, %d from the store)", len(s.Results), runs, s.Device, s.Trained, s.Cached)
	if best, ok := s.Best(); ok {
		fmt.Fprintf(&b, "; best slope %.4g: validation accuracy %.4f ± %.4f, loss %.4f ± %.4f",
			best.Slope, best.Accuracy, best.AccuracyStd, best.Loss, best.LossStd)
	}
	return b.String()
}
