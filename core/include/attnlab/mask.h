// mask.h: which keys each query may attend to, as one concept with named constructors.
#pragma once

#include <string_view>
#include <vector>

#include "attnlab/tensor.h"

namespace attnlab {

/// An (n_q, n_k) boolean matrix: allowed(i, j) says whether query i may attend to key j.
/// Blocked cells get -inf before softmax, so their weights are exactly 0.
///
///     auto m = Mask::causal(4) & Mask::key_padding(4, {false, false, false, true});
class Mask {
  public:
    /// Every key allowed. Throws Error unless n_q, n_k >= 1.
    static Mask none(int n_q, int n_k);
    /// Query i sees keys j <= i (Vaswani et al. 2017, sec. 3.2.3): a decoder cannot peek ahead.
    static Mask causal(int n);
    /// Blocks every key whose is_padding[j] is true, for all n_q queries.
    static Mask key_padding(int n_q, const std::vector<bool>& is_padding);
    /// From an (n_q, n_k) tensor of 1 (allowed) and 0 (blocked). Throws Error on other values.
    static Mask from_tensor(const Tensor2& allowed);
    /// By name: "none", "causal", "padding" or "causal+padding" over n tokens whose padding keys
    /// are marked in is_padding (size n). Throws Error naming an unknown mask.
    static Mask by_name(std::string_view name, const std::vector<bool>& is_padding);

    /// Both masks: allowed where each allows. Throws Error if the shapes differ.
    Mask operator&(const Mask& other) const;

    int n_q() const { return n_q_; }
    int n_k() const { return n_k_; }
    bool allowed(int i, int j) const { return cells_[static_cast<std::size_t>(i) * n_k_ + j] != 0; }
    /// (n_q, n_k) with 1 where allowed and 0 where blocked: what a widget draws.
    Tensor2 to_tensor() const;
    /// Sets blocked cells of scores (n_q, n_k) to -inf in place. Throws Error on a shape mismatch.
    void apply(Tensor2& scores) const;

  private:
    Mask(int n_q, int n_k, unsigned char fill);
    int n_q_ = 0;
    int n_k_ = 0;
    std::vector<unsigned char> cells_;  // (n_q, n_k), row-major
};

}  // namespace attnlab
