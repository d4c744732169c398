#include "attnlab/layers/linear.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"

namespace attnlab {

Linear::Linear(int in_features, int out_features, bool bias)
    : in_(in_features), out_(out_features), has_bias_(bias) {
    check_range("in_features", in_features, 1, 65536);
    check_range("out_features", out_features, 1, 65536);
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
        throw Error("Linear input has width " + std::to_string(cols(x)) + "; this layer needs " +
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

}  // namespace attnlab
