// A fake libcublas.so.13: cublasSgemm_v2 as a column-major triple loop on
// the fake driver's host memory, with cuBLAS's argument checks.
#include <cstddef>

namespace {
enum {
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_INVALID_VALUE = 7,
};
int handles;
char handle;
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
    if (h != &handle || handles == 0) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (ta < 0 || ta > 1 || tb < 0 || tb > 1 || m < 0 || n < 0 || k < 0) return CUBLAS_STATUS_INVALID_VALUE;
    if (lda < (ta ? k : m) || lda < 1 || ldb < (tb ? n : k) || ldb < 1 || ldc < m || ldc < 1) return CUBLAS_STATUS_INVALID_VALUE;
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < m; ++i) {
            float s = 0;
            for (int p = 0; p < k; ++p) {
                float a = ta ? A[p + (size_t)i * lda] : A[i + (size_t)p * lda];
                float b = tb ? B[j + (size_t)p * ldb] : B[p + (size_t)j * ldb];
                s += a * b;
            }
            float* c = &C[i + (size_t)j * ldc];
            *c = *beta == 0 ? *alpha * s : *alpha * s + *beta * *c;
        }
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
