package dish

import (
	"fmt"
	"math"
	"slices"

	"github.com/petridish-go/petridish/petri/motif"
)

// MinTrainMotifs is the fewest ground-truth motifs Train accepts: with
// fewer, z-normalised ranks carry almost no information.
const MinTrainMotifs = 3

// checkGroundTruth validates a training set for a dish of family fam.
func checkGroundTruth(fam motif.Family, ms []motif.Motif, gt []float64) error {
	if len(ms) != len(gt) {
		return fmt.Errorf("got %d motifs but %d ground-truth losses; give one loss per motif", len(ms), len(gt))
	}
	if len(ms) < MinTrainMotifs {
		return fmt.Errorf("got %d ground-truth motifs; the dish needs at least %d to learn an ordering", len(ms), MinTrainMotifs)
	}
	if err := motif.Check(fam, ms); err != nil {
		return err
	}
	for i, v := range gt {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("ground-truth loss %d, of motif %q, is %v; every loss must be a finite number (drop or rerun the motif)", i, ms[i].String(), v)
		}
	}
	// Equal losses can give a std of a rounding error rather than 0
	// (0.1, 0.1, 0.1 does), so compare them exactly too.
	if _, std := meanStd(gt); !(std > 0) || slices.Min(gt) == slices.Max(gt) {
		return fmt.Errorf("all %d ground-truth losses are equal (%v); the dish learns an ordering and needs motifs that differ", len(gt), gt[0])
	}
	return nil
}

// LossesFromAccuracies converts accuracies in [0,1] (higher is better)
// into the losses the dish trains on (lower is better): 1 - accuracy.
func LossesFromAccuracies(acc []float64) []float64 {
	out := make([]float64, len(acc))
	for i, a := range acc {
		out[i] = 1 - a
	}
	return out
}

// AccuraciesFromLosses is the inverse of LossesFromAccuracies, for
// reading Predict's output as accuracies.
func AccuraciesFromLosses(loss []float64) []float64 {
	return LossesFromAccuracies(loss)
}
