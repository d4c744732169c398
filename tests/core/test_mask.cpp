#include <catch2/catch.hpp>

#include "attnlab/errors.h"
#include "attnlab/mask.h"

using attnlab::Mask;

TEST_CASE("causal mask lets query i see keys 0..i", "[mask]") {
    const Mask m = Mask::causal(4);
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) REQUIRE(m.allowed(i, j) == (j <= i));
    }
}

TEST_CASE("key padding blocks the padding columns for every query", "[mask]") {
    const Mask m = Mask::key_padding(3, {false, true, false, true});
    REQUIRE(m.n_q() == 3);
    REQUIRE(m.n_k() == 4);
    for (int i = 0; i < 3; ++i) {
        REQUIRE(m.allowed(i, 0));
        REQUIRE_FALSE(m.allowed(i, 1));
        REQUIRE(m.allowed(i, 2));
        REQUIRE_FALSE(m.allowed(i, 3));
    }
}

TEST_CASE("masks combine by name and by &", "[mask]") {
    const std::vector<bool> pad{false, false, true};
    const Mask both = Mask::by_name("causal+padding", pad);
    const Mask manual = Mask::causal(3) & Mask::key_padding(3, pad);
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            REQUIRE(both.allowed(i, j) == manual.allowed(i, j));
            REQUIRE(both.allowed(i, j) == (j <= i && j != 2));
        }
    }
    REQUIRE(static_cast<bool>(Mask::by_name("none", pad).to_tensor() == xt::ones<float>({3, 3})));
}

TEST_CASE("bad masks are rejected with a clear message", "[mask][errors]") {
    REQUIRE_THROWS_WITH(
        Mask::by_name("diagonal", {false}),
        "mask 'diagonal' is unknown: allowed none, causal, padding, causal+padding");
    REQUIRE_THROWS_WITH(Mask::causal(2) & Mask::causal(3),
                        "cannot combine a mask of shape (2, 2) with one of shape (3, 3)");
    REQUIRE_THROWS_WITH(Mask::causal(0), "mask rows (queries) 0 is out of range: allowed 1..65536");
    attnlab::Tensor2 bad = {{1.0f, 0.5f}};
    REQUIRE_THROWS_AS(Mask::from_tensor(bad), attnlab::Error);
    attnlab::Tensor2 scores = {{1.0f, 2.0f, 3.0f}};
    REQUIRE_THROWS_WITH(
        Mask::causal(2).apply(scores),
        "mask of shape (2, 2) does not fit scores of shape (1, 3): it must be (n_q, n_k)");
}

TEST_CASE("prefix, window and parsed masks", "[mask]") {
    using attnlab::Mask;
    const std::vector<bool> none4(4, false);
    auto count = [](const Mask& m) {
        int allowed = 0;
        for (int i = 0; i < m.n_q(); ++i)
            for (int j = 0; j < m.n_k(); ++j) allowed += m.allowed(i, j);
        return allowed;
    };
    REQUIRE(count(Mask::prefix(4, 2)) == 2 + 2 + 3 + 4);  // rows see {0,1}, {0,1}, {0,1,2}, all
    REQUIRE(count(Mask::prefix(4, 0)) == count(Mask::causal(4)));
    REQUIRE(count(Mask::prefix(4, 4)) == 16);
    REQUIRE(count(Mask::window(4, 4, 1)) == 10);
    REQUIRE(count(Mask::parse("causal+window:1", 4, none4)) == 7);
    REQUIRE(count(Mask::parse("prefix:2+padding", 4, {false, false, false, true})) ==
            2 + 2 + 3 + 3);
    REQUIRE(count(Mask::parse("window:0", 3, {false, false, false, false, false})) == 3);
    REQUIRE(count(Mask::causal(2, 5)) == 4 + 5);  // the last 2 of 5 positions
    REQUIRE_THROWS_WITH(Mask::parse("diagonal", 4, none4),
                        Catch::Contains("'diagonal' is unknown"));
    REQUIRE_THROWS_WITH(Mask::parse("window:-1", 4, none4),
                        Catch::Contains("needs a whole number"));
    REQUIRE_THROWS_WITH(Mask::parse("prefix:9", 4, none4),
                        Catch::Contains("prefix length 9 is out of range: allowed 0..4"));
    REQUIRE_THROWS_WITH(Mask::parse("causal", 3, none4), Catch::Contains("needs as many queries"));
}
