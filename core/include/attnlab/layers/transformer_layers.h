// transformer_layers.h: the encoder and decoder blocks, each a chain of residual sub-layers
// (attention, then the FFN) with LayerNorm after (post-norm) or before (pre-norm) each one.
#pragma once

#include <string>
#include <vector>

#include "attnlab/layers/feed_forward.h"
#include "attnlab/layers/layer_norm.h"
#include "attnlab/layers/multi_head_attention.h"
#include "attnlab/mask.h"
#include "attnlab/rng.h"

namespace attnlab {

/// One named stage of a block in the order it ran, for a lesson's walk-through.
struct BlockStep {
    std::string name;  // e.g. "self-attention", "add1", "norm1", "ffn-hidden", "ffn"
    Tensor2 value;     // (n, d_model); (n, d_ff) for "ffn-hidden"
    Tensor1 mean;      // LayerNorm steps only: (n) each token's mean
    Tensor1 rstd;      // LayerNorm steps only: (n) 1 / sqrt(var + eps)
};

/// What one block computed: its steps and its attention weights.
struct BlockTrace {
    std::vector<BlockStep> steps;
    Tensor3 self_weights;   // (heads, n, n)
    Tensor3 cross_weights;  // (heads, n, m); decoder blocks only
};

/// Sizes and choices shared by every block of a model.
struct LayerConfig {
    int d_model = 16;
    int heads = 2;
    int d_ff = 64;
    Activation activation = Activation::relu;
    /// Pre-norm (Xiong et al. 2020): x + f(LN(x)). Post-norm (Vaswani et al. 2017): LN(x + f(x)).
    bool norm_first = false;
    /// RoPE on the self-attention's q and k.
    bool rope = false;
};

/// What one residual sub-layer kept for backward: its input, and its LayerNorm's input and
/// result (post-norm normalises x + f(x); pre-norm normalises x and feeds that to f).
struct SublayerTape {
    Tensor2 input;           // (rows, d_model)
    Tensor2 norm_in;         // (rows, d_model)
    LayerNorm::Result norm;  // its y is f's input when pre-norm, the output when post-norm
};

/// nn.TransformerEncoderLayer (dropout 0): self-attention, then the FFN, each wrapped in a
/// residual connection and a LayerNorm. A decoder-only model stacks these with a causal mask.
/// Parameter names follow PyTorch: self_attn.*, linear1, linear2, norm1, norm2.
class EncoderLayer {
  public:
    /// Throws Error for sizes MultiHeadAttention or FeedForward reject.
    explicit EncoderLayer(const LayerConfig& config);
    void init(Rng& rng);
    /// x: (n, d_model), mask: (n, n) -> (n, d_model). trace, if given, receives every stage.
    Tensor2 forward(const Tensor2& x, const Mask& mask, BlockTrace* trace = nullptr) const;
    /// New rows x_new (t, d_model) after cache.length cached ones, causally: what one decoding
    /// step of a decoder-only model computes. Appends the new rows' k and v to cache.
    Tensor2 forward_cached(const Tensor2& x_new, KVCache& cache, BlockTrace* trace = nullptr) const;

    /// Everything forward_train computed that backward needs.
    struct Tape {
        SublayerTape sub1, sub2;
        MultiHeadAttention::Result attn;
        FeedForward::Result ffn;
    };
    /// A batch of B = masks.size() examples stacked row-wise: x (B n, d_model), masks[b] (n, n)
    /// -> (B n, d_model), filling tape.
    Tensor2 forward_train(const Tensor2& x, const std::vector<Mask>& masks, Tape& tape) const;
    /// Backward of forward_train: dy (B n, d_model) -> dx; adds parameter gradients to grad.
    Tensor2 backward(const Tape& tape, const std::vector<Mask>& masks, const Tensor2& dy,
                     EncoderLayer& grad) const;

    LayerConfig config;
    MultiHeadAttention self_attn;
    FeedForward ffn;
    LayerNorm norm1;
    LayerNorm norm2;

  private:
    template <class Attend>
    Tensor2 run(const Tensor2& x, Attend&& attend, BlockTrace* trace) const;
};

/// nn.TransformerDecoderLayer (dropout 0): causal self-attention, cross-attention with queries
/// from the decoder and keys and values from the encoder's output (the memory), then the FFN.
/// Parameter names: self_attn.*, multihead_attn.*, linear1, linear2, norm1, norm2, norm3.
class DecoderLayer {
  public:
    explicit DecoderLayer(const LayerConfig& config);
    void init(Rng& rng);
    /// x: (t, d_model), memory: (m, d_model), self_mask: (t, t), memory_mask: (t, m).
    Tensor2 forward(const Tensor2& x, const Tensor2& memory, const Mask& self_mask,
                    const Mask& memory_mask, BlockTrace* trace = nullptr) const;
    /// New rows after self_cache.length cached ones; memory_cache from
    /// multihead_attn.project_memory(memory); memory_mask: (t, m).
    Tensor2 forward_cached(const Tensor2& x_new, KVCache& self_cache, const KVCache& memory_cache,
                           const Mask& memory_mask, BlockTrace* trace = nullptr) const;

    struct Tape {
        SublayerTape sub1, sub2, sub3;
        MultiHeadAttention::Result self_attn, cross;
        FeedForward::Result ffn;
    };
    /// A batch: x (B t, d_model), memory (B m, d_model), self_masks[b] (t, t), memory_masks[b]
    /// (t, m) -> (B t, d_model), filling tape.
    Tensor2 forward_train(const Tensor2& x, const Tensor2& memory,
                          const std::vector<Mask>& self_masks,
                          const std::vector<Mask>& memory_masks, Tape& tape) const;
    /// Backward of forward_train: dy (B t, d_model) -> dx; adds the memory's gradient into
    /// d_memory (B m, d_model) and parameter gradients into grad.
    Tensor2 backward(const Tape& tape, const Tensor2& memory, const std::vector<Mask>& self_masks,
                     const std::vector<Mask>& memory_masks, const Tensor2& dy, DecoderLayer& grad,
                     Tensor2& d_memory) const;

    LayerConfig config;
    MultiHeadAttention self_attn;
    MultiHeadAttention multihead_attn;
    FeedForward ffn;
    LayerNorm norm1;
    LayerNorm norm2;
    LayerNorm norm3;

  private:
    template <class SelfAttend, class CrossAttend>
    Tensor2 run(const Tensor2& x, SelfAttend&& self_attend, CrossAttend&& cross_attend,
                BlockTrace* trace) const;
};

}  // namespace attnlab
