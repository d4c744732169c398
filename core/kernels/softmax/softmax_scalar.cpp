// softmax_scalar.cpp: the readable definition of softmax.h's contract.
#include <cmath>
#include <limits>

#include "attnlab/kernels/softmax.h"

namespace attnlab::kernels::scalar {

void softmax_rows(int rows, int cols, float* x, int ld) {
    for (int i = 0; i < rows; ++i) {
        float* row = x + static_cast<long>(i) * ld;
        float max = -std::numeric_limits<float>::infinity();
        for (int j = 0; j < cols; ++j) max = row[j] > max ? row[j] : max;
        if (max == -std::numeric_limits<float>::infinity()) {
            // Every key blocked: no distribution exists; zeros say "attends to nothing".
            for (int j = 0; j < cols; ++j) row[j] = 0.0f;
            continue;
        }
        // Subtracting the max keeps exp() <= 1, so large scores cannot overflow to inf.
        float sum = 0.0f;
        for (int j = 0; j < cols; ++j) {
            row[j] = std::exp(row[j] - max);  // exp(-inf) is exactly 0
            sum += row[j];
        }
        const float inv = 1.0f / sum;
        for (int j = 0; j < cols; ++j) row[j] *= inv;
    }
}

}  // namespace attnlab::kernels::scalar
