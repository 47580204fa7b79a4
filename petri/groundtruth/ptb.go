package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// PTBEvalBatch is the number of parallel streams TrainCell cuts the
// validation tokens into, the eval_batch_size of AWD-LSTM, DARTS and NAO.
const PTBEvalBatch = 10

// ErrDiverged is wrapped by TrainCell's error when training diverged (a
// loss or gradient that is not finite), so a search can tell a cell that
// cannot be trained at these settings, which deserves a bad score, from a
// failure: errors.Is(err, groundtruth.ErrDiverged).
var ErrDiverged = errors.New("the model diverged")

// PTBConfig holds the settings of TrainCell, the ground truth of
// Experiment 2 at a scale a CPU affords. DefaultPTBConfig returns them.
type PTBConfig struct {
	// Hidden is the size of the embedding and of the cell's state (NAO: 850).
	Hidden int
	// Batch is the number of parallel training streams (NAO: 64).
	Batch int
	// BPTT is the length of the windows of truncated backpropagation
	// through time (NAO: 35).
	BPTT int
	// Epochs is the number of passes over the training tokens.
	Epochs int
	// TrainTokens is how many tokens from the start of the training split
	// are trained on; 0 means all (929,589 on PTB).
	TrainTokens int
	// ValidTokens is how many tokens from the start of the validation
	// split score the model; 0 means all (73,760 on PTB).
	ValidTokens int
	// LR is SGD's step size (NAO and AWD-LSTM: 20), scaled for a window of
	// L < BPTT steps by L/BPTT as AWD-LSTM does.
	LR float64
	// Clip is the largest global norm of the gradient (NAO: 0.25); a larger
	// gradient is scaled down to it. 0 means no clipping.
	Clip float64
	// InitRange draws every weight (embedding and cell) uniformly in
	// +-InitRange; the decoder bias starts at 0. NAO's INITRANGE is 0.04
	// for Hidden 850; see DefaultPTBConfig for a smaller Hidden.
	InitRange float64
	// Seed draws the initial weights; one seed gives the same result bit
	// for bit.
	Seed uint64
}

// DefaultPTBConfig returns settings under which one run takes about 30
// seconds on two cores: Hidden 32, Batch 8,
// BPTT 35, one epoch over the first 100,000 training tokens, the first
// 20,000 validation tokens, NAO's LR 20 and Clip 0.25, InitRange 0.2 and
// the default seed (rng.Seed).
//
// InitRange is NAO's 0.04 scaled to the smaller state: a weight matrix
// with D rows drawn in +-r multiplies a vector's size by about r*sqrt(D/3),
// 0.67 for NAO's 0.04 and D = 850, and 0.67 again for 0.2 and D = 32. With
// 0.04 at D = 32 the gain is 0.13, the cell's state all but vanishes, and
// many cells (the all-identity cell, for one) never get past the unigram
// model in a short run: their losses agree to four digits whatever the
// cell or seed. Batch 8 rather than NAO's 64 takes eight times as many
// SGD steps for nearly the same time, because the decoder's work is per
// token; it reaches a lower loss in the same time.
//
// At this budget the differences between cells are small but mostly
// real. Over 50 cells with two runs each (notebooks/data/ptb_cells_gt.csv)
// the mean losses spread by 0.031 nats per token and a single run's seed
// noise is about 0.018, so about 83% of the spread of two-run means is the
// cells' own. The all-identity cell is the worst by far (6.289, against
// 6.110 to 6.242 for the rest; its second run diverged); NAO's best cell
// scores 6.148, 9th of 50. More TrainTokens, Epochs or runs per cell
// sharpen it. NAO's own ground truth
// (Hidden 850, Batch 64, all tokens, hundreds of epochs, dropout) takes
// GPU-hours per cell.
func DefaultPTBConfig() PTBConfig {
	return PTBConfig{Hidden: 32, Batch: 8, BPTT: 35, Epochs: 1, TrainTokens: 100000, ValidTokens: 20000,
		LR: 20, Clip: 0.25, InitRange: 0.2, Seed: rng.Seed()}
}

// Validate reports the first invalid setting and what to use instead,
// including settings under which the model and its training state (for
// PTB's vocabulary and splits) could not fit in the machine's memory.
func (c PTBConfig) Validate() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("PTB config: %s is %v; %s", field, v, want)
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.Hidden <= 0:
		return bad("Hidden", c.Hidden, "use a positive size such as 32")
	case c.Batch <= 0:
		return bad("Batch", c.Batch, "use a positive number of streams such as 8")
	case c.BPTT <= 0:
		return bad("BPTT", c.BPTT, "use a positive window length such as 35")
	case c.Epochs <= 0:
		return bad("Epochs", c.Epochs, "train at least one epoch")
	case c.TrainTokens < 0:
		return bad("TrainTokens", c.TrainTokens, "use 0 for the whole training split or a positive count")
	case c.ValidTokens < 0:
		return bad("ValidTokens", c.ValidTokens, "use 0 for the whole validation split or a positive count")
	case c.TrainTokens > 0 && c.TrainTokens < 2*c.Batch:
		return bad("TrainTokens", c.TrainTokens, fmt.Sprintf("too few for %d training streams (Batch) of at least 2 tokens; use at least %d, or 0 for the whole training split", c.Batch, 2*c.Batch))
	case c.ValidTokens > 0 && c.ValidTokens < 2*PTBEvalBatch:
		return bad("ValidTokens", c.ValidTokens, fmt.Sprintf("too few for the %d validation streams of at least 2 tokens; use at least %d, or 0 for the whole validation split", PTBEvalBatch, 2*PTBEvalBatch))
	case !(c.LR > 0) || !finite(c.LR):
		return bad("LR", c.LR, "use a positive step such as 20")
	case !(c.Clip >= 0) || !finite(c.Clip):
		return bad("Clip", c.Clip, "use a positive gradient norm such as 0.25, or 0 for no clipping")
	case !(c.InitRange > 0) || !finite(c.InitRange):
		return bad("InitRange", c.InitRange, "use a positive range such as 0.2 (0.04 for Hidden 850)")
	}
	// An absurd Hidden (or window) would die in make with "fatal error:
	// runtime: out of memory", which no caller can recover from.
	orAll := func(n, all int) int {
		if n == 0 {
			return all
		}
		return n
	}
	return c.checkMemory(ptbVocab, orAll(c.TrainTokens, ptbTrainTokens), orAll(c.ValidTokens, ptbValidTokens))
}

// PTBResult is the outcome of one TrainCell run.
type PTBResult struct {
	// Cell is the cell's NAO encoding.
	Cell string
	// Seed is the run's seed.
	Seed uint64
	// ValidLoss is the mean cross-entropy (nats per token) on the
	// validation tokens: the loss a Petri dish ranks cells by.
	ValidLoss float64
	// ValidPPL is the validation perplexity, exp(ValidLoss).
	ValidPPL float64
	// ValidTokens is the number of validation tokens scored.
	ValidTokens int
	// TrainLoss is the mean training cross-entropy of each window, in
	// order, over all epochs.
	TrainLoss []float64
	// Tokens is the number of training tokens processed (over all epochs).
	Tokens int
	// Params is the number of weights (the tied embedding counted once).
	Params int
	// Seconds is the run's wall time, training and validation.
	Seconds float64
	// TokensPerSec is the training throughput.
	TokensPerSec float64
}

// String summarises the run in one line.
func (r PTBResult) String() string {
	return fmt.Sprintf("cell %s: validation loss %.4f (perplexity %.2f) on %d tokens after %d training tokens; %.1f s, %.0f tokens/s",
		r.Cell, r.ValidLoss, r.ValidPPL, r.ValidTokens, r.Tokens, r.Seconds, r.TokensPerSec)
}

// TrainCell trains a word-level language model whose recurrent layer is
// the cell c on corpus (data.PTB for Penn Treebank) and returns its
// validation loss: the ground truth of Experiment 2. The model is NAO's
// RNNModel without dropout: an embedding of cfg.Hidden, the cell with a
// state of cfg.Hidden (motif.Cell.Step), and a decoder tied to the
// embedding with a bias, under softmax cross-entropy. It trains with
// plain SGD (cfg.LR, gradient norm clipped to cfg.Clip) by truncated
// backpropagation through time: the first cfg.TrainTokens training tokens
// are cut into cfg.Batch streams (data.Batchify) and windows of cfg.BPTT
// steps (data.BPTTWindow); the state carries from window to window,
// detached, and starts at zero each epoch. The model is then scored on
// the first cfg.ValidTokens validation tokens in PTBEvalBatch streams,
// carrying the state the same way.
//
// It runs in float64 on the CPU (the decoder's products and softmax use
// every core) and gives the same result for the same seed. rep, which may
// be nil, gets a report per window. When ctx ends, TrainCell stops at the
// next time step (within a tenth of a second at DefaultPTBConfig's size)
// with an error wrapping ctx.Err(). A training
// loss or gradient that is not finite, or a validation loss that
// DivergedLoss rejects (far worse than a uniform prediction), is an
// error wrapping ErrDiverged; lower cfg.LR then. Some cells diverge at NAO's
// LR where others do not (the all-identity cell, whose state is not
// bounded, did for one of the seeds 1 to 3 at DefaultPTBConfig), so a
// search should give such a cell a bad score rather than stop.
func TrainCell(ctx context.Context, c motif.Cell, corpus *data.Corpus, cfg PTBConfig, rep progress.Reporter) (PTBResult, error) {
	start := time.Now()
	if err := c.Validate(); err != nil {
		return PTBResult{}, fmt.Errorf("ground truth PTB: cell %q: %w", c, err)
	}
	if err := cfg.Validate(); err != nil {
		return PTBResult{}, err
	}
	train, valid, err := ptbPrefixes(corpus, cfg)
	if err != nil {
		return PTBResult{}, err
	}
	if err := cfg.checkMemory(len(corpus.Words), len(train), len(valid)); err != nil {
		return PTBResult{}, err // Validate assumed PTB's vocabulary
	}
	trainRows, n, err := data.Batchify(train, cfg.Batch)
	if err != nil {
		return PTBResult{}, fmt.Errorf("ground truth PTB: training tokens: %w", err)
	}
	validRows, nv, err := data.Batchify(valid, PTBEvalBatch)
	if err != nil {
		return PTBResult{}, fmt.Errorf("ground truth PTB: validation tokens: %w", err)
	}
	windows := (n - 1 + cfg.BPTT - 1) / cfg.BPTT
	validWindows := (nv - 1 + cfg.BPTT - 1) / cfg.BPTT
	total := cfg.Epochs*windows + validWindows
	label := fmt.Sprintf("ground truth PTB cell %q", c.String())

	m := newLM(c, len(corpus.Words), cfg.Hidden, cfg.InitRange, rng.New(cfg.Seed))
	res := PTBResult{Cell: c.String(), Seed: cfg.Seed, Params: m.numParams(), TrainLoss: make([]float64, 0, cfg.Epochs*windows)}
	h := make([]float64, cfg.Batch*cfg.Hidden)
	done := 0
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		clear(h)
		for i, w := 0, 1; i < n-1; i, w = i+cfg.BPTT, w+1 {
			if err := ctx.Err(); err != nil {
				return PTBResult{}, fmt.Errorf("%s: stopped in epoch %d window %d: %w", label, epoch, w, err)
			}
			input, target, L, err := data.BPTTWindow(trainRows, cfg.Batch, i, cfg.BPTT)
			if err != nil {
				return PTBResult{}, fmt.Errorf("%s: %w", label, err)
			}
			loss, err := m.trainWindow(ctx, input, target, L, cfg.Batch, h)
			if ctx.Err() != nil {
				return PTBResult{}, fmt.Errorf("%s: stopped in epoch %d window %d: %w", label, epoch, w, ctx.Err())
			}
			if err != nil {
				return PTBResult{}, fmt.Errorf("%s: epoch %d window %d: %w", label, epoch, w, err)
			}
			norm := m.step(cfg.LR*float64(L)/float64(cfg.BPTT), cfg.Clip)
			if !isFinite(loss) || !isFinite(norm) {
				return PTBResult{}, divergedError(label, epoch, w, windows, loss, norm, cfg)
			}
			res.TrainLoss = append(res.TrainLoss, loss)
			res.Tokens += L * cfg.Batch
			done++
			progress.Report(rep, done, total, fmt.Sprintf("epoch %d/%d window %d/%d loss %.3f", epoch, cfg.Epochs, w, windows, loss))
		}
	}
	trained := time.Since(start).Seconds()

	hv := make([]float64, PTBEvalBatch*cfg.Hidden)
	sum := 0.0
	for i, w := 0, 1; i < nv-1; i, w = i+cfg.BPTT, w+1 {
		if err := ctx.Err(); err != nil {
			return PTBResult{}, fmt.Errorf("%s: stopped in validation window %d: %w", label, w, err)
		}
		input, target, L, err := data.BPTTWindow(validRows, PTBEvalBatch, i, cfg.BPTT)
		if err != nil {
			return PTBResult{}, fmt.Errorf("%s: %w", label, err)
		}
		s, err := m.evalWindow(ctx, input, target, L, PTBEvalBatch, hv)
		if ctx.Err() != nil {
			return PTBResult{}, fmt.Errorf("%s: stopped in validation window %d: %w", label, w, ctx.Err())
		}
		if err != nil {
			return PTBResult{}, fmt.Errorf("%s: validation window %d: %w", label, w, err)
		}
		sum += s
		res.ValidTokens += L * PTBEvalBatch
		done++
		progress.Report(rep, done, total, fmt.Sprintf("validation window %d/%d", w, validWindows))
	}
	res.ValidLoss = sum / float64(res.ValidTokens)
	if !isFinite(res.ValidLoss) {
		return PTBResult{}, fmt.Errorf("%s: validation loss is %v: %w; %s", label, res.ValidLoss, ErrDiverged, lowerLR(cfg))
	}
	if DivergedLoss(res.ValidLoss, len(corpus.Words)) {
		return PTBResult{}, fmt.Errorf("%s: validation loss is %.4g, more than %d times %.4g, the loss of a uniform prediction (ln of the %d words): %w; %s",
			label, res.ValidLoss, DivergedFactor, math.Log(float64(len(corpus.Words))), len(corpus.Words), ErrDiverged, lowerLR(cfg))
	}
	res.ValidPPL = math.Exp(res.ValidLoss)
	res.Seconds = time.Since(start).Seconds()
	res.TokensPerSec = float64(res.Tokens) / trained
	return res, nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// DivergedFactor bounds a validation loss that counts as trained: a
// model whose loss (nats per token) is more than DivergedFactor times
// ln(vocabulary), the loss of predicting every word with equal
// probability, diverged, even when the loss is finite (at a huge LR it
// reaches 1e50, whose perplexity overflows).
const DivergedFactor = 3

// DivergedLoss reports whether a validation loss over a vocabulary of
// vocab words means training diverged: the loss is not finite, or more
// than DivergedFactor times ln(vocab).
func DivergedLoss(loss float64, vocab int) bool {
	return !isFinite(loss) || loss > DivergedFactor*math.Log(float64(max(vocab, 2)))
}

// divergedError reports a window whose loss or gradient norm is not finite.
func divergedError(label string, epoch, w, windows int, loss, norm float64, cfg PTBConfig) error {
	what := fmt.Sprintf("training loss is %v", loss)
	if isFinite(loss) {
		what = fmt.Sprintf("gradient norm is %v", norm)
	}
	return fmt.Errorf("%s: %s in epoch %d window %d of %d: %w; %s",
		label, what, epoch, w, windows, ErrDiverged, lowerLR(cfg))
}

// lowerLR says what to change after a divergence.
func lowerLR(cfg PTBConfig) string {
	s := fmt.Sprintf("lower LR (now %g), e.g. to %g", cfg.LR, cfg.LR/2)
	if cfg.Clip == 0 {
		s += ", or clip the gradient (Clip 0.25)"
	}
	return s
}

// ptbPrefixes returns the training and validation tokens TrainCell uses,
// checking them against the vocabulary.
func ptbPrefixes(corpus *data.Corpus, cfg PTBConfig) (train, valid []int, err error) {
	if corpus == nil {
		return nil, nil, errors.New("ground truth PTB: the corpus is nil; load one with data.PTB()")
	}
	if len(corpus.Words) < 2 {
		return nil, nil, fmt.Errorf("ground truth PTB: the corpus has %d words in its vocabulary; a language model needs at least 2", len(corpus.Words))
	}
	prefix := func(split string, ids []int, n int, field string, minimum int) ([]int, error) {
		if n == 0 {
			n = len(ids)
		}
		if n > len(ids) {
			return nil, fmt.Errorf("ground truth PTB: %s is %d but the %s split has %d tokens; lower it (or use 0 for all)", field, n, split, len(ids))
		}
		if n < minimum {
			return nil, fmt.Errorf("ground truth PTB: %d %s tokens (%s) are too few for %d streams of at least 2 tokens; use at least %d", n, split, field, minimum/2, minimum)
		}
		for i, id := range ids[:n] {
			if id < 0 || id >= len(corpus.Words) {
				return nil, fmt.Errorf("ground truth PTB: %s token %d has id %d, outside the vocabulary of %d words", split, i, id, len(corpus.Words))
			}
		}
		return ids[:n], nil
	}
	if train, err = prefix(data.PTBTrain, corpus.Train, cfg.TrainTokens, "TrainTokens", 2*cfg.Batch); err != nil {
		return nil, nil, err
	}
	if valid, err = prefix(data.PTBValid, corpus.Valid, cfg.ValidTokens, "ValidTokens", 2*PTBEvalBatch); err != nil {
		return nil, nil, err
	}
	return train, valid, nil
}

// PTBUnigramLoss returns the validation loss of the unigram model, the
// reference a language model must beat: word frequencies counted on the
// training tokens TrainCell would use (with add-one smoothing, so words
// missing from a short prefix keep a probability), scored on the
// validation tokens TrainCell scores. Its exp is the unigram perplexity.
func PTBUnigramLoss(corpus *data.Corpus, cfg PTBConfig) (float64, error) {
	if err := cfg.Validate(); err != nil {
		return 0, err
	}
	train, valid, err := ptbPrefixes(corpus, cfg)
	if err != nil {
		return 0, err
	}
	V := len(corpus.Words)
	counts := make([]float64, V)
	for _, id := range train {
		counts[id]++
	}
	norm := math.Log(float64(len(train) + V))
	rows, _, err := data.Batchify(valid, PTBEvalBatch)
	if err != nil {
		return 0, fmt.Errorf("ground truth PTB: validation tokens: %w", err)
	}
	scored := rows[PTBEvalBatch:] // every stream's tokens after its first
	sum := 0.0
	for _, id := range scored {
		sum += norm - math.Log(counts[id]+1)
	}
	return sum / float64(len(scored)), nil
}
