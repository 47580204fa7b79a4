// Batched GEMM for many small matrices, float32, row-major.
//
// For each b < batch:  C_b = alpha * op(A_b) * op(B_b) + beta * C_b
//   op(A_b) is m x k: A_b is stored m x k, or k x m when transA != 0;
//   op(B_b) is k x n: B_b is stored k x n, or n x k when transB != 0;
//   C_b is m x n. All dense (leading dimension = number of columns).
//   A_b starts at A + b*strideA (strideA = m*k when packed); likewise B, C.
// When beta == 0, C is not read (as in BLAS), so it may hold anything.
//
// Thread (x, y) of the grid computes C_b[row = y][col = x]; blockIdx.z
// strides over the batch, so a grid of any depth covers any batch. The
// matrices of a motif-network are tens of elements wide, so each thread
// reads its row of A and column of B straight from global memory (through
// L1) and keeps no shared-memory tiles: there is no data reuse worth tiling
// at these sizes, and the kernel stays correct by inspection. Large GEMMs go
// to cuBLAS instead.
extern "C" __global__ void gemm_batched_f32(
    int batch, int m, int n, int k, int transA, int transB,
    float alpha, const float* A, long long strideA,
    const float* B, long long strideB,
    float beta, float* C, long long strideC)
{
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    if (row >= m || col >= n) {
        return;
    }
    // op(A)[row][p] = A[aOff + p*aStep], op(B)[p][col] = B[bOff + p*bStep].
    long long aOff = transA ? (long long)row : (long long)row * k;
    long long aStep = transA ? (long long)m : 1;
    long long bOff = transB ? (long long)col * k : (long long)col;
    long long bStep = transB ? 1 : (long long)n;
    for (int z = blockIdx.z; z < batch; z += gridDim.z) {
        const float* a = A + z * strideA + aOff;
        const float* b = B + z * strideB + bOff;
        float acc = 0.0f;
        for (int p = 0; p < k; ++p) {
            acc += a[p * aStep] * b[p * bStep];
        }
        float* c = C + z * strideC + (long long)row * n + col;
        *c = (beta == 0.0f) ? alpha * acc : alpha * acc + beta * *c;
    }
}
