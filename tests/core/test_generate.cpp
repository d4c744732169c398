// Decoding: a decoder-only model from PyTorch (loaded from the weights format) decodes the same
// tokens with the same logits, and the KV cache gives the same logits as recomputation.
#include <catch2/catch.hpp>

#include "attnlab/io/weights_json.h"
#include "attnlab/models/generate.h"
#include "reference.h"

using namespace attnlab;

namespace {

TransformerConfig small_config(ModelKind kind, Positional positional, bool norm_first) {
    TransformerConfig c;
    c.kind = kind;
    c.layer.d_model = 16;
    c.layer.heads = 4;
    c.layer.d_ff = 24;
    c.layer.norm_first = norm_first;
    c.layer.activation = norm_first ? Activation::gelu : Activation::relu;
    c.layers = 2;
    c.positional = positional;
    c.max_len = 64;
    c.vocab = {"<begin>", "<pad>", "a", "b", "c", "d", "e", "f", "g"};  // no <end>: never stops
    return c;
}

Tensor2 as_row(const Tensor1& v) {
    Tensor2 row = zeros2(1, static_cast<int>(v.size()));
    std::copy(v.begin(), v.end(), row.begin());
    return row;
}

void require_same_logits(const GenerateResult& a, const GenerateResult& b) {
    REQUIRE(a.generated == b.generated);
    REQUIRE(a.steps.size() == b.steps.size());
    for (std::size_t s = 0; s < a.steps.size(); ++s) {
        INFO("step " << s);
        for (std::size_t v = 0; v < a.steps[s].logits.size(); ++v) {
            REQUIRE(a.steps[s].logits(v) == Approx(b.steps[s].logits(v)).margin(1e-6));
        }
    }
    REQUIRE(a.cache_k.shape() == b.cache_k.shape());
    REQUIRE(test::worst_error(a.cache_k, b.cache_k, 1e-6, 0) <= 1.0);
}

}  // namespace

TEST_CASE("a PyTorch decoder-only model decodes greedily to the same tokens", "[generate]") {
    for (const auto& c : test::transformer_reference().at("decoder_only")) {
        AnyModel any = load_weights(c.at("weights").dump());
        const auto& model = *std::get<std::unique_ptr<DecoderOnlyModel>>(any);
        const std::vector<int> prompt = c.at("prompt");
        for (bool cache : {false, true}) {
            INFO("use_cache " << cache);
            GenerateOptions o;
            o.max_new_tokens = 6;
            o.use_cache = cache;
            const GenerateResult r = generate(model, prompt, o);
            const auto& steps = c.at("steps");
            // The reference never stops at <end>; compare the steps both took.
            REQUIRE(r.steps.size() >= 1);
            for (std::size_t s = 0; s < r.steps.size(); ++s) {
                INFO("step " << s);
                REQUIRE(r.generated[s] == steps[s].at("token").get<int>());
                REQUIRE_CLOSE(as_row(r.steps[s].logits), test::tensor2(steps[s].at("logits")));
            }
        }
    }
}

TEST_CASE("KV-cache decoding equals full recomputation step by step", "[generate][kv_cache]") {
    for (Positional p :
         {Positional::sinusoidal, Positional::learned, Positional::rope, Positional::none}) {
        for (bool norm_first : {false, true}) {
            INFO("positional " << positional_name(p) << " norm_first " << norm_first);
            GenerateOptions o;
            o.max_new_tokens = 12;
            Rng rng(21);
            DecoderOnlyModel dec(small_config(ModelKind::decoder_only, p, norm_first));
            dec.init(rng);
            o.use_cache = false;
            const GenerateResult slow = generate(dec, {2, 3, 4}, o);
            o.use_cache = true;
            const GenerateResult fast = generate(dec, {2, 3, 4}, o);
            require_same_logits(slow, fast);
            REQUIRE(fast.cache_k.shape()[0] == 3 + 12 - 1);

            EncoderDecoderModel ed(small_config(ModelKind::encoder_decoder, p, norm_first));
            ed.init(rng);
            o.use_cache = false;
            const GenerateResult slow2 = generate(ed, {2, 5, 6, 7, 3}, o);
            o.use_cache = true;
            const GenerateResult fast2 = generate(ed, {2, 5, 6, 7, 3}, o);
            require_same_logits(slow2, fast2);
            REQUIRE(fast2.steps.back().cross_weights.shape()[1] == 5u);
        }
    }
}

TEST_CASE("the cache saves work, more with every token", "[generate][kv_cache]") {
    Rng rng(8);
    DecoderOnlyModel model(small_config(ModelKind::decoder_only, Positional::sinusoidal, false));
    model.init(rng);
    GenerateOptions o;
    o.max_new_tokens = 20;
    o.use_cache = false;
    const GenerateResult slow = generate(model, {2}, o);
    o.use_cache = true;
    const GenerateResult fast = generate(model, {2}, o);
    REQUIRE(slow.steps[0].macs == fast.steps[0].macs);  // the first step sees the same one token
    for (std::size_t s = 1; s < 20; ++s) REQUIRE(fast.steps[s].macs < slow.steps[s].macs);
    const double ratio_early = double(slow.steps[2].macs) / fast.steps[2].macs;
    const double ratio_late = double(slow.steps[19].macs) / fast.steps[19].macs;
    REQUIRE(ratio_late > ratio_early);
    REQUIRE(fast.steps[19].cache_length == 20);
}

TEST_CASE("sampling is seeded and respects top-k", "[generate]") {
    Rng rng(8);
    DecoderOnlyModel model(small_config(ModelKind::decoder_only, Positional::sinusoidal, false));
    model.init(rng);
    GenerateOptions o;
    o.greedy = false;
    o.top_k = 2;
    o.temperature = 2.0f;
    o.max_new_tokens = 10;
    const GenerateResult a = generate(model, {2, 3}, o);
    const GenerateResult b = generate(model, {2, 3}, o);
    REQUIRE(a.generated == b.generated);
    for (const auto& step : a.steps) {
        int kept = 0;
        for (float p : step.probabilities) kept += p > 0;
        REQUIRE(kept == 2);
        REQUIRE(step.probabilities(step.token_id) > 0);
    }
    o.top_k = 99;
    REQUIRE_THROWS_WITH(generate(model, {2}, o), Catch::Contains("top_k 99 is out of range"));
    o.top_k = 0;
    o.temperature = 0;
    REQUIRE_THROWS_WITH(generate(model, {2}, o), Catch::Contains("temperature"));
}

TEST_CASE("decoding stops at the positional table's end with a clear error", "[generate]") {
    TransformerConfig c = small_config(ModelKind::decoder_only, Positional::learned, false);
    c.max_len = 4;
    DecoderOnlyModel model(c);
    GenerateOptions o;
    REQUIRE_THROWS_WITH(
        generate(model, {2, 2, 2, 2, 2}, o),
        Catch::Contains("sequence of 5 tokens is longer than the positional table"));
    o.max_new_tokens = 10;
    const GenerateResult r = generate(model, {2, 3}, o);
    REQUIRE(r.generated.size() == 3);  // positions 2 and 3 fill the table; one more is predicted
}
