// sentence_transformer.h: the Transformer pieces run on a learner's own sentence, end to end.
// These are what the widgets of lessons 5-10 show; each takes a seed so the same arguments give
// the same numbers on every platform.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_loader.h"
#include "attnlab/layers/layer_norm.h"
#include "attnlab/layers/multi_head_attention.h"
#include "attnlab/layers/positional.h"
#include "attnlab/layers/transformer_layers.h"
#include "attnlab/models/generate.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// Padding flags of tokens: true where the token is `<pad>`.
std::vector<bool> padding_of(const std::vector<std::string>& tokens);

/// Hashed token embeddings (hashed_embeddings) plus positions for rows first_position.. :
/// sinusoidal, a learned table drawn from the seed (row p is the same whatever the length), or
/// nothing for 'none' and 'rope'. -> (n, d_model). Throws Error past kMaxPositions.
Tensor2 sentence_input(const std::vector<std::string>& tokens, int d_model, Positional positional,
                       std::uint32_t seed);

/// A learned positional table as a seeded model would start it: (length, d_model), row p drawn
/// from its own Rng stream, U(-sqrt(3), sqrt(3)).
Tensor2 learned_positions(int length, int d_model, std::uint32_t seed);

/// Multi-head attention of a sentence over itself, or over `memory` (cross-attention).
struct SentenceMultiHead {
    std::vector<std::string> tokens;         // n
    std::vector<std::string> memory_tokens;  // m (= tokens for self-attention)
    Tensor2 x;                               // (n, d_model)
    Tensor2 memory_x;                        // (m, d_model)
    Tensor2 mask;                            // (n, m), 1 = may attend
    MultiHeadAttention layer;
    MultiHeadAttention::Result result;
};

/// Tokenizes, embeds (sentence_input), draws the layer from Rng(seed) unless `load_params` is
/// given (it fills in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias, e.g. with
/// WeightsLoader::fill_any, and throws Error for bad weights), builds the mask from `mask_spec`
/// (Mask::parse over (n, m), padding from the memory's `<pad>` tokens) and runs forward. memory:
/// std::nullopt = self-attention. Throws Error for a bad sentence, d_model outside 2..256, heads
/// not dividing d_model, an unknown mask or positional kind, or bad weights.
SentenceMultiHead sentence_multi_head(std::string_view sentence,
                                      std::optional<std::string_view> memory, int d_model,
                                      int heads, std::string_view mask_spec, Positional positional,
                                      std::uint32_t seed,
                                      const std::function<void(ParamList&)>& load_params = {});

/// A stack of encoder layers over a sentence, with every stage recorded.
struct SentenceEncoder {
    std::vector<std::string> tokens;
    Tensor2 x;                            // (n, d_model): the first layer's input
    std::vector<BlockTrace> traces;       // one per layer
    std::optional<BlockStep> final_norm;  // pre-norm only
    Tensor2 output;                       // (n, d_model)
};

/// Throws Error for a bad sentence or config (see TransformerConfig::validate, with d_model
/// limited to 2..256 and layers to 1..6).
SentenceEncoder sentence_encoder(std::string_view sentence, const LayerConfig& layer, int layers,
                                 Positional positional, std::string_view mask_spec,
                                 std::uint32_t seed);

/// Generation on a learner's text with a random (seeded) model whose vocabulary is
/// <begin>, <end> and the text's distinct tokens in order of appearance.
struct SentenceGeneration {
    TransformerConfig config;
    std::vector<std::string> source_tokens;  // encoder-decoder
    GenerateResult result;
};

/// config.kind picks the model; `text` is the source (encoder-decoder) or the prompt
/// (decoder-only). config.vocab is filled here. `loaded`, if given, is a model read from a
/// weights file; its config and vocabulary replace the seeded model's.
SentenceGeneration sentence_generate(std::string_view text, TransformerConfig config,
                                     const GenerateOptions& options, std::uint32_t seed,
                                     const AnyModel* loaded = nullptr);

/// A model of config.kind drawn from Rng(seed) (config.vocab must be set).
AnyModel seeded_model(const TransformerConfig& config, std::uint32_t seed);

}  // namespace attnlab
