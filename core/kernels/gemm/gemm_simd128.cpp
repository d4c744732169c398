// gemm_simd128.cpp: WASM SIMD128 products. c = a·b (+c), row-major, no aliasing.
//
// b is packed one panel of 8 columns at a time into a contiguous (k, 8) strip (zero-padded past
// column n), so the same micro-kernel serves a·b and a·b^T; the strip (k*32 bytes) stays in L1
// while every row block of a streams past it. Micro-kernel: a 4x8 register tile, 8 f32x4
// accumulators; each a value is broadcast straight from memory (v128.load32_splat, which V8
// lowers to one load-port vbroadcastss), so the shuffle port stays free and the mul/add ports
// stay busy. Measured on the lesson shapes (npm run bench): 56-61 GFLOP/s, where splatting
// lanes of a 4-wide load by shuffles gave 46-50 and a 6x8 tile (spilling past 16 registers)
// gave 34-37. Tails: rows below 4 use the same
// template with MR < 4; columns below 8 go through a small buffer. simd128 has no FMA, so results
// differ from scalar::gemm_* by rounding only; tests use a relative tolerance.
#include <wasm_simd128.h>

#include <vector>

#include "attnlab/kernels/gemm.h"

namespace attnlab::kernels::simd128 {
namespace {

constexpr int kNR = 8;
constexpr int kMR = 4;

// TA: a is stored transposed, (k, m), so element (r, p) sits at a[p * lda + r] (a^T·b for dW =
// dY^T X). The micro-kernel only ever broadcasts single values of a, so the transposed case
// costs nothing extra; a template flag keeps the index arithmetic compile-time.
// Panel of b for columns j0..j0+7: packed[p*8 + jj] = b[p][j0+jj] (nn) or b[j0+jj][p] (nt).
void pack_panel(bool transposed, int k, int n, int j0, const float* b, int ldb, float* packed) {
    const int width = n - j0 < kNR ? n - j0 : kNR;
    for (int p = 0; p < k; ++p) {
        float* dst = packed + static_cast<long>(p) * kNR;
        for (int jj = 0; jj < width; ++jj) {
            dst[jj] = transposed ? b[static_cast<long>(j0 + jj) * ldb + p]
                                 : b[static_cast<long>(p) * ldb + j0 + jj];
        }
        for (int jj = width; jj < kNR; ++jj) dst[jj] = 0.0f;
    }
}

template <int MR, bool TA>
void micro_kernel(int k, const float* a, int lda, const float* bp, float* c, int ldc, int width,
                  bool accumulate) {
    v128_t lo[MR];
    v128_t hi[MR];
    for (int r = 0; r < MR; ++r) lo[r] = hi[r] = wasm_f32x4_splat(0.0f);

    for (int p = 0; p < k; ++p) {
        const v128_t b0 = wasm_v128_load(bp);
        const v128_t b1 = wasm_v128_load(bp + 4);
        for (int r = 0; r < MR; ++r) {
            const long at = TA ? static_cast<long>(p) * lda + r : static_cast<long>(r) * lda + p;
            const v128_t s = wasm_v128_load32_splat(a + at);
            lo[r] = wasm_f32x4_add(lo[r], wasm_f32x4_mul(s, b0));
            hi[r] = wasm_f32x4_add(hi[r], wasm_f32x4_mul(s, b1));
        }
        bp += kNR;
    }

    for (int r = 0; r < MR; ++r) {
        float* cr = c + static_cast<long>(r) * ldc;
        if (width == kNR) {
            if (accumulate) {
                lo[r] = wasm_f32x4_add(lo[r], wasm_v128_load(cr));
                hi[r] = wasm_f32x4_add(hi[r], wasm_v128_load(cr + 4));
            }
            wasm_v128_store(cr, lo[r]);
            wasm_v128_store(cr + 4, hi[r]);
        } else {
            alignas(16) float tile[kNR];
            wasm_v128_store(tile, lo[r]);
            wasm_v128_store(tile + 4, hi[r]);
            for (int jj = 0; jj < width; ++jj) cr[jj] = accumulate ? cr[jj] + tile[jj] : tile[jj];
        }
    }
}

template <bool TA>
void gemm(bool transposed_b, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
          float* c, int ldc, bool accumulate) {
    // Row i of a starts at a + i * lda, or at column i (a + i) when a is stored transposed.
    const long a_row = TA ? 1 : lda;
    if (m <= 0 || n <= 0) return;
    // One strip, reused across calls: wasm here is single-threaded, and a steady buffer keeps
    // allocation out of the per-slider-drag path.
    static std::vector<float> packed;
    if (packed.size() < static_cast<std::size_t>(k) * kNR)
        packed.resize(static_cast<std::size_t>(k) * kNR);

    for (int j0 = 0; j0 < n; j0 += kNR) {
        const int width = n - j0 < kNR ? n - j0 : kNR;
        pack_panel(transposed_b, k, n, j0, b, ldb, packed.data());
        int i0 = 0;
        for (; i0 + kMR <= m; i0 += kMR) {
            micro_kernel<kMR, TA>(k, a + i0 * a_row, lda, packed.data(),
                                  c + static_cast<long>(i0) * ldc + j0, ldc, width, accumulate);
        }
        const float* ai = a + i0 * a_row;
        float* ci = c + static_cast<long>(i0) * ldc + j0;
        switch (m - i0) {
            case 3:
                micro_kernel<3, TA>(k, ai, lda, packed.data(), ci, ldc, width, accumulate);
                break;
            case 2:
                micro_kernel<2, TA>(k, ai, lda, packed.data(), ci, ldc, width, accumulate);
                break;
            case 1:
                micro_kernel<1, TA>(k, ai, lda, packed.data(), ci, ldc, width, accumulate);
                break;
            default:
                break;
        }
    }
}

}  // namespace

void gemm_nn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    gemm<false>(false, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_nt(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    gemm<false>(true, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_tn(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
             int ldc, bool accumulate) {
    gemm<true>(false, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

}  // namespace attnlab::kernels::simd128
