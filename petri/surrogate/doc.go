// Package surrogate is the NN-based control of the Synthetic Petri Dish
// paper: a small black-box MLP that learns motif -> ground-truth loss from
// the motif's numeric features (for a sigmoid motif, the slope itself),
// as motif.Features gives them: a motif type's Features method, or, for a
// family made with motif.Define (a motif type declared in a notebook cell
// included), its Definition's Features function.
//
// It is what the dish is compared against: trained on slopes in
// [0.41, 1.5], it extrapolates the trend there, whereas the dish, which
// runs the motif, predicts the peak outside the training range.
//
// DefaultConfig is the paper's: MLP 1-10-10-1, Adam lr 0.01 decayed by
// 0.97 every 100 steps, L2 1e-4, 150 steps, batch 15, trained on the
// z-normalised ground truth. Fit and Predict take the same motif tables
// as the dish (package motif motifs plus losses, lower is better); Save
// and Load keep a surrogate as versioned JSON.
package surrogate
