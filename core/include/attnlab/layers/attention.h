// attention.h: scaled dot-product attention, returning every intermediate a lesson shows.
#pragma once

#include "attnlab/mask.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// What attention computes, in the order it computes it.
struct AttentionResult {
    Tensor2 scores;         // (n_q, n_k): Q K^T / sqrt(d_k), before the mask
    Tensor2 masked_scores;  // (n_q, n_k): scores, -inf where the mask blocks
    Tensor2 weights;        // (n_q, n_k): row softmax; blocked cells exactly 0, rows sum to 1
    Tensor2 output;         // (n_q, d_v): weights V
};

/// softmax(Q K^T / sqrt(d_k) masked) V (Vaswani et al. 2017, eq. 1).
/// q: (n_q, d_k), k: (n_k, d_k), v: (n_k, d_v), mask: (n_q, n_k).
/// A query whose keys are all blocked gets all-zero weights and a zero output.
/// Throws Error if d_k or d_v is 0, k and q differ in width, k and v differ in length, or the
/// mask's shape is not (n_q, n_k); the message names the sizes.
AttentionResult scaled_dot_product_attention(const Tensor2& q, const Tensor2& k, const Tensor2& v,
                                             const Mask& mask);

}  // namespace attnlab
