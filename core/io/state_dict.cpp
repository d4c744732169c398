#include "attnlab/io/state_dict.h"

namespace attnlab {

std::size_t ParamRef::size() const {
    std::size_t n = 1;
    for (std::size_t s : shape) n *= s;
    return n;
}

namespace {

void add(ParamList& out, const std::string& name, Tensor2& t) {
    out.push_back({name, {t.shape()[0], t.shape()[1]}, t.data()});
}

void add(ParamList& out, const std::string& name, Tensor1& t) {
    out.push_back({name, {t.shape()[0]}, t.data()});
}

void add_linear(ParamList& out, const std::string& name, Linear& l) {
    add(out, name + ".weight", l.weight());
    if (l.has_bias()) add(out, name + ".bias", l.bias());
}

void add_norm(ParamList& out, const std::string& name, LayerNorm& n) {
    add(out, name + ".weight", n.gamma);
    add(out, name + ".bias", n.beta);
}

void add_input(ParamList& out, const std::string& prefix, TokenInput& input) {
    add(out, prefix + "embed.weight", input.embed.table());
    if (input.positional == Positional::learned) add(out, prefix + "pos.weight", input.pos.table());
}

}  // namespace

void collect_params(MultiHeadAttention& mha, const std::string& prefix, ParamList& out) {
    add(out, prefix + "in_proj_weight", mha.in_proj.weight());
    add(out, prefix + "in_proj_bias", mha.in_proj.bias());
    add_linear(out, prefix + "out_proj", mha.out_proj);
}

void collect_params(EncoderLayer& layer, const std::string& prefix, ParamList& out) {
    collect_params(layer.self_attn, prefix + "self_attn.", out);
    add_linear(out, prefix + "linear1", layer.ffn.linear1);
    add_linear(out, prefix + "linear2", layer.ffn.linear2);
    add_norm(out, prefix + "norm1", layer.norm1);
    add_norm(out, prefix + "norm2", layer.norm2);
}

void collect_params(DecoderLayer& layer, const std::string& prefix, ParamList& out) {
    collect_params(layer.self_attn, prefix + "self_attn.", out);
    collect_params(layer.multihead_attn, prefix + "multihead_attn.", out);
    add_linear(out, prefix + "linear1", layer.ffn.linear1);
    add_linear(out, prefix + "linear2", layer.ffn.linear2);
    add_norm(out, prefix + "norm1", layer.norm1);
    add_norm(out, prefix + "norm2", layer.norm2);
    add_norm(out, prefix + "norm3", layer.norm3);
}

void collect_params(DecoderOnlyModel& model, ParamList& out) {
    add_input(out, "", model.input);
    for (std::size_t i = 0; i < model.layers.size(); ++i) {
        collect_params(model.layers[i], "layers." + std::to_string(i) + ".", out);
    }
    if (model.norm) add_norm(out, "norm", *model.norm);
    add_linear(out, "lm_head", model.lm_head);
}

void collect_params(EncoderDecoderModel& model, ParamList& out) {
    add_input(out, "src_", model.src_input);
    add_input(out, "tgt_", model.tgt_input);
    for (std::size_t i = 0; i < model.encoder_layers.size(); ++i) {
        collect_params(model.encoder_layers[i], "encoder.layers." + std::to_string(i) + ".", out);
    }
    if (model.encoder_norm) add_norm(out, "encoder.norm", *model.encoder_norm);
    for (std::size_t i = 0; i < model.decoder_layers.size(); ++i) {
        collect_params(model.decoder_layers[i], "decoder.layers." + std::to_string(i) + ".", out);
    }
    if (model.decoder_norm) add_norm(out, "decoder.norm", *model.decoder_norm);
    add_linear(out, "lm_head", model.lm_head);
}

}  // namespace attnlab
