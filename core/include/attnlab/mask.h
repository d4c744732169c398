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
    /// Causal with the queries aligned to the last n_q of n_k positions: query i sees keys
    /// j <= i + (n_k - n_q). What a decoding step with a KV cache needs (n_q new tokens after
    /// n_k - n_q cached ones); equals causal(n) when n_q == n_k. Throws Error if n_q > n_k.
    static Mask causal(int n_q, int n_k);
    /// Blocks every key whose is_padding[j] is true, for all n_q queries.
    static Mask key_padding(int n_q, const std::vector<bool>& is_padding);
    /// Prefix-LM (Raffel et al. 2020, sec. 3.2.1): query i sees keys j <= i or j < prefix, so the
    /// first `prefix` tokens see each other fully and the rest stay causal. prefix in 0..n.
    static Mask prefix(int n, int prefix);
    /// Sliding window / truncated attention: query i sees keys j with |i - j| <= radius; combine
    /// with causal() for a causal window. radius in 0..65536.
    static Mask window(int n_q, int n_k, int radius);
    /// From an (n_q, n_k) tensor of 1 (allowed) and 0 (blocked). Throws Error on other values.
    static Mask from_tensor(const Tensor2& allowed);
    /// By name: "none", "causal", "padding" or "causal+padding" over n tokens whose padding keys
    /// are marked in is_padding (size n). Throws Error naming an unknown mask.
    static Mask by_name(std::string_view name, const std::vector<bool>& is_padding);
    /// From a spec: terms joined by '+', each none | causal | padding | prefix:P | window:R, e.g.
    /// "causal+window:2", over n_q queries and n_k = is_padding.size() keys. Throws Error naming
    /// an unknown term, a bad number, or causal/prefix with n_q != n_k.
    static Mask parse(std::string_view spec, int n_q, const std::vector<bool>& is_padding);

    /// Both masks: allowed where each allows. Throws Error if the shapes differ.
    Mask operator&(const Mask& other) const;

    int n_q() const { return n_q_; }
    int n_k() const { return n_k_; }
    bool allowed(int i, int j) const { return cells_[static_cast<std::size_t>(i) * n_k_ + j] != 0; }
    /// Row i's n_k cells, 1 = allowed: for loops that visit every cell.
    const unsigned char* row(int i) const {
        return cells_.data() + static_cast<std::size_t>(i) * n_k_;
    }
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
