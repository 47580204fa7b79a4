package search

import (
	"context"
	"fmt"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
)

// DishModel is the Synthetic Petri Dish as the Predictor of Algorithm 1
// (make one with DishPredictor). Each Fit trains a fresh dish (dish.New
// with Config, so the same seed every time) on all ground truth so far;
// with Config.Outer.Batch set (40 in dish.CellConfig), each outer step
// trains that many motif-networks sampled from it, as Experiment 2 does.
// Predict trains the proposals' motif-networks on the learned synthetic
// data and maps their scores to the ground-truth scale.
//
// A DishModel is not safe for concurrent use.
type DishModel struct {
	// Config is the dish to train; its Family must be that of the motifs
	// the search proposes (motif.CellFamily for GA and NAO; for a family
	// of your own, dish.ConfigFor(its name) or a variant).
	Config dish.Config
	// Restarts is the number of dishes each Fit trains from seeds
	// Config.Seed, Config.Seed+1, ..., keeping the one with the lowest
	// outer loss on the ground truth (dish.TrainRestarts); 0 or 1 trains
	// one.
	Restarts int
	// Reporter, if not nil, receives the outer steps of each Fit.
	Reporter progress.Reporter

	dish    *dish.Dish
	history dish.History
}

// DishPredictor returns a DishModel that trains dishes with cfg, usually
// dish.CellConfig() (Experiment 2's dish) or a variant of it.
func DishPredictor(cfg dish.Config) *DishModel { return &DishModel{Config: cfg} }

// Validate reports whether the config can train a dish. (Loop.Validate
// also checks that its family is the search's.)
func (p *DishModel) Validate() error {
	if p.Restarts < 0 {
		return fmt.Errorf("the dish predictor's restarts is %d; use 0 or 1 for one dish, or more", p.Restarts)
	}
	return p.Config.Validate()
}

// Fit trains a fresh dish on the cells and their ground-truth losses and
// keeps it for Predict. If training fails or ctx is cancelled, Fit returns
// the error and keeps the previous dish.
func (p *DishModel) Fit(ctx context.Context, ms []motif.Motif, losses []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Restarts > 1 {
		d, res, err := dish.TrainRestarts(ctx, p.Config, p.Restarts, ms, losses, p.Reporter)
		if err != nil {
			return err
		}
		p.dish, p.history = d, res.History
		return nil
	}
	d, err := dish.New(p.Config)
	if err != nil {
		return err
	}
	h, err := d.Train(ctx, ms, losses, p.Reporter)
	if err != nil {
		return err
	}
	p.dish, p.history = d, h
	return nil
}

// Predict returns the predicted ground-truth loss of each cell, in order,
// from the dish of the last successful Fit.
func (p *DishModel) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	if p.dish == nil {
		return nil, fmt.Errorf("the dish predictor has not been fitted; call Fit with ground truth first (Loop.Run does)")
	}
	return p.dish.Predict(ctx, ms)
}

// Dish returns the dish of the last successful Fit (nil before one), to
// inspect or save.
func (p *DishModel) Dish() *dish.Dish { return p.dish }

// History returns the training history of the last successful Fit.
func (p *DishModel) History() dish.History { return p.history }
