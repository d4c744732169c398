// gradcheck.h: analytic gradients against central finite differences.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>

#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab::test {

/// The worst relative error seen, over every checked coordinate.
struct GradReport {
    double worst = 0;
    std::string where;
    int checked = 0;
    int skipped = 0;  // coordinates whose +-h step crossed a ReLU kink
};

/// Checks `samples` coordinates of x (size n, spread over the tensor) against
/// (L(x + h) - L(x - h)) / 2h with L evaluated and differenced in double. The core is float, so
/// h is large (1e-2) and the error is relative to max(|analytic|, |numeric|, floor).
/// `kink_signature`, if set, returns a fingerprint of the ReLU pattern: a coordinate whose steps
/// change it is skipped, because a one-sided slope is not a derivative.
inline void check_grad(const std::string& name, float* x, const float* analytic, std::size_t n,
                       const std::function<double()>& loss, GradReport& report, int samples = 12,
                       const std::function<std::string()>& kink_signature = {}) {
    constexpr float h = 1e-2f;
    constexpr double floor = 2e-3;
    const std::size_t stride = std::max<std::size_t>(1, n / samples);
    const std::string base = kink_signature ? kink_signature() : std::string();
    for (std::size_t i = (n > 1 ? 1 : 0) % n; i < n; i += stride) {
        const float saved = x[i];
        x[i] = saved + h;
        const double plus = loss();
        const bool kink_plus = kink_signature && kink_signature() != base;
        x[i] = saved - h;
        const double minus = loss();
        const bool kink_minus = kink_signature && kink_signature() != base;
        x[i] = saved;
        if (kink_plus || kink_minus) {
            ++report.skipped;
            continue;
        }
        // The step actually taken in float, not the nominal h.
        const double step = double(saved + h) - double(saved - h);
        const double numeric = (plus - minus) / step;
        const double a = analytic[i];
        const double err =
            std::abs(a - numeric) / std::max({std::abs(a), std::abs(numeric), floor});
        ++report.checked;
        if (err > report.worst) {
            report.worst = err;
            report.where = name + "[" + std::to_string(i) + "] analytic " + std::to_string(a) +
                           " numeric " + std::to_string(numeric);
        }
    }
}

/// A (r, c) tensor of U(-1, 1) values.
inline Tensor2 random2(int r, int c, Rng& rng) {
    Tensor2 t = zeros2(r, c);
    rng.fill_uniform(t, -1.0f, 1.0f);
    return t;
}

/// sum(y * weights) in double: a scalar objective whose gradient w.r.t. y is `weights`.
inline double weighted_sum(const Tensor2& y, const Tensor2& weights) {
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += double(y.data()[i]) * weights.data()[i];
    return s;
}

}  // namespace attnlab::test
