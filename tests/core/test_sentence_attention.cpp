#include <catch2/catch.hpp>

#include "attnlab/errors.h"
#include "attnlab/lessons/sentence_attention.h"

TEST_CASE("sentence self-attention returns every intermediate with the right shapes", "[lessons]") {
    const auto s = attnlab::sentence_self_attention("I saw a saw", 16, 8, "causal", 7);
    REQUIRE(s.tokens == std::vector<std::string>{"I", "saw", "a", "saw"});
    REQUIRE(s.x.shape() == std::array<std::size_t, 2>{4, 16});
    REQUIRE(s.layer.W_q.weight().shape() == std::array<std::size_t, 2>{8, 16});
    REQUIRE(s.result.q.shape() == std::array<std::size_t, 2>{4, 8});
    REQUIRE(s.result.attention.weights.shape() == std::array<std::size_t, 2>{4, 4});
    REQUIRE(s.result.attention.output.shape() == std::array<std::size_t, 2>{4, 8});
    REQUIRE(static_cast<bool>(
        s.mask == attnlab::Tensor2{{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}}));
    // The same word has the same embedding, so without the mask its rows would be identical.
    REQUIRE(static_cast<bool>(xt::row(s.x, 1) == xt::row(s.x, 3)));
    const auto open = attnlab::sentence_self_attention("I saw a saw", 16, 8, "none", 7);
    REQUIRE(static_cast<bool>(xt::row(open.result.attention.weights, 1) ==
                              xt::row(open.result.attention.weights, 3)));
}

TEST_CASE("the same seed gives the same numbers; another seed does not", "[lessons]") {
    const auto a = attnlab::sentence_self_attention("robot must obey orders", 16, 16, "none", 7);
    const auto b = attnlab::sentence_self_attention("robot must obey orders", 16, 16, "none", 7);
    const auto c = attnlab::sentence_self_attention("robot must obey orders", 16, 16, "none", 8);
    REQUIRE(static_cast<bool>(a.result.attention.weights == b.result.attention.weights));
    REQUIRE(a.result.attention.weights != c.result.attention.weights);
}

TEST_CASE("padding tokens get zero weight as keys", "[lessons]") {
    const auto s = attnlab::sentence_self_attention("robot must <pad> <pad>", 16, 16, "padding", 7);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(s.result.attention.weights(i, 2) == 0.0f);
        REQUIRE(s.result.attention.weights(i, 3) == 0.0f);
    }
}

TEST_CASE("bad lesson input gets a clear message", "[lessons][errors]") {
    REQUIRE_THROWS_WITH(attnlab::sentence_self_attention("a b", 0, 4, "none", 7),
                        "d_model 0 is out of range: allowed 1..256");
    REQUIRE_THROWS_WITH(attnlab::sentence_self_attention("a b", 16, 0, "none", 7),
                        "d_k 0 is out of range: allowed 1..256");
    REQUIRE_THROWS_WITH(attnlab::sentence_self_attention("a b", 16, 4, "future", 7),
                        "mask term 'future' is unknown: allowed none, causal, padding, prefix:P, "
                        "window:R, joined by '+'");
    REQUIRE_THROWS_WITH(attnlab::sentence_self_attention("", 16, 4, "none", 7),
                        "sentence is empty: allowed 1..64 tokens");
}
