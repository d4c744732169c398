// gemm.h: matrix products, the hot loop under every layer.
//
// Contract (every variant): row-major f32, leading dimensions in elements, no aliasing between
// c and a or b. `accumulate` false: c = op; true: c += op. m, n, k >= 0 (k == 0 gives zeros,
// or leaves c unchanged when accumulating).
//
// Two variants, chosen at compile time: `scalar::` is the readable definition and always exists;
// `simd128::` (WASM SIMD128) exists when ATTNLAB_SIMD128 is defined. The unqualified functions
// dispatch to the fastest variant built. simd128 has no FMA, so variants differ by rounding only.
#pragma once

namespace attnlab::kernels {

namespace scalar {
/// c (m, n) = a (m, k) · b (k, n)
void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
/// c (m, n) = a (m, k) · b^T, where b is stored (n, k): x W^T of a Linear, Q K^T of attention.
void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
}  // namespace scalar

#ifdef ATTNLAB_SIMD128
namespace simd128 {
void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
}  // namespace simd128
namespace best = simd128;
#else
namespace best = scalar;
#endif

/// c (m, n) = a (m, k) · b (k, n), by the fastest variant built.
inline void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
                    int ldc, bool accumulate) {
    best::gemm_nn(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

/// c (m, n) = a (m, k) · b^T with b stored (n, k), by the fastest variant built.
inline void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
                    int ldc, bool accumulate) {
    best::gemm_nt(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

/// The name of the variant the unqualified functions use: "simd128" or "scalar".
constexpr const char* variant_name() {
#ifdef ATTNLAB_SIMD128
    return "simd128";
#else
    return "scalar";
#endif
}

}  // namespace attnlab::kernels
