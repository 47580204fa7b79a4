package groundtruth

import (
	"fmt"
	"strings"
)

// String summarises the sweep in one line: how many motifs (slopes) and
// runs, where they were trained, how many came from the store, and the
// best motif. A notebook shows it for a cell whose value is a sweep;
// Results holds every motif (shown as a table).
func (s Sweep) String() string {
	runs := 0
	for _, r := range s.Results {
		runs += len(r.Runs)
	}
	motifs := "slopes"
	if s.Family != "" && s.Family != Family {
		motifs = s.Family + " motifs"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d runs on %s (%d trained now, %d from the store)", len(s.Results), motifs, runs, s.Device, s.Trained, s.Cached)
	if best, ok := s.Best(); ok {
		if motifs == "slopes" {
			fmt.Fprintf(&b, "; best slope %.4g", best.Slope)
		} else {
			fmt.Fprintf(&b, "; best motif %s", best.Motif)
		}
		if len(best.Runs) > 1 {
			fmt.Fprintf(&b, ": validation accuracy %.4f ± %.4f, loss %.4f ± %.4f", best.Accuracy, best.AccuracyStd, best.Loss, best.LossStd)
		} else { // one run: no standard error to give
			fmt.Fprintf(&b, ": validation accuracy %.4f, loss %.4f", best.Accuracy, best.Loss)
		}
	}
	return b.String()
}
