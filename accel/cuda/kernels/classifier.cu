// Kernels of the classifier trainer (accel/classifier_cuda.go), float32.
//
// R independent MLPs ("runs") train at once, each with its own parameters,
// slope and batch. A run's parameters are one flat vector of P floats,
// run r at params + r*P, holding for each layer its K x N weights W
// (row-major, K inputs, N outputs) followed by its N biases, so a layer is a
// (K+1) x N block whose last row is the bias; off is where it starts.
//
// Activations are run-major: element j of sample i of run r sits at
// x[r*xRun + i*N + j]. The first layer reads its inputs straight from the
// data set: sample i of run r is data row rows[r*b + i], or rowBase + i when
// rows is null (evaluation, where every run sees the same samples).
//
// Every kernel is one thread per output element with a grid-stride loop, so
// any grid covers any size and no thread cooperates with another (no shared
// memory). Dot products read their operands from global memory through L1;
// the layers are at most a few hundred wide, where that is adequate. expf
// and logf (not the intrinsics) keep float32 accuracy; nothing is compiled
// with fast math.

// CLF_EACH(t, n) runs its body for every t in [0, n), the grid's threads
// taking every (gridDim.x*blockDim.x)-th t each: a grid-stride loop, so any
// grid covers any size.
#define CLF_EACH(t, n)                                                                   \
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x,                 \
                   t##_stride = (long long)blockDim.x * gridDim.x;                       \
         t < (n); t += t##_stride)

// ClfCell is element t of a run-major R x b x N array: run r, row i of the
// run, column j, and ri = r*b + i, the row counted across runs.
struct ClfCell {
    int r, i, j;
    long long ri;
};

__device__ __forceinline__ ClfCell clf_cell(long long t, int b, int N)
{
    ClfCell c;
    c.j = (int)(t % N);
    c.ri = t / N;
    c.i = (int)(c.ri % b);
    c.r = (int)(c.ri / b);
    return c;
}

// Arithmetic both GEMM paths share: the sigmoid-slope activation, and a
// bias gradient (the sum of a column of d, b rows of N floats).
__device__ float clf_sigmoid(float slope, float z) { return 1.0f / (1.0f + expf(-slope * z)); }

__device__ float clf_column_sum(const float* d, int b, int N)
{
    float acc = 0.0f;
    for (int i = 0; i < b; ++i) {
        acc += d[(long long)i * N];
    }
    return acc;
}

// classifier_forward_f32: for each run r < R, sample i < b and output
// j < N, z = bias_j + sum_k in_ik * W_kj, and out = sigmoid(slope_r * z)
// when act != 0, else z.
extern "C" __global__ void classifier_forward_f32(
    int R, int b, int K, int N,
    const float* in, long long inRun, const int* rows, int rowBase,
    const float* params, long long P, long long off, const float* slopes, int act,
    float* out, long long outRun)
{
    CLF_EACH(t, (long long)R * b * N) {
        const ClfCell c = clf_cell(t, b, N);
        const int r = c.r, i = c.i, j = c.j;
        long long row = rows ? (long long)rows[c.ri] : (long long)rowBase + i;
        const float* x = in + r * inRun + row * K;
        const float* w = params + r * P + off + j;
        float z = w[(long long)K * N];
        for (int k = 0; k < K; ++k) {
            z += x[k] * w[(long long)k * N];
        }
        out[r * outRun + (long long)i * N + j] = act ? clf_sigmoid(slopes[r], z) : z;
    }
}

// classifier_softmax_xent_f32: for each run r and sample i, turns the
// logits z (C per sample) into softmax probabilities p, and
//   - when loss is not null, stores the sample's cross-entropy
//     log(sum_c exp z_c) - z_label at loss[r*lossRun + lossBase + i] and
//     1 or 0 at correct[same] for whether the first largest logit is the
//     label;
//   - when grad != 0, overwrites z with the gradient of the batch's mean
//     loss with respect to the logits, (p - onehot(label)) * scale, where
//     scale = 1/b.
// The label is labels[data row], the row chosen as in the forward kernel.
extern "C" __global__ void classifier_softmax_xent_f32(
    int R, int b, int C, float* z, long long zRun,
    const int* labels, const int* rows, int rowBase,
    int grad, float scale, float* loss, float* correct, long long lossRun, long long lossBase)
{
    CLF_EACH(t, (long long)R * b) {
        int i = (int)(t % b);
        int r = (int)(t / b);
        long long row = rows ? (long long)rows[t] : (long long)rowBase + i;
        int label = labels[row];
        float* x = z + r * zRun + (long long)i * C;
        int best = 0;
        float mx = x[0];
        for (int c = 1; c < C; ++c) {
            if (x[c] > mx) {
                best = c;
                mx = x[c];
            }
        }
        float sum = 0.0f;
        for (int c = 0; c < C; ++c) {
            sum += expf(x[c] - mx);
        }
        if (loss) {
            long long o = r * lossRun + lossBase + i;
            loss[o] = logf(sum) - (x[label] - mx);
            correct[o] = best == label ? 1.0f : 0.0f;
        }
        if (grad) {
            float inv = 1.0f / sum;
            for (int c = 0; c < C; ++c) {
                x[c] = expf(x[c] - mx) * inv * scale;
            }
            x[label] -= scale;
        }
    }
}

// classifier_weight_grad_f32: the gradient of one layer's (K+1) x N block
// for every run: g_kj = sum_i in_ik * d_ij for k < K, and the bias row
// g_Kj = sum_i d_ij, where d (b x N per run) is the gradient with respect
// to the layer's pre-activations. Written (not added) to grads at the
// layer's offset.
extern "C" __global__ void classifier_weight_grad_f32(
    int R, int b, int K, int N,
    const float* in, long long inRun, const int* rows, int rowBase,
    const float* d, long long dRun, float* grads, long long P, long long off)
{
    CLF_EACH(t, (long long)R * (K + 1) * N) {
        const ClfCell c = clf_cell(t, K + 1, N); // the block's row k, the bias row k = K
        const int r = c.r, k = c.i, j = c.j;
        const float* dr = d + r * dRun + j;
        float acc = 0.0f;
        if (k == K) {
            acc = clf_column_sum(dr, b, N);
        } else {
            for (int i = 0; i < b; ++i) {
                long long row = rows ? (long long)rows[(long long)r * b + i] : (long long)rowBase + i;
                acc += in[r * inRun + row * K + k] * dr[(long long)i * N];
            }
        }
        grads[r * P + off + (long long)k * N + j] = acc;
    }
}

// classifier_backprop_f32: the gradient with respect to the previous
// layer's pre-activations, for every run r, sample i and input k < K:
//   dprev_ik = (sum_j d_ij * W_kj) * slope_r * h_ik * (1 - h_ik),
// where h = sigmoid(slope_r * a) is that layer's output (so the last factor
// is the sigmoid's derivative) and W the K x N weights of the layer at off.
extern "C" __global__ void classifier_backprop_f32(
    int R, int b, int K, int N,
    const float* d, long long dRun, const float* params, long long P, long long off,
    const float* h, long long hRun, const float* slopes, float* dprev, long long dprevRun)
{
    CLF_EACH(t, (long long)R * b * K) {
        const ClfCell c = clf_cell(t, b, K);
        const int r = c.r, i = c.i, k = c.j;
        const float* dr = d + r * dRun + (long long)i * N;
        const float* w = params + r * P + off + (long long)k * N;
        float acc = 0.0f;
        for (int j = 0; j < N; ++j) {
            acc += dr[j] * w[j];
        }
        float hv = h[r * hRun + (long long)i * K + k];
        dprev[r * dprevRun + (long long)i * K + k] = acc * slopes[r] * hv * (1.0f - hv);
    }
}

// classifier_adam_f32: one Adam step with L2 weight decay added to the
// gradient (PyTorch's Adam weight_decay) on n parameters:
//   g = grad + l2*theta; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g;
//   theta -= stepSize * m / (sqrt(v) * invSqrtBC2 + eps),
// with stepSize = lr/(1-b1^t) and invSqrtBC2 = 1/sqrt(1-b2^t) for step t,
// computed by the host in float64.
extern "C" __global__ void classifier_adam_f32(
    long long n, float* theta, const float* grads, float* m, float* v,
    float stepSize, float invSqrtBC2, float b1, float b2, float eps, float l2)
{
    CLF_EACH(t, n) {
        float w = theta[t];
        float g = grads[t] + l2 * w;
        float mi = b1 * m[t] + (1.0f - b1) * g;
        float vi = b2 * v[t] + (1.0f - b2) * g * g;
        m[t] = mi;
        v[t] = vi;
        theta[t] = w - stepSize * mi / (sqrtf(vi) * invSqrtBC2 + eps);
    }
}

// The kernels below serve the cuBLAS path of the trainer, where
// cublasSgemmStridedBatched does every GEMM (one call per layer and pass,
// batched over the runs) and these do the rest.

// classifier_gather_f32: copies each run's batch out of the data set into
// a contiguous buffer for the first layer's GEMMs: row i of run r,
// out[r*outRun + i*K + k], is data row rows[r*b + i].
extern "C" __global__ void classifier_gather_f32(
    int R, int b, int K, const float* data, const int* rows, float* out, long long outRun)
{
    CLF_EACH(t, (long long)R * b * K) {
        const ClfCell c = clf_cell(t, b, K);
        const int r = c.r, i = c.i, k = c.j;
        out[r * outRun + (long long)i * K + k] = data[(long long)rows[c.ri] * K + k];
    }
}

// classifier_bias_act_f32: finishes a layer whose GEMM left x·W in z (b x N
// per run): z += bias, then z = sigmoid(slope_r * z) when act != 0. The
// bias of run r is params[r*P + boff + j].
extern "C" __global__ void classifier_bias_act_f32(
    int R, int b, int N, float* z, long long zRun,
    const float* params, long long P, long long boff, const float* slopes, int act)
{
    CLF_EACH(t, (long long)R * b * N) {
        const ClfCell c = clf_cell(t, b, N);
        const int r = c.r, i = c.i, j = c.j;
        float* x = z + r * zRun + (long long)i * N + j;
        float v = *x + params[r * P + boff + j];
        *x = act ? clf_sigmoid(slopes[r], v) : v;
    }
}

// classifier_bias_grad_f32: the bias gradient of a layer for every run,
// g_j = sum_i d_ij over the b rows of d (b x N per run), written to
// grads[r*P + boff + j].
extern "C" __global__ void classifier_bias_grad_f32(
    int R, int b, int N, const float* d, long long dRun, float* grads, long long P, long long boff)
{
    CLF_EACH(t, (long long)R * N) {
        int j = (int)(t % N);
        int r = (int)(t / N);
        grads[r * P + boff + j] = clf_column_sum(d + r * dRun + j, b, N);
    }
}

// classifier_sigmoid_grad_f32: turns the gradient with respect to a hidden
// layer's outputs h = sigmoid(slope_r * a), left in g (b x K per run) by
// the GEMM with the next layer's weights, into the gradient with respect
// to its pre-activations a: g *= slope_r * h * (1 - h).
extern "C" __global__ void classifier_sigmoid_grad_f32(
    int R, int b, int K, float* g, long long gRun, const float* h, long long hRun, const float* slopes)
{
    CLF_EACH(t, (long long)R * b * K) {
        const ClfCell c = clf_cell(t, b, K);
        const int r = c.r, i = c.i, k = c.j;
        float hv = h[r * hRun + (long long)i * K + k];
        g[r * gRun + (long long)i * K + k] *= slopes[r] * hv * (1.0f - hv);
    }
}
