// The dish's outer step on the device, float64: after
// unrolled_mlp_score_grad_f64 has written every motif-network's score and
// its per-motif gradients with respect to the synthetic inputs, these two
// kernels turn them into one Adam step on the inputs without a round trip
// to the host for the gradients.
//
//   outer_zmse_f64         the z-scored MSE of the scores against the
//                          (already standardised) targets, its gradient
//                          dS with respect to each raw score, and the sum
//                          of squares of the inputs (for the L2 term);
//   outer_reduce_adam_f64  sum_i dS[i] * grad_i + 2*wd*x over the motifs,
//                          and Adam's update of x with it.
//
// The inputs live in one buffer x of 2*nx doubles, the training set then
// the validation set; Adam's m and v, and xPrev (the inputs before the
// last update), are laid out the same way.
//
// DETERMINISM. Every sum is split in a fixed way that depends only on the
// problem's sizes and the block shape (which the host fixes): thread k of
// a block sums elements k, k+blockDim, ... in order, and the partial sums
// are combined by a fixed binary tree in shared memory. No atomics, so
// each run gives the same bits. The order differs from the host's serial
// loops (petri/dish's zMSE and its gradient sum), so the two agree to
// rounding, not bit for bit.

// blockSum returns the sum of v over the block's threads, to every thread.
// blockDim.x must be a power of two no larger than 256 (the size of red);
// every thread must call it. red is free again when it returns.
__device__ double blockSum(double v, double* red)
{
    const int tid = threadIdx.x;
    red[tid] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) red[tid] += red[tid + s];
        __syncthreads();
    }
    const double r = red[0];
    __syncthreads();
    return r;
}

// outer_zmse_f64: ONE block of a power-of-two number (at most 256) of
// threads. With M scores s, their mean mu and population standard
// deviation sd, z = (s - mu)/sd and d = z - targets, it writes
//
//   stats[0] = mean(d^2)                      the outer MSE
//   stats[1] = sum(x^2) over 2*nx inputs      for the L2 term
//   stats[2] = sd, stats[3] = mu
//   dS[i]    = (a_i - mean(a) - z_i*mean(a*z)) / sd,  a = 2d/M
//
// the gradient of the MSE with respect to each raw score (through the
// standardisation). When sd is not positive (every score equal, or a
// score not finite) it writes stats = {0, sum(x^2), sd, mu} and leaves dS
// alone: the host checks sd before it launches the update.
extern "C" __global__ void outer_zmse_f64(int M, const double* scores, const double* targets, int nx2,
                                          const double* x, double* dS, double* stats)
{
    __shared__ double red[256];
    const int tid = threadIdx.x, nt = blockDim.x;
    const double inv = 1.0 / (double)M;
    double p = 0;
    for (int i = tid; i < M; i += nt) p += scores[i];
    const double mu = blockSum(p, red) * inv;
    p = 0;
    for (int i = tid; i < M; i += nt) {
        const double d = scores[i] - mu;
        p += d * d;
    }
    const double sd = sqrt(blockSum(p, red) * inv);
    p = 0;
    for (int k = tid; k < nx2; k += nt) p += x[k] * x[k];
    const double ss = blockSum(p, red);
    if (!(sd > 0)) { // the same for every thread of the block
        if (tid == 0) {
            stats[0] = 0;
            stats[1] = ss;
            stats[2] = sd;
            stats[3] = mu;
        }
        return;
    }
    double pm = 0, pa = 0, paz = 0;
    for (int i = tid; i < M; i += nt) {
        const double z = (scores[i] - mu) / sd;
        const double d = z - targets[i];
        const double a = 2 * d * inv;
        pm += d * d;
        pa += a;
        paz += a * z;
    }
    const double mse = blockSum(pm, red) * inv;
    const double ma = blockSum(pa, red) * inv;
    const double maz = blockSum(paz, red) * inv;
    for (int i = tid; i < M; i += nt) {
        const double z = (scores[i] - mu) / sd;
        const double a = 2 * (z - targets[i]) * inv;
        dS[i] = (a - ma - z * maz) / sd;
    }
    if (tid == 0) {
        stats[0] = mse;
        stats[1] = ss;
        stats[2] = sd;
        stats[3] = mu;
    }
}

// OUTER_COLS x OUTER_ROWS is the block of outer_reduce_adam_f64.
enum { OUTER_COLS = 32, OUTER_ROWS = 8 };

// outer_reduce_adam_f64: blocks of OUTER_COLS x OUTER_ROWS threads, grid
// ceil(nx/OUTER_COLS) x 2; blockIdx.y picks the input set (0: training,
// gradients in gradTrain; 1: validation, gradValid), blockIdx.x a tile of
// OUTER_COLS of its nx coordinates. For coordinate j of the set the
// gradient is
//
//   g = 2*wd*x_j + sum_{i<M} dS[i] * grad[i*nx + j]
//
// (grad is M x nx, motif i's gradient in row i). Thread (c, r) sums the
// motifs i = r, r+OUTER_ROWS, ... of column c (so a warp reads 32
// consecutive doubles of one row), and a fixed tree over r adds the
// partials. Row 0 then applies Adam's step t (c1 = 1/(1-beta1^t) and
// c2 = 1/(1-beta2^t), from the host):
//
//   m = (1-b1)*g + b1*m,  v = (1-b2)*g*g + b2*v,
//   xPrev = x,  x -= lr * (m*c1) / (sqrt(v*c2) + eps)
//
// as petri/dish's outer Adam does.
extern "C" __global__ void outer_reduce_adam_f64(int M, int nx, const double* gradTrain, const double* gradValid,
                                                 const double* dS, double wd, double lr, double beta1, double beta2,
                                                 double eps, double c1, double c2, double* x, double* m, double* v,
                                                 double* xPrev)
{
    __shared__ double part[OUTER_ROWS][OUTER_COLS];
    const int c = threadIdx.x, r = threadIdx.y;
    const int j = blockIdx.x * OUTER_COLS + c;
    const int set = blockIdx.y;
    const double* g = set ? gradValid : gradTrain;
    double p = 0;
    if (j < nx) {
        for (int i = r; i < M; i += OUTER_ROWS) p += dS[i] * g[(long long)i * nx + j];
    }
    part[r][c] = p;
    __syncthreads();
    for (int s = OUTER_ROWS / 2; s > 0; s >>= 1) {
        if (r < s) part[r][c] += part[r + s][c];
        __syncthreads();
    }
    if (r != 0 || j >= nx) return;
    const long long k = (long long)set * nx + j;
    const double xk = x[k];
    const double gk = 2 * wd * xk + part[0][c];
    const double mk = (1 - beta1) * gk + beta1 * m[k];
    const double vk = (1 - beta2) * (gk * gk) + beta2 * v[k];
    m[k] = mk;
    v[k] = vk;
    xPrev[k] = xk;
    x[k] = xk - lr * (mk * c1) / (sqrt(vk * c2) + eps);
}
