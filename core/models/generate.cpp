#include "attnlab/models/generate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/limits.h"

namespace attnlab {

namespace {

void validate(const GenerateOptions& o, int vocab) {
    check_range("max_new_tokens", o.max_new_tokens, 1, 1024);
    if (!o.greedy) check_range("top_k", o.top_k, 0, vocab);  // greedy ignores it
    if (!(o.temperature >= 0.05f && o.temperature <= 10.0f)) {
        throw Error(
            "out_of_range",
            "temperature " + std::to_string(o.temperature) + " is out of range: allowed 0.05..10",
            {{"what", "temperature"},
             {"value", std::to_string(o.temperature)},
             {"min", "0.05"},
             {"max", "10"}});
    }
}

void check_generate_work(const TransformerConfig& config, int prompt, int source,
                         const GenerateOptions& options) {
    check_work("generate", generate_work(config, prompt, source, options), kMaxWorkPerCall,
               "use fewer new tokens, turn the KV cache on, or a smaller model");
}

Tensor1 last_row(const Tensor2& t) {
    const int n = rows(t);
    Tensor1 row = xt::zeros<float>({static_cast<std::size_t>(cols(t))});
    std::copy(t.data() + static_cast<std::size_t>(n - 1) * cols(t),
              t.data() + static_cast<std::size_t>(n) * cols(t), row.data());
    return row;
}

// The newest query's row of each head: (heads, n, m) -> (heads, m).
Tensor2 last_query(const Tensor3& w) {
    const int h = static_cast<int>(w.shape()[0]);
    const int n = static_cast<int>(w.shape()[1]);
    const int m = static_cast<int>(w.shape()[2]);
    Tensor2 out = zeros2(h, m);
    for (int k = 0; k < h; ++k) {
        const float* src = w.data() + (static_cast<std::size_t>(k) * n + n - 1) * m;
        std::copy(src, src + m, out.data() + static_cast<std::size_t>(k) * m);
    }
    return out;
}

// Runs the decode loop; `step(ids_so_far, first_new, traces)` returns the logits of the rows from
// first_new on, and fills traces when given.
template <class Step>
GenerateResult decode_loop(const TransformerConfig& config, std::vector<int> ids,
                           const GenerateOptions& options, Step&& step) {
    validate(options, static_cast<int>(config.vocab.size()));
    check_positions(static_cast<int>(ids.size()), config.max_len);
    GenerateResult result;
    result.prompt_ids = ids;
    const int end_id = config.token_id("<end>");
    Rng rng(options.seed, 1013u);
    std::vector<BlockTrace> traces;
    int first_new = 0;
    for (int s = 0; s < options.max_new_tokens; ++s) {
        check_positions(static_cast<int>(ids.size()), config.max_len);
        GenerateStep g;
        const std::uint64_t macs_before = kernels::mac_count();
        const auto start = std::chrono::steady_clock::now();
        const Tensor2 logits = step(ids, first_new, &traces, g);
        g.logits = last_row(logits);
        g.token_id = pick_token(g.logits, options, rng, g.probabilities);
        g.microseconds =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count();
        g.macs = kernels::mac_count() - macs_before;
        g.position = static_cast<int>(ids.size()) - 1;
        if (!traces.empty()) {
            g.self_weights = last_query(traces.back().self_weights);
            if (traces.back().cross_weights.size() > 0) {
                g.cross_weights = last_query(traces.back().cross_weights);
            }
        }
        first_new = static_cast<int>(ids.size());
        ids.push_back(g.token_id);
        result.generated.push_back(g.token_id);
        result.steps.push_back(std::move(g));
        if (options.stop_at_end && result.generated.back() == end_id) break;
        if (static_cast<int>(ids.size()) > config.max_len) break;
    }
    return result;
}

std::vector<int> slice(const std::vector<int>& ids, int first) {
    return std::vector<int>(ids.begin() + first, ids.end());
}

}  // namespace

int pick_token(const Tensor1& logits, const GenerateOptions& options, Rng& rng,
               Tensor1& probabilities) {
    const int vocab = static_cast<int>(logits.size());
    const float temperature = options.greedy ? 1.0f : options.temperature;
    std::vector<int> order(static_cast<std::size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return logits(a) > logits(b); });
    const int keep = options.greedy || options.top_k == 0 ? vocab : options.top_k;
    probabilities = xt::zeros<float>({static_cast<std::size_t>(vocab)});
    const double top = logits(order[0]);
    double total = 0;
    for (int r = 0; r < keep; ++r) total += std::exp((logits(order[r]) - top) / temperature);
    for (int r = 0; r < keep; ++r) {
        probabilities(order[r]) =
            static_cast<float>(std::exp((logits(order[r]) - top) / temperature) / total);
    }
    if (options.greedy) return order[0];
    double u = rng.uniform();
    for (int r = 0; r < keep; ++r) {
        u -= probabilities(order[r]);
        if (u < 0) return order[r];
    }
    return order[keep - 1];
}

long long generate_work(const TransformerConfig& config, int prompt, int source,
                        const GenerateOptions& options) {
    const long long d = config.layer.d_model;
    const long long layers = config.layers;
    const long long vocab = static_cast<long long>(config.vocab.size());
    const bool cross = config.kind == ModelKind::encoder_decoder;
    const long long s = cross ? source : 0;
    // Per processed target token: Q, K, V, output projections and the feed-forward in every
    // layer (plus cross-attention's Q and output projections), then the output head.
    const long long per_token =
        layers * (4 * d * d + 2 * d * config.layer.d_ff + (cross ? 2 * d * d : 0)) + d * vocab;
    // The memory's K and V in every decoder layer: once with a cache, every step without.
    const long long memory_kv = layers * 2 * d * d * s;
    long long work = cross ? s * layers * (4 * d * d + 2 * d * config.layer.d_ff) +
                                 layers * 2 * s * s * d + memory_kv
                           : 0;
    for (long long t = 0; t < options.max_new_tokens; ++t) {
        const long long length = prompt + t;
        if (length > config.max_len) break;  // decoding stops there
        const long long fresh = options.use_cache ? (t == 0 ? prompt : 1) : length;
        // A product of fewer than kMinRows rows is bound by reading the weights, not by the
        // multiply-adds: measured in Node, a cached step of one row costs about four rows.
        constexpr long long kMinRows = 4;
        work += std::max(fresh, kMinRows) * per_token + layers * 2 * fresh * (length + s) * d;
        if (!options.use_cache) work += memory_kv;
    }
    // Without a cache, the K and V shown at the end come from one more pass.
    if (!options.use_cache) work += (prompt + options.max_new_tokens) * per_token;
    return work;
}

GenerateResult generate(const DecoderOnlyModel& model, const std::vector<int>& prompt,
                        const GenerateOptions& options) {
    validate(options, static_cast<int>(model.config.vocab.size()));
    check_generate_work(model.config, static_cast<int>(prompt.size()), 0, options);
    std::vector<KVCache> caches;
    GenerateResult r = decode_loop(model.config, prompt, options,
                                   [&](const std::vector<int>& ids, int first_new,
                                       std::vector<BlockTrace>* traces, GenerateStep& g) {
                                       if (!options.use_cache) return model.forward(ids, traces);
                                       Tensor2 logits = model.forward_cached(slice(ids, first_new),
                                                                             caches, traces);
                                       g.cache_length = caches[0].length;
                                       return logits;
                                   });
    if (options.use_cache) {
        r.cache_k = caches.back().keys();
        r.cache_v = caches.back().values();
    } else {
        // The K and V the cache would hold: the last layer's keys over the final sequence (minus
        // the last generated token, which no step has processed yet).
        std::vector<int> seen(r.prompt_ids);
        seen.insert(seen.end(), r.generated.begin(), r.generated.end() - 1);
        std::vector<KVCache> full;
        model.forward_cached(seen, full);
        r.cache_k = full.back().keys();
        r.cache_v = full.back().values();
    }
    return r;
}

GenerateResult generate(const EncoderDecoderModel& model, const std::vector<int>& src,
                        const GenerateOptions& options) {
    const int begin_id = model.config.token_id("<begin>");
    if (begin_id < 0) throw Error("the vocabulary has no '<begin>' token to start decoding from");
    if (src.empty())
        throw Error("source has 0 tokens: allowed 1.." + std::to_string(model.config.max_len));
    validate(options, static_cast<int>(model.config.vocab.size()));
    check_generate_work(model.config, 1, static_cast<int>(src.size()), options);
    const std::uint64_t before = kernels::mac_count();
    const Tensor2 memory = model.encode(src);
    // With the cache, each decoder layer projects the memory's K and V once, here; without it,
    // every step projects them again inside decode().
    std::vector<KVCache> memory_caches;
    if (options.use_cache) memory_caches = model.memory_caches(memory);
    const std::uint64_t encoder_macs = kernels::mac_count() - before;
    std::vector<KVCache> caches;
    GenerateResult r = decode_loop(model.config, {begin_id}, options,
                                   [&](const std::vector<int>& ids, int first_new,
                                       std::vector<BlockTrace>* traces, GenerateStep& g) {
                                       if (!options.use_cache)
                                           return model.decode(ids, memory, traces);
                                       Tensor2 logits = model.decode_cached(
                                           slice(ids, first_new), caches, memory_caches, traces);
                                       g.cache_length = caches[0].length;
                                       return logits;
                                   });
    r.encoder_macs = encoder_macs;
    std::vector<int> seen(r.prompt_ids);
    seen.insert(seen.end(), r.generated.begin(), r.generated.end() - 1);
    if (options.use_cache) {
        r.cache_k = caches.back().keys();
        r.cache_v = caches.back().values();
    } else {
        std::vector<KVCache> full;
        model.decode_cached(seen, full, model.memory_caches(memory));
        r.cache_k = full.back().keys();
        r.cache_v = full.back().values();
    }
    return r;
}

}  // namespace attnlab
