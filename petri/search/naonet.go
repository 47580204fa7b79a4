package search

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/nn"
)

// NAO's cells as token sequences. A cell's 22 integers become 22 tokens:
// a predecessor p is token 1+p and an activation a is token 12+a, so
// the two kinds never share a token. Token 0 starts the decoder's input
// (NAO's SOS).
const (
	naoSOS     = 0
	naoPrevTok = 1                            // first predecessor token
	naoActTok  = naoPrevTok + motif.CellNodes // first activation token
	naoVocab   = naoActTok + motif.CellActs   // 16 tokens in all
	naoLen     = cellGenes                    // 22 tokens per cell
	naoNormEps = 1e-24                        // inside the square root of an L2 norm
)

// naoSeq is a cell as NAO's tokens.
type naoSeq [naoLen]int

// naoTokens returns c's tokens.
func naoTokens(c motif.Cell) naoSeq {
	var s naoSeq
	for k, g := range genes(c) {
		if k%2 == 0 {
			s[k] = naoPrevTok + g
		} else {
			s[k] = naoActTok + g
		}
	}
	return s
}

// naoSeqs returns the cells' tokens.
func naoSeqs(cells []motif.Cell) []naoSeq {
	out := make([]naoSeq, len(cells))
	for i, c := range cells {
		out[i] = naoTokens(c)
	}
	return out
}

// naoAllowed returns the tokens position k may hold: [lo, hi).
func naoAllowed(k int) (lo, hi int) {
	if k%2 == 0 {
		return naoPrevTok, naoPrevTok + geneRange(k)
	}
	return naoActTok, naoVocab
}

// naoCell is the inverse of naoTokens for a sequence whose every token
// lies in its position's naoAllowed range (the decoder's are).
func naoCell(s naoSeq) motif.Cell {
	var g [cellGenes]int
	for k, t := range s {
		lo, _ := naoAllowed(k)
		g[k] = t - lo
	}
	return fromGenes(g)
}

// naoNet is NAO's encoder, performance predictor and decoder (Luo et al.
// 2018) over cells, with its parameters kept outside any tape:
//
//   - encoder: token embedding -> one-layer LSTM; its outputs, each
//     L2-normalised, are the cell's continuous representation, and their
//     normalised mean is the cell's embedding;
//   - predictor: the embedding -> MLP (ReLU layers) -> sigmoid, the
//     predicted performance in [0, 1] (higher is better);
//   - decoder: a one-layer LSTM started from the embedding (as both its
//     hidden and cell state), fed the previous token, with dot-product
//     attention over the encoder's outputs, out to logits over the tokens.
//
// Embeddings and the LSTMs are Hidden wide, as in NAO.
type naoNet struct {
	hidden int
	mlp    *nn.MLP // the predictor, before its sigmoid
	params []nn.Param
}

// Indices of naoNet's parameters; the predictor's MLP follows naoMLP as
// W0, b0, W1, b1, ... and ends with the 1-wide regressor.
const (
	naoEncEmb = iota // [vocab, H]
	naoEncW          // [2H, 4H]: [x, h] -> gates i, f, g, o
	naoEncB          // [4H]
	naoDecEmb        // [vocab, H]
	naoDecW          // [2H, 4H]
	naoDecB          // [4H]
	naoAttW          // [2H, H]: [attended context, LSTM output] -> output
	naoAttB          // [H]
	naoOutW          // [H, vocab]
	naoOutB          // [vocab]
	naoMLP
)

// naoInitRange is NAO's INITRANGE, the uniform range of its embeddings and
// attention weights.
const naoInitRange = 0.04

// newNAONet returns a network with fresh parameters: embeddings and the
// attention layer uniform in ±0.04 (NAO's INITRANGE); the LSTMs and the
// other linear layers uniform in ±1/sqrt(fan-in), PyTorch's defaults,
// which NAO keeps.
func newNAONet(hidden, mlpLayers, mlpHidden int, r *rand.Rand) (*naoNet, error) {
	h := hidden
	sizes, acts := []int{h}, []nn.Activation{}
	for range mlpLayers {
		sizes, acts = append(sizes, mlpHidden), append(acts, nn.ReLU())
	}
	mlp, err := nn.NewMLP(append(sizes, 1), append(acts, nil), 0) // the last layer is the regressor
	if err != nil {
		return nil, fmt.Errorf("NAO predictor: %w", err)
	}
	uni := func(name string, scale float64, shape ...int) nn.Param {
		p := nn.Param{Name: name, Shape: shape}
		p.Data = make([]float64, p.Len())
		for i := range p.Data {
			p.Data[i] = scale * (2*r.Float64() - 1)
		}
		return p
	}
	lstm := 1 / math.Sqrt(float64(h))
	ps := []nn.Param{
		uni("enc.emb", naoInitRange, naoVocab, h),
		uni("enc.W", lstm, 2*h, 4*h),
		uni("enc.b", lstm, 4*h),
		uni("dec.emb", naoInitRange, naoVocab, h),
		uni("dec.W", lstm, 2*h, 4*h),
		uni("dec.b", lstm, 4*h),
		uni("att.W", naoInitRange, 2*h, h),
		uni("att.b", 1/math.Sqrt(float64(2*h)), h),
		uni("out.W", 1/math.Sqrt(float64(h)), h, naoVocab),
		uni("out.b", 1/math.Sqrt(float64(h)), naoVocab),
	}
	for i, l := range mlp.Layers {
		s := 1 / math.Sqrt(float64(l.In))
		ps = append(ps, uni(fmt.Sprintf("mlp.W%d", i), s, l.In, l.Out), uni(fmt.Sprintf("mlp.b%d", i), s, l.Out))
	}
	return &naoNet{hidden: h, mlp: mlp, params: ps}, nil
}

// lstmStep runs one LSTM step on x and the state (h, c), all [B, H].
func lstmStep(x, h, c, w, b autodiff.Tensor, hidden int) (autodiff.Tensor, autodiff.Tensor) {
	z := autodiff.Concat(1, x, h).MatMul(w).Add(b)
	i := z.Slice(1, 0, hidden).Sigmoid(1)
	f := z.Slice(1, hidden, 2*hidden).Sigmoid(1)
	g := z.Slice(1, 2*hidden, 3*hidden).Tanh()
	o := z.Slice(1, 3*hidden, 4*hidden).Sigmoid(1)
	c = f.Mul(c).Add(i.Mul(g))
	return o.Mul(c.Tanh()), c
}

// l2Normalize divides x by its L2 norm along axis (PyTorch's
// F.normalize; the norms here are far from 0).
func l2Normalize(x autodiff.Tensor, axis int) autodiff.Tensor {
	return x.Div(x.Square().SumKeep(axis).AddScalar(naoNormEps).Sqrt())
}

// column returns position k of each sequence.
func column(seqs []naoSeq, k int) []int {
	out := make([]int, len(seqs))
	for i, s := range seqs {
		out[i] = s[k]
	}
	return out
}

// encode runs the encoder on seqs and returns its outputs [B, L, H] and
// the cells' embeddings [B, H].
func (n *naoNet) encode(p []autodiff.Tensor, seqs []naoSeq) (outs, emb autodiff.Tensor) {
	tp := p[0].Tape()
	b, h := len(seqs), n.hidden
	hs, cs := tp.Zeros(b, h), tp.Zeros(b, h)
	steps := make([]autodiff.Tensor, naoLen)
	for k := range naoLen {
		x := p[naoEncEmb].Gather(0, column(seqs, k))
		hs, cs = lstmStep(x, hs, cs, p[naoEncW], p[naoEncB], h)
		steps[k] = l2Normalize(hs, 1).Reshape(b, 1, h)
	}
	outs = autodiff.Concat(1, steps...)
	return outs, n.embed(outs)
}

// embed is the embedding of encoder outputs [B, L, H]: their normalised
// mean over the sequence.
func (n *naoNet) embed(outs autodiff.Tensor) autodiff.Tensor {
	return l2Normalize(outs.Mean(1), 1)
}

// predict returns the predicted performance [B, 1], in (0, 1), of cells
// with embeddings emb [B, H].
func (n *naoNet) predict(p []autodiff.Tensor, emb autodiff.Tensor) autodiff.Tensor {
	return n.mlp.Forward(emb, p[naoMLP:]).Sigmoid(1)
}

// decodeStep runs the decoder on the previous tokens prev and returns
// the log-probabilities of the next token [B, vocab] and the new state.
func (n *naoNet) decodeStep(p []autodiff.Tensor, prev []int, h, c, outs autodiff.Tensor) (logp, h2, c2 autodiff.Tensor) {
	b, hid := len(prev), n.hidden
	x := p[naoDecEmb].Gather(0, prev)
	h2, c2 = lstmStep(x, h, c, p[naoDecW], p[naoDecB], hid)
	// Dot-product attention over the encoder's outputs.
	score := h2.Reshape(b, 1, hid).Mul(outs).Sum(2) // [B, L]
	attn := score.Softmax(1)
	mix := attn.Reshape(b, naoLen, 1).Mul(outs).Sum(1) // [B, H]
	o := autodiff.Concat(1, mix, h2).MatMul(p[naoAttW]).Add(p[naoAttB]).Tanh()
	logits := o.MatMul(p[naoOutW]).Add(p[naoOutB])
	return logits.LogSoftmax(1), h2, c2
}

// reconstruction returns the decoder's mean negative log-likelihood of
// seqs given the encoder's outputs and embedding, with teacher forcing
// (each step is fed the true previous token), over all B x 22 tokens.
func (n *naoNet) reconstruction(p []autodiff.Tensor, seqs []naoSeq, outs, emb autodiff.Tensor) autodiff.Tensor {
	tp := emb.Tape()
	b := len(seqs)
	h, c := emb, emb
	prev := make([]int, b) // naoSOS
	onehot := make([]float64, b*naoVocab)
	var nll autodiff.Tensor
	for k := range naoLen {
		var logp autodiff.Tensor
		logp, h, c = n.decodeStep(p, prev, h, c, outs)
		clear(onehot)
		for i, s := range seqs {
			onehot[i*naoVocab+s[k]] = 1
		}
		term := logp.Mul(tp.From(onehot, b, naoVocab)).Sum()
		if k == 0 {
			nll = term
		} else {
			nll = nll.Add(term)
		}
		prev = column(seqs, k)
	}
	return nll.Scale(-1 / float64(b*naoLen))
}

// decode greedily decodes cells from encoder outputs [B, L, H] and
// embeddings [B, H], feeding each step the token chosen before. At each
// position it takes the most likely token of the kind that position
// holds (a predecessor of the node or an activation), as NAO's decoder
// does, so every decoded sequence is a valid cell.
func (n *naoNet) decode(p []autodiff.Tensor, outs, emb autodiff.Tensor) []naoSeq {
	b := emb.Dim(0)
	seqs := make([]naoSeq, b)
	h, c := emb, emb
	prev := make([]int, b)
	for k := range naoLen {
		var logp autodiff.Tensor
		logp, h, c = n.decodeStep(p, prev, h, c, outs)
		lp := logp.Data()
		lo, hi := naoAllowed(k)
		for i := range seqs {
			best := lo
			for t := lo + 1; t < hi; t++ {
				if lp[i*naoVocab+t] > lp[i*naoVocab+best] {
					best = t
				}
			}
			seqs[i][k] = best
			prev[i] = best
		}
	}
	return seqs
}
