// linear.h: the affine layer every projection uses (W_q, W_k, W_v, later W_o and the FFN).
#pragma once

#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// y = x W^T + b, in PyTorch's nn.Linear layout: weight (out_features, in_features),
/// bias (out_features). Parameters start at zero; call an init_* to draw them.
class Linear {
  public:
    /// Throws Error unless 1 <= in_features, out_features <= 65536.
    Linear(int in_features, int out_features, bool bias = true);

    /// PyTorch's nn.Linear default: W and b ~ U(-1/sqrt(in), 1/sqrt(in)).
    void init_pytorch_default(Rng& rng);
    /// Glorot & Bengio 2010: W ~ U(-a, a), a = sqrt(6 / (in + out)); b = 0. PyTorch's
    /// nn.MultiheadAttention draws its in_proj this way; it keeps q·k/sqrt(d_k) near unit scale.
    void init_xavier_uniform(Rng& rng);

    /// x: (n, in_features) -> (n, out_features). Throws Error if x has another width.
    Tensor2 forward(const Tensor2& x) const;
    /// Backward of forward(x): dy (n, out_features) -> dx (n, in_features). Adds dy^T x to
    /// grad.weight() and dy's column sums to grad.bias(); `grad` is a Linear of the same shape
    /// that holds gradients (it may be *this only if you want to corrupt the weights).
    Tensor2 backward(const Tensor2& x, const Tensor2& dy, Linear& grad) const;

    int in_features() const { return in_; }
    int out_features() const { return out_; }
    bool has_bias() const { return has_bias_; }
    Tensor2& weight() { return weight_; }  // (out, in)
    const Tensor2& weight() const { return weight_; }
    Tensor1& bias() { return bias_; }  // (out); zeros and unused when has_bias() is false
    const Tensor1& bias() const { return bias_; }

  private:
    int in_;
    int out_;
    bool has_bias_;
    Tensor2 weight_;
    Tensor1 bias_;
};

/// sums (d) += the column sums of x (n, d): a bias's gradient.
void add_column_sums(const Tensor2& x, Tensor1& sums);

}  // namespace attnlab
