// The learning-rate schedule and the optimizer's guards (Adam's maths is checked against
// PyTorch in test_training_reference.cpp).
#include <catch2/catch.hpp>
#include <cmath>

#include "attnlab/train/optimizer.h"

using namespace attnlab;

TEST_CASE("warm-up rises linearly, then constant or cosine down to 0", "[optimizer]") {
    LrSchedule s{0.01f, 4, 104, LrSchedule::Kind::constant};
    CHECK(s.at(0) == Approx(0.0025f));
    CHECK(s.at(3) == Approx(0.01f));
    CHECK(s.at(50) == Approx(0.01f));
    s.kind = LrSchedule::Kind::cosine;
    CHECK(s.at(4) == Approx(0.01f));
    CHECK(s.at(54) == Approx(0.005f));  // half way: cos(pi / 2) = 0
    CHECK(s.at(104) == Approx(0.0f).margin(1e-9));
    CHECK(s.at(500) == Approx(0.0f).margin(1e-9));
    CHECK_THROWS_WITH((LrSchedule{0.0f, 0, 10}.validate()),
                      Catch::Contains("learning rate 0.000000 is out of range"));
    CHECK_THROWS_WITH((LrSchedule{0.1f, 20, 10}.validate()),
                      Catch::Contains("warm-up steps 20 is out of range: allowed 0..10"));
    CHECK_THROWS_WITH(schedule_from_name("step"), Catch::Contains("allowed constant, cosine"));
}

TEST_CASE("Adam refuses mismatched lists and bad settings without changing anything",
          "[optimizer]") {
    float p[3] = {1, 2, 3};
    float g[2] = {1, 1};
    Adam adam;
    CHECK_THROWS_WITH(adam.step({{"p", {3}, p}}, {{"p", {2}, g}}, 0.1f),
                      Catch::Contains("gradient of p has 2 values; the parameter has 3"));
    CHECK(adam.t == 0);
    CHECK(p[0] == 1.0f);
    AdamOptions bad;
    bad.beta1 = 1.0f;
    CHECK_THROWS_WITH(Adam(bad), Catch::Contains("allowed 0 <= beta < 1"));
}

TEST_CASE("clipping leaves small gradients alone and reports a non-finite norm", "[optimizer]") {
    float a[2] = {0.3f, 0.4f};
    CHECK(clip_grad_norm({{"a", {2}, a}}, 1.0f) == Approx(0.5f));
    CHECK(a[0] == 0.3f);
    float b[2] = {NAN, 1.0f};
    CHECK(std::isnan(clip_grad_norm({{"b", {2}, b}}, 1.0f)));
    CHECK(b[1] == 1.0f);
}
