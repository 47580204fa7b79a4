package motif

// Motif is one candidate architecture component that the dish puts into a
// motif-network. Implementations are small comparable values; String is
// the canonical text encoding, and Parse(m.Family(), m.String()) returns an
// equal motif.
type Motif interface {
	// Family names the family the motif belongs to, e.g. "sigmoid".
	Family() string
	// String returns the motif's canonical text encoding, e.g. "0.23".
	String() string
}

// Featurer is implemented by motifs that can describe themselves as a
// fixed-length numeric vector, for black-box predictors such as the NN
// surrogate (for a sigmoid slope: the slope itself).
type Featurer interface {
	Features() []float64
}
