// Package motif defines what the Synthetic Petri Dish searches over: a
// Motif (one candidate architecture component, such as the slope of a
// sigmoid or a recurrent cell) and the Family it belongs to.
//
// A Family knows how to parse its motifs' text encoding and how to build
// the small motif-network the dish trains for each motif: its parameter
// count, its shared initial weights, and its loss as a petri/autodiff graph
// (the generic path, which works for every family). A family may also
// implement FusedFamily, a hand-written forward pass plus adjoint through
// the whole unrolled inner Adam loop, which the dish prefers because it is
// one to two orders of magnitude faster than a generic tape. A family may
// further implement BatchFamily, whose Batch hands a whole batch of
// motif-networks to a compute backend of package accel in one call (the
// dish's device path; for the sigmoid family, accel.UnrolledMLPs on the
// GPU, in float64).
//
// Families register themselves with Register; Lookup and Parse find them by
// name. A notebook cell or a script defines a family of its own with
// Define, from plain functions (rerunning the cell replaces it), usually
// around MLPLoss, the fully connected network with any hidden activation
// (a Definition with only an Activation means that network, and
// ActivationOf hands the activation to the ground truth);
// its motifs are Scalars unless it brings its own Parse, and their numeric
// features (Features, for black-box predictors such as the NN surrogate)
// come from the Definition's Features, or the motif type's own method.
//
// Two families are built in. The sigmoid family (Experiment 1 of the
// paper): its motif is the slope s of the hidden activation sigmoid(s*x),
// encoded as a decimal string such as "0.23", and its motif-network is a
// small MLP (10-1-1-10 in the paper) with a fused path and a device path.
// The rnncell family (Experiment 2): its motif is a Cell, a recurrent cell
// of NAO's and ENAS's search space in NAO's 22-integer encoding; its
// motif-network runs the cell with a state of 3 neurons over synthetic
// sequences and reads every step out to 10 logits, with a fused path
// (hand-written reverse and R-passes) checked against the generic one.
// Cell.Step records the cell on any tape, for larger models.
//
// The package knows nothing of how the dish trains its synthetic data; it
// only answers "what is this motif's validation loss after inner training,
// and its gradient with respect to the synthetic inputs".
package motif
