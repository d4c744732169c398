// Positional encodings: the sinusoidal table against PyTorch's tutorial formula, RoPE's
// relative-position property, and the errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "attnlab/layers/positional.h"
#include "attnlab/rng.h"
#include "reference.h"

using namespace attnlab;

TEST_CASE("sinusoidal table matches the PyTorch formula", "[positional]") {
    for (const auto& c : test::transformer_reference().at("sinusoidal")) {
        const Tensor2 table = sinusoidal_table(c.at("length"), c.at("d_model"));
        REQUIRE_CLOSE(table, test::tensor2(c.at("table")));
    }
    const Tensor2 pe = sinusoidal_table(3, 4);
    REQUIRE(pe(0, 0) == 0.0f);  // sin(0), even column
    REQUIRE(pe(0, 1) == 1.0f);  // cos(0), odd column
}

TEST_CASE("RoPE makes q.k depend only on the distance", "[positional][rope]") {
    Rng rng(9);
    Tensor2 q = zeros2(1, 8);
    Tensor2 k = zeros2(1, 8);
    rng.fill_uniform(q, -1, 1);
    rng.fill_uniform(k, -1, 1);
    auto dot_at = [&](int pq, int pk) {
        Tensor2 a = q;
        Tensor2 b = k;
        apply_rope(a, 8, pq);
        apply_rope(b, 8, pk);
        double s = 0;
        for (int c = 0; c < 8; ++c) s += a(0, c) * b(0, c);
        return s;
    };
    REQUIRE(dot_at(5, 2) == Approx(dot_at(13, 10)).margin(1e-5));
    REQUIRE(dot_at(0, 0) == Approx(dot_at(40, 40)).margin(1e-5));
    REQUIRE(std::abs(dot_at(5, 2) - dot_at(5, 4)) > 1e-4);
    // Rotation keeps lengths.
    Tensor2 a = q;
    apply_rope(a, 8, 17);
    REQUIRE(xt::sum(a * a)() == Approx(xt::sum(q * q)()).epsilon(1e-5));
}

TEST_CASE("the rope table is the sinusoidal table with each pair's order kept", "[positional]") {
    const Tensor2 rope = rope_table(6, 8);
    const Tensor2 sin = sinusoidal_table(6, 8);
    for (int p = 0; p < 6; ++p) {
        for (int i = 0; i < 4; ++i) {
            REQUIRE(rope(p, 2 * i) == Approx(sin(p, 2 * i + 1)).margin(1e-6));  // cos
            REQUIRE(rope(p, 2 * i + 1) == Approx(sin(p, 2 * i)).margin(1e-6));  // sin
        }
    }
    const Tensor2 sim = cosine_similarity(sin);
    REQUIRE(sim(2, 2) == Approx(1.0).margin(1e-6));
}

TEST_CASE("positional tables reject bad sizes", "[positional]") {
    REQUIRE_THROWS_WITH(sinusoidal_table(0, 8), Catch::Contains("positions 0 is out of range"));
    REQUIRE_THROWS_WITH(sinusoidal_table(4, 7), Catch::Contains("d_model 7 is odd"));
    REQUIRE_THROWS_WITH(check_positions(70, 64),
                        Catch::Contains("sequence of 70 tokens is longer than the positional "
                                        "table: allowed 1..64"));
    REQUIRE_THROWS_WITH(positional_from_name("alibi"), Catch::Contains("'alibi' is unknown"));
}
