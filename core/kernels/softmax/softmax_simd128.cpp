// softmax_simd128.cpp: WASM SIMD128 row softmax (contract in softmax.h).
//
// wasm has no vector exp, so exp is Cephes' expf: x = n ln2 + r with |r| <= ln2/2, a degree-6
// polynomial for e^r, and 2^n built in the exponent bits. About 2 ulp from std::exp. Inputs
// below -87 (including the -inf of masked cells) give exactly 0, as the contract requires.
#include <wasm_simd128.h>

#include <cmath>
#include <limits>

#include "attnlab/kernels/softmax.h"

namespace attnlab::kernels::simd128 {
namespace {

// e^x for x <= 0 (inputs are x - max). Lanes below -87 become exactly 0.
inline v128_t exp_nonpositive(v128_t x) {
    const v128_t keep = wasm_f32x4_gt(x, wasm_f32x4_splat(-87.0f));
    x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f));  // keeps -inf out of the arithmetic
    const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
    v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
    r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
    v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
    p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r);
    p = wasm_f32x4_add(p, wasm_f32x4_splat(1.0f));
    // 2^n: n in [-126, 0] here, so 127 + n is a valid biased exponent.
    const v128_t bits =
        wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
    return wasm_v128_and(wasm_f32x4_mul(p, bits), keep);
}

float horizontal_max(v128_t v) {
    v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
    return wasm_f32x4_extract_lane(v, 0);
}

float horizontal_sum(v128_t v) {
    v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
    return wasm_f32x4_extract_lane(v, 0);
}

}  // namespace

void softmax_rows(int rows, int cols, float* x, int ld) {
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < rows; ++i) {
        float* row = x + static_cast<long>(i) * ld;
        v128_t vmax = wasm_f32x4_splat(kNegInf);
        int j = 0;
        for (; j + 4 <= cols; j += 4) vmax = wasm_f32x4_max(vmax, wasm_v128_load(row + j));
        float max = horizontal_max(vmax);
        for (; j < cols; ++j) max = row[j] > max ? row[j] : max;
        if (max == kNegInf) {
            for (j = 0; j < cols; ++j) row[j] = 0.0f;
            continue;
        }

        const v128_t vm = wasm_f32x4_splat(max);
        v128_t vsum = wasm_f32x4_splat(0.0f);
        for (j = 0; j + 4 <= cols; j += 4) {
            const v128_t e = exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(row + j), vm));
            wasm_v128_store(row + j, e);
            vsum = wasm_f32x4_add(vsum, e);
        }
        float sum = horizontal_sum(vsum);
        if (j < cols) {
            // Tail through a padded buffer so the tail uses the same exp as the body.
            alignas(16) float tail[4] = {kNegInf, kNegInf, kNegInf, kNegInf};
            for (int t = 0; j + t < cols; ++t) tail[t] = row[j + t];
            const v128_t e = exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(tail), vm));
            wasm_v128_store(tail, e);
            for (int t = 0; j + t < cols; ++t) {
                row[j + t] = tail[t];
                sum += tail[t];
            }
        }

        const v128_t inv = wasm_f32x4_splat(1.0f / sum);
        for (j = 0; j + 4 <= cols; j += 4) {
            wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), inv));
        }
        for (; j < cols; ++j) row[j] *= 1.0f / sum;
    }
}

}  // namespace attnlab::kernels::simd128
