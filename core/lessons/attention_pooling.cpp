#include "attnlab/lessons/attention_pooling.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "attnlab/errors.h"
#include "attnlab/kernels/softmax.h"
#include "attnlab/limits.h"
#include "attnlab/rng.h"

// The wasm page module has a tight size budget: code that runs once per call (not the loss's
// inner loop) is optimised for size under clang.
#if defined(__clang__)
#define ATTNLAB_MINSIZE __attribute__((minsize))
#else
#define ATTNLAB_MINSIZE
#endif

namespace attnlab {
namespace {

/// Throws Error with a printf-formatted message. One out-of-line formatter for every message of
/// this file keeps it small in the page's wasm module (std::string concatenation is inlined).
[[noreturn]] void fail(const char* format, ...) {
    char text[160];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    throw Error(text);
}

/// "points 1 is out of range: allowed 2..200", as check_range words it.
void check_int(const char* what, int value, int lo, int hi) {
    if (value < lo || value > hi) check_range(what, value, lo, hi);  // code out_of_range
}

/// "w 120 is out of range: allowed -100..100" for a real number; NaN and infinities fail too.
void check_real(const char* what, float value, float lo, float hi) {
    if (!(value >= lo && value <= hi)) {
        char text[160];
        char number[3][24];
        std::snprintf(text, sizeof text, "%s %g is out of range: allowed %g..%g", what, value, lo,
                      hi);
        const float shown[3] = {value, lo, hi};
        for (int i = 0; i < 3; ++i) std::snprintf(number[i], sizeof number[i], "%g", shown[i]);
        if (!std::isfinite(value)) {
            throw Error("not_finite", text, {{"what", what}, {"index", "0"}, {"value", number[0]}});
        }
        throw Error("out_of_range", text,
                    {{"what", what}, {"value", number[0]}, {"min", number[1]}, {"max", number[2]}});
    }
}

void check_all(const char* what, const std::vector<float>& values, float limit) {
    for (float v : values) check_real(what, v, -limit, limit);
}

}  // namespace

float pooling_truth(float x) {
    const double d = x;
    return static_cast<float>(2.0 * std::sin(d) + std::copysign(std::pow(std::fabs(d), 0.8), d));
}

ATTNLAB_MINSIZE PoolingData pooling_data(int n, std::uint32_t seed, float noise) {
    check_int("points", n, 2, kPoolingMaxPoints);
    check_real("noise", noise, 0.0f, kPoolingMaxNoise);
    Rng rng(seed);
    PoolingData d;
    d.x.resize(n);
    d.y.resize(n);
    d.truth.resize(n);
    // Insertion sort: at most 200 points, and far less code than std::sort in the wasm module.
    for (int i = 0; i < n; ++i) {
        const float x = rng.uniform(0.0f, 5.0f);
        int j = i;
        for (; j > 0 && d.x[j - 1] > x; --j) d.x[j] = d.x[j - 1];
        d.x[j] = x;
    }
    for (int i = 0; i < n; ++i) {
        const float e = 2.0f * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5f);
        d.truth[i] = pooling_truth(d.x[i]);
        d.y[i] = d.truth[i] + noise * e;
    }
    return d;
}

ATTNLAB_MINSIZE PoolingResult attention_pooling(const std::vector<float>& queries,
                                                const std::vector<float>& keys,
                                                const std::vector<float>& values, float w) {
    const int m = static_cast<int>(queries.size());
    const int n = static_cast<int>(keys.size());
    check_int("queries", m, 1, kPoolingMaxQueries);
    check_int("keys", n, 1, kPoolingMaxPoints);
    if (values.size() != keys.size()) {
        fail("values has %d entries: it needs one per key, %d", int(values.size()), n);
    }
    check_real("w", w, -kPoolingMaxWidth, kPoolingMaxWidth);
    check_all("query", queries, kPoolingMaxQuery);
    check_all("key", keys, kPoolingMaxQuery);
    check_all("value", values, 1e6f);
    PoolingResult r;
    r.scores = Tensor2::from_shape({static_cast<std::size_t>(m), static_cast<std::size_t>(n)});
    float* scores = r.scores.data();  // (m, n)
    for (int q = 0; q < m; ++q) {
        for (int i = 0; i < n; ++i) {
            const float d = (queries[q] - keys[i]) * w;
            scores[q * n + i] = -0.5f * d * d;
        }
    }
    r.weights = Tensor2::from_shape(r.scores.shape());
    float* weights = r.weights.data();  // (m, n)
    std::copy(scores, scores + m * n, weights);
    kernels::softmax_rows(m, n, weights, n);
    r.predictions = Tensor1::from_shape({static_cast<std::size_t>(m)});  // (m)
    for (int q = 0; q < m; ++q) {
        float sum = 0.0f;
        for (int i = 0; i < n; ++i) sum += weights[q * n + i] * values[i];
        r.predictions(q) = sum;
    }
    return r;
}

PoolingLoss pooling_loss(const PoolingData& data, float w) {
    const int n = static_cast<int>(data.x.size());
    check_int("points", n, 2, kPoolingMaxPoints);
    check_real("w", w, -kPoolingMaxWidth, kPoolingMaxWidth);
    const double wd = w;
    PoolingLoss out;
    std::vector<double> alpha(n);
    for (int i = 0; i < n; ++i) {
        // Row i of the leave-one-out softmax: scores -((x_i - x_j) w)^2 / 2 over j != i. Every
        // score is <= 0, so subtracting the row's max keeps exp in range for any w.
        double top = -HUGE_VAL;
        for (int j = 0; j < n; ++j) {
            const double d = (double(data.x[i]) - data.x[j]) * wd;
            alpha[j] = -0.5 * d * d;
            if (j != i) top = std::max(top, alpha[j]);
        }
        double total = 0.0;
        for (int j = 0; j < n; ++j) {
            alpha[j] = j == i ? 0.0 : std::exp(alpha[j] - top);
            total += alpha[j];
        }
        double f = 0.0;
        for (int j = 0; j < n; ++j) {
            alpha[j] /= total;
            f += alpha[j] * data.y[j];
        }
        // df/dw = sum_j alpha_j (y_j - f) dscore_j/dw, dscore_j/dw = -w (x_i - x_j)^2.
        double df = 0.0;
        for (int j = 0; j < n; ++j) {
            const double dx = double(data.x[i]) - data.x[j];
            df += alpha[j] * (data.y[j] - f) * (-wd * dx * dx);
        }
        const double err = f - data.y[i];
        out.loss += err * err;
        out.grad += 2.0 * err * df;
    }
    out.loss /= n;
    out.grad /= n;
    return out;
}

ATTNLAB_MINSIZE PoolingTrace train_pooling(const PoolingData& data, float w, int steps, float lr,
                                           Adam* adam) {
    check_int("steps", steps, 0, kPoolingMaxSteps);
    check_work("trainPooling", train_pooling_work(static_cast<int>(data.x.size()), steps),
               kMaxWorkPerCall, "use fewer steps per call (train in chunks) or fewer points");
    if (!(lr > 0.0f && lr <= 10.0f)) {
        fail("learning rate %g is out of range: allowed 0 < lr <= 10", lr);
    }
    Adam own;
    Adam& opt = adam ? *adam : own;
    PoolingLoss at = pooling_loss(data, w);  // also checks data and w
    PoolingTrace trace;
    trace.initial_loss = static_cast<float>(at.loss);
    float grad = static_cast<float>(at.grad);
    // One scalar parameter (an empty shape holds one number).
    ParamList params(1);
    ParamList grads(1);
    params[0].data = &w;
    grads[0].data = &grad;
    for (int s = 0; s < steps; ++s) {
        // Adam's state before the step (one scalar parameter), to undo a step that diverges.
        const int t = opt.t;
        const float m = opt.m.empty() ? 0.0f : opt.m[0][0];
        const float v = opt.v.empty() ? 0.0f : opt.v[0][0];
        const float w_before = w;
        opt.step(params, grads, lr);
        const bool ok = std::isfinite(w) && std::fabs(w) <= kPoolingMaxWidth;
        if (ok) at = pooling_loss(data, w);
        if (!ok || !std::isfinite(at.loss) || !std::isfinite(at.grad)) {
            opt.t = t;
            if (t == 0) {
                opt.m.clear();
                opt.v.clear();
            } else {
                opt.m[0][0] = m;
                opt.v[0][0] = v;
            }
            w = w_before;
            trace.diverged = true;
            break;
        }
        grad = static_cast<float>(at.grad);
        trace.loss.push_back(static_cast<float>(at.loss));
        trace.w.push_back(w);
        trace.grad.push_back(grad);
    }
    return trace;
}

}  // namespace attnlab
