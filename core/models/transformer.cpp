#include "attnlab/models/transformer.h"

#include <set>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/limits.h"
#include "attnlab/models/model_budget.h"

namespace attnlab {

void TransformerConfig::validate() const {
    check_range("d_model", layer.d_model, 2, kMaxDModel);
    check_range("heads", layer.heads, 1, layer.d_model);
    if (layer.d_model % layer.heads != 0) {
        throw Error("not_divisible",
                    "d_model " + std::to_string(layer.d_model) + " is not divisible by heads " +
                        std::to_string(layer.heads) + ": allowed heads " +
                        divisors_text(layer.d_model),
                    {{"what", "d_model"},
                     {"value", std::to_string(layer.d_model)},
                     {"divisor", std::to_string(layer.heads)}});
    }
    // Sizes and the parameter budget, before any constructor allocates.
    check_model_budget(*this);
    if (positional == Positional::sinusoidal && layer.d_model % 2 != 0) {
        throw Error(
            "not_divisible",
            "d_model " + std::to_string(layer.d_model) +
                " is odd: sinusoidal positions pair columns, so it must be even",
            {{"what", "d_model"}, {"value", std::to_string(layer.d_model)}, {"divisor", "2"}});
    }
    if (positional == Positional::rope && (layer.d_model / layer.heads) % 2 != 0) {
        throw Error("not_divisible",
                    "d_k " + std::to_string(layer.d_model / layer.heads) +
                        " is odd: RoPE rotates pairs of columns, so d_model / heads must be even",
                    {{"what", "d_k"},
                     {"value", std::to_string(layer.d_model / layer.heads)},
                     {"divisor", "2"}});
    }
    std::set<std::string> seen;
    for (const auto& token : vocab) {
        if (!seen.insert(token).second) {
            throw Error("vocabulary lists the token '" + token + "' twice");
        }
    }
}

int TransformerConfig::token_id(const std::string& token) const {
    for (std::size_t i = 0; i < vocab.size(); ++i) {
        if (vocab[i] == token) return static_cast<int>(i);
    }
    return -1;
}

TokenInput::TokenInput(int vocab, int d_model, Positional positional_, int max_len_)
    : positional(positional_),
      max_len(max_len_),
      embed(vocab, d_model),
      pos(positional_ == Positional::learned ? max_len_ : 1, d_model) {
    if (positional == Positional::sinusoidal) sinusoids_ = sinusoidal_table(max_len, d_model);
}

void TokenInput::init(Rng& rng) {
    embed.init_uniform(rng);
    if (positional == Positional::learned) pos.init_uniform(rng);
}

Tensor2 TokenInput::forward(const std::vector<int>& ids, int first_position) const {
    const int n = static_cast<int>(ids.size());
    check_positions(first_position + n, max_len);
    Tensor2 x = embed.forward(ids);
    if (positional == Positional::sinusoidal || positional == Positional::learned) {
        const Tensor2& table = positional == Positional::learned ? pos.table() : sinusoids_;
        const int d = cols(x);
        for (int i = 0; i < n; ++i) {
            const float* row = table.data() + static_cast<std::size_t>(first_position + i) * d;
            for (int c = 0; c < d; ++c) x(i, c) += row[c];
        }
    }
    return x;
}

namespace {

// The first member initialiser of every model: the config is checked (the parameter budget
// included) before any member allocates a weight.
const TransformerConfig& validated(const TransformerConfig& c, ModelKind kind) {
    if (c.kind != kind) {
        throw Error(kind == ModelKind::decoder_only ? "config is not a decoder-only model"
                                                    : "config is not an encoder-decoder model");
    }
    c.validate();
    return c;
}

LayerConfig layer_config(const TransformerConfig& c) {
    c.validate();
    LayerConfig l = c.layer;
    l.rope = c.positional == Positional::rope;
    return l;
}

template <class Layer>
std::vector<Layer> make_layers(const TransformerConfig& c) {
    std::vector<Layer> out;
    for (int i = 0; i < c.layers; ++i) out.emplace_back(layer_config(c));
    return out;
}

std::optional<LayerNorm> final_norm(const TransformerConfig& c) {
    // Pre-norm leaves the residual stream un-normalised after the last block; post-norm already
    // ends every block with a LayerNorm.
    if (c.layer.norm_first) return LayerNorm(c.layer.d_model);
    return std::nullopt;
}

std::vector<BlockTrace>* reset(std::vector<BlockTrace>* traces) {
    if (traces) traces->clear();
    return traces;
}

BlockTrace* next_trace(std::vector<BlockTrace>* traces) {
    if (!traces) return nullptr;
    traces->emplace_back();
    return &traces->back();
}

}  // namespace

Tensor2 run_encoder_stack(const std::vector<EncoderLayer>& layers,
                          const std::optional<LayerNorm>& norm, const Tensor2& x, const Mask& mask,
                          std::vector<BlockTrace>* traces) {
    reset(traces);
    Tensor2 h = x;
    for (const auto& layer : layers) h = layer.forward(h, mask, next_trace(traces));
    if (norm) h = norm->forward(h).y;
    return h;
}

DecoderOnlyModel::DecoderOnlyModel(const TransformerConfig& c)
    : config(validated(c, ModelKind::decoder_only)),
      input(static_cast<int>(c.vocab.size()), c.layer.d_model, c.positional, c.max_len),
      layers(make_layers<EncoderLayer>(c)),
      norm(final_norm(c)),
      lm_head(c.layer.d_model, static_cast<int>(c.vocab.size()), true) {}

void DecoderOnlyModel::init(Rng& rng) {
    input.init(rng);
    for (auto& layer : layers) layer.init(rng);
    if (norm) norm->init_random(rng);
    lm_head.init_pytorch_default(rng);
}

Tensor2 DecoderOnlyModel::head(const Tensor2& h) const {
    return lm_head.forward(norm ? norm->forward(h).y : h);
}

Tensor2 DecoderOnlyModel::forward(const std::vector<int>& ids,
                                  std::vector<BlockTrace>* traces) const {
    const Tensor2 x = input.forward(ids);
    reset(traces);
    Tensor2 h = x;
    const Mask mask = Mask::causal(rows(x));
    for (const auto& layer : layers) h = layer.forward(h, mask, next_trace(traces));
    return head(h);
}

Tensor2 DecoderOnlyModel::forward_cached(const std::vector<int>& new_ids,
                                         std::vector<KVCache>& caches,
                                         std::vector<BlockTrace>* traces) const {
    if (caches.empty()) caches.resize(layers.size());
    Tensor2 h = input.forward(new_ids, caches[0].length);
    reset(traces);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        h = layers[l].forward_cached(h, caches[l], next_trace(traces));
    }
    return head(h);
}

EncoderDecoderModel::EncoderDecoderModel(const TransformerConfig& c)
    : config(validated(c, ModelKind::encoder_decoder)),
      src_input(static_cast<int>(c.vocab.size()), c.layer.d_model, c.positional, c.max_len),
      tgt_input(static_cast<int>(c.vocab.size()), c.layer.d_model, c.positional, c.max_len),
      encoder_layers(make_layers<EncoderLayer>(c)),
      encoder_norm(final_norm(c)),
      decoder_layers(make_layers<DecoderLayer>(c)),
      decoder_norm(final_norm(c)),
      lm_head(c.layer.d_model, static_cast<int>(c.vocab.size()), true) {}

void EncoderDecoderModel::init(Rng& rng) {
    src_input.init(rng);
    tgt_input.init(rng);
    for (auto& layer : encoder_layers) layer.init(rng);
    if (encoder_norm) encoder_norm->init_random(rng);
    for (auto& layer : decoder_layers) layer.init(rng);
    if (decoder_norm) decoder_norm->init_random(rng);
    lm_head.init_pytorch_default(rng);
}

Tensor2 EncoderDecoderModel::head(const Tensor2& h) const {
    return lm_head.forward(decoder_norm ? decoder_norm->forward(h).y : h);
}

Tensor2 EncoderDecoderModel::encode(const std::vector<int>& src,
                                    std::vector<BlockTrace>* traces) const {
    const Tensor2 x = src_input.forward(src);
    return run_encoder_stack(encoder_layers, encoder_norm, x, Mask::none(rows(x), rows(x)), traces);
}

Tensor2 EncoderDecoderModel::decode(const std::vector<int>& tgt, const Tensor2& memory,
                                    std::vector<BlockTrace>* traces) const {
    Tensor2 h = tgt_input.forward(tgt);
    const int t = rows(h);
    const Mask self_mask = Mask::causal(t);
    const Mask memory_mask = Mask::none(t, rows(memory));
    reset(traces);
    for (const auto& layer : decoder_layers) {
        h = layer.forward(h, memory, self_mask, memory_mask, next_trace(traces));
    }
    return head(h);
}

Tensor2 EncoderDecoderModel::decode_cached(const std::vector<int>& new_ids,
                                           std::vector<KVCache>& self_caches,
                                           const std::vector<KVCache>& memory_caches,
                                           std::vector<BlockTrace>* traces) const {
    if (self_caches.empty()) self_caches.resize(decoder_layers.size());
    Tensor2 h = tgt_input.forward(new_ids, self_caches[0].length);
    const Mask memory_mask = Mask::none(rows(h), memory_caches.at(0).length);
    reset(traces);
    for (std::size_t l = 0; l < decoder_layers.size(); ++l) {
        h = decoder_layers[l].forward_cached(h, self_caches[l], memory_caches[l], memory_mask,
                                             next_trace(traces));
    }
    return head(h);
}

std::vector<KVCache> EncoderDecoderModel::memory_caches(const Tensor2& memory) const {
    std::vector<KVCache> out;
    for (const auto& layer : decoder_layers) {
        out.push_back(layer.multihead_attn.project_memory(memory));
    }
    return out;
}

}  // namespace attnlab
