// pooling_bindings.cpp: the Embind surface of attention pooling (lesson 2). The facade
// (wasm/js/index.js) checks the options, fills defaults and passes the numbers in a fixed order;
// these adapters rebuild the seeded toy data, call the core and return every result packed in
// one Float32Array (a copy), which the facade cuts into named tensors.
//
// Why packed: the page module has little size budget left, and with Emscripten's JS exceptions
// every object a binding holds costs clean-up code at every call that may throw. One numbers
// array in, one out, and one shared error guard keep both functions under 3 KB of wasm.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/lessons/attention_pooling.h"
#include "convert.h"

// Optimise the packing for size: it copies a few hundred numbers once per call.
#if defined(__clang__)
#define ATTNLAB_MINSIZE __attribute__((minsize, noinline))
#else
#define ATTNLAB_MINSIZE
#endif

namespace attnlab::wasm {
namespace {

using emscripten::val;
using Pack = std::vector<float> (*)(const double* args, const val& queries);

float* put(float* out, const float* data, std::size_t size) noexcept {
    std::copy(data, data + size, out);
    return out + size;
}

// An integer argument in lo..hi, checked as a double first: casting 1e20 to int is undefined.
int int_arg(const char* what, double v, int lo, int hi) {
    if (!(v >= lo && v <= hi && std::floor(v) == v)) {
        check_range(what, v >= lo ? static_cast<long long>(hi) + 1 : static_cast<long long>(lo) - 1,
                    lo, hi);
    }
    return static_cast<int>(v);
}

PoolingData data_of(const double* a) {
    return pooling_data(int_arg("points", a[0], 0, kPoolingMaxPoints + 1), check_seed(a[1]),
                        static_cast<float>(a[2]));
}

// args = [points, seed, noise, w] ->
// [loss, grad, x (n), y (n), truth (n), queries (m), queryTruth (m), predictions (m),
//  scores (m * n), weights (m * n)], n = points, m = queries.length.
ATTNLAB_MINSIZE std::vector<float> pooling_pack(const double* a, const val& queries_js) {
    const PoolingData d = data_of(a);
    const double length = length_of(queries_js);
    check_range("queries", length < 0 ? 0 : static_cast<long long>(length), 1, kPoolingMaxQueries);
    const int m = static_cast<int>(length);
    const std::vector<float> queries = floats_from_js(queries_js, "queries", m);
    const auto w = static_cast<float>(a[3]);
    const PoolingResult r = attention_pooling(queries, d.x, d.y, w);
    const PoolingLoss loss = pooling_loss(d, w);
    const std::size_t n = d.x.size();
    std::vector<float> out(2 + 3 * n + 3 * m + 2 * r.scores.size());
    float* p = out.data();
    *p++ = static_cast<float>(loss.loss);
    *p++ = static_cast<float>(loss.grad);
    p = put(p, d.x.data(), n);
    p = put(p, d.y.data(), n);
    p = put(p, d.truth.data(), n);
    p = put(p, queries.data(), m);
    for (float q : queries) *p++ = pooling_truth(q);
    p = put(p, r.predictions.data(), m);
    p = put(p, r.scores.data(), r.scores.size());
    put(p, r.weights.data(), r.weights.size());
    return out;
}

// args = [points, seed, noise, w, steps, lr, t, m, v]: Adam continues from (t, m, v), t = 0
// for a fresh run -> [initialLoss, diverged (0 / 1), t, m, v, loss (s), w (s), grad (s)],
// s = steps taken.
ATTNLAB_MINSIZE std::vector<float> train_pack(const double* a, const val& /*queries*/) {
    const PoolingData d = data_of(a);
    Adam adam;
    // Adam's state comes from the caller: t a step count, m finite, v finite and >= 0 (a
    // negative v would make sqrt(v) NaN and every later w NaN).
    const int t = int_arg("adam.t", a[6], 0, 1 << 30);
    if (t > 0) {
        const float mv[2] = {static_cast<float>(a[7]), static_cast<float>(a[8])};
        check_finite("adam.m and adam.v", mv, 2);
        if (mv[1] < 0) {
            throw Error("out_of_range",
                        "adam.v " + std::to_string(mv[1]) + " is negative: allowed 0 or more",
                        {{"what", "adam.v"},
                         {"value", std::to_string(mv[1])},
                         {"min", "0"},
                         {"max", "inf"}});
        }
        adam.t = t;
        adam.m.emplace_back(std::size_t{1}, static_cast<float>(a[7]));
        adam.v.emplace_back(std::size_t{1}, static_cast<float>(a[8]));
    }
    const PoolingTrace r =
        train_pooling(d, static_cast<float>(a[3]), int_arg("steps", a[4], -1, kPoolingMaxSteps + 1),
                      static_cast<float>(a[5]), &adam);
    const std::size_t s = r.loss.size();
    std::vector<float> out(5 + 3 * s);
    float* p = out.data();
    *p++ = r.initial_loss;
    *p++ = r.diverged ? 1.0f : 0.0f;
    *p++ = static_cast<float>(adam.t);
    *p++ = adam.t > 0 ? adam.m[0][0] : 0.0f;
    *p++ = adam.t > 0 ? adam.v[0][0] : 0.0f;
    p = put(p, r.loss.data(), s);
    p = put(p, r.w.data(), s);
    put(p, r.grad.data(), s);
    return out;
}

// args: a Float64Array of at most 9 numbers. Runs pack; returns { value: { data, shape } } or
// { error }.
val packed(Pack pack, const val& args, const val& queries) {
    return guarded([&] {
        double a[9] = {};
        // Read inside a JS try/catch (convert.h): no JS exception crosses these frames.
        doubles_from_js(args, "args", a, static_cast<std::size_t>(length_of(args) == 4 ? 4 : 9));
        const std::vector<float> out = pack(a, queries);
        return to_js(out.data(), {out.size()});
    });
}

val attention_pooling_js(const val& args, const val& queries) {
    return packed(&pooling_pack, args, queries);
}

val train_pooling_js(const val& args) { return packed(&train_pack, args, val::null()); }

}  // namespace
}  // namespace attnlab::wasm

EMSCRIPTEN_BINDINGS(attnlab_pooling) {
    using namespace attnlab::wasm;
    emscripten::function("attentionPooling", &attention_pooling_js);
    emscripten::function("trainPooling", &train_pooling_js);
}
