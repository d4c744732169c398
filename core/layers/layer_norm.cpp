#include "attnlab/layers/layer_norm.h"

#include <cmath>
#include <string>

#include "attnlab/errors.h"

namespace attnlab {

LayerNorm::LayerNorm(int d, float eps_) : eps(eps_) {
    check_range("LayerNorm width", d, 1, 65536);
    if (!(eps > 0.0f && eps <= 1.0f)) {
        throw Error("LayerNorm eps " + std::to_string(eps) + " is out of range: allowed (0, 1]");
    }
    gamma = xt::ones<float>({static_cast<std::size_t>(d)});
    beta = xt::zeros<float>({static_cast<std::size_t>(d)});
}

void LayerNorm::init_random(Rng& rng) {
    for (auto& g : gamma) g = rng.uniform(0.5f, 1.5f);
    for (auto& b : beta) b = rng.uniform(-0.5f, 0.5f);
}

LayerNorm::Result LayerNorm::forward(const Tensor2& x) const {
    const int n = rows(x);
    const int width = d();
    if (cols(x) != width) {
        throw Error("LayerNorm input has width " + std::to_string(cols(x)) + "; this layer needs " +
                    std::to_string(width));
    }
    Result r;
    r.y = zeros2(n, width);
    r.mean = xt::zeros<float>({static_cast<std::size_t>(n)});
    r.rstd = xt::zeros<float>({static_cast<std::size_t>(n)});
    for (int i = 0; i < n; ++i) {
        const float* row = x.data() + static_cast<std::size_t>(i) * width;
        // Two passes in double: the one-pass E[x^2] - E[x]^2 cancels badly when |mean| >> std.
        double sum = 0;
        for (int c = 0; c < width; ++c) sum += row[c];
        const double mean = sum / width;
        double squares = 0;
        for (int c = 0; c < width; ++c) squares += (row[c] - mean) * (row[c] - mean);
        const double rstd = 1.0 / std::sqrt(squares / width + eps);
        float* out = r.y.data() + static_cast<std::size_t>(i) * width;
        for (int c = 0; c < width; ++c) {
            out[c] = static_cast<float>((row[c] - mean) * rstd) * gamma(c) + beta(c);
        }
        r.mean(i) = static_cast<float>(mean);
        r.rstd(i) = static_cast<float>(rstd);
    }
    return r;
}

void column_stats(const Tensor2& x, Tensor1& mean, Tensor1& variance) {
    const int n = rows(x);
    const int d = cols(x);
    mean = xt::zeros<float>({static_cast<std::size_t>(d)});
    variance = xt::zeros<float>({static_cast<std::size_t>(d)});
    for (int c = 0; c < d; ++c) {
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += x(i, c);
        const double m = sum / n;
        double squares = 0;
        for (int i = 0; i < n; ++i) squares += (x(i, c) - m) * (x(i, c) - m);
        mean(c) = static_cast<float>(m);
        variance(c) = static_cast<float>(squares / n);
    }
}

}  // namespace attnlab
