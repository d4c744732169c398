// gemm_scalar.cpp: the readable definition of every product in gemm.h. Loop order i-p-j keeps
// the inner loop on contiguous rows of b and c (cache-friendly, and vectorisable natively).
#include "attnlab/kernels/gemm.h"

namespace attnlab::kernels::scalar {

void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    for (int i = 0; i < m; ++i) {
        float* ci = c + static_cast<long>(i) * ldc;
        if (!accumulate) {
            for (int j = 0; j < n; ++j) ci[j] = 0.0f;
        }
        for (int p = 0; p < k; ++p) {
            const float aip = a[static_cast<long>(i) * lda + p];
            const float* bp = b + static_cast<long>(p) * ldb;
            for (int j = 0; j < n; ++j) ci[j] += aip * bp[j];
        }
    }
}

void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    for (int i = 0; i < m; ++i) {
        const float* ai = a + static_cast<long>(i) * lda;
        float* ci = c + static_cast<long>(i) * ldc;
        for (int j = 0; j < n; ++j) {
            const float* bj = b + static_cast<long>(j) * ldb;
            float sum = 0.0f;
            for (int p = 0; p < k; ++p) sum += ai[p] * bj[p];
            ci[j] = accumulate ? ci[j] + sum : sum;
        }
    }
}

void gemm_tn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    for (int i = 0; i < m; ++i) {
        float* ci = c + static_cast<long>(i) * ldc;
        if (!accumulate) {
            for (int j = 0; j < n; ++j) ci[j] = 0.0f;
        }
        for (int p = 0; p < k; ++p) {
            const float api = a[static_cast<long>(p) * lda + i];
            const float* bp = b + static_cast<long>(p) * ldb;
            for (int j = 0; j < n; ++j) ci[j] += api * bp[j];
        }
    }
}

}  // namespace attnlab::kernels::scalar
