// Encoder and decoder blocks against nn.TransformerEncoderLayer / nn.TransformerDecoderLayer,
// post- and pre-norm, ReLU and GELU, with the cross-attention memory of another length.
#include <catch2/catch.hpp>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/layers/transformer_layers.h"
#include "reference.h"

using namespace attnlab;

namespace {

LayerConfig config_of(const nlohmann::json& c) {
    LayerConfig l;
    l.d_model = c.at("d_model");
    l.heads = c.at("heads");
    l.d_ff = c.at("d_ff");
    l.norm_first = c.at("norm_first");
    l.activation = activation_from_name(c.at("activation"));
    return l;
}

std::vector<std::string> names(const BlockTrace& trace) {
    std::vector<std::string> out;
    for (const auto& s : trace.steps) out.push_back(s.name);
    return out;
}

}  // namespace

TEST_CASE("encoder layer matches nn.TransformerEncoderLayer", "[layers][encoder]") {
    for (const auto& c : test::transformer_reference().at("encoder_layer")) {
        INFO("norm_first " << c.at("norm_first") << " " << c.at("activation") << " mask "
                           << c.at("mask"));
        EncoderLayer layer(config_of(c));
        ParamList params;
        collect_params(layer, "", params);
        load_tensors(c.at("tensors").dump(), params);
        const Tensor2 x = test::tensor2(c.at("x"));
        const int n = rows(x);
        const Mask mask = c.at("mask") == "causal" ? Mask::causal(n) : Mask::none(n, n);
        BlockTrace trace;
        REQUIRE_CLOSE(layer.forward(x, mask, &trace), test::tensor2(c.at("y")));
        REQUIRE_CLOSE(layer.forward(x, mask), test::tensor2(c.at("y")));
        const std::vector<std::string> post = {
            "input", "self-attention", "add1", "norm1", "ffn-hidden", "ffn", "add2", "norm2"};
        const std::vector<std::string> pre = {
            "input", "norm1", "self-attention", "add1", "norm2", "ffn-hidden", "ffn", "add2"};
        REQUIRE(names(trace) == (c.at("norm_first").get<bool>() ? pre : post));
    }
}

TEST_CASE("decoder layer matches nn.TransformerDecoderLayer", "[layers][decoder]") {
    for (const auto& c : test::transformer_reference().at("decoder_layer")) {
        INFO("norm_first " << c.at("norm_first") << " " << c.at("activation"));
        DecoderLayer layer(config_of(c));
        ParamList params;
        collect_params(layer, "", params);
        load_tensors(c.at("tensors").dump(), params);
        const Tensor2 x = test::tensor2(c.at("x"));
        const Tensor2 memory = test::tensor2(c.at("memory"));
        REQUIRE(rows(memory) != rows(x));
        BlockTrace trace;
        const Tensor2 y = layer.forward(x, memory, Mask::causal(rows(x)),
                                        Mask::none(rows(x), rows(memory)), &trace);
        REQUIRE_CLOSE(y, test::tensor2(c.at("y")));
        REQUIRE(trace.cross_weights.shape()[2] == static_cast<std::size_t>(rows(memory)));
        REQUIRE(names(trace).size() == 11);
    }
}

TEST_CASE("LayerNorm steps record each token's mean and rstd", "[layers][encoder]") {
    LayerConfig lc;
    EncoderLayer layer(lc);
    Rng rng(4);
    layer.init(rng);
    Tensor2 x = zeros2(3, 16);
    rng.fill_uniform(x, -1, 1);
    BlockTrace trace;
    layer.forward(x, Mask::none(3, 3), &trace);
    for (const auto& step : trace.steps) {
        const bool norm = step.name.rfind("norm", 0) == 0;
        REQUIRE((step.mean.size() == 3) == norm);
        if (step.name == "ffn-hidden") REQUIRE(cols(step.value) == 64);
    }
}
