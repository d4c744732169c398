// layer_norm.h: normalise each token's features to mean 0 and variance 1, then scale and shift.
#pragma once

#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// LayerNorm (Ba et al. 2016) over the last dimension, as PyTorch's nn.LayerNorm:
/// y = (x - mean) * rstd * gamma + beta, rstd = 1 / sqrt(var + eps), var the biased variance of
/// one token's d features. Unlike BatchNorm it never mixes tokens or examples, so a token's
/// output does not depend on what else is in the batch.
class LayerNorm {
  public:
    struct Result {
        Tensor2 y;     // (n, d)
        Tensor1 mean;  // (n): each token's mean over its features
        Tensor1 rstd;  // (n): 1 / sqrt(biased variance + eps)
    };

    /// gamma = 1, beta = 0. Throws Error unless 1 <= d <= 65536 and 0 < eps <= 1.
    explicit LayerNorm(int d, float eps = 1e-5f);
    /// gamma ~ U(0.5, 1.5), beta ~ U(-0.5, 0.5): visible, so a swapped or missing one shows.
    void init_random(Rng& rng);
    /// x: (n, d). Throws Error if x has another width.
    Result forward(const Tensor2& x) const;
    /// Backward of r = forward(x): dy (n, d) -> dx (n, d); adds to grad.gamma and grad.beta.
    /// With x_hat = (x - mean) * rstd and g = dy * gamma:
    ///   dx = rstd * (g - mean(g) - x_hat * mean(g * x_hat))   (per row).
    Tensor2 backward(const Tensor2& x, const Result& r, const Tensor2& dy, LayerNorm& grad) const;

    int d() const { return static_cast<int>(gamma.size()); }
    float eps;
    Tensor1 gamma;  // (d), PyTorch's "weight"
    Tensor1 beta;   // (d), PyTorch's "bias"
};

/// Per-column mean and biased variance of x (n, d) over its n rows: what BatchNorm would use if
/// the rows were a batch. Both (d).
void column_stats(const Tensor2& x, Tensor1& mean, Tensor1& variance);

}  // namespace attnlab
