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

#include <cstdint>

namespace attnlab::kernels {

namespace scalar {
/// c (m, n) = a (m, k) · b (k, n)
void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
/// c (m, n) = a (m, k) · b^T, where b is stored (n, k): x W^T of a Linear, Q K^T of attention.
void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
/// c (m, n) = a^T · b, where a is stored (k, m): dW = dY^T X of a Linear's backward.
void gemm_tn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
}  // namespace scalar

#ifdef ATTNLAB_SIMD128
namespace simd128 {
void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
void gemm_tn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate);
}  // namespace simd128
namespace best = simd128;
#else
namespace best = scalar;
#endif

/// c (m, n) = a (m, k) · b (k, n), by the fastest variant built.
/// Multiply-adds done by every gemm_nn / gemm_nt call since the program started (m * n * k per
/// call): the measure of work a lesson shows, e.g. per generated token with and without a KV
/// cache. Read it before and after a computation and subtract.
inline std::uint64_t& mac_count() {
    static std::uint64_t count = 0;
    return count;
}

inline void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
                    int ldc, bool accumulate) {
    mac_count() += static_cast<std::uint64_t>(m) * n * k;
    best::gemm_nn(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

/// c (m, n) = a (m, k) · b^T with b stored (n, k), by the fastest variant built.
inline void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
                    int ldc, bool accumulate) {
    mac_count() += static_cast<std::uint64_t>(m) * n * k;
    best::gemm_nt(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

/// c (m, n) = a^T · b with a stored (k, m), by the fastest variant built.
inline void gemm_tn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
                    int ldc, bool accumulate) {
    mac_count() += static_cast<std::uint64_t>(m) * n * k;
    best::gemm_tn(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
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
