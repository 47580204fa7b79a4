package autodiff

// backwardRecorded runs the backward pass recording every op, so the
// gradients are differentiable.
func (t *Tape) backwardRecorded(dst []Tensor, y Tensor, xs []Tensor, lo, hi int32) {
	t.createGraph = true
	n := int(hi - lo + 1)
	if cap(t.gidx) < n {
		t.gidx = make([]int32, n)
	}
	t.gidx = t.gidx[:n]
	for i := range t.gidx {
		t.gidx[i] = -1
	}
	t.gidx[hi-lo] = t.fullLike(t.node(y).shape, 1).id
	for i := hi; i >= lo && t.err == nil; i-- {
		gi := t.gidx[i-lo]
		if gi < 0 || t.need[i-lo]&needGrad == 0 || t.nodes[i].op == opLeaf {
			continue
		}
		t.backwardOf = t.nodes[i].op
		t.vjp(i, Tensor{tp: t, id: gi, gen: t.gen})
	}
	for k, x := range xs {
		if x.id <= hi && t.gidx[x.id-lo] >= 0 {
			dst[k] = Tensor{tp: t, id: t.gidx[x.id-lo], gen: t.gen}
		} else {
			dst[k] = t.fullLike(t.node(x).shape, 0)
		}
	}
}

// backwardScratch runs the backward pass without keeping its ops: each
// node's gradient is accumulated in a pooled buffer, the ops that turn it
// into its inputs' contributions are recorded and then truncated away,
// and the buffer goes back to the pool once the node is done.
func (t *Tape) backwardScratch(dst []Tensor, y Tensor, xs []Tensor, lo, hi int32) {
	t.createGraph = false
	n := int(hi - lo + 1)
	if cap(t.accs) < n {
		t.accs = make([][]float64, n)
	}
	t.accs = t.accs[:n]
	clear(t.accs)
	if t.pool == nil {
		t.pool = make(map[int][][]float64)
	}
	seed := t.getBuf(len(t.node(y).data))
	for i := range seed {
		seed[i] = 1
	}
	t.accs[hi-lo] = seed
	for i := hi; i >= lo && t.err == nil; i-- {
		acc := t.accs[i-lo]
		if acc == nil || t.need[i-lo]&needGrad == 0 || t.nodes[i].op == opLeaf {
			continue
		}
		nodeMark, arenaMark, intsMark, floatsMark := len(t.nodes), t.arena.mark(), len(t.ints), len(t.floats)
		t.backwardOf = t.nodes[i].op
		if !useDirectVJP || t.checkFinite || !t.vjpDirect(i, acc) {
			g := t.push(node{op: opLeaf, shape: t.nodes[i].shape, data: acc})
			t.vjp(i, g)
		}
		t.nodes = t.nodes[:nodeMark]
		t.arena.truncate(arenaMark)
		t.ints = t.ints[:intsMark]
		t.floats = t.floats[:floatsMark]
		if t.need[i-lo]&isTarget == 0 {
			t.putBuf(acc)
			t.accs[i-lo] = nil
		}
	}
	for k, x := range xs {
		s := t.node(x).shape
		buf := t.arena.alloc(s.size())
		if x.id <= hi && t.accs[x.id-lo] != nil {
			copy(buf, t.accs[x.id-lo])
		} else {
			clear(buf)
		}
		dst[k] = t.leaf(s, buf)
	}
	for i, acc := range t.accs {
		if acc != nil {
			t.putBuf(acc)
			t.accs[i] = nil
		}
	}
}

// accumulate adds contribution c to the gradient of node j.
func (t *Tape) accumulate(j int32, c Tensor) {
	if !c.ok() || !t.needs(j) {
		return
	}
	k := j - t.gLo
	if t.createGraph {
		if prev := t.gidx[k]; prev < 0 {
			t.gidx[k] = c.id
		} else {
			t.gidx[k] = binary(opAdd, Tensor{tp: t, id: prev, gen: t.gen}, c, 0).id
		}
		return
	}
	src := t.nodes[c.id].data
	if acc := t.accs[k]; acc == nil {
		buf := t.getBuf(len(src))
		copy(buf, src)
		t.accs[k] = buf
	} else {
		for i, v := range src {
			acc[i] += v
		}
	}
}

// accumulateData adds the values src (scratch mode only) to the gradient
// of node j, as accumulate does for a contribution tensor.
func (t *Tape) accumulateData(j int32, src []float64) {
	if !t.needs(j) {
		return
	}
	k := j - t.gLo
	if acc := t.accs[k]; acc == nil {
		buf := t.getBuf(len(src))
		copy(buf, src)
		t.accs[k] = buf
	} else {
		for i, v := range src {
			acc[i] += v
		}
	}
}

// getBuf returns a pooled buffer of length n (contents unspecified).
func (t *Tape) getBuf(n int) []float64 {
	if n < len(t.smallPool) {
		if free := t.smallPool[n]; len(free) > 0 {
			b := free[len(free)-1]
			t.smallPool[n] = free[:len(free)-1]
			return b
		}
		return make([]float64, n)
	}
	if free := t.pool[n]; len(free) > 0 {
		b := free[len(free)-1]
		t.pool[n] = free[:len(free)-1]
		return b
	}
	return make([]float64, n)
}

// putBuf returns a buffer to the pool.
func (t *Tape) putBuf(b []float64) {
	if n := len(b); n < len(t.smallPool) {
		t.smallPool[n] = append(t.smallPool[n], b)
		return
	}
	t.pool[len(b)] = append(t.pool[len(b)], b)
}
