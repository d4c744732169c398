#include <catch2/catch.hpp>

#include "attnlab/errors.h"
#include "attnlab/layers/linear.h"
#include "reference.h"

using attnlab::Linear;
using attnlab::Tensor2;

TEST_CASE("Linear matches torch.nn.Linear (weight (out, in), random bias)", "[layers][linear]") {
    for (const auto& c : attnlab::test::reference().at("linear")) {
        const Tensor2 w = attnlab::test::tensor2(c.at("weight"));
        const Tensor2 b = attnlab::test::tensor2(c.at("bias"));
        Linear lin(attnlab::cols(w), attnlab::rows(w));
        lin.weight() = w;
        lin.bias() = xt::row(b, 0);
        REQUIRE_CLOSE(lin.forward(attnlab::test::tensor2(c.at("x"))),
                      attnlab::test::tensor2(c.at("y")));
    }
}

TEST_CASE("Linear without bias ignores its bias vector", "[layers][linear]") {
    Linear lin(2, 1, /*bias=*/false);
    lin.weight() = Tensor2{{2.0f, 3.0f}};
    lin.bias().fill(100.0f);
    REQUIRE(lin.forward(Tensor2{{1.0f, 1.0f}})(0, 0) == 5.0f);
}

TEST_CASE("Linear init draws within its bounds", "[layers][linear]") {
    attnlab::Rng rng(1);
    Linear lin(24, 8);
    lin.init_xavier_uniform(rng);
    const float bound = std::sqrt(6.0f / 32.0f);
    REQUIRE(static_cast<bool>(xt::amax(xt::abs(lin.weight()))() <= bound));
    REQUIRE(static_cast<bool>(xt::amax(xt::abs(lin.weight()))() > 0.5f * bound));
    REQUIRE(static_cast<bool>(xt::amax(xt::abs(lin.bias()))() == 0.0f));
    lin.init_pytorch_default(rng);
    REQUIRE(static_cast<bool>(xt::amax(xt::abs(lin.bias()))() <= 1.0f / std::sqrt(24.0f)));
    REQUIRE(static_cast<bool>(xt::amax(xt::abs(lin.bias()))() > 0.0f));
}

TEST_CASE("Linear rejects a wrong input width", "[layers][linear][errors]") {
    Linear lin(4, 2);
    REQUIRE_THROWS_WITH(lin.forward(attnlab::zeros2(3, 5)),
                        "Linear input has width 5; this layer needs 4 (in_features)");
    REQUIRE_THROWS_WITH(Linear(0, 2), "in_features 0 is out of range: allowed 1..65536");
}
