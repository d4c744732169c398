// transformer.h: whole models, from token ids to logits over the vocabulary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attnlab/layers/embedding.h"
#include "attnlab/layers/linear.h"
#include "attnlab/layers/positional.h"
#include "attnlab/layers/transformer_layers.h"

namespace attnlab {

enum class ModelKind { decoder_only, encoder_decoder };

/// Everything that fixes a model's shapes. The JSON weights format stores it as "config".
struct TransformerConfig {
    ModelKind kind = ModelKind::decoder_only;
    LayerConfig layer;  // d_model, heads, d_ff, activation, norm_first (rope follows positional)
    int layers = 1;     // blocks in each stack, 1..kMaxLayers
    Positional positional = Positional::sinusoidal;
    int max_len = 1024;              // rows of the positional table, 1..kMaxPositions
    std::vector<std::string> vocab;  // token strings by id, 2..kMaxVocab of them, no duplicates

    /// Throws Error naming the first field out of range (e.g. "d_model 15 is not divisible by
    /// heads 2"): out_of_range, not_divisible, too_large (the parameter budget, see
    /// model_budget.h) or invalid (a duplicate token). Needs no allocation.
    void validate() const;
    /// The id of a token string, or -1.
    int token_id(const std::string& token) const;
};

/// Sequences padded to one length for training: ids (batch, length) row-major; example b's
/// real tokens are its first lengths[b] (1..length), the rest is padding that attention never
/// looks at (key padding) and the loss ignores.
struct TokenBatch {
    int batch = 0;
    int length = 0;
    std::vector<int> ids;      // (batch * length)
    std::vector<int> lengths;  // (batch)

    /// Throws Error if sizes disagree or a length is outside 1..length.
    void validate() const;
    /// Per example: `base` (causal or none, (length, length) or (length, keys.length)) & the key
    /// padding of `keys` (this batch, or the source batch for cross-attention).
    std::vector<Mask> masks(bool causal) const;
    std::vector<Mask> cross_masks(const TokenBatch& keys) const;
};

/// Token ids -> embeddings plus positions: E[id] + PE[position] (sinusoidal or learned), or E[id]
/// alone for 'none' and 'rope' (RoPE acts inside attention). Names: <prefix>embed.weight,
/// <prefix>pos.weight (learned only).
class TokenInput {
  public:
    TokenInput(int vocab, int d_model, Positional positional, int max_len);
    void init(Rng& rng);
    /// ids (n) at positions first_position.. -> (n, d_model). Throws Error for an id outside
    /// the vocabulary or a position past max_len ("sequence of N tokens is longer than the
    /// positional table").
    Tensor2 forward(const std::vector<int>& ids, int first_position = 0) const;
    /// A padded batch -> (batch * length, d_model), positions restarting for each example.
    Tensor2 forward_batch(const TokenBatch& batch) const;
    /// Backward of forward_batch: dy (batch * length, d_model) into grad's embedding rows (and
    /// learned position rows). Sinusoidal positions are fixed and get no gradient.
    void backward(const TokenBatch& batch, const Tensor2& dy, TokenInput& grad) const;

    Positional positional;
    int max_len;
    Embedding embed;
    Embedding pos;  // (max_len, d_model) when learned; (1, d_model) unused otherwise

  private:
    Tensor2 sinusoids_;  // (max_len, d_model) when sinusoidal
};

/// A GPT-style decoder-only model: TokenInput, `layers` EncoderLayers run with a causal mask,
/// a final LayerNorm when pre-norm, and lm_head (vocab, d_model) to logits.
class DecoderOnlyModel {
  public:
    /// Throws Error for a config that validate() rejects or that is not decoder-only, before
    /// any weight is allocated.
    explicit DecoderOnlyModel(const TransformerConfig& config);
    void init(Rng& rng);
    /// ids (n) -> logits (n, vocab), every position attending causally.
    Tensor2 forward(const std::vector<int>& ids, std::vector<BlockTrace>* traces = nullptr) const;
    /// New ids after caches[0].length cached positions -> logits of the new rows (t, vocab).
    /// caches: one per layer (resized to `layers` if empty).
    Tensor2 forward_cached(const std::vector<int>& new_ids, std::vector<KVCache>& caches,
                           std::vector<BlockTrace>* traces = nullptr) const;

    struct Tape {
        std::vector<Mask> masks;
        std::vector<EncoderLayer::Tape> layers;
        Tensor2 top;             // the last layer's output, (B n, d_model)
        LayerNorm::Result norm;  // pre-norm only
    };
    /// Training forward of a padded batch -> logits (batch * length, vocab). causal = false
    /// drops the causal mask (lesson 11's mask-leak experiment); key padding always applies.
    Tensor2 forward_train(const TokenBatch& batch, bool causal, Tape& tape) const;
    /// Backward of forward_train: d_logits (batch * length, vocab) -> every parameter's
    /// gradient added into grad (a model of the same config).
    void backward(const TokenBatch& batch, const Tape& tape, const Tensor2& d_logits,
                  DecoderOnlyModel& grad) const;

    TransformerConfig config;
    TokenInput input;
    std::vector<EncoderLayer> layers;
    std::optional<LayerNorm> norm;
    Linear lm_head;

  private:
    Tensor2 head(const Tensor2& h) const;
};

/// The original encoder-decoder Transformer (Vaswani et al. 2017, fig. 1): src TokenInput ->
/// encoder stack; tgt TokenInput -> decoder stack attending to the encoder output; lm_head.
class EncoderDecoderModel {
  public:
    /// Throws Error like DecoderOnlyModel's constructor (the config must be encoder-decoder).
    explicit EncoderDecoderModel(const TransformerConfig& config);
    void init(Rng& rng);
    /// Source ids (m) -> memory (m, d_model).
    Tensor2 encode(const std::vector<int>& src, std::vector<BlockTrace>* traces = nullptr) const;
    /// Target ids (t) with a causal mask over the memory -> logits (t, vocab).
    Tensor2 decode(const std::vector<int>& tgt, const Tensor2& memory,
                   std::vector<BlockTrace>* traces = nullptr) const;
    /// New target ids after self_caches[0].length cached positions -> logits (t_new, vocab).
    Tensor2 decode_cached(const std::vector<int>& new_ids, std::vector<KVCache>& self_caches,
                          const std::vector<KVCache>& memory_caches,
                          std::vector<BlockTrace>* traces = nullptr) const;
    /// Each decoder layer's cross-attention K and V of the memory, computed once.
    std::vector<KVCache> memory_caches(const Tensor2& memory) const;

    struct Tape {
        std::vector<Mask> src_masks, tgt_masks, cross_masks;
        std::vector<EncoderLayer::Tape> encoder;
        Tensor2 encoder_top;             // before the encoder's final norm
        LayerNorm::Result encoder_norm;  // pre-norm only
        Tensor2 memory;                  // (B m, d_model)
        std::vector<DecoderLayer::Tape> decoder;
        Tensor2 decoder_top;
        LayerNorm::Result decoder_norm;
    };
    /// Teacher forcing: the decoder reads the target shifted right behind <begin> (tgt_in) and
    /// every position is scored against the next target token at once. src (B, m), tgt_in
    /// (B, t) -> logits (B t, vocab).
    Tensor2 forward_train(const TokenBatch& src, const TokenBatch& tgt_in, Tape& tape) const;
    /// The two halves of forward_train: encode_train fills tape's encoder part and memory;
    /// decode_train reuses them, so greedy decoding encodes a batch once, not once per token.
    void encode_train(const TokenBatch& src, Tape& tape) const;
    Tensor2 decode_train(const TokenBatch& src, const TokenBatch& tgt_in, Tape& tape) const;
    /// Backward of forward_train, into grad.
    void backward(const TokenBatch& src, const TokenBatch& tgt_in, const Tape& tape,
                  const Tensor2& d_logits, EncoderDecoderModel& grad) const;

    TransformerConfig config;
    TokenInput src_input;
    TokenInput tgt_input;
    std::vector<EncoderLayer> encoder_layers;
    std::optional<LayerNorm> encoder_norm;
    std::vector<DecoderLayer> decoder_layers;
    std::optional<LayerNorm> decoder_norm;
    Linear lm_head;

  private:
    Tensor2 head(const Tensor2& h) const;
};

/// Runs `layers` EncoderLayers over x with mask, then `norm` if present -> (n, d_model).
Tensor2 run_encoder_stack(const std::vector<EncoderLayer>& layers,
                          const std::optional<LayerNorm>& norm, const Tensor2& x, const Mask& mask,
                          std::vector<BlockTrace>* traces);

}  // namespace attnlab
