// Scaled dot-product attention against PyTorch, and the properties every lesson relies on.
#include <catch2/catch.hpp>

#include "attnlab/errors.h"
#include "attnlab/layers/attention.h"
#include "attnlab/rng.h"
#include "reference.h"

using attnlab::Mask;
using attnlab::Tensor2;

namespace {
std::vector<bool> padding_of(const nlohmann::json& c) {
    std::vector<bool> pad;
    for (const auto& p : c.at("padding")) pad.push_back(p.get<int>() != 0);
    return pad;
}
}  // namespace

TEST_CASE("attention matches PyTorch with none, causal and padding masks", "[layers][attention]") {
    for (const auto& c : attnlab::test::reference().at("attention")) {
        const Tensor2 q = attnlab::test::tensor2(c.at("q"));
        const Tensor2 k = attnlab::test::tensor2(c.at("k"));
        const Tensor2 v = attnlab::test::tensor2(c.at("v"));
        const std::string kind = c.at("mask");
        INFO("mask " << kind << " n_q=" << attnlab::rows(q) << " n_k=" << attnlab::rows(k));
        const std::vector<bool> pad = padding_of(c);
        Mask mask = Mask::key_padding(attnlab::rows(q), pad);
        if (kind.find("causal") != std::string::npos) mask = mask & Mask::causal(attnlab::rows(q));
        const Mask allowed = Mask::from_tensor(attnlab::test::tensor2(c.at("allowed")));
        REQUIRE(static_cast<bool>(mask.to_tensor() == allowed.to_tensor()));

        const auto r = attnlab::scaled_dot_product_attention(q, k, v, allowed);
        REQUIRE_CLOSE(r.scores, attnlab::test::tensor2(c.at("scores")));
        REQUIRE_CLOSE(r.weights, attnlab::test::tensor2(c.at("weights")));
        REQUIRE_CLOSE(r.output, attnlab::test::tensor2(c.at("output")));
        for (int i = 0; i < attnlab::rows(q); ++i) {
            double sum = 0.0;
            for (int j = 0; j < attnlab::rows(k); ++j) {
                sum += r.weights(i, j);
                if (!allowed.allowed(i, j)) {
                    REQUIRE(r.weights(i, j) == 0.0f);  // exactly, not approximately
                    REQUIRE(std::isinf(r.masked_scores(i, j)));
                } else {
                    REQUIRE(r.masked_scores(i, j) == r.scores(i, j));
                }
            }
            REQUIRE(sum == Approx(1.0).margin(1e-6));
        }
    }
}

TEST_CASE("causal attention: the first query attends only to itself", "[layers][attention]") {
    attnlab::Rng rng(11);
    Tensor2 q = attnlab::zeros2(5, 4), k = attnlab::zeros2(5, 4), v = attnlab::zeros2(5, 3);
    rng.fill_uniform(q, -2, 2);
    rng.fill_uniform(k, -2, 2);
    rng.fill_uniform(v, -2, 2);
    const auto r = attnlab::scaled_dot_product_attention(q, k, v, Mask::causal(5));
    REQUIRE(r.weights(0, 0) == 1.0f);
    REQUIRE(static_cast<bool>(xt::row(r.output, 0) == xt::row(v, 0)));
    // Changing a later key or value never changes an earlier output: no peeking ahead.
    Tensor2 v2 = v;
    xt::row(v2, 4) = xt::row(v2, 4) + 10.0f;
    const auto r2 = attnlab::scaled_dot_product_attention(q, k, v2, Mask::causal(5));
    REQUIRE(static_cast<bool>(xt::view(r2.output, xt::range(0, 4), xt::all()) ==
                              xt::view(r.output, xt::range(0, 4), xt::all())));
}

TEST_CASE("a query with every key blocked gets zero weights and output", "[layers][attention]") {
    const Tensor2 q = {{1.0f}, {2.0f}};
    const Tensor2 kv = {{1.0f}, {3.0f}};
    const Mask all_padding = Mask::key_padding(2, {true, true});
    const auto r = attnlab::scaled_dot_product_attention(q, kv, kv, all_padding);
    REQUIRE(static_cast<bool>(r.weights == attnlab::zeros2(2, 2)));
    REQUIRE(static_cast<bool>(r.output == attnlab::zeros2(2, 1)));
}

TEST_CASE("attention rejects mismatched shapes with clear messages",
          "[layers][attention][errors]") {
    const Tensor2 q = attnlab::zeros2(3, 4);
    const Tensor2 k = attnlab::zeros2(5, 4);
    const Tensor2 v = attnlab::zeros2(5, 2);
    REQUIRE_THROWS_WITH(attnlab::scaled_dot_product_attention(q, k, v, Mask::causal(3)),
                        "mask of shape (3, 3) does not fit attention of shape (3, 5): it must be "
                        "(n_q, n_k)");
    REQUIRE_THROWS_WITH(
        attnlab::scaled_dot_product_attention(q, attnlab::zeros2(5, 3), v, Mask::none(3, 5)),
        "K has width 3 but Q has width 4: queries and keys must share d_k");
    REQUIRE_THROWS_WITH(
        attnlab::scaled_dot_product_attention(q, k, attnlab::zeros2(4, 2), Mask::none(3, 5)),
        "V has 4 rows but K has 5: every key needs exactly one value");
    REQUIRE_THROWS_WITH(attnlab::scaled_dot_product_attention(
                            attnlab::zeros2(3, 0), attnlab::zeros2(5, 0), v, Mask::none(3, 5)),
                        "d_k (width of Q) 0 is out of range: allowed 1..65536");
}
