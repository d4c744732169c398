// The RNG must give the same numbers on every platform: these golden values were printed by the
// native build, and the wasm builds run this same file, so any drift fails here.
#include <catch2/catch.hpp>

#include "attnlab/layers/embedding.h"
#include "attnlab/rng.h"

TEST_CASE("Rng draws the golden sequence for seed 7", "[rng]") {
    attnlab::Rng rng(7);
    const std::uint32_t want[] = {2757016003u, 1815248828u, 428590333u,
                                  3076943330u, 3106683480u, 2106498799u};
    for (const std::uint32_t w : want) REQUIRE(rng.next_u32() == w);
}

TEST_CASE("Rng uniform is exact and in range", "[rng]") {
    attnlab::Rng rng(7);
    for (int i = 0; i < 10000; ++i) {
        const float u = rng.uniform(-2.0f, 3.0f);
        REQUIRE(u >= -2.0f);
        REQUIRE(u < 3.0f);
    }
    attnlab::Rng a(99), b(99), c(100);
    REQUIRE(a.uniform() == b.uniform());
    REQUIRE(a.uniform() != c.uniform());
}

TEST_CASE("hashed embeddings are golden and per token", "[rng][embedding]") {
    const attnlab::Tensor2 x = attnlab::hashed_embeddings({"robot", "must", "robot"}, 4, 7);
    REQUIRE(static_cast<bool>(xt::row(x, 0) == xt::row(x, 2)));
    REQUIRE(static_cast<bool>(xt::row(x, 0) != xt::row(x, 1)));
    const float want[] = {0x1.21ed24p-1f, -0x1.9121c2p+0f, -0x1.160a96p+0f, 0x1.37c448p-2f};
    for (int j = 0; j < 4; ++j) REQUIRE(x(0, j) == want[j]);
}
