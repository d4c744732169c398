// Single-head self-attention against torch.nn.MultiheadAttention(num_heads=1) with random
// biases and an identity out_proj, plus permutation equivariance (no positions yet).
#include <catch2/catch.hpp>

#include "attnlab/layers/self_attention.h"
#include "reference.h"

using attnlab::Mask;
using attnlab::SelfAttention;
using attnlab::Tensor2;

TEST_CASE("self-attention matches nn.MultiheadAttention with one head",
          "[layers][self_attention]") {
    for (const auto& c : attnlab::test::reference().at("self_attention")) {
        const Tensor2 x = attnlab::test::tensor2(c.at("x"));
        const int n = attnlab::rows(x);
        const int d_model = attnlab::cols(x);
        SelfAttention layer(d_model, d_model, /*bias=*/true);
        layer.W_q.weight() = attnlab::test::tensor2(c.at("w_q"));
        layer.W_k.weight() = attnlab::test::tensor2(c.at("w_k"));
        layer.W_v.weight() = attnlab::test::tensor2(c.at("w_v"));
        layer.W_q.bias() = xt::row(attnlab::test::tensor2(c.at("b_q")), 0);
        layer.W_k.bias() = xt::row(attnlab::test::tensor2(c.at("b_k")), 0);
        layer.W_v.bias() = xt::row(attnlab::test::tensor2(c.at("b_v")), 0);
        std::vector<bool> pad;
        for (const auto& p : c.at("padding")) pad.push_back(p.get<int>() != 0);
        const Mask mask = Mask::by_name(c.at("mask").get<std::string>(), pad);
        INFO("mask " << c.at("mask") << " n=" << n);

        const auto r = layer.forward(x, mask);
        REQUIRE_CLOSE(r.q, attnlab::test::tensor2(c.at("q")));
        REQUIRE_CLOSE(r.attention.weights, attnlab::test::tensor2(c.at("weights")));
        REQUIRE_CLOSE(r.attention.output, attnlab::test::tensor2(c.at("output")));
    }
}

TEST_CASE("without positions, permuting the tokens permutes the outputs",
          "[layers][self_attention]") {
    attnlab::Rng rng(3);
    SelfAttention layer(8, 4);
    layer.init(rng);
    Tensor2 x = attnlab::zeros2(5, 8);
    rng.fill_uniform(x, -1, 1);
    const std::vector<int> perm{3, 0, 4, 1, 2};
    Tensor2 px = x;
    for (int i = 0; i < 5; ++i) xt::row(px, i) = xt::row(x, perm[i]);
    const auto r = layer.forward(x, Mask::none(5, 5));
    const auto pr = layer.forward(px, Mask::none(5, 5));
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 4; ++j) {
            REQUIRE(pr.attention.output(i, j) ==
                    Approx(r.attention.output(perm[i], j)).margin(1e-6));
        }
    }
}
