package groundtruth

import (
	"fmt"
	"strings"
)

// String summarises the sweep in one line: how many motifs (slopes, for
// the sigmoid family) and runs, where they were trained, how many came
// from the store, and the best motif by validation accuracy (Best; see
// BestBy for the cross-entropy). A notebook shows it for a cell whose
// value is a sweep; Results holds every motif (shown as a table). The
// empty Sweep that a failed sweep returns shows as "no runs".
func (s Sweep) String() string {
	if len(s.Results) == 0 {
		if s.Device != "" {
			return "no runs on " + s.Device
		}
		return "no runs"
	}
	runs := 0
	for _, r := range s.Results {
		runs += len(r.Runs)
	}
	motifs := "motifs"
	switch s.Family {
	case Family:
		motifs = "slopes"
	case "":
	default:
		motifs = s.Family + " motifs"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d runs", len(s.Results), motifs, runs)
	if s.Device != "" {
		fmt.Fprintf(&b, " on %s", s.Device)
	}
	fmt.Fprintf(&b, " (%d trained now, %d from the store)", s.Trained, s.Cached)
	if best, ok := s.Best(); ok {
		if s.Family == Family {
			fmt.Fprintf(&b, "; best by validation accuracy: slope %.4g", best.Slope)
		} else {
			fmt.Fprintf(&b, "; best by validation accuracy: %s", best.Motif)
		}
		if len(best.Runs) > 1 {
			fmt.Fprintf(&b, ", accuracy %.4f ± %.4f, loss %.4f ± %.4f", best.Accuracy, best.AccuracyStd, best.Loss, best.LossStd)
		} else { // one run: no standard error to give
			fmt.Fprintf(&b, ", accuracy %.4f, loss %.4f", best.Accuracy, best.Loss)
		}
	}
	return b.String()
}
