// Unrolled inner loops of sigmoid-slope MLP motif-networks, float64.
//
// A motif-network is a fully connected MLP d[0] -> d[1] -> ... -> d[L] on n
// samples. Its flat parameter vector theta holds, for each layer l = 1..L,
// W_l (d[l-1] x d[l], row-major) then b_l (d[l]). Hidden layers compute
// h = sigmoid(s*a) with a = h_prev W + b and the motif's slope s; the
// output layer is linear (logits z); the loss is the mean binary
// cross-entropy with logits over all n*d[L] outputs against labels y.
//
// The inner loop is full-batch Adam from theta0 (shared by all motifs) on
// xTrain, with m = 0 and v = eps^4 at the start:
//
//   g = dL/dtheta + wd*theta
//   m = b1*m + (1-b1)*g,   v = b2*v + (1-b2)*g*g
//   theta -= lr * (m*c1_t) / (sqrt(v*c2_t) + eps)
//
// with c1_t = 1/(1-b1^(t+1)), c2_t = 1/(1-b2^(t+1)) precomputed by the host
// (corr[t] and corr[steps+t]). The score is the loss on xValid at theta_T.
// The gradient of the score with respect to xTrain goes through the whole
// unrolled loop: the adjoint runs backwards over the stored trajectory and
// uses Hessian-vector products (Pearlmutter's R-operator). This is a port
// of petri/motif's mlp.go, mlp_fused.go and mlp_hvp.go.
//
// ONE BLOCK PER MOTIF-NETWORK. A single network's inner loop is a long
// chain of small dependent steps, so one thread per network (the first
// version) ran some six million dependent instructions per thread and took
// as long for 15 networks as for 1000. Here the threads of a block share
// each step of one network: every phase below is a loop over its
// independent elements (the (sample, unit) activations of one layer, the
// parameters of one layer together with the (sample, unit) deltas of the
// layer below, ...), thread k taking elements k, k+blockDim.x, ..., with
// __syncthreads() between dependent phases. Each element is computed by
// one thread with the same loop, in the same order, as the serial port, so
// the results are those of the serial code bit for bit (up to the
// compiler's contraction of a*b+c into FMAs); in particular no sum is
// split across threads. Adam's update of a parameter is done by the thread
// that computed its gradient, into the other half of a double-buffered
// theta, so the deltas of the same phase still read theta_t. A training
// step of an L-layer network is 2L phases (L forward, L backward), an
// adjoint step 2L+1 (the Adam adjoint, L R-forward, L R-backward).
// For throughput on many motifs, the score kernel can also pack several
// networks into one block, a group of threads each (see
// unrolled_mlp_score_f64).
//
// Memory. The per-step state of the network (theta, m, v, activations,
// the G and R{G} deltas, the adjoint accumulators) is block-local: in
// dynamic shared memory (extern __shared__ smem, sized by the host from
// the layout below) or, for networks too big for shared memory
// (stateGlobal != 0), in the motif's slice of scratch. The trajectory the
// adjoint replays (theta_t, g_t, m_{t+1}, v_{t+1}, hidden activations and
// output probabilities of each step) is in global scratch, each motif's
// contiguous, element j of step t at j + t*len, so the threads of a block
// touch consecutive doubles. The host computes the layout and passes it in
// `lay` (see the LAY_* indices below and unrolled_mlp.go, which must agree
// with them). The block size is the host's choice (unrolled_mlp.go,
// unrolledBlock); any size is correct.
//
// DOUBLE PRECISION throughout: the meta-gradient differentiates through 250
// Adam steps, whose 1/sqrt(v) normalisation amplifies rounding error, so
// float32 would leave the gradient with few correct digits; the H100 runs
// FP64 at half its FP32 rate, and this work is latency-bound anyway; and
// agreeing with the float64 CPU path to about 1e-10 is what makes the tests
// able to tell a correct port from a subtly wrong one.

// Indices into lay, the int array describing shapes and the memory layout.
enum {
    LAY_L = 0,   // number of weight layers
    LAY_N,       // samples
    LAY_NP,      // parameters
    LAY_HLEN,    // hidden activations of one pass, n * sum of hidden widths
    LAY_OUTLEN,  // outputs of one pass, n * d[L]
    LAY_MAXACT,  // largest n * d[l]
    LAY_NX,      // one input set, n * d[0]
    LAY_SSCORE,  // doubles of block state of the score kernel
    LAY_SGRAD,   // doubles of block state of the score+grad kernel
    LAY_TRAJ,    // doubles of trajectory per motif (score+grad only)
    // Offsets (in doubles) of the block state.
    S_THETA,                            // 2*np: theta_t and theta_{t+1}, alternating
    S_M, S_V,                           // np each
    S_H, S_P,                           // hLen, outLen
    S_G,                                // 2*maxAct: G of two adjacent layers
    S_THETABAR, S_MBAR, S_VBAR, S_GBAR, // np each (score+grad only)
    S_RA,                               // hLen + outLen (score+grad only)
    S_RG,                               // 2*maxAct: R{G} of two adjacent layers (score+grad only)
    S_GXT,                              // nx (score+grad only)
    // Offsets (in doubles) of one motif's trajectory (score+grad only).
    T_THETA, T_G, T_M, T_V,             // steps*np each
    T_H, T_P,                           // steps*hLen, steps*outLen
    LAY_DIMS                            // then dims[0..L], wOff[0..L-1], bOff[0..L-1], hOff[0..L-1]
};

// Lay is the decoded shape of the network.
struct Lay {
    const int* a;
    int L, n, np, hLen, outLen, maxAct, nx;
    const int* dims;
    const int* wOff;
    const int* bOff;
    const int* hOff;
};

__device__ Lay readLay(const int* a)
{
    Lay y;
    y.a = a;
    y.L = a[LAY_L];
    y.n = a[LAY_N];
    y.np = a[LAY_NP];
    y.hLen = a[LAY_HLEN];
    y.outLen = a[LAY_OUTLEN];
    y.maxAct = a[LAY_MAXACT];
    y.nx = a[LAY_NX];
    y.dims = a + LAY_DIMS;
    y.wOff = y.dims + y.L + 1;
    y.bOff = y.wOff + y.L;
    y.hOff = y.bOff + y.L;
    return y;
}

// Adam holds the inner-loop constants.
struct Adam {
    int steps;
    double lr, b1, b2, eps, wd;
    const double* corr; // c1_t at corr[t], c2_t at corr[steps+t]
};

// Net is one block's network: its shape, slope, state and inputs.
struct Net {
    Lay y;
    Adam ad;
    double s;            // slope
    double* st;          // block state (shared or global)
    double* tr;          // trajectory (score+grad only)
    const double* lab;   // labels
    int tid, nt;         // threadIdx.x, blockDim.x
    __device__ double* S(int slot) const { return st + y.a[slot]; }
    // G and R{G} buffers of the layer that is back-propagated k-th (k = 0
    // for the output layer).
    __device__ double* G(int k) const { return st + y.a[S_G] + (k & 1) * y.maxAct; }
    __device__ double* RG(int k) const { return st + y.a[S_RG] + (k & 1) * y.maxAct; }
    __device__ double* T(int slot, int t, int len) const { return tr + y.a[slot] + (long long)t * len; }
};

__device__ __forceinline__ double sigmoid(double a) { return 1.0 / (1.0 + exp(-a)); }

// act is layer l's (1-based) input: x for l = 1, else hidden layer l-1.
__device__ __forceinline__ const double* act(const Lay& y, const double* x, const double* h, int l)
{
    return l == 1 ? x : h + y.hOff[l - 2];
}

// raOf is R{a} of layer l inside ra (hidden layers, then the output).
__device__ __forceinline__ double* raOf(const Lay& y, double* ra, int l)
{
    return l == y.L ? ra + y.hLen : ra + y.hOff[l - 1];
}

// forward runs the network at theta on x, one phase per layer: the hidden
// activations go to h (and, with recH, to the trajectory), the outputs to
// out. With train, the outputs are the probabilities sigmoid(logits)
// (also stored at recP when given) and G(0) receives the loss gradient by
// the logits, (p - y)/(n d[L]); without, out holds the logits.
__device__ void forward(const Net& nw, const double* theta, const double* x, double* h, double* out, bool train,
                        double* recH, double* recP)
{
    const Lay& y = nw.y;
    const int n = y.n;
    const double inv = 1.0 / (double)y.outLen;
    double* g = nw.G(0);
    for (int l = 1; l <= y.L; ++l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        const double* in = act(y, x, h, l);
        const double* W = theta + y.wOff[l - 1];
        const double* b = theta + y.bOff[l - 1];
        double* o = l < y.L ? h + y.hOff[l - 1] : out;
        for (int k = nw.tid; k < n * dout; k += nw.nt) {
            const int r = k / dout, j = k - r * dout;
            double acc = b[j];
            for (int i = 0; i < din; ++i) acc += in[r * din + i] * W[i * dout + j];
            if (l < y.L) {
                acc = sigmoid(nw.s * acc);
                if (recH) recH[y.hOff[l - 1] + k] = acc;
            } else if (train) {
                acc = sigmoid(acc);
                if (recP) recP[k] = acc;
                g[k] = (acc - nw.lab[k]) * inv;
            }
            o[k] = acc;
        }
        __syncthreads();
    }
}

// Modes of backward: what becomes of the gradient of a parameter.
enum { BW_ADAM, BW_STORE };

// backward back-propagates G(0) (set by forward, or by validLoss) through
// the network at theta on x (hidden activations h), one phase per layer.
// Each parameter's gradient goes, with BW_ADAM, through Adam's step t
// (theta at theta, the new value to thetaNew; recorded in the trajectory
// when record), or with BW_STORE into grad. With gX, dL/dx is written to
// gX.
__device__ void backward(const Net& nw, int mode, const double* theta, double* thetaNew, double* grad, int t,
                         bool record, const double* x, const double* h, double* gX)
{
    const Lay& y = nw.y;
    const Adam& ad = nw.ad;
    const int n = y.n;
    double c1 = 0, c2 = 0;
    double *m = nw.S(S_M), *v = nw.S(S_V);
    double *thH = 0, *gH = 0, *mH = 0, *vH = 0;
    if (mode == BW_ADAM) {
        c1 = ad.corr[t];
        c2 = ad.corr[ad.steps + t];
        if (record) {
            thH = nw.T(T_THETA, t, y.np);
            gH = nw.T(T_G, t, y.np);
            mH = nw.T(T_M, t, y.np);
            vH = nw.T(T_V, t, y.np);
        }
    }
    for (int l = y.L; l >= 1; --l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        const double* in = act(y, x, h, l);
        const double* W = theta + y.wOff[l - 1];
        const double* sg = nw.G(y.L - l);
        double* next = nw.G(y.L - l + 1);
        const int nW = din * dout, nb = dout;
        const int nd = (l > 1 || gX) ? n * din : 0;
        for (int k = nw.tid; k < nW + nb + nd; k += nw.nt) {
            if (k < nW + nb) {
                double acc = 0;
                int j;
                if (k < nW) {
                    const int i = k / dout, jj = k - i * dout;
                    for (int r = 0; r < n; ++r) acc += in[r * din + i] * sg[r * dout + jj];
                    j = y.wOff[l - 1] + k;
                } else {
                    const int jj = k - nW;
                    for (int r = 0; r < n; ++r) acc += sg[r * dout + jj];
                    j = y.bOff[l - 1] + jj;
                }
                if (mode == BW_STORE) {
                    grad[j] = acc;
                    continue;
                }
                const double th = theta[j];
                const double gj = acc + ad.wd * th;
                const double mj = (1 - ad.b1) * gj + ad.b1 * m[j];
                const double vj = (1 - ad.b2) * (gj * gj) + ad.b2 * v[j];
                m[j] = mj;
                v[j] = vj;
                thetaNew[j] = th - ad.lr * (mj * c1) / (sqrt(vj * c2) + ad.eps);
                if (record) {
                    thH[j] = th;
                    gH[j] = gj;
                    mH[j] = mj;
                    vH[j] = vj;
                }
                continue;
            }
            const int q = k - nW - nb, r = q / din, i = q - r * din;
            double acc = 0;
            for (int j = 0; j < dout; ++j) acc += sg[r * dout + j] * W[i * dout + j];
            if (l == 1) {
                gX[q] = acc;
            } else {
                // G_{l-1} = D * s*H*(1-H), H = the activations of hidden layer l-1.
                const double hk = in[q];
                next[q] = acc * nw.s * hk * (1 - hk);
            }
        }
        __syncthreads();
    }
}

// validLoss turns the logits in z (from forward without train) into
// probabilities, sets G(0) to the loss gradient by the logits, and writes
// the mean binary cross-entropy against the labels to *score (unless score
// is null). terms is
// outLen doubles of scratch that no thread touches until the next
// __syncthreads after the call; thread 0 sums them after one barrier, in
// order, as the serial code did.
__device__ void validLoss(const Net& nw, double* z, double* terms, double* score)
{
    const Lay& y = nw.y;
    const double inv = 1.0 / (double)y.outLen;
    double* g = nw.G(0);
    for (int k = nw.tid; k < y.outLen; k += nw.nt) {
        const double zk = z[k];
        terms[k] = fmax(zk, 0.0) - zk * nw.lab[k] + log1p(exp(-fabs(zk)));
        const double p = sigmoid(zk);
        z[k] = p;
        g[k] = (p - nw.lab[k]) * inv;
    }
    __syncthreads();
    if (nw.tid == 0 && score) {
        double sum = 0;
        for (int k = 0; k < y.outLen; ++k) sum += terms[k];
        *score = sum / (double)y.outLen;
    }
}

// train runs the inner loop from theta0 on xTrain, which the caller has
// copied to S_THETA with m = 0 and v = eps^4, and returns theta_T (one of
// the halves of S_THETA). With record it stores the trajectory.
__device__ double* train(const Net& nw, const double* xTrain, bool record)
{
    const Lay& y = nw.y;
    double* th = nw.S(S_THETA);
    double *h = nw.S(S_H), *p = nw.S(S_P);
    for (int t = 0; t < nw.ad.steps; ++t) {
        double* cur = th + (t & 1) * y.np;
        double* nxt = th + ((t + 1) & 1) * y.np;
        double* recH = record ? nw.T(T_H, t, y.hLen) : 0;
        double* recP = record ? nw.T(T_P, t, y.outLen) : 0;
        forward(nw, cur, xTrain, h, p, true, recH, recP);
        backward(nw, BW_ADAM, cur, nxt, 0, t, record, xTrain, h, 0);
    }
    return th + (nw.ad.steps & 1) * y.np;
}

// hvp adds (d2L/dtheta2) v into thetaBar and (d2L/dx dtheta) v into gxT,
// for the training loss at theta on x, given that pass's stored state (h,
// probabilities p); v is S_GBAR. It is the R-operator applied to backward:
//
//   R{a_l}  = R{h_{l-1}} W_l + h_{l-1} V_l + vb_l,   R{h_l} = H'_l R{a_l}
//   R{G_L}  = p (1-p) R{a_L} / (n K)
//   R{dW_l} = R{h_{l-1}}^T G_l + h_{l-1}^T R{G_l},   R{db_l} = colsum R{G_l}
//   R{D}    = R{G_l} W_l^T + G_l V_l^T
//   R{G_{l-1}} = R{D} H'_{l-1} + D H''_{l-1} R{a_{l-1}}
//
// with H' = s H (1-H) and H'' = s^2 H (1-H)(1-2H). One phase per layer
// forward and backward.
__device__ void hvp(const Net& nw, const double* theta, const double* x, const double* h, const double* p)
{
    const Lay& y = nw.y;
    const int n = y.n, L = y.L;
    const double s = nw.s;
    const double* v = nw.S(S_GBAR);
    double* ra = nw.S(S_RA);
    double* thetaBar = nw.S(S_THETABAR);
    double* gxT = nw.S(S_GXT);
    const double inv = 1.0 / (double)y.outLen;
    // Forward R pass; the output layer also sets G and R{G}.
    for (int l = 1; l <= L; ++l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        const double* in = act(y, x, h, l);
        const double *W = theta + y.wOff[l - 1], *V = v + y.wOff[l - 1], *vb = v + y.bOff[l - 1];
        double* ral = raOf(y, ra, l);
        const double* raIn = l > 1 ? raOf(y, ra, l - 1) : ral;
        for (int k = nw.tid; k < n * dout; k += nw.nt) {
            const int r = k / dout, j = k - r * dout;
            double acc = vb[j];
            for (int i = 0; i < din; ++i) {
                const double xi = in[r * din + i];
                if (l == 1) {
                    acc += xi * V[i * dout + j];
                } else {
                    const double rh = s * xi * (1 - xi) * raIn[r * din + i];
                    acc += xi * V[i * dout + j] + rh * W[i * dout + j];
                }
            }
            ral[k] = acc;
            if (l == L) {
                const double pk = p[k];
                nw.G(0)[k] = (pk - nw.lab[k]) * inv;
                nw.RG(0)[k] = pk * (1 - pk) * acc * inv;
            }
        }
        __syncthreads();
    }
    // Backward R pass; G(L-l), RG(L-l) hold G and R{G} of layer l.
    for (int l = L; l >= 1; --l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        const double* in = act(y, x, h, l);
        const double *W = theta + y.wOff[l - 1], *V = v + y.wOff[l - 1];
        const double* raIn = l > 1 ? raOf(y, ra, l - 1) : ra;
        const double *sg = nw.G(L - l), *srg = nw.RG(L - l);
        double *sgN = nw.G(L - l + 1), *srgN = nw.RG(L - l + 1);
        const int nW = din * dout, nb = dout, nd = n * din;
        for (int k = nw.tid; k < nW + nb + nd; k += nw.nt) {
            if (k < nW) {
                const int i = k / dout, j = k - i * dout;
                double acc = 0;
                for (int r = 0; r < n; ++r) {
                    const double xi = in[r * din + i];
                    if (l == 1) {
                        acc += xi * srg[r * dout + j];
                    } else {
                        const double rh = s * xi * (1 - xi) * raIn[r * din + i];
                        acc += rh * sg[r * dout + j] + xi * srg[r * dout + j];
                    }
                }
                thetaBar[y.wOff[l - 1] + k] += acc;
                continue;
            }
            if (k < nW + nb) {
                const int j = k - nW;
                double acc = 0;
                for (int r = 0; r < n; ++r) acc += srg[r * dout + j];
                thetaBar[y.bOff[l - 1] + j] += acc;
                continue;
            }
            const int q = k - nW - nb, r = q / din, i = q - r * din;
            double acc = 0, racc = 0;
            for (int j = 0; j < dout; ++j) {
                const double gj = sg[r * dout + j], rgj = srg[r * dout + j];
                acc += gj * W[i * dout + j];
                racc += rgj * W[i * dout + j] + gj * V[i * dout + j];
            }
            if (l == 1) {
                gxT[q] += racc;
            } else {
                const double hk = in[q];
                const double hp = s * hk * (1 - hk);
                const double hpp = hp * s * (1 - 2 * hk);
                sgN[q] = acc * hp;
                srgN[q] = racc * hp + acc * hpp * raIn[q];
            }
        }
        __syncthreads();
    }
}

// adjoint runs the inner loop backwards. On entry S_THETABAR holds
// dScore/dtheta_T, S_MBAR and S_VBAR zero and S_GXT zero; it adds
// dScore/dxTrain into S_GXT.
//
// Step t maps (theta_t, m_t, v_t) to (theta_{t+1}, m_{t+1}, v_{t+1}) via
// g_t = grad L(theta_t) + wd theta_t. With mh = m c1, vh = v c2,
// r = sqrt(vh), den = r + eps, the update theta_{t+1} = theta_t - lr mh/den
// has partials -lr c1/den (by m_{t+1}) and lr mh c2/(2 r den^2) (by
// v_{t+1}); m_{t+1} and v_{t+1} depend on g_t through (1-b1) and
// 2 (1-b2) g_t; and g_t on theta_t and x through the Hessian products of
// hvp, plus wd on theta_t. The first phase of a step also copies theta_t,
// h_t and p_t from the trajectory into the block state.
__device__ void adjoint(const Net& nw, const double* xTrain)
{
    const Lay& y = nw.y;
    const Adam& ad = nw.ad;
    const int np = y.np;
    double *thetaBar = nw.S(S_THETABAR), *mBar = nw.S(S_MBAR), *vBar = nw.S(S_VBAR), *gBar = nw.S(S_GBAR);
    double *theta = nw.S(S_THETA), *h = nw.S(S_H), *p = nw.S(S_P);
    for (int t = ad.steps - 1; t >= 0; --t) {
        const double c1 = ad.corr[t], c2 = ad.corr[ad.steps + t];
        const double *m = nw.T(T_M, t, np), *v = nw.T(T_V, t, np), *g = nw.T(T_G, t, np);
        const double *thH = nw.T(T_THETA, t, np), *hH = nw.T(T_H, t, y.hLen), *pH = nw.T(T_P, t, y.outLen);
        for (int k = nw.tid; k < np + y.hLen + y.outLen; k += nw.nt) {
            if (k >= np + y.hLen) {
                p[k - np - y.hLen] = pH[k - np - y.hLen];
                continue;
            }
            if (k >= np) {
                h[k - np] = hH[k - np];
                continue;
            }
            const int j = k;
            theta[j] = thH[j];
            const double mh = m[j] * c1, vh = v[j] * c2;
            const double r = sqrt(vh);
            const double den = r + ad.eps;
            const double tb = thetaBar[j];
            const double mb = mBar[j] + tb * (-ad.lr * c1 / den);
            const double vb = vBar[j] + tb * (ad.lr * mh * c2 / (2 * r * den * den));
            const double gb = (1 - ad.b1) * mb + 2 * (1 - ad.b2) * g[j] * vb;
            gBar[j] = gb;
            mBar[j] = mb * ad.b1;
            vBar[j] = vb * ad.b2;
            thetaBar[j] = tb + ad.wd * gb;
        }
        __syncthreads();
        hvp(nw, theta, xTrain, h, p);
    }
}

// setup decodes the arguments common to both kernels for motif i, trained
// by threads tid = 0..nt-1 of the block with its state at smem (unless
// stateGlobal), and initialises theta = theta0, m = 0, v = eps^4 (and,
// with grads, the adjoint's accumulators), ending with a barrier.
__device__ Net setup(const int* lay, int steps, double lr, double beta1, double beta2, double eps, double wd,
                     const double* corr, const double* slopes, const double* theta0, const double* labels,
                     double* scratch, int stateGlobal, bool grads, long long i, int tid, int nt, double* smem)
{
    Net nw;
    nw.y = readLay(lay);
    nw.ad.steps = steps;
    nw.ad.lr = lr;
    nw.ad.b1 = beta1;
    nw.ad.b2 = beta2;
    nw.ad.eps = eps;
    nw.ad.wd = wd;
    nw.ad.corr = corr;
    nw.s = slopes[i];
    nw.lab = labels;
    nw.tid = tid;
    nw.nt = nt;
    const long long state = stateGlobal ? lay[grads ? LAY_SGRAD : LAY_SSCORE] : 0;
    double* mine = scratch + i * (state + (grads ? lay[LAY_TRAJ] : 0));
    nw.st = stateGlobal ? mine : smem;
    nw.tr = mine + state;
    const int np = nw.y.np;
    const double v0 = eps * eps * eps * eps;
    double *th = nw.S(S_THETA), *m = nw.S(S_M), *v = nw.S(S_V);
    for (int j = nw.tid; j < np; j += nw.nt) {
        th[j] = theta0[j];
        m[j] = 0;
        v[j] = v0;
        if (grads) {
            nw.S(S_MBAR)[j] = 0;
            nw.S(S_VBAR)[j] = 0;
        }
    }
    if (grads) {
        for (int k = nw.tid; k < nw.y.nx; k += nw.nt) nw.S(S_GXT)[k] = 0;
    }
    __syncthreads();
    return nw;
}

// unrolled_mlp_score_f64 trains the network with slope slopes[i] from
// theta0 on xTrain and writes its validation loss on xValid to scores[i],
// for i < nMotifs. Each block takes perBlock motifs (the grid has
// ceil(nMotifs/perBlock) blocks), motif blockIdx.x*perBlock + g on threads
// g*nt .. g*nt+nt-1 with nt = blockDim.x/perBlock (a whole number). Its
// state (LAY_SSCORE doubles) is in dynamic shared memory, the g-th slice,
// or with stateGlobal (and perBlock 1) in scratch[i*LAY_SSCORE ...]
// (scratch is unused otherwise).
//
// Packing several motifs into a block is for throughput (Predict on
// many motifs): a network's phases mostly have fewer elements than the
// block has threads, so one network per block leaves warps idle at every
// barrier, holding registers that other networks could use; with perBlock
// networks of a warp each, every warp works. All groups run the same
// phases, so they meet at the same barriers. The last block's groups past
// nMotifs train the last motif again, to keep the barriers, and write
// nothing.
extern "C" __global__ void unrolled_mlp_score_f64(
    int nMotifs, const int* lay, int steps, double lr, double beta1, double beta2, double eps, double wd,
    const double* corr, const double* slopes, const double* theta0, const double* xTrain,
    const double* xValid, const double* labels, double* scores, double* scratch, int stateGlobal, int perBlock)
{
    extern __shared__ double smem[];
    const long long first = (long long)blockIdx.x * perBlock;
    if (first >= nMotifs) return;
    const int nt = blockDim.x / perBlock, g = threadIdx.x / nt;
    const bool live = first + g < nMotifs;
    const long long i = live ? first + g : nMotifs - 1;
    const Net nw = setup(lay, steps, lr, beta1, beta2, eps, wd, corr, slopes, theta0, labels, scratch,
                         stateGlobal, false, i, threadIdx.x - g * nt, nt, smem + (long long)g * lay[LAY_SSCORE]);
    const double* theta = train(nw, xTrain, false);
    double* z = nw.S(S_P);
    forward(nw, theta, xValid, nw.S(S_H), z, false, 0, 0);
    validLoss(nw, z, nw.G(1), live ? scores + i : 0);
}

// unrolled_mlp_score_grad_f64 is unrolled_mlp_score_f64 plus, for each
// motif i, the gradient of its score with respect to xTrain (through the
// unrolled inner loop) and xValid, written to gradTrain[i*nx ...] and
// gradValid[i*nx ...] (nx = n*d[0]). Block i's scratch is
// scratch[i*(state+LAY_TRAJ) ...]: its state (LAY_SGRAD doubles, only
// with stateGlobal, else state = 0 and it is in dynamic shared memory)
// then its trajectory.
extern "C" __global__ void unrolled_mlp_score_grad_f64(
    int nMotifs, const int* lay, int steps, double lr, double beta1, double beta2, double eps, double wd,
    const double* corr, const double* slopes, const double* theta0, const double* xTrain,
    const double* xValid, const double* labels, double* scores, double* gradTrain, double* gradValid,
    double* scratch, int stateGlobal)
{
    extern __shared__ double smem[];
    if ((long long)blockIdx.x >= nMotifs) return;
    const Net nw = setup(lay, steps, lr, beta1, beta2, eps, wd, corr, slopes, theta0, labels, scratch,
                         stateGlobal, true, blockIdx.x, threadIdx.x, blockDim.x, smem);
    const Lay& y = nw.y;
    const double* theta = train(nw, xTrain, true);

    // Validation loss at theta_T and its direct gradients: dScore/dtheta_T
    // into S_THETABAR, dScore/dxValid straight to gradValid. RG(0) is free
    // until the adjoint, so it holds validLoss's terms.
    double *h = nw.S(S_H), *p = nw.S(S_P);
    forward(nw, theta, xValid, h, p, false, 0, 0);
    validLoss(nw, p, nw.RG(0), scores + blockIdx.x);
    double* gv = gradValid + (long long)blockIdx.x * y.nx;
    backward(nw, BW_STORE, theta, 0, nw.S(S_THETABAR), 0, false, xValid, h, gv);

    adjoint(nw, xTrain);
    double* gt = gradTrain + (long long)blockIdx.x * y.nx;
    const double* gxT = nw.S(S_GXT);
    for (int k = nw.tid; k < y.nx; k += nw.nt) gt[k] = gxT[k];
}
