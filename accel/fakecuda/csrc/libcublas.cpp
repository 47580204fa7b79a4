// A fake libcublas.so.13: cublasSgemm_v2 and cublasSgemmStridedBatched as
// column-major triple loops on the fake driver's host memory, with
// cuBLAS's argument checks.
#include <cstddef>

namespace {
enum {
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_INVALID_VALUE = 7,
};
int handles;
char handle;

// check returns cuBLAS's status for a GEMM's handle, operations, sizes and
// leading dimensions (column-major: A is lda-strided columns of m rows,
// or of k rows when transposed).
int check(void* h, int ta, int tb, int m, int n, int k, int lda, int ldb, int ldc) {
    if (h != &handle || handles == 0) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (ta < 0 || ta > 1 || tb < 0 || tb > 1 || m < 0 || n < 0 || k < 0) return CUBLAS_STATUS_INVALID_VALUE;
    if (lda < (ta ? k : m) || lda < 1 || ldb < (tb ? n : k) || ldb < 1 || ldc < m || ldc < 1) return CUBLAS_STATUS_INVALID_VALUE;
    return CUBLAS_STATUS_SUCCESS;
}

// gemm computes C = alpha*op(A)*op(B) + beta*C, column-major, summing each
// dot product in order in float; with beta 0, C is written without being
// read (as cuBLAS does, so NaNs in C do not propagate).
void gemm(int ta, int tb, int m, int n, int k, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < m; ++i) {
            float s = 0;
            for (int p = 0; p < k; ++p) {
                float a = ta ? A[p + (size_t)i * lda] : A[i + (size_t)p * lda];
                float b = tb ? B[j + (size_t)p * ldb] : B[p + (size_t)j * ldb];
                s += a * b;
            }
            float* c = &C[i + (size_t)j * ldc];
            *c = beta == 0 ? alpha * s : alpha * s + beta * *c;
        }
    }
}
} // namespace

extern "C" {

int cublasCreate_v2(void** h) { ++handles; *h = &handle; return CUBLAS_STATUS_SUCCESS; }

int cublasDestroy_v2(void* h) {
    if (h != &handle || handles == 0) return CUBLAS_STATUS_NOT_INITIALIZED;
    --handles;
    return CUBLAS_STATUS_SUCCESS;
}

int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha,
                   const float* A, int lda, const float* B, int ldb, const float* beta,
                   float* C, int ldc) {
    if (int s = check(h, ta, tb, m, n, k, lda, ldb, ldc)) return s;
    gemm(ta, tb, m, n, k, *alpha, A, lda, B, ldb, *beta, C, ldc);
    return CUBLAS_STATUS_SUCCESS;
}

// cublasSgemmStridedBatched: for i < batch, C_i = alpha*op(A_i)*op(B_i) +
// beta*C_i with X_i = X + i*strideX (strides in floats; 0 repeats a
// matrix).
int cublasSgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const float* alpha,
                              const float* A, int lda, long long strideA,
                              const float* B, int ldb, long long strideB, const float* beta,
                              float* C, int ldc, long long strideC, int batch) {
    if (int s = check(h, ta, tb, m, n, k, lda, ldb, ldc)) return s;
    if (batch < 0) return CUBLAS_STATUS_INVALID_VALUE;
    for (int i = 0; i < batch; ++i) {
        gemm(ta, tb, m, n, k, *alpha, A + i * strideA, lda, B + i * strideB, ldb, *beta, C + i * strideC, ldc);
    }
    return CUBLAS_STATUS_SUCCESS;
}

const char* cublasGetStatusName(int s) {
    switch (s) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    }
    return "CUBLAS_STATUS_UNKNOWN";
}

} // extern "C"
