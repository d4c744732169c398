#include "attnlab/layers/feed_forward.h"

#include <cmath>

#include "attnlab/errors.h"

namespace attnlab {

Activation activation_from_name(const std::string& name) {
    if (name == "relu") return Activation::relu;
    if (name == "gelu") return Activation::gelu;
    unknown_choice("activation", name, "relu, gelu");
}

const char* activation_name(Activation a) { return a == Activation::relu ? "relu" : "gelu"; }

FeedForward::FeedForward(int d_model, int d_ff, Activation activation_)
    : activation(activation_), linear1(d_model, d_ff), linear2(d_ff, d_model) {}

void FeedForward::init(Rng& rng) {
    linear1.init_pytorch_default(rng);
    linear2.init_pytorch_default(rng);
}

void apply_activation(Activation a, Tensor2& x) {
    float* p = x.data();
    const std::size_t size = x.size();
    if (a == Activation::relu) {
        for (std::size_t i = 0; i < size; ++i) p[i] = p[i] > 0.0f ? p[i] : 0.0f;
    } else {
        // x * Phi(x) with the exact normal CDF, as torch.nn.functional.gelu(approximate='none').
        for (std::size_t i = 0; i < size; ++i) {
            p[i] = 0.5f * p[i] * (1.0f + std::erf(p[i] * 0.70710678118654752f));
        }
    }
}

FeedForward::Result FeedForward::forward(const Tensor2& x) const {
    Result r;
    r.hidden = linear1.forward(x);
    r.activated = r.hidden;
    apply_activation(activation, r.activated);
    r.output = linear2.forward(r.activated);
    return r;
}

Tensor2 FeedForward::backward(const Tensor2& x, const Result& r, const Tensor2& d_out,
                              FeedForward& grad) const {
    Tensor2 d_hidden = linear2.backward(r.activated, d_out, grad.linear2);
    float* dh = d_hidden.data();
    const float* h = r.hidden.data();
    const std::size_t size = d_hidden.size();
    if (activation == Activation::relu) {
        for (std::size_t i = 0; i < size; ++i) dh[i] = h[i] > 0.0f ? dh[i] : 0.0f;
    } else {
        // d/dx [x Phi(x)] = Phi(x) + x phi(x).
        constexpr float kInvSqrt2 = 0.70710678118654752f;
        constexpr float kInvSqrt2Pi = 0.39894228040143268f;
        for (std::size_t i = 0; i < size; ++i) {
            const float cdf = 0.5f * (1.0f + std::erf(h[i] * kInvSqrt2));
            const float pdf = kInvSqrt2Pi * std::exp(-0.5f * h[i] * h[i]);
            dh[i] *= cdf + h[i] * pdf;
        }
    }
    return linear1.backward(x, d_hidden, grad.linear1);
}

}  // namespace attnlab
