// The JSON weights format: a saved model loads back to the same logits, and every kind of bad
// file is rejected with a message naming what is wrong, never a crash.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "attnlab/io/weights_json.h"

using namespace attnlab;
using nlohmann::json;

namespace {

TransformerConfig config(ModelKind kind) {
    TransformerConfig c;
    c.kind = kind;
    c.layer.d_model = 8;
    c.layer.heads = 2;
    c.layer.d_ff = 12;
    c.layer.norm_first = true;
    c.positional = Positional::learned;
    c.max_len = 16;
    c.vocab = {"<begin>", "<end>", "x", "y"};
    return c;
}

std::string saved_decoder() {
    Rng rng(1);
    DecoderOnlyModel model(config(ModelKind::decoder_only));
    model.init(rng);
    return save_weights(model);
}

std::string edited(const std::function<void(json&)>& edit) {
    json file = json::parse(saved_decoder());
    edit(file);
    return file.dump();
}

}  // namespace

TEST_CASE("a saved model loads back to identical logits", "[weights]") {
    Rng rng(1);
    DecoderOnlyModel model(config(ModelKind::decoder_only));
    model.init(rng);
    const std::string text = save_weights(model);
    AnyModel any = load_weights(text);
    const auto& loaded = *std::get<std::unique_ptr<DecoderOnlyModel>>(any);
    REQUIRE(static_cast<bool>(loaded.forward({0, 2, 3}) == model.forward({0, 2, 3})));
    const json file = json::parse(text);
    REQUIRE(file.at("tensors").contains("layers.0.self_attn.in_proj_weight"));
    REQUIRE(file.at("tensors").at("layers.0.self_attn.in_proj_weight").at("shape") ==
            json::array({24, 8}));
    REQUIRE(file.at("tensors").contains("pos.weight"));
    REQUIRE(file.at("tensors").contains("norm.weight"));

    EncoderDecoderModel ed(config(ModelKind::encoder_decoder));
    ed.init(rng);
    AnyModel any2 = load_weights(save_weights(ed));
    const auto& ed2 = *std::get<std::unique_ptr<EncoderDecoderModel>>(any2);
    const Tensor2 memory = ed.encode({2, 3, 2});
    REQUIRE(
        static_cast<bool>(ed2.decode({0, 3}, ed2.encode({2, 3, 2})) == ed.decode({0, 3}, memory)));
    REQUIRE(json::parse(save_weights(ed))
                .at("tensors")
                .contains("decoder.layers.0.multihead_attn.out_proj.bias"));
}

TEST_CASE("bad weights files get a clear error", "[weights]") {
    const std::string good = saved_decoder();
    REQUIRE_THROWS_WITH(load_weights("not json at all"), Catch::Contains("not valid JSON"));
    REQUIRE_THROWS_WITH(load_weights(good.substr(0, good.size() / 2)),
                        Catch::Contains("not valid JSON (truncated or corrupt)"));
    REQUIRE_THROWS_WITH(load_weights("[1, 2]"), Catch::Contains("must be a JSON object"));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["format"] = "pickle"; })),
                        Catch::Contains("format \"pickle\" is unknown"));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["version"] = 2; })),
                        Catch::Contains("version 2 is unsupported"));
    REQUIRE_THROWS_WITH(
        load_weights(edited([](json& f) { f["tensors"].erase("layers.0.norm1.weight"); })),
        Catch::Contains("missing the tensor 'layers.0.norm1.weight' of shape [8]"));
    REQUIRE_THROWS_WITH(
        load_weights(edited([](json& f) {
            f["tensors"]["lm_head.weight"]["shape"] = {8, 4};
        })),
        Catch::Contains("tensor 'lm_head.weight' has shape [8,4] but the model needs [4, 8]"));
    REQUIRE_THROWS_WITH(
        load_weights(edited([](json& f) { f["tensors"]["lm_head.bias"]["dtype"] = "float64"; })),
        Catch::Contains("tensor 'lm_head.bias' has dtype \"float64\": allowed \"float32\""));
    REQUIRE_THROWS_WITH(
        load_weights(edited([](json& f) { f["tensors"]["lm_head.bias"]["data"].erase(0); })),
        Catch::Contains("tensor 'lm_head.bias' has 3 values"));
    REQUIRE_THROWS_WITH(
        load_weights(edited([](json& f) { f["tensors"]["lm_head.bias"]["data"][1] = "x"; })),
        Catch::Contains("tensor 'lm_head.bias' value 1 is \"x\""));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["tensors"]["extra"] = 1; })),
                        Catch::Contains("unexpected tensor 'extra'"));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["config"]["heads"] = 3; })),
                        Catch::Contains("d_model 8 is not divisible by heads 3"));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["config"].erase("vocab"); })),
                        Catch::Contains("missing the field 'vocab'"));
    REQUIRE_THROWS_WITH(load_weights(edited([](json& f) { f["config"]["positional"] = "x"; })),
                        Catch::Contains("positional encoding 'x' is unknown"));
}

TEST_CASE("a rejected file leaves the model's weights untouched", "[weights]") {
    MultiHeadAttention mha(8, 2);
    Rng rng(3);
    mha.init(rng);
    const Tensor2 before = mha.in_proj.weight();
    ParamList params;
    collect_params(mha, "", params);
    json tensors = json::parse(saved_decoder())["tensors"];
    json mine = {{"in_proj_weight", tensors["layers.0.self_attn.in_proj_weight"]},
                 {"in_proj_bias", tensors["layers.0.self_attn.in_proj_bias"]},
                 {"out_proj.weight", tensors["layers.0.self_attn.out_proj.weight"]}};
    REQUIRE_THROWS_WITH(load_tensors(mine.dump(), params),
                        Catch::Contains("missing the tensor 'out_proj.bias'"));
    REQUIRE(static_cast<bool>(mha.in_proj.weight() == before));
}
