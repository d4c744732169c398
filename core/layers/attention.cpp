#include "attnlab/layers/attention.h"

#include <cmath>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/kernels/softmax.h"
#include "attnlab/limits.h"

namespace attnlab {

AttentionResult scaled_dot_product_attention(const Tensor2& q, const Tensor2& k, const Tensor2& v,
                                             const Mask& mask) {
    const int n_q = rows(q);
    const int n_k = rows(k);
    const int d_k = cols(q);
    const int d_v = cols(v);
    check_range("d_k (width of Q)", d_k, 1, 65536);
    check_range("d_v (width of V)", d_v, 1, 65536);
    check_range("n_q (rows of Q)", n_q, 1, 65536);
    check_range("n_k (rows of K)", n_k, 1, 65536);
    // The scores, masked scores and weights are (n_q, n_k) each: bound them before allocating.
    check_size("attention cells (n_q * n_k)", static_cast<long long>(n_q) * n_k, kMaxMaskCells);
    if (cols(k) != d_k) {
        shape_mismatch("width of K", std::to_string(cols(k)), std::to_string(d_k),
                       "K has width " + std::to_string(cols(k)) + " but Q has width " +
                           std::to_string(d_k) + ": queries and keys must share d_k");
    }
    if (rows(v) != n_k) {
        shape_mismatch("rows of V", std::to_string(rows(v)), std::to_string(n_k),
                       "V has " + std::to_string(rows(v)) + " rows but K has " +
                           std::to_string(n_k) + ": every key needs exactly one value");
    }
    if (mask.n_q() != n_q || mask.n_k() != n_k) {
        shape_mismatch("mask", shape_str(mask.n_q(), mask.n_k()), shape_str(n_q, n_k),
                       "mask of shape " + shape_str(mask.n_q(), mask.n_k()) +
                           " does not fit attention of shape " + shape_str(n_q, n_k) +
                           ": it must be (n_q, n_k)");
    }

    AttentionResult r;
    r.scores = zeros2(n_q, n_k);
    kernels::gemm_nt(n_q, n_k, d_k, q.data(), d_k, k.data(), d_k, r.scores.data(), n_k, false);
    // Dividing by sqrt(d_k) keeps the scores' variance near 1 whatever d_k is, so softmax does
    // not saturate into one-hot rows with vanishing gradients (Vaswani et al. 2017, sec. 3.2.1).
    r.scores *= 1.0f / std::sqrt(static_cast<float>(d_k));

    r.masked_scores = r.scores;
    mask.apply(r.masked_scores);

    r.weights = r.masked_scores;
    kernels::softmax_rows(n_q, n_k, r.weights.data(), n_k);

    r.output = zeros2(n_q, d_v);
    kernels::gemm_nn(n_q, d_v, n_k, r.weights.data(), n_k, v.data(), d_v, r.output.data(), d_v,
                     false);
    return r;
}

}  // namespace attnlab
