// Atomic, validated loads: checkpoints and weights files mutated every way we can think of (byte
// flips, truncation, wrong shapes and dtypes, giant configs, NaN / Inf / 1e39, bad Adam state).
// Every load either succeeds or throws attnlab::Error, and every rejected load leaves the run's
// whole state (weights, Adam, step, first_loss) or the model's logits bit-identical.
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "attnlab/errors.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/limits.h"
#include "attnlab/models/model_budget.h"
#include "attnlab/train/trainer.h"

using namespace attnlab;
using nlohmann::json;

namespace {

// A tiny run, so hundreds of loads stay fast under ASan.
TrainOptions tiny() {
    TrainOptions o;
    o.task = TaskKind::reverse;
    o.model = ModelKind::decoder_only;
    o.length = 3;
    o.layer = {8, 2, 8, Activation::relu, false, false};
    o.layers = 1;
    o.positional = Positional::sinusoidal;
    o.batch = 4;
    o.schedule = {3e-3f, 0, 100, LrSchedule::Kind::constant};
    o.held_out = 20;
    o.seed = 7;
    return o;
}

// Outcome of one load: true if it was accepted; fails the test on any non-Error exception.
bool accepted(const std::function<void()>& load, std::string* code = nullptr) {
    try {
        load();
        return true;
    } catch (const Error& e) {
        if (code) *code = e.code();
        return false;
    }
}

std::string edited(const std::string& text, const std::function<void(json&)>& edit) {
    json j = json::parse(text);
    edit(j);
    return j.dump();
}

}  // namespace

TEST_CASE("mutated checkpoints: each load succeeds or changes nothing", "[checkpoint]") {
    Trainer source(tiny());
    source.train(3);
    const std::string good = source.save_checkpoint();
    Trainer run(tiny());
    run.train(2);
    const std::string before = run.save_checkpoint();

    int rejected = 0;
    auto probe = [&](const std::string& text) {
        if (accepted([&] { run.load_checkpoint(text); })) {
            run.load_checkpoint(before);  // a still-valid mutation: back to the state under test
        } else {
            ++rejected;
            REQUIRE(run.save_checkpoint() == before);
        }
    };
    SECTION("byte flips at many offsets") {
        const char replacements[] = {'"', '9', '[', '}', 'x', '-', ',', '\0'};
        for (std::size_t k = 0; k < 160; ++k) {
            std::string text = good;
            const std::size_t at = k * (text.size() - 1) / 159;
            text[at] = replacements[k % sizeof replacements];
            probe(text);
        }
        CHECK(rejected > 60);
    }
    SECTION("truncation at many lengths") {
        for (std::size_t k = 0; k < 120; ++k) probe(good.substr(0, k * (good.size() - 1) / 119));
        CHECK(rejected == 120);
    }
    SECTION("wrong shapes, dtypes, values and Adam state") {
        const std::vector<std::pair<const char*, std::function<void(json&)>>> edits = {
            {"shape", [](json& j) { j["weights"]["tensors"]["lm_head.bias"]["shape"] = {3}; }},
            {"dtype",
             [](json& j) { j["weights"]["tensors"]["lm_head.bias"]["dtype"] = "float64"; }},
            {"data type",
             [](json& j) { j["weights"]["tensors"]["lm_head.bias"]["data"][0] = "1"; }},
            {"1e39", [](json& j) { j["weights"]["tensors"]["lm_head.bias"]["data"][0] = 1e39; }},
            {"short data",
             [](json& j) { j["weights"]["tensors"]["lm_head.bias"]["data"].erase(0); }},
            {"missing tensor", [](json& j) { j["weights"]["tensors"].erase("lm_head.bias"); }},
            {"giant config", [](json& j) { j["weights"]["config"]["d_model"] = 1024; }},
            {"config mismatch", [](json& j) { j["weights"]["config"]["d_ff"] = 16; }},
            {"negative v", [](json& j) { j["adam"]["v"][0][0] = -1; }},
            {"v 1e39", [](json& j) { j["adam"]["v"][0][0] = 1e39; }},
            {"m string", [](json& j) { j["adam"]["m"][1][0] = "x"; }},
            {"t -1", [](json& j) { j["adam"]["t"] = -1; }},
            {"t 1.5", [](json& j) { j["adam"]["t"] = 1.5; }},
            {"t huge", [](json& j) { j["adam"]["t"] = 1e12; }},
            {"t string", [](json& j) { j["adam"]["t"] = "3"; }},
            {"t 0 with a stub m, v",
             [](json& j) {
                 j["adam"] = {{"t", 0}, {"m", {{0}}}, {"v", {{0}}}};
             }},
            {"missing m entry", [](json& j) { j["adam"]["m"].erase(0); }},
            {"short v entry", [](json& j) { j["adam"]["v"][0].erase(0); }},
            {"no v", [](json& j) { j["adam"].erase("v"); }},
            {"t > 0, empty m, v",
             [](json& j) {
                 j["adam"]["m"] = json::array();
                 j["adam"]["v"] = json::array();
             }},
            {"first_loss x", [](json& j) { j["first_loss"] = "x"; }},
            {"first_loss -1", [](json& j) { j["first_loss"] = -1; }},
            {"no first_loss", [](json& j) { j.erase("first_loss"); }},
            {"step -1", [](json& j) { j["step"] = -1; }},
            {"step 1e10", [](json& j) { j["step"] = 1e10; }},
            {"step unsigned huge", [](json& j) { j["step"] = 18446744073709551615ULL; }},
            {"task", [](json& j) { j["task"] = "copy"; }},
            {"version", [](json& j) { j["version"] = 2; }},
            {"not an object",
             [](json& j) {
                 j = json::array({1, 2});
             }},
        };
        for (const auto& entry : edits) {
            // C++17 lambdas cannot capture structured bindings (clang rejects it), so no [name,
            // edit].
            const auto& edit = entry.second;
            INFO(entry.first);
            std::string code;
            CHECK_FALSE(accepted([&] { run.load_checkpoint(edited(good, edit)); }, &code));
            CHECK(code != "invalid");
            REQUIRE(run.save_checkpoint() == before);
            ++rejected;
        }
        // Deep, Inf-valued and oversized texts.
        CHECK_FALSE(accepted(
            [&] { run.load_checkpoint(std::string(100000, '[') + std::string(100000, ']')); }));
        std::string inf = good;
        inf.replace(inf.find("\"first_loss\":") + 13, 1, "1e999,\"x\":");
        CHECK_FALSE(accepted([&] { run.load_checkpoint(inf); }));
        std::string code;
        CHECK_FALSE(
            accepted([&] { run.load_checkpoint(std::string(kMaxFileBytes + 1, ' ')); }, &code));
        CHECK(code == "too_large");
        REQUIRE(run.save_checkpoint() == before);
    }
    // Not poisoned: the next step's loss and the predictions match a twin that saw no bad file.
    Trainer twin(tiny());
    twin.train(2);
    CHECK(run.predict("123", 5) == twin.predict("123", 5));
    CHECK(run.train(1)[0].loss == twin.train(1)[0].loss);
}

TEST_CASE("a checkpoint load commits everything together and becomes the last good state",
          "[checkpoint]") {
    Trainer source(tiny());
    source.train(3);
    const std::string good = source.save_checkpoint();
    Trainer run(tiny());
    run.load_checkpoint(good);
    CHECK(run.step() == 3);
    CHECK(run.save_checkpoint() == good);

    // first_loss 0.001: the first step after the load "explodes" (loss > 4 x 0.001 + 1), so the
    // guard must put back exactly the loaded state, not zeros nor the weights before the load.
    const std::string touchy = edited(good, [](json& j) { j["first_loss"] = 0.001; });
    Trainer fresh(tiny());
    fresh.load_checkpoint(touchy);
    const std::string loaded = fresh.save_checkpoint();
    const auto steps = fresh.train(5);
    REQUIRE(steps.size() == 1);
    REQUIRE_FALSE(fresh.diverged().empty());
    CHECK(fresh.step() == 3);
    CHECK(fresh.save_checkpoint() == loaded);
    const auto& p = fresh.diverged_params();
    REQUIRE(p.size() == 5);
    CHECK(p[0] == std::make_pair(std::string("step"), std::string("4")));
    CHECK(p[3] == std::make_pair(std::string("kept_step"), std::string("3")));
    try {
        fresh.train(1);
        FAIL("a diverged run trained again");
    } catch (const Error& e) {
        CHECK(e.code() == "diverged");
        CHECK(e.params() == p);
    }
    // A load clears the divergence.
    fresh.load_checkpoint(good);
    CHECK(fresh.diverged().empty());
    CHECK(fresh.train(1).size() == 1);
}

TEST_CASE("mutated weights files: each load succeeds or leaves the logits bit-identical",
          "[checkpoint]") {
    TransformerConfig c;
    c.kind = ModelKind::decoder_only;
    c.layer.d_model = 8;
    c.layer.heads = 2;
    c.layer.d_ff = 8;
    c.max_len = 16;
    c.vocab = {"<begin>", "<end>", "x", "y"};
    Rng rng(5);
    DecoderOnlyModel source(c), model(c);
    source.init(rng);
    model.init(rng);
    const std::string good = save_weights(source);
    ParamList params;
    collect_params(model, params);
    const Tensor2 logits = model.forward({0, 2, 3});
    int rejected = 0;
    // Put the model under test back to its own weights after every accepted load.
    const std::string own = save_weights(model);
    auto probe_own = [&](const std::string& text) {
        if (accepted([&] { load_tensors(text, params); }))
            load_tensors(own, params);
        else {
            ++rejected;
            REQUIRE(static_cast<bool>(model.forward({0, 2, 3}) == logits));
        }
        accepted([&] { load_weights(text); });
    };
    for (std::size_t k = 0; k < 200; ++k) {
        std::string text = good;
        text[k * (text.size() - 1) / 199] = "\"9[}x-,"[k % 7];
        probe_own(text);
    }
    for (std::size_t k = 0; k < 100; ++k) probe_own(good.substr(0, k * (good.size() - 1) / 99));
    const std::vector<std::function<void(json&)>> edits = {
        [](json& f) { f["tensors"]["lm_head.bias"]["data"][2] = 1e39; },
        [](json& f) { f["tensors"]["lm_head.bias"]["data"][2] = -1e39; },
        [](json& f) {
            f["tensors"]["lm_head.bias"]["shape"] = {2, 2};
        },
        [](json& f) { f["tensors"]["lm_head.bias"]["dtype"] = "int8"; },
        [](json& f) { f["tensors"]["embed.weight"]["data"][0] = nullptr; },
        [](json& f) { f["tensors"]["embed.weight"]["data"][0] = json::array({1}); },
    };
    for (const auto& edit : edits) {
        std::string code;
        CHECK_FALSE(accepted([&] { load_tensors(edited(good, edit), params); }, &code));
        CHECK((code == "not_finite" || code == "shape_mismatch" || code == "bad_file"));
        REQUIRE(static_cast<bool>(model.forward({0, 2, 3}) == logits));
        ++rejected;
    }
    CHECK(rejected > 150);
    // Not poisoned: the model still loads a good file.
    load_tensors(good, params);
    CHECK(static_cast<bool>(model.forward({0, 2, 3}) == source.forward({0, 2, 3})));
}

TEST_CASE("the value right at float32's limit narrows; 1e39 does not", "[checkpoint]") {
    float f = 0;
    CHECK(narrow_to_float(3.4028235e38, f));
    CHECK(f == FLT_MAX);
    CHECK(narrow_to_float(-3.4028235e38, f));
    CHECK(f == -FLT_MAX);
    CHECK_FALSE(narrow_to_float(3.4028236e38, f));
    CHECK_FALSE(narrow_to_float(1e39, f));
    CHECK_FALSE(narrow_to_float(std::nan(""), f));
    CHECK(narrow_to_float(1e-50, f));
    CHECK(f == 0.0f);
}
