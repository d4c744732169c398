// The limits of issue 9 as the core enforces them: sizes checked in 64 bits before allocating,
// values finite after narrowing to f32, work budgets, and specific error codes with params.
// Every rejected call is followed by a good call whose numbers match a run made before it.
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/layers/feed_forward.h"
#include "attnlab/layers/multi_head_attention.h"
#include "attnlab/lessons/attention_pooling.h"
#include "attnlab/lessons/sentence_transformer.h"
#include "attnlab/limits.h"
#include "attnlab/mask.h"
#include "attnlab/models/generate.h"
#include "attnlab/text/tokenizer.h"

using namespace attnlab;

namespace {

// Runs fn, requires an attnlab::Error with `code`, and returns its params by name.
std::map<std::string, std::string> error_of(const std::function<void()>& fn,
                                            const std::string& code) {
    try {
        fn();
    } catch (const Error& e) {
        INFO(e.what());
        REQUIRE(e.code() == code);
        return {e.params().begin(), e.params().end()};
    }
    FAIL("no Error was thrown");
    return {};
}

std::vector<bool> no_padding(int n) { return std::vector<bool>(static_cast<std::size_t>(n)); }

}  // namespace

TEST_CASE("a 65536 x 65536 mask is refused before allocating, then masks still work", "[limits]") {
    auto p = error_of([] { Mask::none(65536, 65536); }, "too_large");
    REQUIRE(p["value"] == std::to_string(65536LL * 65536));
    REQUIRE(p["max"] == std::to_string(kMaxMaskCells));
    // 20000 x 20000 took 7 s and kept 2 GB; now it is refused at once, by parse too.
    p = error_of([] { Mask::parse("none", 20000, no_padding(20000)); }, "too_large");
    REQUIRE(p["value"] == "400000000");
    const Mask m = Mask::parse("causal", 3, no_padding(3));
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) REQUIRE(m.allowed(i, j) == (j <= i));
    }
    // The largest allowed mask still builds.
    REQUIRE(Mask::none(1024, 1024).n_k() == 1024);
}

TEST_CASE("a spec of very many terms is refused by the work budget", "[limits]") {
    std::string spec = "none";
    for (int i = 0; i < 400; ++i) spec += "+none";
    auto p = error_of([&] { Mask::parse(spec, 1024, no_padding(1024)); }, "work_budget");
    REQUIRE(p["what"] == "mask");
    REQUIRE(p["max"] == std::to_string(kMaxWorkPerCall));
    REQUIRE(Mask::parse("none+causal", 2, no_padding(2)).allowed(0, 1) == false);
}

TEST_CASE("a feed-forward or embedding larger than a model's budget is refused", "[limits]") {
    auto p = error_of([] { FeedForward(256, 60000, Activation::relu); }, "too_large");
    REQUIRE(p["value"] == std::to_string(256LL * 60000));
    REQUIRE(p["max"] == std::to_string(kMaxModelParams));
    error_of([] { Embedding(kMaxVocab, 4096); }, "too_large");
    FeedForward ok(2, 3, Activation::relu);
    ok.linear1.weight() = {{1, 0}, {0, 1}, {1, 1}};
    ok.linear2.weight() = {{1, 1, 1}, {0, 0, 1}};
    const Tensor2 x = {{1.0f, -2.0f}};
    const FeedForward::Result r = ok.forward(x);
    // hidden (1, 0 -> relu 1), (-2 -> 0), (-1 -> 0): output (1, 0).
    REQUIRE(r.output(0, 0) == Approx(1.0f));
    REQUIRE(r.output(0, 1) == Approx(0.0f));
}

TEST_CASE("check_finite catches Infinity after narrowing, naming the tensor and index",
          "[limits]") {
    const double from_js[3] = {1.0, 1e39, 2.0};  // 1e39 is finite as a double, Inf as f32
    float narrowed[3];
    for (int i = 0; i < 3; ++i) narrowed[i] = static_cast<float>(from_js[i]);
    auto p = error_of([&] { check_finite("beta", narrowed, 3); }, "not_finite");
    REQUIRE(p["what"] == "beta");
    REQUIRE(p["index"] == "1");
    REQUIRE(p["value"] == "Infinity");
    const float nan[1] = {std::nanf("")};
    REQUIRE(error_of([&] { check_finite("x", nan, 1); }, "not_finite")["value"] == "NaN");
    const float fine[2] = {1.0f, -3.0e38f};
    REQUIRE_NOTHROW(check_finite("x", fine, 2));
}

TEST_CASE("non-finite pooling numbers are not_finite; a good call still gives the same numbers",
          "[limits]") {
    const PoolingData d = pooling_data(20, 7);
    const PoolingResult before = attention_pooling({0.5f, 1.5f}, d.x, d.y, 1.0f);
    auto p = error_of(
        [&] { attention_pooling({0.5f}, d.x, d.y, std::numeric_limits<float>::infinity()); },
        "not_finite");
    REQUIRE(p["what"] == "w");
    error_of([&] { pooling_data(500, 7); }, "out_of_range");
    const PoolingResult after = attention_pooling({0.5f, 1.5f}, d.x, d.y, 1.0f);
    REQUIRE(after.predictions == before.predictions);
}

TEST_CASE("trainPooling with 10,000 steps x 200 points is refused by the work budget", "[limits]") {
    const PoolingData small = pooling_data(20, 3);
    const PoolingTrace before = train_pooling(small, 1.0f, 30, 0.05f);
    const PoolingData big = pooling_data(200, 3);
    auto p = error_of([&] { train_pooling(big, 1.0f, 10000, 0.05f); }, "work_budget");
    REQUIRE(p["what"] == "trainPooling");
    REQUIRE(p["work"] == std::to_string(train_pooling_work(200, 10000)));
    REQUIRE(p["max"] == std::to_string(kMaxWorkPerCall));
    const PoolingTrace after = train_pooling(small, 1.0f, 30, 0.05f);
    REQUIRE(after.w == before.w);
    REQUIRE(after.loss == before.loss);
}

TEST_CASE("uncached decoding at the maximum sizes is refused by the work budget", "[limits]") {
    TransformerConfig c;
    c.kind = ModelKind::decoder_only;
    c.layer.d_model = kMaxLessonWidth;
    c.layer.heads = 8;
    c.layer.d_ff = kMaxDFF;
    c.layers = kMaxLayers;
    GenerateOptions g;
    g.max_new_tokens = 64;
    g.use_cache = false;
    const std::string text = "the cat sat on the mat";
    auto p = error_of([&] { sentence_generate(text, c, g, 1); }, "work_budget");
    REQUIRE(p["what"] == "generate");
    REQUIRE(std::stoll(p["work"]) > kMaxWorkPerCall);
    // The same options on a small model decode, and give the same tokens as a cached run.
    c.layer.d_model = 16;
    c.layer.heads = 2;
    c.layer.d_ff = 32;
    c.layers = 1;
    g.max_new_tokens = 5;
    g.stop_at_end = false;
    const SentenceGeneration uncached = sentence_generate(text, c, g, 1);
    g.use_cache = true;
    const SentenceGeneration cached = sentence_generate(text, c, g, 1);
    REQUIRE(uncached.result.generated == cached.result.generated);
    REQUIRE(uncached.result.generated.size() == 5);
}

TEST_CASE("errors carry specific codes with their params", "[limits]") {
    auto p = error_of([] { Mask::parse("causal+future", 3, no_padding(3)); }, "unknown_choice");
    REQUIRE(p["value"] == "future");
    REQUIRE(p["allowed"].find("window:R") != std::string::npos);
    p = error_of([] { MultiHeadAttention(16, 3); }, "not_divisible");
    REQUIRE(p["value"] == "16");
    REQUIRE(p["divisor"] == "3");
    p = error_of([] { activation_from_name("tanh"); }, "unknown_choice");
    REQUIRE(p["allowed"] == "relu, gelu");
    p = error_of([] { Mask::parse("causal", 2, no_padding(4)); }, "shape_mismatch");
    REQUIRE(p["got"] == "(2, 4)");
    std::string long_sentence;
    for (int i = 0; i < kMaxTokens + 1; ++i) long_sentence += "a ";
    p = error_of([&] { tokenize(long_sentence); }, "too_large");
    REQUIRE(p["value"] == std::to_string(kMaxTokens + 1));
    REQUIRE(p["max"] == std::to_string(kMaxTokens));
    error_of([] { tokenize("\xff"); }, "invalid");
    REQUIRE(tokenize("the cat") == std::vector<std::string>{"the", "cat"});
}
