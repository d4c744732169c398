#include "attnlab/models/model_budget.h"

#include <string>

#include "attnlab/errors.h"
#include "attnlab/limits.h"

namespace attnlab {

namespace {

// nn.MultiheadAttention: in_proj (3d, d) + (3d), out_proj (d, d) + (d).
long long attention_params(long long d) { return 4 * d * d + 4 * d; }
// linear1 (d_ff, d) + (d_ff), linear2 (d, d_ff) + (d).
long long ffn_params(long long d, long long d_ff) { return 2 * d * d_ff + d_ff + d; }
long long norm_params(long long d) { return 2 * d; }

}  // namespace

long long model_parameter_count(const TransformerConfig& c) {
    const long long d = c.layer.d_model;
    const long long vocab = static_cast<long long>(c.vocab.size());
    const long long layers = c.layers;
    // Token embedding, plus the position table when it is learned (sinusoids are not weights).
    const long long input = vocab * d + (c.positional == Positional::learned ? c.max_len * d : 0);
    const long long encoder_layer = attention_params(d) + ffn_params(d, c.layer.d_ff) + 2 * 2 * d;
    const long long final_norm = c.layer.norm_first ? norm_params(d) : 0;
    const long long lm_head = vocab * d + vocab;
    if (c.kind == ModelKind::decoder_only) {
        return input + layers * encoder_layer + final_norm + lm_head;
    }
    const long long decoder_layer = encoder_layer + attention_params(d) + norm_params(d);
    return 2 * input + layers * (encoder_layer + decoder_layer) + 2 * final_norm + lm_head;
}

void check_model_budget(const TransformerConfig& c) {
    check_range("d_model", c.layer.d_model, 2, kMaxDModel);
    check_range("d_ff", c.layer.d_ff, 1, kMaxDFF);
    check_range("layers", c.layers, 1, kMaxLayers);
    check_range("max_len", c.max_len, 1, kMaxPositions);
    check_range("vocabulary size", static_cast<long long>(c.vocab.size()), 2, kMaxVocab);
    // Every factor is bounded above, so this product cannot overflow 64 bits.
    const long long params = model_parameter_count(c);
    if (params > kMaxModelParams) {
        throw Error("too_large",
                    "model parameters " + std::to_string(params) +
                        " are too many: allowed at most " + std::to_string(kMaxModelParams),
                    {{"what", "model parameters"},
                     {"value", std::to_string(params)},
                     {"max", std::to_string(kMaxModelParams)}});
    }
}

}  // namespace attnlab
