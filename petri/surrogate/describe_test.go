package surrogate

import (
	"context"
	"fmt"
	"testing"
)

// TestDescriptions checks what a notebook shows for a surrogate and its
// History.
func TestDescriptions(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("NN surrogate: MLP with hidden layers 10-10 (tanh), seed %d", s.Config().Seed)
	if got := s.String(); got != want+"; not fitted" {
		t.Errorf("new surrogate shows %q, want %q", got, want+"; not fitted")
	}
	ms, gt := slopeData()
	h, err := s.Fit(context.Background(), ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), fmt.Sprintf("%s; fitted on sigmoid motifs (ground truth mean %.4g, std %.4g)", want, s.gtMean, s.gtStd); got != want {
		t.Errorf("fitted surrogate shows %q, want %q", got, want)
	}
	if got, want := h.String(), fmt.Sprintf("150 steps: minibatch MSE %.4g → %.4g", h.Loss[0], h.Loss[149]); got != want {
		t.Errorf("History shows %q, want %q", got, want)
	}
	if got := (History{}).String(); got != "no steps" {
		t.Errorf("empty History shows %q", got)
	}
}
