package surrogate

import (
	"fmt"
	"strconv"
	"strings"
)

// String describes the surrogate in one line: its MLP, seed and, once
// fitted, the family and the ground truth it was fitted to. A notebook
// shows it for a cell whose value is a surrogate.
func (s *Surrogate) String() string {
	hidden := make([]string, len(s.cfg.Hidden))
	for i, n := range s.cfg.Hidden {
		hidden[i] = strconv.Itoa(n)
	}
	desc := fmt.Sprintf("NN surrogate: MLP with hidden layers %s (%s), seed %d", strings.Join(hidden, "-"), s.cfg.Activation, s.cfg.Seed)
	if !s.Fitted() {
		return desc + "; not fitted"
	}
	return fmt.Sprintf("%s; fitted on %s motifs (ground truth mean %.4g, std %.4g)", desc, s.family, s.gtMean, s.gtStd)
}

// String summarises the fit: its steps and the minibatch MSE at the first
// and the last.
func (h History) String() string {
	if len(h.Loss) == 0 {
		return "no steps"
	}
	return fmt.Sprintf("%d steps: minibatch MSE %.4g → %.4g", len(h.Loss), h.Loss[0], h.Loss[len(h.Loss)-1])
}
