package groundtruth

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/motif"
)

// PTB's sizes, for checking a PTBConfig before the corpus is read: the
// vocabulary (with <eos>) and the tokens of the training and validation
// splits.
const (
	ptbVocab       = 10000
	ptbTrainTokens = 929589
	ptbValidTokens = 73760
)

// addressSpace is the most a process can allocate where the machine's
// memory is unknown: the 47-bit user address space of amd64 and arm64
// (128 TiB).
const addressSpace = 1 << 47

// machineMemory returns the memory the process can use, in bytes (see
// systemMemory), and false when it is not known. Tests replace it.
var machineMemory = systemMemory

// lmTapeFloats is a lower bound on the float64s that autodiff's tape holds
// per state value (one of the B*D of a time step) while a window trains:
// for each of the cell's nodes, the product [B, 2D] and the new state,
// forward and backward. What a process really takes is higher: the
// maximum resident set of petridish groundtruth rnncell was 3.7 GB at
// Hidden 850, Batch 64, BPTT 35, where ptbMemory says 1.9, and 14.4 GB
// at BPTT 200, where it says 6.0. The check is meant to refuse sizes that
// cannot fit, never one that would have trained.
const lmTapeFloats = 4 * motif.CellNodes

// ptbMemory returns a lower bound on the bytes TrainCell allocates for
// cfg on a corpus of vocab words of which it trains on trainTokens and
// scores validTokens: weights, their gradients and the tape's copies of
// both, the decoder's buffers ([D+1, V] twice), and a window's logits,
// state gradients and tape. model is the part that depends on the
// vocabulary and Hidden alone, window the part a window of BPTT steps of
// Batch streams adds. The figures are float64s, so they cannot overflow.
// n is the number of tokens of that window (BPTT steps of the streams).
func ptbMemory(cfg PTBConfig, vocab, trainTokens, validTokens int) (model, window float64, n int) {
	v, d := float64(vocab), float64(cfg.Hidden)
	params := v*d + float64(2*(motif.CellNodes+2))*d*d + v // E, W_0 [2D, 2D], W_1..W_11 [D, 2D], the bias
	model = 8 * (4*params + 2*(d+1)*v)
	rows := func(tokens, streams int) int { // N, the targets of the longest window
		return min(cfg.BPTT, max(tokens/streams-1, 1)) * streams
	}
	n = max(rows(trainTokens, cfg.Batch), rows(validTokens, PTBEvalBatch))
	window = 8 * float64(n) * (v + 2*d + 2 + d*lmTapeFloats)
	return model, window, n
}

// checkMemory refuses cfg when the model TrainCell would build for it
// cannot fit in the machine's memory (see ptbMemory), before anything is
// allocated: the error names the setting to lower.
func (c PTBConfig) checkMemory(vocab, trainTokens, validTokens int) error {
	limit, known := machineMemory()
	if !known || limit > addressSpace {
		limit, known = addressSpace, false
	}
	model, window, n := ptbMemory(c, vocab, trainTokens, validTokens)
	need := model + window
	if need <= float64(limit) {
		return nil
	}
	have := fmt.Sprintf("this machine has %s of memory", byteSize(float64(limit)))
	if !known {
		have = fmt.Sprintf("a process can address at most %s", byteSize(addressSpace))
	}
	if model >= window {
		fit := largestFitting(func(h int) bool {
			d := c
			d.Hidden = h
			m, w, _ := ptbMemory(d, vocab, trainTokens, validTokens)
			return m+w <= float64(limit)
		}, c.Hidden)
		return fmt.Errorf("PTB config: Hidden is %d; the language model's weights and training state (a vocabulary of %d words) need at least %s, and %s; even Hidden %d would need all of it, so use a much smaller size, such as 32 (NAO: 850)",
			c.Hidden, vocab, byteSize(need), have, fit+1)
	}
	return fmt.Errorf("PTB config: BPTT is %d and Batch is %d; a window of %d tokens at Hidden %d needs at least %s for its logits over %d words and its backpropagation, and %s; use a smaller BPTT or Batch, such as 35 and 8",
		c.BPTT, c.Batch, n, c.Hidden, byteSize(need), vocab, have)
}

// largestFitting returns the largest h in [0, hi) for which fits holds,
// given that fits holds for every h below one for which it holds.
func largestFitting(fits func(int) bool, hi int) int {
	lo := 0 // fits(lo) or lo == 0
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// byteSize writes n bytes in MB, GB (10^9) or TB, with three significant
// digits below 1000 TB and as a whole number of TB above.
func byteSize(n float64) string {
	switch {
	case n >= 1e15:
		return fmt.Sprintf("%.0f TB", n/1e12)
	case n >= 1e12:
		return fmt.Sprintf("%.3g TB", n/1e12)
	case n >= 1e9:
		return fmt.Sprintf("%.3g GB", n/1e9)
	}
	return fmt.Sprintf("%.3g MB", n/1e6)
}

// minMemory returns the smaller of two byte counts, either of which may be
// 0 for unknown.
func minMemory(a, b uint64) uint64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}
