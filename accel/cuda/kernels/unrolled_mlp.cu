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
// ONE THREAD PER MOTIF-NETWORK. The networks are tiny (the dish's is
// 10-1-1-10 on 10 samples, 33 parameters) and the loop is long and
// sequential, so the parallelism is across motifs; no thread cooperates
// with another (no shared memory, no barriers), which is also what lets the
// host emulation in accel/fakecuda run these kernels.
//
// DOUBLE PRECISION throughout: the meta-gradient differentiates through 250
// Adam steps, whose 1/sqrt(v) normalisation amplifies rounding error, so
// float32 would leave the gradient with few correct digits; the H100 runs
// FP64 at half its FP32 rate, and this work is latency-bound anyway; and
// agreeing with the float64 CPU path to about 1e-10 is what makes the tests
// able to tell a correct port from a subtly wrong one.
//
// Memory. Per-motif working memory and the trajectory live in one global
// scratch buffer, interleaved across motifs: element j of motif i is at
// scratch[j*nMotifs + i], so the threads of a warp, which run consecutive
// motifs through the same instruction, touch consecutive doubles. The host
// computes the layout and passes it in `lay` (see the LAY_* indices below
// and unrolled_mlp.go, which must agree with them).

// Indices into lay, the int array describing shapes and the scratch layout.
enum {
    LAY_L = 0,   // number of weight layers
    LAY_N,       // samples
    LAY_NP,      // parameters
    LAY_HLEN,    // hidden activations of one pass, n * sum of hidden widths
    LAY_OUTLEN,  // outputs of one pass, n * d[L]
    LAY_MAXACT,  // largest n * d[l]
    LAY_NX,      // one input set, n * d[0]
    // Offsets (in elements, per motif) of the scratch buffers.
    S_THETA, S_M, S_V, S_G,             // np each
    S_THETABAR, S_MBAR, S_VBAR, S_GBAR, // np each (score+grad only)
    S_HV,                               // np (score+grad only)
    S_H, S_P,                           // hLen, outLen
    S_SG, S_SD, S_SRG, S_SRD,           // maxAct each (SRG, SRD: score+grad only)
    S_RA,                               // hLen + outLen (score+grad only)
    S_GXT, S_GXV,                       // nx each (score+grad only)
    S_THETAH, S_GH, S_MH, S_VH,         // steps*np each (score+grad only)
    S_HH, S_PH,                         // steps*hLen, steps*outLen (score+grad only)
    LAY_DIMS                            // then dims[0..L], wOff[0..L-1], bOff[0..L-1], hOff[0..L-1]
};

// Vec is a strided view of doubles: element j is p[j*s]. Scratch views have
// stride nMotifs; plain arrays (inputs, outputs) have stride 1.
struct Vec {
    double* p;
    long long s;
    __device__ __forceinline__ double& operator[](long long j) const { return p[j * s]; }
    __device__ __forceinline__ Vec at(long long off) const
    {
        Vec v;
        v.p = p + off * s;
        v.s = s;
        return v;
    }
};

__device__ __forceinline__ Vec vec(const double* p, long long stride)
{
    Vec v;
    v.p = const_cast<double*>(p);
    v.s = stride;
    return v;
}

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

__device__ __forceinline__ double sigmoid(double a) { return 1.0 / (1.0 + exp(-a)); }

// act is layer l's (1-based) input: x for l = 1, else hidden layer l-1.
__device__ __forceinline__ Vec act(const Lay& y, Vec x, Vec h, int l)
{
    return l == 1 ? x : h.at(y.hOff[l - 2]);
}

// raOf is R{a} of layer l inside ra (hidden layers, then the output).
__device__ __forceinline__ Vec raOf(const Lay& y, Vec ra, int l)
{
    return l == y.L ? ra.at(y.hLen) : ra.at(y.hOff[l - 1]);
}

// forward runs the network with slope s on x; it writes the hidden
// activations into h and the logits into out (or, with probs, the output
// probabilities sigmoid(logits)).
__device__ void forward(const Lay& y, double s, Vec theta, Vec x, Vec h, Vec out, bool probs)
{
    const int n = y.n;
    for (int l = 1; l <= y.L; ++l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        Vec in = act(y, x, h, l);
        Vec W = theta.at(y.wOff[l - 1]), b = theta.at(y.bOff[l - 1]);
        Vec o = l < y.L ? h.at(y.hOff[l - 1]) : out;
        for (int r = 0; r < n; ++r) {
            for (int j = 0; j < dout; ++j) {
                double acc = b[j];
                for (int i = 0; i < din; ++i) acc += in[r * din + i] * W[i * dout + j];
                if (l < y.L) {
                    acc = sigmoid(s * acc);
                } else if (probs) {
                    acc = sigmoid(acc);
                }
                o[r * dout + j] = acc;
            }
        }
    }
}

// bceLoss returns the mean binary cross-entropy of the logits in zp against
// labels lab and replaces each logit by its probability.
__device__ double bceLoss(const Lay& y, Vec zp, Vec lab)
{
    double sum = 0;
    for (int k = 0; k < y.outLen; ++k) {
        const double z = zp[k];
        sum += fmax(z, 0.0) - z * lab[k] + log1p(exp(-fabs(z)));
        zp[k] = sigmoid(z);
    }
    return sum / (double)y.outLen;
}

// backward writes dL/dtheta into gTheta and, with hasGX, adds dL/dx into
// gX, for the mean BCE given the forward state (h, probabilities p) at theta
// on x. sg and sd are scratch of maxAct elements.
__device__ void backward(const Lay& y, double s, Vec theta, Vec x, Vec h, Vec p, Vec lab,
                         Vec gTheta, bool hasGX, Vec gX, Vec sg, Vec sd)
{
    const int n = y.n;
    const double inv = 1.0 / (double)y.outLen;
    for (int k = 0; k < y.outLen; ++k) sg[k] = (p[k] - lab[k]) * inv;
    // sg holds G, the loss gradient by the pre-activations of layer l.
    for (int l = y.L; l >= 1; --l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        Vec in = act(y, x, h, l);
        Vec W = theta.at(y.wOff[l - 1]);
        Vec dW = gTheta.at(y.wOff[l - 1]), db = gTheta.at(y.bOff[l - 1]);
        for (int j = 0; j < dout; ++j) {
            double acc = 0;
            for (int r = 0; r < n; ++r) acc += sg[r * dout + j];
            db[j] = acc;
        }
        for (int i = 0; i < din; ++i) {
            for (int j = 0; j < dout; ++j) {
                double acc = 0;
                for (int r = 0; r < n; ++r) acc += in[r * din + i] * sg[r * dout + j];
                dW[i * dout + j] = acc;
            }
        }
        if (l == 1 && !hasGX) break;
        for (int r = 0; r < n; ++r) {
            for (int i = 0; i < din; ++i) {
                double acc = 0;
                for (int j = 0; j < dout; ++j) acc += sg[r * dout + j] * W[i * dout + j];
                sd[r * din + i] = acc;
            }
        }
        if (l == 1) {
            for (int k = 0; k < n * din; ++k) gX[k] += sd[k];
            break;
        }
        // G_{l-1} = D * s*H*(1-H), H = the activations of hidden layer l-1.
        for (int k = 0; k < n * din; ++k) {
            const double hk = in[k];
            sg[k] = sd[k] * s * hk * (1 - hk);
        }
    }
}

// hvp writes hvTheta = (d2L/dtheta2) v and adds (d2L/dx dtheta) v into hvX,
// for the training loss at theta on x, given that pass's stored state (h,
// probabilities p). It is the R-operator applied to backward:
//
//   R{a_l}  = R{h_{l-1}} W_l + h_{l-1} V_l + vb_l,   R{h_l} = H'_l R{a_l}
//   R{G_L}  = p (1-p) R{a_L} / (n K)
//   R{dW_l} = R{h_{l-1}}^T G_l + h_{l-1}^T R{G_l},   R{db_l} = colsum R{G_l}
//   R{D}    = R{G_l} W_l^T + G_l V_l^T
//   R{G_{l-1}} = R{D} H'_{l-1} + D H''_{l-1} R{a_{l-1}}
//
// with H' = s H (1-H) and H'' = s^2 H (1-H)(1-2H).
__device__ void hvp(const Lay& y, double s, Vec theta, Vec x, Vec h, Vec p, Vec lab, Vec v,
                    Vec hvTheta, Vec hvX, Vec sg, Vec sd, Vec srg, Vec srd, Vec ra)
{
    const int n = y.n, L = y.L;
    // Forward R pass.
    for (int l = 1; l <= L; ++l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        Vec in = act(y, x, h, l);
        Vec W = theta.at(y.wOff[l - 1]), V = v.at(y.wOff[l - 1]), vb = v.at(y.bOff[l - 1]);
        Vec ral = raOf(y, ra, l);
        Vec raIn = l > 1 ? raOf(y, ra, l - 1) : ral;
        for (int r = 0; r < n; ++r) {
            for (int j = 0; j < dout; ++j) {
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
                ral[r * dout + j] = acc;
            }
        }
    }
    const double inv = 1.0 / (double)y.outLen;
    Vec raOut = raOf(y, ra, L);
    for (int k = 0; k < y.outLen; ++k) {
        const double pk = p[k];
        sg[k] = (pk - lab[k]) * inv;
        srg[k] = pk * (1 - pk) * raOut[k] * inv;
    }
    // Backward R pass; sg, srg hold G and R{G} of layer l.
    for (int l = L; l >= 1; --l) {
        const int din = y.dims[l - 1], dout = y.dims[l];
        Vec in = act(y, x, h, l);
        Vec W = theta.at(y.wOff[l - 1]), V = v.at(y.wOff[l - 1]);
        Vec rdW = hvTheta.at(y.wOff[l - 1]), rdb = hvTheta.at(y.bOff[l - 1]);
        Vec raIn = l > 1 ? raOf(y, ra, l - 1) : ra;
        for (int j = 0; j < dout; ++j) {
            double acc = 0;
            for (int r = 0; r < n; ++r) acc += srg[r * dout + j];
            rdb[j] = acc;
        }
        for (int i = 0; i < din; ++i) {
            for (int j = 0; j < dout; ++j) {
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
                rdW[i * dout + j] = acc;
            }
        }
        for (int r = 0; r < n; ++r) {
            for (int i = 0; i < din; ++i) {
                double acc = 0, racc = 0;
                for (int j = 0; j < dout; ++j) {
                    const double gj = sg[r * dout + j], rgj = srg[r * dout + j];
                    acc += gj * W[i * dout + j];
                    racc += rgj * W[i * dout + j] + gj * V[i * dout + j];
                }
                sd[r * din + i] = acc;
                srd[r * din + i] = racc;
            }
        }
        if (l == 1) {
            for (int k = 0; k < n * din; ++k) hvX[k] += srd[k];
            break;
        }
        for (int k = 0; k < n * din; ++k) {
            const double hk = in[k];
            const double hp = s * hk * (1 - hk);
            const double hpp = hp * s * (1 - 2 * hk);
            sg[k] = sd[k] * hp;
            srg[k] = srd[k] * hp + sd[k] * hpp * raIn[k];
        }
    }
}

// Adam holds the inner-loop constants.
struct Adam {
    int steps;
    double lr, b1, b2, eps, wd;
    const double* corr; // c1_t at corr[t], c2_t at corr[steps+t]
};

// train runs the inner loop from theta0 on xTrain, leaving theta_T in the
// S_THETA buffer. With record it stores, for each step t, theta_t, g_t,
// m_{t+1}, v_{t+1}, the hidden activations and the output probabilities.
__device__ void train(const Lay& y, const Adam& ad, double s, Vec sc, Vec theta0, Vec xTrain, Vec lab, bool record)
{
    const int np = y.np;
    const int* a = y.a;
    Vec theta = sc.at(a[S_THETA]), m = sc.at(a[S_M]), v = sc.at(a[S_V]);
    Vec sg = sc.at(a[S_SG]), sd = sc.at(a[S_SD]);
    const double v0 = ad.eps * ad.eps * ad.eps * ad.eps;
    for (int j = 0; j < np; ++j) {
        theta[j] = theta0[j];
        m[j] = 0;
        v[j] = v0;
    }
    Vec h = sc.at(a[S_H]), p = sc.at(a[S_P]), g = sc.at(a[S_G]);
    for (int t = 0; t < ad.steps; ++t) {
        if (record) {
            Vec th = sc.at(a[S_THETAH] + (long long)t * np);
            for (int j = 0; j < np; ++j) th[j] = theta[j];
            h = sc.at(a[S_HH] + (long long)t * y.hLen);
            p = sc.at(a[S_PH] + (long long)t * y.outLen);
            g = sc.at(a[S_GH] + (long long)t * np);
        }
        forward(y, s, theta, xTrain, h, p, true);
        backward(y, s, theta, xTrain, h, p, lab, g, false, g, sg, sd);
        const double c1 = ad.corr[t], c2 = ad.corr[ad.steps + t];
        for (int j = 0; j < np; ++j) {
            const double gj = g[j] + ad.wd * theta[j];
            g[j] = gj;
            const double mj = (1 - ad.b1) * gj + ad.b1 * m[j];
            const double vj = (1 - ad.b2) * (gj * gj) + ad.b2 * v[j];
            m[j] = mj;
            v[j] = vj;
            theta[j] -= ad.lr * (mj * c1) / (sqrt(vj * c2) + ad.eps);
        }
        if (record) {
            Vec mh = sc.at(a[S_MH] + (long long)t * np), vh = sc.at(a[S_VH] + (long long)t * np);
            for (int j = 0; j < np; ++j) {
                mh[j] = m[j];
                vh[j] = v[j];
            }
        }
    }
}

// adjoint runs the inner loop backwards. On entry S_THETABAR holds
// dScore/dtheta_T; it adds dScore/dxTrain into gxT.
//
// Step t maps (theta_t, m_t, v_t) to (theta_{t+1}, m_{t+1}, v_{t+1}) via
// g_t = grad L(theta_t) + wd theta_t. With mh = m c1, vh = v c2,
// r = sqrt(vh), den = r + eps, the update theta_{t+1} = theta_t - lr mh/den
// has partials -lr c1/den (by m_{t+1}) and lr mh c2/(2 r den^2) (by
// v_{t+1}); m_{t+1} and v_{t+1} depend on g_t through (1-b1) and
// 2 (1-b2) g_t; and g_t on theta_t and x through the Hessian products of
// hvp, plus wd on theta_t.
__device__ void adjoint(const Lay& y, const Adam& ad, double s, Vec sc, Vec xTrain, Vec lab, Vec gxT)
{
    const int np = y.np;
    const int* a = y.a;
    Vec thetaBar = sc.at(a[S_THETABAR]), mBar = sc.at(a[S_MBAR]), vBar = sc.at(a[S_VBAR]);
    Vec gBar = sc.at(a[S_GBAR]), hv = sc.at(a[S_HV]);
    for (int j = 0; j < np; ++j) {
        mBar[j] = 0;
        vBar[j] = 0;
    }
    for (int t = ad.steps - 1; t >= 0; --t) {
        const double c1 = ad.corr[t], c2 = ad.corr[ad.steps + t];
        Vec m = sc.at(a[S_MH] + (long long)t * np), v = sc.at(a[S_VH] + (long long)t * np);
        Vec g = sc.at(a[S_GH] + (long long)t * np);
        for (int j = 0; j < np; ++j) {
            const double mh = m[j] * c1, vh = v[j] * c2;
            const double r = sqrt(vh);
            const double den = r + ad.eps;
            const double tb = thetaBar[j];
            double mb = mBar[j] + tb * (-ad.lr * c1 / den);
            double vb = vBar[j] + tb * (ad.lr * mh * c2 / (2 * r * den * den));
            const double gb = (1 - ad.b1) * mb + 2 * (1 - ad.b2) * g[j] * vb;
            gBar[j] = gb;
            mBar[j] = mb * ad.b1;
            vBar[j] = vb * ad.b2;
            thetaBar[j] = tb + ad.wd * gb;
        }
        Vec theta = sc.at(a[S_THETAH] + (long long)t * np);
        Vec h = sc.at(a[S_HH] + (long long)t * y.hLen);
        Vec p = sc.at(a[S_PH] + (long long)t * y.outLen);
        hvp(y, s, theta, xTrain, h, p, lab, gBar, hv, gxT,
            sc.at(a[S_SG]), sc.at(a[S_SD]), sc.at(a[S_SRG]), sc.at(a[S_SRD]), sc.at(a[S_RA]));
        for (int j = 0; j < np; ++j) thetaBar[j] += hv[j];
    }
}

// unrolled_mlp_score_f64: for each motif i < nMotifs (one thread each),
// train the network with slope slopes[i] from theta0 on xTrain and write
// its validation loss on xValid to scores[i]. scratch holds lay's S_THETA
// .. S_SD buffers for nMotifs motifs, interleaved.
extern "C" __global__ void unrolled_mlp_score_f64(
    int nMotifs, const int* lay, int steps, double lr, double beta1, double beta2, double eps, double wd,
    const double* corr, const double* slopes, const double* theta0, const double* xTrain,
    const double* xValid, const double* labels, double* scores, double* scratch)
{
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nMotifs) return;
    const Lay y = readLay(lay);
    Adam ad;
    ad.steps = steps;
    ad.lr = lr;
    ad.b1 = beta1;
    ad.b2 = beta2;
    ad.eps = eps;
    ad.wd = wd;
    ad.corr = corr;
    const double s = slopes[i];
    Vec sc = vec(scratch + i, nMotifs);
    Vec lab = vec(labels, 1);
    train(y, ad, s, sc, vec(theta0, 1), vec(xTrain, 1), lab, false);
    Vec h = sc.at(lay[S_H]), z = sc.at(lay[S_P]);
    forward(y, s, sc.at(lay[S_THETA]), vec(xValid, 1), h, z, false);
    scores[i] = bceLoss(y, z, lab);
}

// unrolled_mlp_score_grad_f64 is unrolled_mlp_score_f64 plus, for each
// motif i, the gradient of its score with respect to xTrain (through the
// unrolled inner loop) and xValid, written to gradTrain[i*nx ...] and
// gradValid[i*nx ...] (nx = n*d[0]). scratch holds all of lay's buffers,
// trajectory included, for nMotifs motifs, interleaved.
extern "C" __global__ void unrolled_mlp_score_grad_f64(
    int nMotifs, const int* lay, int steps, double lr, double beta1, double beta2, double eps, double wd,
    const double* corr, const double* slopes, const double* theta0, const double* xTrain,
    const double* xValid, const double* labels, double* scores, double* gradTrain, double* gradValid,
    double* scratch)
{
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nMotifs) return;
    const Lay y = readLay(lay);
    Adam ad;
    ad.steps = steps;
    ad.lr = lr;
    ad.b1 = beta1;
    ad.b2 = beta2;
    ad.eps = eps;
    ad.wd = wd;
    ad.corr = corr;
    const double s = slopes[i];
    Vec sc = vec(scratch + i, nMotifs);
    Vec lab = vec(labels, 1);
    Vec xtr = vec(xTrain, 1), xva = vec(xValid, 1);
    train(y, ad, s, sc, vec(theta0, 1), xtr, lab, true);

    // Validation loss at theta_T and its direct gradients.
    Vec theta = sc.at(lay[S_THETA]), h = sc.at(lay[S_H]), p = sc.at(lay[S_P]);
    forward(y, s, theta, xva, h, p, false);
    scores[i] = bceLoss(y, p, lab);
    Vec gxT = sc.at(lay[S_GXT]), gxV = sc.at(lay[S_GXV]);
    for (int k = 0; k < y.nx; ++k) {
        gxT[k] = 0;
        gxV[k] = 0;
    }
    backward(y, s, theta, xva, h, p, lab, sc.at(lay[S_THETABAR]), true, gxV, sc.at(lay[S_SG]), sc.at(lay[S_SD]));

    adjoint(y, ad, s, sc, xtr, lab, gxT);
    double* gt = gradTrain + i * y.nx;
    double* gv = gradValid + i * y.nx;
    for (int k = 0; k < y.nx; ++k) {
        gt[k] = gxT[k];
        gv[k] = gxV[k];
    }
}
