#include "attnlab/layers/layer_norm.h"

#include <cmath>
#include <string>
#include <vector>

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
        shape_mismatch("LayerNorm input width", std::to_string(cols(x)), std::to_string(width),
                       "LayerNorm input has width " + std::to_string(cols(x)) +
                           "; this layer needs " + std::to_string(width));
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

Tensor2 LayerNorm::backward(const Tensor2& x, const Result& r, const Tensor2& dy,
                            LayerNorm& grad) const {
    const int n = rows(x);
    const int width = d();
    Tensor2 dx = zeros2(n, width);
    std::vector<float> x_hat(static_cast<std::size_t>(width));
    std::vector<float> g(static_cast<std::size_t>(width));
    for (int i = 0; i < n; ++i) {
        const float* xi = x.data() + static_cast<std::size_t>(i) * width;
        const float* dyi = dy.data() + static_cast<std::size_t>(i) * width;
        const float mean = r.mean(i);
        const float rstd = r.rstd(i);
        double sum_g = 0;
        double sum_gx = 0;
        for (int c = 0; c < width; ++c) {
            x_hat[c] = (xi[c] - mean) * rstd;
            g[c] = dyi[c] * gamma(c);
            sum_g += g[c];
            sum_gx += double(g[c]) * x_hat[c];
            grad.gamma(c) += dyi[c] * x_hat[c];
            grad.beta(c) += dyi[c];
        }
        const float mean_g = static_cast<float>(sum_g / width);
        const float mean_gx = static_cast<float>(sum_gx / width);
        float* out = dx.data() + static_cast<std::size_t>(i) * width;
        for (int c = 0; c < width; ++c) out[c] = rstd * (g[c] - mean_g - x_hat[c] * mean_gx);
    }
    return dx;
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
