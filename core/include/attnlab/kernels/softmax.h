// softmax.h: numerically stable softmax over each row, with exact zeros where masked.
//
// Contract (every variant): x is (rows, cols) row-major with leading dimension ld, softmax
// written in place. Masked entries arrive as -infinity and leave as exactly 0. A row whose
// entries are all -infinity (every key blocked) becomes all 0 instead of NaN, so callers can
// show it; PyTorch returns NaN there. Each row: y_j = exp(x_j - max) / sum_i exp(x_i - max).
#pragma once

namespace attnlab::kernels {

namespace scalar {
void softmax_rows(int rows, int cols, float* x, int ld);
}

#ifdef ATTNLAB_SIMD128
namespace simd128 {
void softmax_rows(int rows, int cols, float* x, int ld);
}
#endif

/// Row softmax in place, by the fastest variant built.
inline void softmax_rows(int rows, int cols, float* x, int ld) {
#ifdef ATTNLAB_SIMD128
    simd128::softmax_rows(rows, cols, x, ld);
#else
    scalar::softmax_rows(rows, cols, x, ld);
#endif
}

}  // namespace attnlab::kernels
