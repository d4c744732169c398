#include "attnlab/layers/linear.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/limits.h"

namespace attnlab {

Linear::Linear(int in_features, int out_features, bool bias)
    : in_(in_features), out_(out_features), has_bias_(bias) {
    check_range("in_features", in_features, 1, 65536);
    check_range("out_features", out_features, 1, 65536);
    // One layer can never be larger than a whole model; checked in 64 bits before allocating.
    check_size("Linear weights (out_features * in_features)",
               static_cast<long long>(out_features) * in_features, kMaxModelParams);
    weight_ = zeros2(out_, in_);
    bias_ = xt::zeros<float>({static_cast<std::size_t>(out_)});
}

void Linear::init_pytorch_default(Rng& rng) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(in_));
    rng.fill_uniform(weight_, -bound, bound);
    if (has_bias_) {
        for (auto& b : bias_) b = rng.uniform(-bound, bound);
    }
}

void Linear::init_xavier_uniform(Rng& rng) {
    const float bound = std::sqrt(6.0f / static_cast<float>(in_ + out_));
    rng.fill_uniform(weight_, -bound, bound);
    bias_.fill(0.0f);
}

Tensor2 Linear::forward(const Tensor2& x) const {
    if (cols(x) != in_) {
        shape_mismatch("Linear input width", std::to_string(cols(x)), std::to_string(in_),
                       "Linear input has width " + std::to_string(cols(x)) + "; this layer needs " +
                           std::to_string(in_) + " (in_features)");
    }
    const int n = rows(x);
    Tensor2 y = Tensor2::from_shape({static_cast<std::size_t>(n), static_cast<std::size_t>(out_)});
    if (has_bias_) {
        // Plain copies: an xt::row view assignment per row costs more than the GEMM at n = 128.
        for (int i = 0; i < n; ++i) {
            std::copy(bias_.begin(), bias_.end(), y.data() + static_cast<std::size_t>(i) * out_);
        }
    }
    kernels::gemm_nt(n, out_, in_, x.data(), in_, weight_.data(), in_, y.data(), out_,
                     /*accumulate=*/has_bias_);
    return y;
}

Tensor2 Linear::backward(const Tensor2& x, const Tensor2& dy, Linear& grad) const {
    const int n = rows(x);
    if (cols(dy) != out_ || rows(dy) != n) {
        shape_mismatch("Linear gradient", shape_str(rows(dy), cols(dy)), shape_str(n, out_),
                       "Linear gradient has shape " + shape_str(rows(dy), cols(dy)) +
                           "; expected " + shape_str(n, out_));
    }
    kernels::gemm_tn(out_, in_, n, dy.data(), out_, x.data(), in_, grad.weight_.data(), in_,
                     /*accumulate=*/true);
    if (has_bias_) add_column_sums(dy, grad.bias_);
    Tensor2 dx = Tensor2::from_shape({static_cast<std::size_t>(n), static_cast<std::size_t>(in_)});
    kernels::gemm_nn(n, in_, out_, dy.data(), out_, weight_.data(), in_, dx.data(), in_, false);
    return dx;
}

void add_column_sums(const Tensor2& x, Tensor1& sums) {
    const int n = rows(x);
    const int d = cols(x);
    float* out = sums.data();
    for (int i = 0; i < n; ++i) {
        const float* row = x.data() + static_cast<std::size_t>(i) * d;
        for (int c = 0; c < d; ++c) out[c] += row[c];
    }
}

}  // namespace attnlab
