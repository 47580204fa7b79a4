package motif

// hvpUnitLayers lets hvp take its shortcuts for layers with one input or
// one output unit (rForwardUnit, rBackUnit). They do the same
// floating-point operations in the same order as the general loops, so
// the results are bit-identical; tests turn them off to check that.
var hvpUnitLayers = true

// hvp computes, for the training loss L(theta, x) of the MLP and a
// direction v in parameter space, the two second-derivative products the
// meta-gradient needs:
//
//	hvTheta  = (d^2 L / dtheta^2) v        (written)
//	hvX     += (d^2 L / dx dtheta) v        (added)
//
// It is Pearlmutter's R-operator applied to the backward pass: with
// R{.} = d/de (.)(theta + e v), it runs R{} forward through the network
// (R{a}, R{h}) and then backward (R{G}, R{D}); R{dL/dtheta} is the Hessian
// product and R{dL/dx} the mixed one. Per layer, with H' = s H (1-H) and
// H” = s^2 H (1-H)(1-2H):
//
//	R{a_l}  = R{h_{l-1}} W_l + h_{l-1} V_l + vb_l,   R{h_l} = H'_l R{a_l}
//	R{G_L}  = p (1-p) R{a_L} / (n K)
//	R{dW_l} = R{h_{l-1}}^T G_l + h_{l-1}^T R{G_l},   R{db_l} = colsum R{G_l}
//	R{D}    = R{G_l} W_l^T + G_l V_l^T
//	R{G_{l-1}} = R{D} H'_{l-1} + D H''_{l-1} R{a_{l-1}}
//
// h and p are the stored forward state at theta on x; y the labels.
func (lay *mlpLayout) hvp(s float64, theta, x, h, p, y, v, hvTheta, hvX []float64, sc *mlpScratch) {
	L := lay.layers()
	n := lay.n
	// Forward R pass.
	for l := 1; l <= L; l++ {
		din, dout := lay.dims[l-1], lay.dims[l]
		in := lay.act(x, h, l)
		W, V, vb := lay.w(theta, l), lay.w(v, l), lay.b(v, l)
		ra := lay.ra(sc, l)
		var raIn []float64
		if l > 1 {
			raIn = lay.ra(sc, l-1)
		}
		if hvpUnitLayers && (din == 1 || dout == 1) {
			rForwardUnit(s, in, raIn, W, V, vb, ra, n, din, dout)
			continue
		}
		for r := 0; r < n; r++ {
			row := ra[r*dout : (r+1)*dout]
			copy(row, vb)
			xr := in[r*din : (r+1)*din]
			for i, xi := range xr {
				vi := V[i*dout : (i+1)*dout]
				if l == 1 {
					for j, vij := range vi {
						row[j] += xi * vij
					}
					continue
				}
				rh := s * xi * (1 - xi) * raIn[r*din+i]
				wi := W[i*dout : (i+1)*dout]
				for j, vij := range vi {
					row[j] += xi*vij + rh*wi[j]
				}
			}
		}
	}
	inv := 1 / float64(lay.outLen)
	G, RG := sc.g[:lay.outLen], sc.rg[:lay.outLen]
	raOut := lay.ra(sc, L)
	for k, pk := range p[:lay.outLen] {
		G[k] = (pk - y[k]) * inv
		RG[k] = pk * (1 - pk) * raOut[k] * inv
	}
	// Backward R pass.
	for l := L; l >= 1; l-- {
		din, dout := lay.dims[l-1], lay.dims[l]
		in := lay.act(x, h, l)
		W, V := lay.w(theta, l), lay.w(v, l)
		rdW, rdb := lay.w(hvTheta, l), lay.b(hvTheta, l)
		clear(rdW)
		clear(rdb)
		var raIn []float64
		if l > 1 {
			raIn = lay.ra(sc, l-1)
		}
		D, RD := sc.d[:n*din], sc.rd[:n*din]
		if hvpUnitLayers && (din == 1 || dout == 1) {
			rBackUnit(s, in, raIn, W, V, G, RG, rdW, rdb, D, RD, n, din, dout)
		} else {
			for r := 0; r < n; r++ {
				gr, rgr := G[r*dout:(r+1)*dout], RG[r*dout:(r+1)*dout]
				for j, rgj := range rgr {
					rdb[j] += rgj
				}
				xr := in[r*din : (r+1)*din]
				for i, xi := range xr {
					dwi := rdW[i*dout : (i+1)*dout]
					if l == 1 {
						for j, rgj := range rgr {
							dwi[j] += xi * rgj
						}
						continue
					}
					rh := s * xi * (1 - xi) * raIn[r*din+i]
					for j, rgj := range rgr {
						dwi[j] += rh*gr[j] + xi*rgj
					}
				}
			}
			for r := 0; r < n; r++ {
				gr, rgr := G[r*dout:(r+1)*dout], RG[r*dout:(r+1)*dout]
				dr, rdr := D[r*din:(r+1)*din], RD[r*din:(r+1)*din]
				for i := range rdr {
					wi, vi := W[i*dout:(i+1)*dout], V[i*dout:(i+1)*dout]
					var acc, racc float64
					for j, gj := range gr {
						acc += gj * wi[j]
						racc += rgr[j]*wi[j] + gj*vi[j]
					}
					dr[i], rdr[i] = acc, racc
				}
			}
		}
		if l == 1 {
			for i, rdi := range RD {
				hvX[i] += rdi
			}
			break
		}
		Gp, RGp := sc.g[:n*din], sc.rg[:n*din]
		raIn = raIn[:len(in)]
		D, RD, Gp, RGp = D[:len(in)], RD[:len(in)], Gp[:len(in)], RGp[:len(in)]
		for i, hi := range in {
			hp := s * hi * (1 - hi)
			hpp := hp * s * (1 - 2*hi)
			Gp[i] = D[i] * hp
			RGp[i] = RD[i]*hp + D[i]*hpp*raIn[i]
		}
		G, RG = Gp, RGp
	}
}

// rForwardUnit is one layer of hvp's forward R pass for a layer with one
// input (din = 1) or one output (dout = 1) unit, the layers of the
// paper's 10-1-1-10 network, with the general loop's operations in the
// same order. raIn is nil for layer 1, whose input R-values are zero.
func rForwardUnit(s float64, in, raIn, W, V, vb, ra []float64, n, din, dout int) {
	if dout == 1 {
		W, V = W[:din], V[:din]
		vb0 := vb[0]
		ra = ra[:n]
		for r := range ra {
			xr := in[r*din : (r+1)*din]
			xr = xr[:len(V)]
			acc := vb0
			if raIn == nil {
				for i, xi := range xr {
					acc += xi * V[i]
				}
			} else {
				rr := raIn[r*din : (r+1)*din]
				rr = rr[:len(xr)]
				for i, xi := range xr {
					rh := s * xi * (1 - xi) * rr[i]
					acc += xi*V[i] + rh*W[i]
				}
			}
			ra[r] = acc
		}
		return
	}
	// din == 1: each row is vb + x_r V (+ R{h_r} W).
	W, V, vb = W[:dout], V[:dout], vb[:dout]
	for r := range n {
		row := ra[r*dout : (r+1)*dout]
		row = row[:len(vb)]
		xi := in[r]
		if raIn == nil {
			for j, vj := range V {
				row[j] = vb[j] + xi*vj
			}
			continue
		}
		rh := s * xi * (1 - xi) * raIn[r]
		for j, vj := range V {
			row[j] = vb[j] + (xi*vj + rh*W[j])
		}
	}
}

// rBackUnit is one layer of hvp's backward R pass (the parameter products
// into rdW and rdb, already cleared, and D, RD for the layer below) for a
// layer with one input or one output unit, with the general loops'
// operations in the same order. raIn is nil for layer 1.
func rBackUnit(s float64, in, raIn, W, V, G, RG, rdW, rdb, D, RD []float64, n, din, dout int) {
	if dout == 1 {
		G, RG = G[:n], RG[:n]
		W, V, rdW = W[:din], V[:din], rdW[:din]
		var sb float64
		for r, rg := range RG {
			sb += rg
			xr := in[r*din : (r+1)*din]
			xr = xr[:len(rdW)]
			if raIn == nil {
				for i, xi := range xr {
					rdW[i] += xi * rg
				}
				continue
			}
			g := G[r]
			rr := raIn[r*din : (r+1)*din]
			rr = rr[:len(xr)]
			for i, xi := range xr {
				rh := s * xi * (1 - xi) * rr[i]
				rdW[i] += rh*g + xi*rg
			}
		}
		rdb[0] += sb
		for r, g := range G {
			rg := RG[r]
			dr, rdr := D[r*din:(r+1)*din], RD[r*din:(r+1)*din]
			dr, rdr = dr[:len(W)], rdr[:len(W)]
			for i, wi := range W {
				dr[i] = 0 + g*wi
				rdr[i] = 0 + (rg*wi + g*V[i])
			}
		}
		return
	}
	// din == 1.
	W, V, rdW, rdb = W[:dout], V[:dout], rdW[:dout], rdb[:dout]
	for r := range n {
		gr, rgr := G[r*dout:(r+1)*dout], RG[r*dout:(r+1)*dout]
		gr, rgr = gr[:len(rdb)], rgr[:len(rdb)]
		for j, rgj := range rgr {
			rdb[j] += rgj
		}
		xi := in[r]
		if raIn == nil {
			for j, rgj := range rgr {
				rdW[j] += xi * rgj
			}
		} else {
			rh := s * xi * (1 - xi) * raIn[r]
			for j, rgj := range rgr {
				rdW[j] += rh*gr[j] + xi*rgj
			}
		}
		var acc, racc float64
		for j, gj := range gr {
			acc += gj * W[j]
			racc += rgr[j]*W[j] + gj*V[j]
		}
		D[r], RD[r] = acc, racc
	}
}

// ra returns layer l's (1-based) slice of the R{a} scratch.
func (lay *mlpLayout) ra(sc *mlpScratch, l int) []float64 {
	if l == lay.layers() {
		return sc.ra[lay.hLen : lay.hLen+lay.outLen]
	}
	return sc.ra[lay.hOff[l-1] : lay.hOff[l-1]+lay.n*lay.dims[l]]
}
