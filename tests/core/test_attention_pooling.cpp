// Attention pooling (Nadaraya-Watson kernel regression, lesson 2): the toy data, the forward
// pass against closed forms, the leave-one-out loss and its derivative against central finite
// differences in double, and Adam training of the width w.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "attnlab/errors.h"
#include "attnlab/lessons/attention_pooling.h"

using attnlab::Adam;
using attnlab::Error;
using attnlab::PoolingData;
using Catch::Matchers::Contains;

namespace {

std::vector<float> grid(int m, float lo, float hi) {
    std::vector<float> q;
    for (int i = 0; i < m; ++i) q.push_back(lo + (hi - lo) * static_cast<float>(i) / (m - 1));
    return q;
}

}  // namespace

TEST_CASE("pooling data: sorted x in [0, 5), y = truth + noise, same seed same data", "[pooling]") {
    const PoolingData a = attnlab::pooling_data(50, 7);
    const PoolingData b = attnlab::pooling_data(50, 7);
    const PoolingData c = attnlab::pooling_data(50, 8);
    REQUIRE(a.x.size() == 50);
    REQUIRE(a.y.size() == 50);
    REQUIRE(a.truth.size() == 50);
    CHECK(a.x == b.x);
    CHECK(a.y == b.y);
    CHECK(a.x != c.x);
    for (int i = 0; i < 50; ++i) {
        CHECK(a.x[i] >= 0.0f);
        CHECK(a.x[i] < 5.0f);
        if (i > 0) CHECK(a.x[i - 1] <= a.x[i]);
        const double x = a.x[i];
        CHECK(a.truth[i] == Approx(2.0 * std::sin(x) + std::pow(x, 0.8)).epsilon(1e-6));
        // e = 2 (u1 + u2 + u3 - 1.5) lies in [-3, 3), so |y - truth| <= 3 noise.
        CHECK(std::fabs(a.y[i] - a.truth[i]) <= 3.0f * 0.5f + 1e-5f);
    }
    // Without noise the values are the curve itself.
    const PoolingData clean = attnlab::pooling_data(20, 7, 0.0f);
    CHECK(clean.y == clean.truth);
    // The noise has mean ~0 and standard deviation ~noise (here 200 draws of noise 1).
    const PoolingData big = attnlab::pooling_data(200, 3, 1.0f);
    double mean = 0.0;
    double square = 0.0;
    for (int i = 0; i < 200; ++i) {
        const double e = big.y[i] - big.truth[i];
        mean += e / 200;
        square += e * e / 200;
    }
    CHECK(std::fabs(mean) < 0.25);
    CHECK(std::sqrt(square - mean * mean) == Approx(1.0).margin(0.2));
}

TEST_CASE("pooling weights: rows sum to 1, the Gaussian kernel, predictions = weights y",
          "[pooling]") {
    const PoolingData d = attnlab::pooling_data(50, 7);
    const std::vector<float> q = grid(51, 0.0f, 5.0f);
    for (float w : {0.0f, 0.5f, 1.0f, 3.0f, 10.0f, -2.0f}) {
        const attnlab::PoolingResult r = attnlab::attention_pooling(q, d.x, d.y, w);
        REQUIRE(r.weights.shape()[0] == 51);
        REQUIRE(r.weights.shape()[1] == 50);
        REQUIRE(r.predictions.shape()[0] == 51);
        for (int i = 0; i < 51; ++i) {
            double sum = 0.0;
            double f = 0.0;
            double total = 0.0;
            for (int j = 0; j < 50; ++j) total += std::exp(double(r.scores(i, j)));
            for (int j = 0; j < 50; ++j) {
                const double dx = (double(q[i]) - d.x[j]) * w;
                CHECK(r.scores(i, j) == Approx(-0.5 * dx * dx).epsilon(1e-5).margin(1e-6));
                CHECK(r.weights(i, j) >= 0.0f);
                sum += r.weights(i, j);
                f += double(r.weights(i, j)) * d.y[j];
                // softmax of the scores, computed here in double (finite as long as w is small).
                if (std::fabs(w) <= 3.0f) {
                    CHECK(r.weights(i, j) ==
                          Approx(std::exp(double(r.scores(i, j))) / total).margin(1e-6));
                }
            }
            CHECK(sum == Approx(1.0).margin(1e-5));
            CHECK(r.predictions(i) == Approx(f).margin(1e-5));
        }
    }
}

TEST_CASE("pooling closed forms: w = 0 averages, a large w copies the nearest key", "[pooling]") {
    const PoolingData d = attnlab::pooling_data(30, 11);
    double mean = 0.0;
    for (float y : d.y) mean += double(y) / 30;
    const std::vector<float> q = {0.0f, 1.3f, 2.5f, 4.9f, 7.0f};
    const attnlab::PoolingResult flat = attnlab::attention_pooling(q, d.x, d.y, 0.0f);
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 30; ++j) CHECK(flat.weights(i, j) == Approx(1.0 / 30).margin(1e-7));
        CHECK(flat.predictions(i) == Approx(mean).margin(1e-5));
    }
    // A key at distance 0.2 has score -(0.2 * 100)^2 / 2 = -200 below the nearest one's 0 at
    // w = 100: its weight is e^-200, 0 in float. So each query copies its nearest key's value.
    const std::vector<float> at_keys = {d.x[3], d.x[17], d.x[29]};
    const attnlab::PoolingResult sharp =
        attnlab::attention_pooling(at_keys, d.x, d.y, attnlab::kPoolingMaxWidth);
    const int index[] = {3, 17, 29};
    for (int i = 0; i < 3; ++i) {
        const int k = index[i];
        // Keys closer than ~0.02 to each other still share the weight; these are far apart.
        bool isolated = true;
        for (int j = 0; j < 30; ++j) {
            if (j != k && std::fabs(d.x[j] - d.x[k]) < 0.1f) isolated = false;
        }
        if (!isolated) continue;
        CHECK(sharp.weights(i, k) == Approx(1.0).margin(1e-6));
        CHECK(sharp.predictions(i) == Approx(d.y[k]).margin(1e-6));
    }
    // Two keys, a query between them: the weights are a logistic function of the score gap.
    const std::vector<float> keys = {1.0f, 2.0f};
    const std::vector<float> values = {3.0f, -1.0f};
    const float w = 1.5f;
    const attnlab::PoolingResult two = attnlab::attention_pooling({1.25f}, keys, values, w);
    const double gap = 0.5 * (0.75 * 0.75 - 0.25 * 0.25) * w * w;  // score_1 - score_2
    const double a1 = 1.0 / (1.0 + std::exp(-gap));
    CHECK(two.weights(0, 0) == Approx(a1).epsilon(1e-6));
    CHECK(two.predictions(0) == Approx(3.0 * a1 - (1.0 - a1)).epsilon(1e-6));
    // Exactly halfway, both keys get one half whatever w is.
    const attnlab::PoolingResult half = attnlab::attention_pooling({1.5f}, keys, values, 80.0f);
    CHECK(half.weights(0, 0) == Approx(0.5).margin(1e-7));
    CHECK(half.predictions(0) == Approx(1.0).margin(1e-6));
}

TEST_CASE("leave-one-out loss: closed forms at w = 0 and at a large w", "[pooling]") {
    const PoolingData d = attnlab::pooling_data(40, 5);
    const int n = 40;
    double sum = 0.0;
    for (float y : d.y) sum += y;
    // w = 0: each point is predicted by the mean of the others, and the loss is flat there.
    double expected = 0.0;
    for (int i = 0; i < n; ++i) {
        const double f = (sum - d.y[i]) / (n - 1);
        expected += (f - d.y[i]) * (f - d.y[i]) / n;
    }
    const attnlab::PoolingLoss at0 = attnlab::pooling_loss(d, 0.0f);
    CHECK(at0.loss == Approx(expected).epsilon(1e-12));
    CHECK(at0.grad == 0.0);
    // A large w: each point is predicted by its nearest other point (ties share equally).
    expected = 0.0;
    for (int i = 0; i < n; ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (int j = 0; j < n; ++j) {
            if (j != i) best = std::min(best, std::fabs(double(d.x[i]) - d.x[j]));
        }
        double f = 0.0;
        int ties = 0;
        for (int j = 0; j < n; ++j) {
            if (j != i && std::fabs(double(d.x[i]) - d.x[j]) == best) {
                f += d.y[j];
                ++ties;
            }
        }
        f /= ties;
        expected += (f - d.y[i]) * (f - d.y[i]) / n;
    }
    // Close calls (two neighbours almost equally near) blur a little even at w = 100.
    CHECK(attnlab::pooling_loss(d, 100.0f).loss == Approx(expected).epsilon(0.02));
    // The loss depends on w only through w^2.
    CHECK(attnlab::pooling_loss(d, -2.5f).loss == Approx(attnlab::pooling_loss(d, 2.5f).loss));
    CHECK(attnlab::pooling_loss(d, -2.5f).grad == Approx(-attnlab::pooling_loss(d, 2.5f).grad));
}

TEST_CASE("dloss/dw matches central finite differences (double)", "[pooling]") {
    for (std::uint32_t seed : {1u, 7u, 42u}) {
        const PoolingData d = attnlab::pooling_data(50, seed);
        for (float w : {0.3f, 1.0f, 2.0f, 4.5f, 9.0f, 25.0f, -1.7f}) {
            const float h = 1e-3f * std::max(1.0f, std::fabs(w));
            const float wp = w + h;
            const float wm = w - h;
            // Divide by the step the floats really took, in double.
            const double fd =
                (attnlab::pooling_loss(d, wp).loss - attnlab::pooling_loss(d, wm).loss) /
                (double(wp) - double(wm));
            const double analytic = attnlab::pooling_loss(d, w).grad;
            INFO("seed " << seed << ", w " << w << ": analytic " << analytic << ", fd " << fd);
            CHECK(analytic == Approx(fd).epsilon(1e-4).margin(1e-7));
        }
    }
}

TEST_CASE("Adam training of w lowers the loss; chunks give the numbers of one run", "[pooling]") {
    const PoolingData d = attnlab::pooling_data(50, 7);
    const attnlab::PoolingTrace t = attnlab::train_pooling(d, 1.0f, 100, 0.2f);
    REQUIRE(t.loss.size() == 100);
    REQUIRE(t.w.size() == 100);
    REQUIRE(t.grad.size() == 100);
    CHECK_FALSE(t.diverged);
    CHECK(t.initial_loss == Approx(attnlab::pooling_loss(d, 1.0f).loss));
    // The first Adam step moves w by lr against the gradient's sign (m / sqrt(v) = sign(g)).
    CHECK(t.w[0] == Approx(1.2f).epsilon(1e-5));
    CHECK(t.loss[0] < t.initial_loss);
    CHECK(t.loss.back() < 0.6f * t.initial_loss);
    CHECK(t.w.back() > 3.0f);
    for (int s = 0; s < 100; ++s) {
        CHECK(t.loss[s] == Approx(attnlab::pooling_loss(d, t.w[s]).loss));
        CHECK(t.grad[s] == Approx(attnlab::pooling_loss(d, t.w[s]).grad));
    }
    // Ten chunks of ten steps, carrying w and Adam's state, reproduce the run bit for bit.
    Adam adam;
    float w = 1.0f;
    std::vector<float> losses;
    for (int chunk = 0; chunk < 10; ++chunk) {
        const attnlab::PoolingTrace c = attnlab::train_pooling(d, w, 10, 0.2f, &adam);
        REQUIRE(c.w.size() == 10);
        w = c.w.back();
        losses.insert(losses.end(), c.loss.begin(), c.loss.end());
    }
    CHECK(adam.t == 100);
    CHECK(w == t.w.back());
    CHECK(losses == t.loss);
    // Zero steps: only the starting loss.
    const attnlab::PoolingTrace none = attnlab::train_pooling(d, 1.0f, 0, 0.2f);
    CHECK(none.loss.empty());
    CHECK(none.initial_loss == t.initial_loss);
}

TEST_CASE("a step that throws w out of range stops training and keeps the last good state",
          "[pooling]") {
    const PoolingData d = attnlab::pooling_data(50, 7);
    // A first moment far larger than any gradient, and no second moment: Adam's next step is
    // lr * m_hat / (sqrt(v_hat) + eps), millions of times lr, and w leaves -100..100.
    Adam adam;
    adam.t = 1;
    adam.m = {{1e6f}};
    adam.v = {{0.0f}};
    const attnlab::PoolingTrace t = attnlab::train_pooling(d, 1.0f, 10, 0.1f, &adam);
    CHECK(t.diverged);
    CHECK(t.loss.empty());
    CHECK(t.w.empty());
    CHECK(adam.t == 1);
    CHECK(adam.m[0][0] == 1e6f);
    CHECK(adam.v[0][0] == 0.0f);
    // A healthy run reports no divergence.
    CHECK_FALSE(attnlab::train_pooling(d, 1.0f, 10, 0.1f).diverged);
}

TEST_CASE("pooling rejects bad input with the value and the allowed range", "[pooling]") {
    const PoolingData d = attnlab::pooling_data(10, 7);
    CHECK_THROWS_WITH(attnlab::pooling_data(1, 7), Contains("points 1") && Contains("2..200"));
    CHECK_THROWS_WITH(attnlab::pooling_data(201, 7), Contains("points 201"));
    CHECK_THROWS_WITH(attnlab::pooling_data(10, 7, -1.0f),
                      Contains("noise -1") && Contains("0..2"));
    CHECK_THROWS_WITH(attnlab::attention_pooling({1.0f}, d.x, d.y, 101.0f),
                      Contains("w 101") && Contains("-100..100"));
    CHECK_THROWS_WITH(attnlab::attention_pooling({1.0f}, d.x, d.y, std::nanf("")),
                      Contains("w nan"));
    CHECK_THROWS_WITH(attnlab::attention_pooling({}, d.x, d.y, 1.0f),
                      Contains("queries 0") && Contains("1..1000"));
    CHECK_THROWS_WITH(attnlab::attention_pooling({1.0f}, d.x, {1.0f, 2.0f}, 1.0f),
                      Contains("values has 2 entries"));
    CHECK_THROWS_WITH(attnlab::attention_pooling({2000.0f}, d.x, d.y, 1.0f),
                      Contains("query 2000") && Contains("-1000..1000"));
    CHECK_NOTHROW(attnlab::attention_pooling({-1000.0f, 1000.0f}, d.x, d.y, -100.0f));
    CHECK_THROWS_WITH(attnlab::train_pooling(d, 1.0f, -1, 0.1f),
                      Contains("steps -1") && Contains("0..10000"));
    CHECK_THROWS_WITH(attnlab::train_pooling(d, 1.0f, 5, 0.0f),
                      Contains("learning rate 0") && Contains("0 < lr <= 10"));
    CHECK_THROWS_WITH(attnlab::train_pooling(d, 150.0f, 5, 0.1f), Contains("w 150"));
    CHECK_THROWS_AS(attnlab::pooling_loss(PoolingData{}, 1.0f), Error);
}
