#include "attnlab/train/optimizer.h"

#include <cmath>

#include "attnlab/errors.h"
#include "train_errors.h"

namespace attnlab {

Adam::Adam(AdamOptions o) : options(o) {
    if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f) || !(o.beta2 >= 0.0f && o.beta2 < 1.0f)) {
        throw_out_of_range(
            "Adam betas (" + std::to_string(o.beta1) + ", " + std::to_string(o.beta2) +
                ") are out of range: allowed 0 <= beta < 1",
            "Adam beta", o.beta1 >= 0.0f && o.beta1 < 1.0f ? o.beta2 : o.beta1, "0", "1");
    }
    if (!(o.eps > 0.0f)) throw_out_of_range("Adam eps must be > 0", "Adam eps", o.eps, "0", "inf");
    if (!(o.weight_decay >= 0.0f && o.weight_decay <= 1.0f)) {
        throw_out_of_range(
            "weight decay " + std::to_string(o.weight_decay) + " is out of range: allowed 0..1",
            "weight decay", o.weight_decay, "0", "1");
    }
}

void Adam::step(const ParamList& params, const ParamList& grads, float lr) {
    if (params.size() != grads.size()) {
        throw Error("Adam got " + std::to_string(params.size()) + " parameters but " +
                    std::to_string(grads.size()) + " gradients");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].size() != grads[i].size()) {
            throw Error("gradient of " + params[i].name + " has " +
                        std::to_string(grads[i].size()) + " values; the parameter has " +
                        std::to_string(params[i].size()));
        }
    }
    // State from outside (a checkpoint) must fit the parameters, or the update below would
    // write out of bounds.
    if (!m.empty() || !v.empty()) {
        bool fits = m.size() == params.size() && v.size() == params.size();
        for (std::size_t i = 0; fits && i < params.size(); ++i) {
            fits = m[i].size() == params[i].size() && v[i].size() == params[i].size();
        }
        if (!fits) {
            throw Error("shape_mismatch",
                        "Adam's state (m, v) does not fit the " + std::to_string(params.size()) +
                            " parameters",
                        {{"what", "adam state"},
                         {"got", std::to_string(m.size())},
                         {"expected", std::to_string(params.size())}});
        }
    }
    if (m.empty()) {
        for (const auto& p : params) {
            m.emplace_back(p.size(), 0.0f);
            v.emplace_back(p.size(), 0.0f);
        }
    }
    ++t;
    const float b1 = options.beta1;
    const float b2 = options.beta2;
    // Bias correction in double: b^t underflows float's precision long before training ends.
    const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(b1), t));
    const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(b2), t));
    const float c2_sqrt = std::sqrt(c2);
    const float decay = options.decoupled ? 1.0f - lr * options.weight_decay : 1.0f;
    const float l2 = options.decoupled ? 0.0f : options.weight_decay;
    for (std::size_t i = 0; i < params.size(); ++i) {
        float* p = params[i].data;
        const float* g = grads[i].data;
        float* mi = m[i].data();
        float* vi = v[i].data();
        for (std::size_t j = 0, n = params[i].size(); j < n; ++j) {
            const float gj = g[j] + l2 * p[j];
            mi[j] = b1 * mi[j] + (1.0f - b1) * gj;
            vi[j] = b2 * vi[j] + (1.0f - b2) * gj * gj;
            // torch's form: p -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps).
            p[j] = p[j] * decay - (lr / c1) * mi[j] / (std::sqrt(vi[j]) / c2_sqrt + options.eps);
        }
    }
}

float clip_grad_norm(const ParamList& grads, float max_norm) {
    double sum = 0.0;
    for (const auto& g : grads) {
        for (std::size_t j = 0, n = g.size(); j < n; ++j) sum += double(g.data[j]) * g.data[j];
    }
    const float norm = static_cast<float>(std::sqrt(sum));
    if (!std::isfinite(norm) || max_norm <= 0.0f || norm <= max_norm) return norm;
    const float scale = max_norm / (norm + 1e-6f);
    for (const auto& g : grads) {
        for (std::size_t j = 0, n = g.size(); j < n; ++j) g.data[j] *= scale;
    }
    return norm;
}

void zero_grads(const ParamList& grads) {
    for (const auto& g : grads) std::fill(g.data, g.data + g.size(), 0.0f);
}

float LrSchedule::at(int step) const {
    if (step < warmup) return lr * static_cast<float>(step + 1) / static_cast<float>(warmup);
    if (kind == Kind::constant) return lr;
    const int span = total - warmup;
    if (span <= 0) return lr;
    const double progress = std::min(1.0, double(step - warmup) / span);
    return static_cast<float>(0.5 * lr * (1.0 + std::cos(3.14159265358979323846 * progress)));
}

void LrSchedule::validate() const {
    if (!(lr > 0.0f && lr <= 10.0f)) {
        throw_out_of_range(
            "learning rate " + std::to_string(lr) + " is out of range: allowed 0 < lr <= 10",
            "learning rate", lr, "0", "10");
    }
    check_range("total steps", total, 1, 1000000);
    check_range("warm-up steps", warmup, 0, total);
}

LrSchedule::Kind schedule_from_name(const std::string& name) {
    if (name == "constant") return LrSchedule::Kind::constant;
    if (name == "cosine") return LrSchedule::Kind::cosine;
    throw_unknown_choice("schedule '" + name + "' is unknown: allowed constant, cosine", "schedule",
                         name, "constant,cosine");
}

}  // namespace attnlab
