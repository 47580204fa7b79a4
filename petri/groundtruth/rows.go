package groundtruth

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/store"
)

// Fit targets: what the "loss" column of a ground-truth table holds, the
// quantity the Petri dish is fit to (lower is better in both).
const (
	// TargetError is the validation error rate, 1 - accuracy. It is the
	// default: the paper's Figure 1 is a validation-accuracy curve, and
	// accuracy keeps its shape where cross-entropy is distorted by
	// over-confidence (saturated sigmoids at large slopes).
	TargetError = "error"
	// TargetXent is the mean validation cross-entropy.
	TargetXent = "xent"
)

// Rows turns the sweep into a ground-truth table, one row per slope in
// slope order given: loss and std hold the target (TargetError or
// TargetXent) and its standard error, accuracy and accuracy_std the mean
// validation accuracy and its standard error.
func (s Sweep) Rows(target string) ([]store.Row, error) {
	if target != TargetError && target != TargetXent {
		return nil, fmt.Errorf("ground truth: unknown target %q; use %q (1 - accuracy) or %q (cross-entropy)", target, TargetError, TargetXent)
	}
	rows := make([]store.Row, len(s.Results))
	for i, r := range s.Results {
		row := store.Row{Motif: r.Motif, Runs: len(r.Runs), Accuracy: r.Accuracy, AccuracyStd: r.AccuracyStd}
		if target == TargetError {
			row.Loss, row.Std = 1-r.Accuracy, r.AccuracyStd
		} else {
			row.Loss, row.Std = r.Loss, r.LossStd
		}
		rows[i] = row
	}
	return rows, nil
}

// Best returns the result with the highest mean validation accuracy (the
// first of equals): the best by TargetError, the default fit target; ok
// is false for an empty sweep. A dish fitted to the cross-entropy
// (TargetXent) ranks by the loss instead, which can pick another motif;
// use BestBy with the target the dish was fitted to when comparing with
// its predictions.
func (s Sweep) Best() (best Result, ok bool) {
	for i, r := range s.Results {
		if i == 0 || r.Accuracy > best.Accuracy {
			best, ok = r, true
		}
	}
	return best, ok
}

// BestBy returns the best result by a fit target, as Rows(target) ranks
// the motifs (the first of equals): for TargetError the highest mean
// validation accuracy (Best), for TargetXent the lowest mean validation
// cross-entropy. It fails for another target or an empty sweep.
func (s Sweep) BestBy(target string) (Result, error) {
	if target != TargetError && target != TargetXent {
		return Result{}, fmt.Errorf("ground truth: unknown target %q; use %q (1 - accuracy) or %q (cross-entropy)", target, TargetError, TargetXent)
	}
	if len(s.Results) == 0 {
		return Result{}, fmt.Errorf("ground truth: the sweep has no results, so no best motif")
	}
	if target == TargetError {
		best, _ := s.Best()
		return best, nil
	}
	best := s.Results[0]
	for _, r := range s.Results[1:] {
		if r.Loss < best.Loss {
			best = r
		}
	}
	return best, nil
}
