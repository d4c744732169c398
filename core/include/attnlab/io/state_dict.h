// state_dict.h: every parameter of a model under its PyTorch state_dict name, so weights can move
// between PyTorch and the core by name (docs: wasm/WEIGHTS.md).
#pragma once

#include <string>
#include <vector>

#include "attnlab/layers/multi_head_attention.h"
#include "attnlab/layers/transformer_layers.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// A named view of one parameter tensor inside a model; `data` points into the model.
struct ParamRef {
    std::string name;                // e.g. "layers.0.self_attn.in_proj_weight"
    std::vector<std::size_t> shape;  // PyTorch's shape, e.g. (3 d_model, d_model)
    float* data = nullptr;           // row-major, product(shape) floats
    std::size_t size() const;
};

using ParamList = std::vector<ParamRef>;

/// in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias (nn.MultiheadAttention).
void collect_params(MultiHeadAttention& mha, const std::string& prefix, ParamList& out);
/// self_attn.*, linear1.*, linear2.*, norm1.*, norm2.* (nn.TransformerEncoderLayer).
void collect_params(EncoderLayer& layer, const std::string& prefix, ParamList& out);
/// + multihead_attn.*, norm3.* (nn.TransformerDecoderLayer).
void collect_params(DecoderLayer& layer, const std::string& prefix, ParamList& out);
/// embed.weight, [pos.weight], layers.N.*, [norm.*], lm_head.*
void collect_params(DecoderOnlyModel& model, ParamList& out);
/// src_embed.weight, [src_pos.weight], tgt_embed.weight, [tgt_pos.weight], encoder.layers.N.*,
/// [encoder.norm.*], decoder.layers.N.*, [decoder.norm.*], lm_head.*
void collect_params(EncoderDecoderModel& model, ParamList& out);

}  // namespace attnlab
