package autodiff

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

const (
	transA uint8 = 1 << iota
	transB
)

// blasMinWork is the multiply-add count from which a single GEMM goes to
// gonum's BLAS; smaller products use plain loops, which win for tiny sizes.
const blasMinWork = 16 * 16 * 16

// MatMul returns the matrix product of the last two dimensions of a and
// b: [..., n, k] x [..., k, m] -> [..., n, m]. Leading (batch) dimensions
// must be equal, or one operand may be a plain matrix (rank 2) shared by
// every batch element — e.g. inputs [N, in] against weights [M, in, out]
// give [M, N, out], one product per network.
func (a Tensor) MatMul(b Tensor) Tensor { return matmul(a, b, 0) }

// matmul records op(a) x op(b) where op transposes the last two dimensions
// when the matching flag is set.
func matmul(a, b Tensor, flags uint8) Tensor {
	t := tapeOf(a, b)
	if t == nil {
		return Tensor{}
	}
	if !t.usable("MatMul", a) || !t.usable("MatMul", b) {
		return t.poison()
	}
	na, nb := t.node(a), t.node(b)
	buf, out, msg := t.matmulData(na.data, na.shape, nb.data, nb.shape, flags)
	if msg != "" {
		return t.failOp("MatMul", msg, a, b)
	}
	return t.push(node{op: opMatMul, nin: 2, flags: flags, shape: out, data: buf, in: [3]int32{a.id, b.id}})
}

// matmulData computes op(a) x op(b) for MatMul into a new arena buffer,
// or returns why the shapes do not fit.
func (t *Tape) matmulData(ad []float64, sa shape, bd []float64, sb shape, flags uint8) ([]float64, shape, string) {
	if sa.rank < 2 || sb.rank < 2 {
		return nil, shape{}, "both operands need at least 2 dimensions; Reshape vectors to [1, n] or [n, 1]"
	}
	n, ka := sa.dims[sa.rank-2], sa.dims[sa.rank-1]
	if flags&transA != 0 {
		n, ka = ka, n
	}
	kb, m := sb.dims[sb.rank-2], sb.dims[sb.rank-1]
	if flags&transB != 0 {
		kb, m = m, kb
	}
	if ka != kb {
		return nil, shape{}, fmt.Sprintf("inner dimensions differ (%d vs %d); the last dimension of a must equal the second-to-last of b", ka, kb)
	}
	var out shape
	batch := 1
	strideA, strideB := n*ka, kb*m
	switch {
	case sa.rank == 2 && sb.rank == 2:
		strideA, strideB = 0, 0
	case sa.rank == 2:
		out.rank = sb.rank - 2
		copy(out.dims[:], sb.dims[:out.rank])
		strideA = 0
	case sb.rank == 2:
		out.rank = sa.rank - 2
		copy(out.dims[:], sa.dims[:out.rank])
		strideB = 0
	default:
		same := sa.rank == sb.rank
		for i := 0; same && i < sa.rank-2; i++ {
			same = sa.dims[i] == sb.dims[i]
		}
		if !same {
			return nil, shape{}, "batch (leading) dimensions differ; they must be equal, or one operand must be a plain matrix shared by the batch"
		}
		out.rank = sa.rank - 2
		copy(out.dims[:], sa.dims[:out.rank])
	}
	for i := 0; i < out.rank; i++ {
		batch *= out.dims[i]
	}
	out.dims[out.rank], out.dims[out.rank+1] = n, m
	out.rank += 2
	buf := t.arena.alloc(out.size())
	ta, tb := flags&transA != 0, flags&transB != 0
	for bi := 0; bi < batch; bi++ {
		gemm(ta, tb, n, m, ka, ad[bi*strideA:bi*strideA+n*ka], bd[bi*strideB:bi*strideB+ka*m], buf[bi*n*m:(bi+1)*n*m])
	}
	return buf, out, ""
}

// gemm sets c (n x m) to op(a) x op(b), where op(a) is n x k and op(b) is
// k x m; a is stored k x n when ta, b is stored m x k when tb.
func gemm(ta, tb bool, n, m, k int, a, b, c []float64) {
	if n*m*k >= blasMinWork {
		ga := blas64.General{Rows: n, Cols: k, Stride: k, Data: a}
		tA := blas.NoTrans
		if ta {
			ga = blas64.General{Rows: k, Cols: n, Stride: n, Data: a}
			tA = blas.Trans
		}
		gb := blas64.General{Rows: k, Cols: m, Stride: m, Data: b}
		tB := blas.NoTrans
		if tb {
			gb = blas64.General{Rows: m, Cols: k, Stride: k, Data: b}
			tB = blas.Trans
		}
		blas64.Gemm(tA, tB, 1, ga, gb, 0, blas64.General{Rows: n, Cols: m, Stride: m, Data: c})
		return
	}
	switch {
	case !tb && m == 1: // c = op(a) b for a column b: dot products, summed in the order of the case below
		for i := 0; i < n; i++ {
			s := 0.0
			if ta {
				for p, bv := range b[:k] {
					s += a[p*n+i] * bv
				}
			} else {
				arow := a[i*k : (i+1)*k]
				for p, bv := range b[:k] {
					s += arow[p] * bv
				}
			}
			c[i] = s
		}
	case !tb:
		clear(c)
		for i := 0; i < n; i++ {
			row := c[i*m : (i+1)*m]
			for p := 0; p < k; p++ {
				var av float64
				if ta {
					av = a[p*n+i]
				} else {
					av = a[i*k+p]
				}
				brow := b[p*m : (p+1)*m]
				for j, bv := range brow {
					row[j] += av * bv
				}
			}
		}
	case !ta:
		for i := 0; i < n; i++ {
			arow := a[i*k : (i+1)*k]
			for j := 0; j < m; j++ {
				brow := b[j*k : (j+1)*k]
				s := 0.0
				for p, av := range arow {
					s += av * brow[p]
				}
				c[i*m+j] = s
			}
		}
	default:
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				s := 0.0
				for p := 0; p < k; p++ {
					s += a[p*n+i] * b[j*k+p]
				}
				c[i*m+j] = s
			}
		}
	}
}
