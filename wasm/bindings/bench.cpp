// bench.cpp: entry points for `npm run bench` only. Timing happens inside wasm with
// emscripten_get_now(), so the numbers are the core's, not the JS boundary's.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <vector>

#include "attnlab/kernels/gemm.h"
#include "attnlab/layers/self_attention.h"
#include "attnlab/rng.h"

namespace {

using emscripten::val;

// Milliseconds of each of `reps` timed runs of fn (after one warm-up run), as a JS array.
template <class Fn>
val time_runs(int reps, Fn&& fn) {
    fn();
    val out = val::array();
    for (int r = 0; r < reps; ++r) {
        const double t0 = emscripten_get_now();
        fn();
        out.call<void>("push", emscripten_get_now() - t0);
    }
    return out;
}

// c (m, n) = a (m, k) · b (k, n), timed `reps` times, with `inner` products per timed run so
// that small shapes are long enough for the clock.
val bench_gemm(int m, int n, int k, int reps, int inner) {
    attnlab::Rng rng(1);
    std::vector<float> a(static_cast<std::size_t>(m) * k), b(static_cast<std::size_t>(k) * n),
        c(static_cast<std::size_t>(m) * n);
    for (auto& x : a) x = rng.uniform(-1, 1);
    for (auto& x : b) x = rng.uniform(-1, 1);
    return time_runs(reps, [&] {
        for (int i = 0; i < inner; ++i) {
            attnlab::kernels::gemm_nn(m, n, k, a.data(), k, b.data(), n, c.data(), n, false);
        }
    });
}

// Single-head self-attention forward on (n, d_model) with d_k = d_model.
val bench_self_attention(int n, int d_model, int reps, int inner) {
    attnlab::Rng rng(2);
    attnlab::SelfAttention layer(d_model, d_model);
    layer.init(rng);
    attnlab::Tensor2 x = attnlab::zeros2(n, d_model);
    rng.fill_uniform(x, -1, 1);
    const attnlab::Mask mask = attnlab::Mask::causal(n);
    return time_runs(reps, [&] {
        for (int i = 0; i < inner; ++i) layer.forward(x, mask);
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(attnlab_bench) {
    emscripten::function("benchGemm", &bench_gemm);
    emscripten::function("benchSelfAttention", &bench_self_attention);
}
