// self_attention.h: one attention head whose queries, keys and values all come from x.
#pragma once

#include "attnlab/layers/attention.h"
#include "attnlab/layers/linear.h"
#include "attnlab/mask.h"
#include "attnlab/rng.h"

namespace attnlab {

/// Single-head self-attention: Q = x W_q^T, K = x W_k^T, V = x W_v^T, then
/// scaled_dot_product_attention(Q, K, V, mask). W_q, W_k, W_v: (d_k, d_model), biases optional.
class SelfAttention {
  public:
    struct Result {
        Tensor2 q;                  // (n, d_k)
        Tensor2 k;                  // (n, d_k)
        Tensor2 v;                  // (n, d_k)
        AttentionResult attention;  // scores, masked scores, weights (n, n); output (n, d_k)
    };

    /// Throws Error unless 1 <= d_model, d_k <= 65536. Weights start at zero.
    SelfAttention(int d_model, int d_k, bool bias = false);
    /// Draws W_q, then W_k, then W_v with init_xavier_uniform, in that order.
    void init(Rng& rng);
    /// x: (n, d_model), mask: (n, n). Throws Error on a width or mask-shape mismatch.
    Result forward(const Tensor2& x, const Mask& mask) const;

    Linear W_q;
    Linear W_k;
    Linear W_v;
};

}  // namespace attnlab
