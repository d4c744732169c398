// LayerNorm against nn.LayerNorm with random gains, and its defining property.
#include <catch2/catch.hpp>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/layers/layer_norm.h"
#include "reference.h"

using namespace attnlab;

TEST_CASE("LayerNorm matches nn.LayerNorm", "[layers][layer_norm]") {
    for (const auto& c : test::transformer_reference().at("layer_norm")) {
        const Tensor2 x = test::tensor2(c.at("x"));
        LayerNorm ln(cols(x));
        ParamList params = {{"weight", {ln.gamma.size()}, ln.gamma.data()},
                            {"bias", {ln.beta.size()}, ln.beta.data()}};
        load_tensors(c.at("tensors").dump(), params);
        REQUIRE_CLOSE(ln.forward(x).y, test::tensor2(c.at("y")));
    }
}

TEST_CASE("LayerNorm rows have mean 0 and variance 1 before gain and bias",
          "[layers][layer_norm]") {
    Rng rng(2);
    Tensor2 x = zeros2(5, 32);
    rng.fill_uniform(x, -10, 30);
    const LayerNorm ln(32);
    const auto r = ln.forward(x);
    for (int i = 0; i < 5; ++i) {
        double sum = 0, squares = 0;
        for (int c = 0; c < 32; ++c) sum += r.y(i, c);
        for (int c = 0; c < 32; ++c) squares += r.y(i, c) * r.y(i, c);
        REQUIRE(sum / 32 == Approx(0.0).margin(1e-5));
        REQUIRE(squares / 32 == Approx(1.0).epsilon(1e-4));  // eps 1e-5 shrinks it a hair
    }
    REQUIRE_THROWS_WITH(LayerNorm(4, 0.0f), Catch::Contains("eps"));
    REQUIRE_THROWS_WITH(ln.forward(zeros2(2, 3)), Catch::Contains("width 3"));
}
