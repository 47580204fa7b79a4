package dish

import (
	"fmt"
	"strconv"
	"strings"
)

// String describes the dish in one line: its family, motif-network, number
// of synthetic samples and seed, and what it was trained on. A notebook
// shows it for a cell whose value is a dish.
func (d *Dish) String() string {
	var b strings.Builder
	net := d.cfg.Net
	dims := append(append([]int{net.Inputs}, net.Hidden...), net.Outputs)
	fmt.Fprintf(&b, "%s dish: %s motif-networks on %d synthetic samples, seed %d", d.cfg.Family, joinDims(dims), net.Samples, d.cfg.Seed)
	if d.cal == nil {
		b.WriteString("; untrained")
		return b.String()
	}
	fmt.Fprintf(&b, "; trained on %d motifs (ground truth mean %.4g, std %.4g)", len(d.trainMs), d.cal.GTMean, d.cal.GTStd)
	return b.String()
}

// joinDims writes layer widths as "10-1-1-10".
func joinDims(dims []int) string {
	s := make([]string, len(dims))
	for i, n := range dims {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "-")
}

// KeptSpearman is the rank correlation, on the training motifs, of the
// data the dish kept: the Spearman of step Kept, or FinalSpearman when the
// dish kept the data after the last update.
func (h History) KeptSpearman() float64 {
	if h.Kept >= 0 && h.Kept < len(h.Spearman) {
		return h.Spearman[h.Kept]
	}
	return h.FinalSpearman
}

// String summarises the training in one line: the steps, where they ran
// and how long they took, how the outer loss and the rank correlation
// moved, and which step's data the dish kept.
func (h History) String() string {
	n := len(h.Loss)
	if n == 0 {
		if h.Path == "" {
			// Train failed before choosing a path (its inputs were rejected).
			return "no outer steps"
		}
		return fmt.Sprintf("no outer steps (%s path, %s)", h.Path, h.Device)
	}
	secs := 0.0
	for _, s := range h.Seconds {
		secs += s
	}
	kept := fmt.Sprintf("kept step %d", h.Kept)
	if h.Kept == n {
		kept = "kept the final data"
	}
	return fmt.Sprintf("%d outer steps on the %s path (%s) in %s: outer loss %.4g → %.4g, rank correlation %.3f → %.3f; %s (outer loss %.4g, rank correlation %.3f)",
		n, h.Path, h.Device, formatSeconds(secs), h.Loss[0], h.FinalLoss, h.Spearman[0], h.FinalSpearman, kept, h.KeptLoss, h.KeptSpearman())
}

// String summarises the restarts: which one was kept, the kept outer loss
// of each, and, on a second line, the kept restart's History.
func (r Restarts) String() string {
	if len(r.Seeds) == 0 {
		return "no restarts"
	}
	return fmt.Sprintf("kept restart %d of %d (seed %d) by outer loss %s\n%v",
		r.Best+1, len(r.Seeds), r.Seeds[r.Best], formatList(r.KeptLoss), r.History)
}

// String says which grid config won, and each config's validation MSE.
func (t TuneResult) String() string {
	failed := 0
	for _, e := range t.Errors {
		if e != "" {
			failed++
		}
	}
	s := fmt.Sprintf("grid[%d] wins of %d configs, trained on %d motifs and validated on %d: validation MSE %s",
		t.Best, len(t.ValidMSE), len(t.Train), len(t.Valid), formatList(t.ValidMSE))
	if failed > 0 {
		s += fmt.Sprintf("; %d failed (see Errors)", failed)
	}
	return s
}

// formatSeconds writes a duration as "12.3 s", or "4.56 ms" under a second.
func formatSeconds(s float64) string {
	if s < 1 {
		return fmt.Sprintf("%.3g ms", 1000*s)
	}
	return fmt.Sprintf("%.3g s", s)
}

// formatList writes xs as [a b c] with 4 significant digits.
func formatList(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatFloat(x, 'g', 4, 64)
	}
	return "[" + strings.Join(s, " ") + "]"
}
