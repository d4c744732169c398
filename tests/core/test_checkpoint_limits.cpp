// Sizes are checked before anything is allocated: the model parameter budget (counted in 64
// bits from the config), giant configs in tiny weights files, deep or oversized JSON, saves that
// would write NaN, and tasks whose held-out set cannot exist.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "attnlab/errors.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/limits.h"
#include "attnlab/models/model_budget.h"
#include "attnlab/train/tasks.h"
#include "attnlab/train/trainer.h"

using namespace attnlab;
using nlohmann::json;

namespace {

TransformerConfig config(ModelKind kind, bool norm_first, Positional positional) {
    TransformerConfig c;
    c.kind = kind;
    c.layer.d_model = 8;
    c.layer.heads = 2;
    c.layer.d_ff = 12;
    c.layer.norm_first = norm_first;
    c.layers = 2;
    c.positional = positional;
    c.max_len = 16;
    c.vocab = {"<begin>", "<end>", "x", "y", "z"};
    return c;
}

std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return "accepted";
}

// A 300-byte weights file: a config and no tensors.
std::string tiny_file(int d_model, int d_ff, int layers, int vocab) {
    json v = json::array();
    for (int i = 0; i < vocab; ++i) v.push_back(std::to_string(i));
    return json{{"format", "attention-lab/weights"},
                {"version", 1},
                {"config",
                 {{"model", "decoder-only"},
                  {"d_model", d_model},
                  {"heads", 4},
                  {"d_ff", d_ff},
                  {"layers", layers},
                  {"norm_first", false},
                  {"activation", "relu"},
                  {"positional", "sinusoidal"},
                  {"max_len", 64},
                  {"vocab", v}}},
                {"tensors", json::object()}}
        .dump();
}

}  // namespace

TEST_CASE("the parameter count from the config matches the model's parameters", "[checkpoint]") {
    for (auto kind : {ModelKind::decoder_only, ModelKind::encoder_decoder}) {
        for (bool norm_first : {false, true}) {
            for (auto pos : {Positional::sinusoidal, Positional::learned, Positional::rope}) {
                const TransformerConfig c = config(kind, norm_first, pos);
                ParamList params;
                long long n = 0;
                if (kind == ModelKind::decoder_only) {
                    DecoderOnlyModel m(c);
                    collect_params(m, params);
                } else {
                    EncoderDecoderModel m(c);
                    collect_params(m, params);
                }
                for (const auto& p : params) n += static_cast<long long>(p.size());
                CHECK(model_parameter_count(c) == n);
            }
        }
    }
}

TEST_CASE("giant configs are refused before allocation, with codes", "[checkpoint]") {
    // The example: d_model 1024, d_ff 4096, 12 layers in 300 bytes.
    CHECK(code_of([] { load_weights(tiny_file(1024, 4096, 12, 4)); }) == "out_of_range");
    CHECK(code_of([] { load_weights(tiny_file(256, 4096, 6, 4)); }) == "out_of_range");
    CHECK(code_of([] { load_weights(tiny_file(256, 1024, 12, 4)); }) == "out_of_range");
    // Every size in range, the product not: 20000 tokens x 256 x 2 (embedding and head).
    CHECK(code_of([] { load_weights(tiny_file(256, 1024, 6, 20000)); }) == "too_large");
    CHECK(code_of([] { load_weights(tiny_file(256, 1024, 6, kMaxVocab + 1)); }) == "out_of_range");
    // A config in range goes on to the tensors (and fails there: the file has none).
    CHECK(code_of([] { load_weights(tiny_file(16, 32, 1, 4)); }) == "bad_file");
    TransformerConfig c = config(ModelKind::decoder_only, false, Positional::sinusoidal);
    c.layer.d_model = 256;
    c.vocab.clear();
    for (int i = 0; i < 20000; ++i) c.vocab.push_back(std::to_string(i));
    try {
        DecoderOnlyModel m(c);
        FAIL("built a model over the budget");
    } catch (const Error& e) {
        CHECK(e.code() == "too_large");
        CHECK(e.params().at(2).second == std::to_string(kMaxModelParams));
    }
}

TEST_CASE("deep, oversized and non-finite JSON is refused by name", "[checkpoint]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(code_of([&] { load_weights(deep); }) == "bad_file");
    const std::string deep_objects = [] {
        std::string s;
        for (int i = 0; i < 50000; ++i) s += "{\"a\":";
        return s + "1" + std::string(50000, '}');
    }();
    CHECK(code_of([&] { load_weights(deep_objects); }) == "bad_file");
    CHECK(code_of([] { load_weights(std::string(kMaxFileBytes + 1, ' ')); }) == "too_large");
    CHECK(code_of([] { load_weights("[1, 2]"); }) == "bad_file");
    CHECK(code_of([] { load_weights(""); }) == "bad_file");
    // Saving a NaN weight is refused (JSON would hold null and never load back).
    DecoderOnlyModel m(config(ModelKind::decoder_only, false, Positional::sinusoidal));
    Rng rng(1);
    m.init(rng);
    m.lm_head.bias()(1) = std::nanf("");
    try {
        save_weights(m);
        FAIL("saved a NaN");
    } catch (const Error& e) {
        CHECK(e.code() == "not_finite");
        CHECK(std::string(e.what()).find("lm_head.bias") != std::string::npos);
    }
}

TEST_CASE("digit tasks check that the held-out set and a training pool can exist", "[checkpoint]") {
    // 100 two-digit sequences: 500 held out cannot exist (this looped forever).
    CHECK(code_of([] { Task::digits(TaskKind::reverse, 2, 500, 1); }) == "out_of_range");
    // 1000 three-digit sequences, all held out: training could never draw one.
    CHECK(code_of([] { Task::digits(TaskKind::copy, 3, 1000, 1); }) == "out_of_range");
    CHECK(code_of([] { Task::digits(TaskKind::copy, 3, 501, 1); }) == "out_of_range");
    // Half held out: every draw is fresh and bounded.
    const Task t = Task::digits(TaskKind::reverse, 2, 50, 1);
    CHECK(t.held_out.size() == 50);
    Rng rng(3);
    std::set<std::vector<int>> held;
    for (const auto& e : t.held_out) held.insert(e.src);
    CHECK(held.size() == 50);
    for (int i = 0; i < 2000; ++i) {
        const Example e = t.sample(rng);
        REQUIRE(held.count(e.src) == 0);
        std::vector<int> reversed(e.src.rbegin(), e.src.rend());
        REQUIRE(e.tgt == reversed);
    }
    // Pairs: at least one held out and the rest to train on.
    const Task p = Task::pairs("a -> b\nc -> d\ne -> f\ng -> h\n", 100, 1);
    CHECK(p.held_out.size() == 1);
    CHECK(p.train.size() == 3);
}
