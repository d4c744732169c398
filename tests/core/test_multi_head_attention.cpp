// Multi-head attention against torch.nn.MultiheadAttention (per-head weights and output, self and
// cross, with and without a causal mask), plus the properties a lesson claims.
#include <catch2/catch.hpp>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/layers/multi_head_attention.h"
#include "reference.h"

using namespace attnlab;

namespace {

MultiHeadAttention load_mha(const nlohmann::json& c) {
    MultiHeadAttention mha(c.at("d_model").get<int>(), c.at("heads").get<int>());
    ParamList params;
    collect_params(mha, "", params);
    load_tensors(c.at("tensors").dump(), params);
    return mha;
}

}  // namespace

TEST_CASE("multi-head attention matches nn.MultiheadAttention", "[layers][mha]") {
    for (const auto& c : test::transformer_reference().at("mha")) {
        INFO("case " << c.at("name"));
        const MultiHeadAttention mha = load_mha(c);
        const Tensor2 x = test::tensor2(c.at("x"));
        const Tensor2 memory = test::tensor2(c.at("memory"));
        const bool self = c.at("self").get<bool>();
        const Mask mask =
            c.at("mask") == "causal" ? Mask::causal(rows(x)) : Mask::none(rows(x), rows(memory));
        const auto r = self ? mha.forward(x, x, mask) : mha.forward(x, memory, mask);
        REQUIRE_CLOSE(r.weights, test::tensor3(c.at("weights")));
        REQUIRE_CLOSE(r.output, test::tensor2(c.at("output")));
    }
}

TEST_CASE("heads are column blocks, concatenated back in order", "[layers][mha]") {
    Rng rng(3);
    MultiHeadAttention mha(12, 3);
    mha.init(rng);
    Tensor2 x = zeros2(5, 12);
    rng.fill_uniform(x, -1, 1);
    const auto r = mha.forward(x, x, Mask::none(5, 5));
    const Tensor3 heads = MultiHeadAttention::split_heads(r.concat, 3);
    // Head h alone: softmax(q_h k_h^T / 2) v_h must equal columns 4h..4h+3 of concat.
    for (int h = 0; h < 3; ++h) {
        for (int i = 0; i < 5; ++i) {
            for (int c = 0; c < 4; ++c) {
                double expected = 0;
                for (int j = 0; j < 5; ++j) expected += r.weights(h, i, j) * r.v(j, 4 * h + c);
                REQUIRE(heads(h, i, c) == Approx(expected).margin(1e-5));
            }
        }
    }
}

TEST_CASE("multi-head attention without positions is permutation-equivariant", "[layers][mha]") {
    Rng rng(11);
    MultiHeadAttention mha(16, 4);
    mha.init(rng);
    Tensor2 x = zeros2(6, 16);
    rng.fill_uniform(x, -1, 1);
    const std::vector<int> perm = {3, 0, 5, 1, 4, 2};
    Tensor2 shuffled = zeros2(6, 16);
    for (int i = 0; i < 6; ++i) xt::row(shuffled, i) = xt::row(x, perm[i]);
    const auto a = mha.forward(x, x, Mask::none(6, 6));
    const auto b = mha.forward(shuffled, shuffled, Mask::none(6, 6));
    for (int i = 0; i < 6; ++i) {
        for (int c = 0; c < 16; ++c) {
            REQUIRE(b.output(i, c) == Approx(a.output(perm[i], c)).margin(1e-6));
        }
    }
}

TEST_CASE("masked weights are exactly 0 and rows sum to 1", "[layers][mha]") {
    Rng rng(5);
    MultiHeadAttention mha(8, 2);
    mha.init(rng);
    Tensor2 x = zeros2(7, 8);
    rng.fill_uniform(x, -2, 2);
    const Mask mask = Mask::parse("prefix:3+window:2", 7, std::vector<bool>(7, false));
    const auto r = mha.forward(x, x, mask);
    for (int h = 0; h < 2; ++h) {
        for (int i = 0; i < 7; ++i) {
            double sum = 0;
            for (int j = 0; j < 7; ++j) {
                if (!mask.allowed(i, j)) REQUIRE(r.weights(h, i, j) == 0.0f);
                sum += r.weights(h, i, j);
            }
            REQUIRE(sum == Approx(1.0).margin(1e-6));
        }
    }
}

TEST_CASE("multi-head attention rejects bad sizes with the value and the range", "[layers][mha]") {
    REQUIRE_THROWS_WITH(MultiHeadAttention(16, 3),
                        Catch::Contains("d_model 16 is not divisible by heads 3"));
    REQUIRE_THROWS_WITH(MultiHeadAttention(16, 0), Catch::Contains("heads 0 is out of range"));
    REQUIRE_THROWS_WITH(MultiHeadAttention(6, 2, true), Catch::Contains("d_k 3 is odd"));
    MultiHeadAttention mha(8, 2);
    REQUIRE_THROWS_WITH(mha.forward(zeros2(3, 8), zeros2(4, 8), Mask::none(3, 3)),
                        Catch::Contains("does not fit attention of shape (3, 4)"));
    REQUIRE_THROWS_WITH(mha.forward(zeros2(3, 7), zeros2(3, 7), Mask::none(3, 3)),
                        Catch::Contains("width 7"));
}
