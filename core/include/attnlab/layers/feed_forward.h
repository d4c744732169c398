// feed_forward.h: the position-wise feed-forward network, the same two-layer MLP on every token.
#pragma once

#include <string>

#include "attnlab/layers/linear.h"
#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab {

enum class Activation { relu, gelu };

/// "relu" | "gelu". Throws Error naming an unknown activation.
Activation activation_from_name(const std::string& name);
const char* activation_name(Activation a);

/// FFN(x) = act(x W1^T + b1) W2^T + b2 (Vaswani et al. 2017, eq. 2), with ReLU or GELU
/// (Hendrycks & Gimpel 2016, the exact erf form, PyTorch's default). W1: (d_ff, d_model),
/// W2: (d_model, d_ff), named linear1 / linear2 as in nn.TransformerEncoderLayer.
class FeedForward {
  public:
    struct Result {
        Tensor2 hidden;     // (n, d_ff): x W1^T + b1
        Tensor2 activated;  // (n, d_ff): act(hidden)
        Tensor2 output;     // (n, d_model)
    };

    /// Throws Error unless 1 <= d_model, d_ff <= 65536.
    FeedForward(int d_model, int d_ff, Activation activation);
    /// PyTorch's nn.Linear default for both layers.
    void init(Rng& rng);
    /// x: (n, d_model). Throws Error on a width mismatch.
    Result forward(const Tensor2& x) const;
    /// Backward of r = forward(x): d_out (n, d_model) -> dx (n, d_model); adds to grad's linear1
    /// and linear2. ReLU's derivative at exactly 0 is taken as 0, as PyTorch does.
    Tensor2 backward(const Tensor2& x, const Result& r, const Tensor2& d_out,
                     FeedForward& grad) const;

    Activation activation;
    Linear linear1;
    Linear linear2;
};

/// act applied elementwise, in place.
void apply_activation(Activation a, Tensor2& x);

}  // namespace attnlab
