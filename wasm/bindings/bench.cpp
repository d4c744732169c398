// bench.cpp: entry points for `npm run bench` only. Timing happens inside wasm with
// emscripten_get_now(), so the numbers are the core's, not the JS boundary's.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <string>
#include <vector>

#include "attnlab/kernels/gemm.h"
#include "attnlab/layers/multi_head_attention.h"
#include "attnlab/layers/self_attention.h"
#include "attnlab/layers/transformer_layers.h"
#include "attnlab/models/transformer.h"
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

attnlab::Tensor2 random_input(int n, int d_model, attnlab::Rng& rng) {
    attnlab::Tensor2 x = attnlab::zeros2(n, d_model);
    rng.fill_uniform(x, -1, 1);
    return x;
}

attnlab::LayerConfig layer_config(int d_model, int heads, int d_ff) {
    attnlab::LayerConfig c;
    c.d_model = d_model;
    c.heads = heads;
    c.d_ff = d_ff;
    return c;
}

// Multi-head self-attention forward (W_q, W_k, W_v, W_o, causal), as a model runs it: without
// the extra copy of the pre-mask scores that only the lesson widgets ask for.
val bench_multi_head(int n, int d_model, int heads, int reps, int inner) {
    attnlab::Rng rng(3);
    attnlab::MultiHeadAttention mha(d_model, heads);
    mha.init(rng);
    const attnlab::Tensor2 x = random_input(n, d_model, rng);
    const attnlab::Mask mask = attnlab::Mask::causal(n);
    return time_runs(reps, [&] {
        for (int i = 0; i < inner; ++i) mha.forward(x, x, mask, 0, 0, /*keep_scores=*/false);
    });
}

// One encoder layer (post-norm) or decoder layer (memory of n rows) forward, no trace.
val bench_layer(bool decoder, int n, int d_model, int heads, int d_ff, int reps, int inner) {
    attnlab::Rng rng(4);
    const attnlab::LayerConfig c = layer_config(d_model, heads, d_ff);
    attnlab::EncoderLayer encoder(c);
    attnlab::DecoderLayer decoder_layer(c);
    encoder.init(rng);
    decoder_layer.init(rng);
    const attnlab::Tensor2 x = random_input(n, d_model, rng);
    const attnlab::Tensor2 memory = random_input(n, d_model, rng);
    const attnlab::Mask none = attnlab::Mask::none(n, n);
    const attnlab::Mask causal = attnlab::Mask::causal(n);
    return time_runs(reps, [&] {
        for (int i = 0; i < inner; ++i) {
            if (decoder) {
                decoder_layer.forward(x, memory, causal, none);
            } else {
                encoder.forward(x, none);
            }
        }
    });
}

// The time to produce one more token's logits after `length - 1` tokens, in a decoder-only
// model (d_model 64, 4 heads, d_ff 256, 2 layers, 64-token vocabulary): with the KV cache, one
// token through the layers against cached K and V; without, the whole sequence again.
val bench_decode(int length, bool use_cache, int reps, int inner) {
    attnlab::TransformerConfig c;
    c.layer = layer_config(64, 4, 256);
    c.layers = 2;
    c.max_len = 1024;
    for (int t = 0; t < 64; ++t) c.vocab.push_back("t" + std::to_string(t));
    attnlab::DecoderOnlyModel model(c);
    attnlab::Rng rng(5);
    model.init(rng);
    std::vector<int> ids;
    for (int t = 0; t < length; ++t) ids.push_back(static_cast<int>(rng.next_u32() % 64));
    std::vector<attnlab::KVCache> caches;
    model.forward_cached(std::vector<int>(ids.begin(), ids.end() - 1), caches);
    const std::vector<int> last = {ids.back()};
    return time_runs(reps, [&] {
        for (int i = 0; i < inner; ++i) {
            if (use_cache) {
                model.forward_cached(last, caches);
                for (auto& cache : caches) cache.truncate(length - 1);
            } else {
                model.forward(ids);
            }
        }
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(attnlab_bench) {
    emscripten::function("benchMultiHead", &bench_multi_head);
    emscripten::function("benchLayer", &bench_layer);
    emscripten::function("benchDecode", &bench_decode);
    emscripten::function("benchGemm", &bench_gemm);
    emscripten::function("benchSelfAttention", &bench_self_attention);
}
