package motif

import "fmt"

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
// surrogate (for a sigmoid slope: the slope itself). Use the package
// function Features, which also asks the motif's family.
type Featurer interface {
	Features() []float64
}

// FeatureFamily is a Family that gives its motifs' numeric features
// itself, for motifs that are not Featurers. A family made by Define is
// one; it gives features when its Definition has Features.
type FeatureFamily interface {
	Family
	// MotifFeatures returns m's features and true, or false when the
	// family has none to give.
	MotifFeatures(m Motif) (features []float64, ok bool)
}

// Features returns m's numeric features, for black-box predictors such
// as the NN surrogate: from its family's MotifFeatures (a family that
// Define made with Definition.Features) if it gives them, or else from
// the motif's own Features method (Featurer). The error says how to
// provide them.
func Features(m Motif) ([]float64, error) {
	if m == nil {
		return nil, fmt.Errorf("the motif is nil")
	}
	regMu.RLock()
	fam := registry[m.Family()]
	regMu.RUnlock()
	if ff, ok := fam.(FeatureFamily); ok {
		if v, ok := ff.MotifFeatures(m); ok {
			return v, nil
		}
	}
	if f, ok := m.(Featurer); ok {
		return f.Features(), nil
	}
	if _, ok := fam.(*defined); ok {
		return nil, fmt.Errorf("motifs of family %q have no numeric features; give its motif.Definition a Features function, e.g. Features: func(m motif.Motif) []float64 { return m.(myMotif).Features() }, and run motif.Define again (compiled code cannot see a Features method of a type declared in a notebook cell or script)", m.Family())
	}
	return nil, fmt.Errorf("motifs of family %q have no numeric features; give the motif type a Features() []float64 method (motif.Featurer), or, for a family made with motif.Define, its Definition a Features function", m.Family())
}
