#include "attnlab/layers/transformer_layers.h"

#include <string>

namespace attnlab {

namespace {

void record(BlockTrace* trace, const std::string& name, const Tensor2& value) {
    if (trace) trace->steps.push_back({name, value, {}, {}});
}

Tensor2 normalise(const LayerNorm& norm, const Tensor2& x, BlockTrace* trace,
                  const std::string& name) {
    LayerNorm::Result r = norm.forward(x);
    if (trace) trace->steps.push_back({name, r.y, r.mean, r.rstd});
    return std::move(r.y);
}

// One residual sub-layer: post-norm LN(x + f(x)) or pre-norm x + f(LN(x)). `index` numbers the
// add and norm steps (add1, norm1, ...) as PyTorch numbers its norms.
template <class Fn>
Tensor2 sublayer(const Tensor2& x, const LayerNorm& norm, bool norm_first, int index,
                 BlockTrace* trace, Fn&& fn) {
    const std::string add = "add" + std::to_string(index);
    const std::string norm_name = "norm" + std::to_string(index);
    if (norm_first) {
        Tensor2 sum = fn(normalise(norm, x, trace, norm_name));
        sum += x;
        record(trace, add, sum);
        return sum;
    }
    Tensor2 sum = fn(x);
    sum += x;
    record(trace, add, sum);
    return normalise(norm, sum, trace, norm_name);
}

Tensor2 feed_forward(const FeedForward& ffn, const Tensor2& x, BlockTrace* trace) {
    FeedForward::Result r = ffn.forward(x);
    record(trace, "ffn-hidden", r.activated);
    record(trace, "ffn", r.output);
    return std::move(r.output);
}

}  // namespace

EncoderLayer::EncoderLayer(const LayerConfig& c)
    : config(c),
      self_attn(c.d_model, c.heads, c.rope),
      ffn(c.d_model, c.d_ff, c.activation),
      norm1(c.d_model),
      norm2(c.d_model) {}

void EncoderLayer::init(Rng& rng) {
    self_attn.init(rng);
    ffn.init(rng);
    norm1.init_random(rng);
    norm2.init_random(rng);
}

template <class Attend>
Tensor2 EncoderLayer::run(const Tensor2& x, Attend&& attend, BlockTrace* trace) const {
    record(trace, "input", x);
    Tensor2 h = sublayer(x, norm1, config.norm_first, 1, trace, [&](const Tensor2& in) {
        MultiHeadAttention::Result r = attend(in);
        record(trace, "self-attention", r.output);
        if (trace) trace->self_weights = std::move(r.weights);
        return std::move(r.output);
    });
    return sublayer(h, norm2, config.norm_first, 2, trace,
                    [&](const Tensor2& in) { return feed_forward(ffn, in, trace); });
}

Tensor2 EncoderLayer::forward(const Tensor2& x, const Mask& mask, BlockTrace* trace) const {
    return run(
        x,
        [&](const Tensor2& in) { return self_attn.forward(in, in, mask, 0, 0, trace != nullptr); },
        trace);
}

Tensor2 EncoderLayer::forward_cached(const Tensor2& x_new, KVCache& cache,
                                     BlockTrace* trace) const {
    const int t = rows(x_new);
    const Mask mask = Mask::causal(t, cache.length + t);
    return run(
        x_new, [&](const Tensor2& in) { return self_attn.forward_cached(in, cache, mask); }, trace);
}

DecoderLayer::DecoderLayer(const LayerConfig& c)
    : config(c),
      self_attn(c.d_model, c.heads, c.rope),
      multihead_attn(c.d_model, c.heads, false),
      ffn(c.d_model, c.d_ff, c.activation),
      norm1(c.d_model),
      norm2(c.d_model),
      norm3(c.d_model) {}

void DecoderLayer::init(Rng& rng) {
    self_attn.init(rng);
    multihead_attn.init(rng);
    ffn.init(rng);
    norm1.init_random(rng);
    norm2.init_random(rng);
    norm3.init_random(rng);
}

template <class SelfAttend, class CrossAttend>
Tensor2 DecoderLayer::run(const Tensor2& x, SelfAttend&& self_attend, CrossAttend&& cross_attend,
                          BlockTrace* trace) const {
    record(trace, "input", x);
    Tensor2 h = sublayer(x, norm1, config.norm_first, 1, trace, [&](const Tensor2& in) {
        MultiHeadAttention::Result r = self_attend(in);
        record(trace, "self-attention", r.output);
        if (trace) trace->self_weights = std::move(r.weights);
        return std::move(r.output);
    });
    h = sublayer(h, norm2, config.norm_first, 2, trace, [&](const Tensor2& in) {
        MultiHeadAttention::Result r = cross_attend(in);
        record(trace, "cross-attention", r.output);
        if (trace) trace->cross_weights = std::move(r.weights);
        return std::move(r.output);
    });
    return sublayer(h, norm3, config.norm_first, 3, trace,
                    [&](const Tensor2& in) { return feed_forward(ffn, in, trace); });
}

Tensor2 DecoderLayer::forward(const Tensor2& x, const Tensor2& memory, const Mask& self_mask,
                              const Mask& memory_mask, BlockTrace* trace) const {
    const bool keep = trace != nullptr;
    return run(
        x, [&](const Tensor2& in) { return self_attn.forward(in, in, self_mask, 0, 0, keep); },
        [&](const Tensor2& in) {
            return multihead_attn.forward(in, memory, memory_mask, 0, 0, keep);
        },
        trace);
}

Tensor2 DecoderLayer::forward_cached(const Tensor2& x_new, KVCache& self_cache,
                                     const KVCache& memory_cache, const Mask& memory_mask,
                                     BlockTrace* trace) const {
    const int t = rows(x_new);
    const Mask self_mask = Mask::causal(t, self_cache.length + t);
    return run(
        x_new,
        [&](const Tensor2& in) { return self_attn.forward_cached(in, self_cache, self_mask); },
        [&](const Tensor2& in) {
            return multihead_attn.forward_memory(in, memory_cache, memory_mask);
        },
        trace);
}

}  // namespace attnlab
