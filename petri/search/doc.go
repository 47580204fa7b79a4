// Package search finds recurrent cells (motif.Cell, the search space of
// the paper's Experiment 2) with few ground-truth evaluations: the
// paper's Algorithm 1, in which a NAS method proposes cells and a
// surrogate, the Synthetic Petri Dish, decides which of them are worth
// evaluating.
//
// Loop.Run warm-starts on the ground truth of Init random cells; then each
// iteration fits the Predictor on all ground truth so far, lets the
// Proposer propose M new cells, predicts their losses, and evaluates the
// TopK with the lowest predictions. The best cell by ground truth is the
// answer; the Result also keeps every evaluated cell, in order, and the
// best loss after each iteration (the curves of the paper's Figure 3).
//
// The paper's two NAS methods are Proposers. GA is its elitist genetic
// algorithm (the P best cells breed M children by one-point crossover and
// per-position mutation), the default. NAO is Neural Architecture
// Optimization: an LSTM encoder, a performance predictor and an LSTM
// decoder with attention, trained on the known cells; new cells are
// decoded from the best cells' representations moved up the predictor's
// gradient, and come best first by NAO's own prediction. DishPredictor
// is the Petri dish as the Predictor; a nil Predictor evaluates the
// proposer's first TopK proposals, which gives the paper's baselines, GA
// and NAO alone. With the dish they are Petri-dish-GA and
// Petri-dish-NAO. Pool searches a fixed set of motifs
// instead, such as the cells of a tabulated ground truth or a grid over a
// family of your own: with no Predictor it is random search over the
// pool, with the dish it is the pool's Petri-dish search.
//
// GA and NAO know the encoding of recurrent cells. To search a motif
// family of your own (motif.Define), give a MotifGA your family's
// Random, Crossover and Mutate: it is the same elitist GA, and draws the
// warm start from Random; the DishPredictor then takes a dish.Config of
// your family (dish.ConfigFor(name)).
//
// Ground truth comes from an Evaluator: anything that returns a loss
// (lower is better) per cell, such as a trainer of a language model with
// the cell inside. EvaluatorFunc adapts a plain function:
//
//	ev := search.EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
//		losses := make([]float64, len(ms))
//		for i, m := range ms {
//			loss, err := trainPTB(ctx, m.(motif.Cell)) // your ground truth
//			if err != nil {
//				return nil, err
//			}
//			losses[i] = loss
//		}
//		return losses, nil
//	})
//	l := search.DefaultLoop()
//	l.Predictor = search.DishPredictor(dish.CellConfig())
//	res, err := l.Run(ctx, ev, nil)
//
// PTBEvaluator is that evaluator for the paper's Experiment 2, a Penn
// Treebank language model per cell, with every training run kept in a
// store; Loop.Warm starts a search from cells whose ground truth is
// already there, and Result.WriteCSV and ReadResultCSV (ReadResultCSVFor for another family
// than cells) save a search and
// read it back (petridish search does all of this from the command line).
//
// Ground truth is expensive, so Run never loses it: when the evaluator or
// the predictor fails, or the context is cancelled, Run returns what was
// evaluated so far together with the error. One seed (Loop.Seed) repeats
// a search, so an evaluator that caches its results resumes an
// interrupted search by running it again.
package search
