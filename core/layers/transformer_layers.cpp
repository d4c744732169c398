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

// Training's sub-layer: the same maths as sublayer(), keeping what backward needs.
template <class Fn>
Tensor2 sublayer_train(const Tensor2& x, const LayerNorm& norm, bool norm_first, SublayerTape& t,
                       Fn&& fn) {
    t.input = x;
    if (norm_first) {
        t.norm_in = x;
        t.norm = norm.forward(x);
        Tensor2 y = fn(t.norm.y);
        y += x;
        return y;
    }
    t.norm_in = fn(x);
    t.norm_in += x;
    t.norm = norm.forward(t.norm_in);
    return t.norm.y;
}

// The input f saw in sublayer_train.
const Tensor2& sublayer_f_input(const SublayerTape& t, bool norm_first) {
    return norm_first ? t.norm.y : t.input;
}

// Backward of sublayer_train. fn_back maps d f(output) to d f(input). The residual adds the
// upstream gradient straight through: that identity path is why deep stacks train at all.
template <class FnBack>
Tensor2 sublayer_backward(const SublayerTape& t, const LayerNorm& norm, bool norm_first,
                          const Tensor2& dy, LayerNorm& grad_norm, FnBack&& fn_back) {
    if (norm_first) {
        Tensor2 dx = norm.backward(t.norm_in, t.norm, fn_back(dy), grad_norm);
        dx += dy;
        return dx;
    }
    Tensor2 ds = norm.backward(t.norm_in, t.norm, dy, grad_norm);
    Tensor2 dx = fn_back(ds);
    dx += ds;
    return dx;
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

Tensor2 EncoderLayer::forward_train(const Tensor2& x, const std::vector<Mask>& masks,
                                    Tape& tape) const {
    const bool pre = config.norm_first;
    Tensor2 h = sublayer_train(x, norm1, pre, tape.sub1, [&](const Tensor2& in) {
        tape.attn = self_attn.forward_batch(in, in, true, masks);
        return tape.attn.output;
    });
    return sublayer_train(h, norm2, pre, tape.sub2, [&](const Tensor2& in) {
        tape.ffn = ffn.forward(in);
        return tape.ffn.output;
    });
}

Tensor2 EncoderLayer::backward(const Tape& tape, const std::vector<Mask>& masks, const Tensor2& dy,
                               EncoderLayer& grad) const {
    const bool pre = config.norm_first;
    Tensor2 dh = sublayer_backward(tape.sub2, norm2, pre, dy, grad.norm2, [&](const Tensor2& d) {
        return ffn.backward(sublayer_f_input(tape.sub2, pre), tape.ffn, d, grad.ffn);
    });
    return sublayer_backward(tape.sub1, norm1, pre, dh, grad.norm1, [&](const Tensor2& d) {
        const Tensor2& in = sublayer_f_input(tape.sub1, pre);
        return self_attn.backward(in, in, true, masks, tape.attn, d, grad.self_attn, nullptr);
    });
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

Tensor2 DecoderLayer::forward_train(const Tensor2& x, const Tensor2& memory,
                                    const std::vector<Mask>& self_masks,
                                    const std::vector<Mask>& memory_masks, Tape& tape) const {
    const bool pre = config.norm_first;
    Tensor2 h = sublayer_train(x, norm1, pre, tape.sub1, [&](const Tensor2& in) {
        tape.self_attn = self_attn.forward_batch(in, in, true, self_masks);
        return tape.self_attn.output;
    });
    h = sublayer_train(h, norm2, pre, tape.sub2, [&](const Tensor2& in) {
        tape.cross = multihead_attn.forward_batch(in, memory, false, memory_masks);
        return tape.cross.output;
    });
    return sublayer_train(h, norm3, pre, tape.sub3, [&](const Tensor2& in) {
        tape.ffn = ffn.forward(in);
        return tape.ffn.output;
    });
}

Tensor2 DecoderLayer::backward(const Tape& tape, const Tensor2& memory,
                               const std::vector<Mask>& self_masks,
                               const std::vector<Mask>& memory_masks, const Tensor2& dy,
                               DecoderLayer& grad, Tensor2& d_memory) const {
    const bool pre = config.norm_first;
    Tensor2 dh = sublayer_backward(tape.sub3, norm3, pre, dy, grad.norm3, [&](const Tensor2& d) {
        return ffn.backward(sublayer_f_input(tape.sub3, pre), tape.ffn, d, grad.ffn);
    });
    dh = sublayer_backward(tape.sub2, norm2, pre, dh, grad.norm2, [&](const Tensor2& d) {
        return multihead_attn.backward(sublayer_f_input(tape.sub2, pre), memory, false,
                                       memory_masks, tape.cross, d, grad.multihead_attn, &d_memory);
    });
    return sublayer_backward(tape.sub1, norm1, pre, dh, grad.norm1, [&](const Tensor2& d) {
        const Tensor2& in = sublayer_f_input(tape.sub1, pre);
        return self_attn.backward(in, in, true, self_masks, tape.self_attn, d, grad.self_attn,
                                  nullptr);
    });
}

}  // namespace attnlab
