package dish

import (
	"context"
	"errors"

	"github.com/petridish-go/petridish/petri/motif"
)

// Scores trains each motif's network on the dish's synthetic data and
// returns its raw dish score (validation loss), in input order. Lower
// scores predict better motifs. It works on untrained dishes too. It
// fails if the dish's family was defined again since the dish was made
// (see Rebind).
func (d *Dish) Scores(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	if err := d.current(); err != nil {
		return nil, err
	}
	if err := motif.CheckFamily(d.fam, ms); err != nil {
		return nil, err
	}
	eng, err := d.engine()
	if err != nil {
		return nil, err
	}
	return eng.scores(ctx, ms, d.xTrain, d.xValid)
}

// Predict returns each motif's predicted ground-truth loss, in input
// order: its dish score mapped through the calibration of the last Train
// (see Calibration). The dish must be trained, and its family not
// defined again since (see Rebind). Repeated motifs are allowed and get
// the same prediction.
func (d *Dish) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	if d.cal == nil {
		return nil, errors.New("the dish is not trained; call Train with ground truth (or Load a trained dish) before Predict")
	}
	s, err := d.Scores(ctx, ms)
	if err != nil {
		return nil, err
	}
	c := d.cal
	for i, v := range s {
		s[i] = c.GTMean + c.GTStd*(v-c.ScoreMean)/c.ScoreStd
	}
	return s, nil
}
