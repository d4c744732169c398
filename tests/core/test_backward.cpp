// Every layer's backward against central finite differences of its forward, on random inputs
// with random weights (biases and LayerNorm gains included, so none of them can hide a bug).
#include <catch2/catch.hpp>
#include <iostream>

#include "attnlab/io/state_dict.h"
#include "attnlab/models/transformer.h"
#include "attnlab/train/loss.h"
#include "gradcheck.h"

using namespace attnlab;
using attnlab::test::check_grad;
using attnlab::test::GradReport;
using attnlab::test::random2;
using attnlab::test::weighted_sum;

namespace {

constexpr double kTolerance = 2e-2;

void check_tensor(const std::string& name, Tensor2& x, const Tensor2& dx,
                  const std::function<double()>& loss, GradReport& r,
                  const std::function<std::string()>& kink = {}) {
    check_grad(name, x.data(), dx.data(), x.size(), loss, r, 12, kink);
}

void check_params(const ParamList& params, const ParamList& grads,
                  const std::function<double()>& loss, GradReport& r,
                  const std::function<std::string()>& kink = {}) {
    REQUIRE(params.size() == grads.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        REQUIRE(params[i].name == grads[i].name);
        check_grad(params[i].name, params[i].data, grads[i].data, params[i].size(), loss, r, 8,
                   kink);
    }
}

void finish(const char* what, const GradReport& r) {
    std::cout << "  backward " << what << ": worst relative error " << r.worst << " over "
              << r.checked << " coordinates (" << r.skipped << " skipped at ReLU kinks)\n";
    INFO(what << ": worst at " << r.where);
    CHECK(r.checked > 0);
    CHECK(r.worst < kTolerance);
}

ParamList linear_params(Linear& l, const std::string& name) {
    return {{name + ".weight", {}, l.weight().data()}, {name + ".bias", {}, l.bias().data()}};
}

// ParamRef sizes come from shape; fill them in for the hand-built lists above.
ParamList sized(ParamList list, const std::vector<std::size_t>& sizes) {
    for (std::size_t i = 0; i < list.size(); ++i) list[i].shape = {sizes[i]};
    return list;
}

std::string relu_pattern(const Tensor2& hidden) {
    std::string s(hidden.size(), '0');
    for (std::size_t i = 0; i < hidden.size(); ++i) s[i] = hidden.data()[i] > 0 ? '1' : '0';
    return s;
}

}  // namespace

TEST_CASE("Linear backward matches finite differences", "[backward]") {
    Rng rng(1);
    Linear lin(4, 3);
    lin.init_pytorch_default(rng);
    for (auto& b : lin.bias()) b = rng.uniform(-0.5f, 0.5f);
    Tensor2 x = random2(5, 4, rng);
    const Tensor2 w = random2(5, 3, rng);
    Linear grad(4, 3);
    const Tensor2 dx = lin.backward(x, w, grad);
    auto loss = [&] { return weighted_sum(lin.forward(x), w); };
    GradReport r;
    check_tensor("x", x, dx, loss, r);
    check_params(sized(linear_params(lin, "lin"), {12, 3}),
                 sized(linear_params(grad, "lin"), {12, 3}), loss, r);
    finish("Linear", r);
}

TEST_CASE("LayerNorm backward matches finite differences", "[backward]") {
    Rng rng(2);
    LayerNorm norm(8);
    norm.init_random(rng);
    Tensor2 x = random2(6, 8, rng);
    x *= 3.0f;
    const Tensor2 w = random2(6, 8, rng);
    LayerNorm grad(8);
    grad.gamma.fill(0.0f);
    const Tensor2 dx = norm.backward(x, norm.forward(x), w, grad);
    auto loss = [&] { return weighted_sum(norm.forward(x).y, w); };
    GradReport r;
    check_tensor("x", x, dx, loss, r);
    check_grad("gamma", norm.gamma.data(), grad.gamma.data(), 8, loss, r);
    check_grad("beta", norm.beta.data(), grad.beta.data(), 8, loss, r);
    finish("LayerNorm", r);
}

TEST_CASE("FFN backward matches finite differences, ReLU and GELU", "[backward]") {
    for (const Activation act : {Activation::relu, Activation::gelu}) {
        Rng rng(3);
        FeedForward ffn(6, 10, act);
        ffn.init(rng);
        Tensor2 x = random2(5, 6, rng);
        const Tensor2 w = random2(5, 6, rng);
        FeedForward grad(6, 10, act);
        const Tensor2 dx = ffn.backward(x, ffn.forward(x), w, grad);
        auto loss = [&] { return weighted_sum(ffn.forward(x).output, w); };
        std::function<std::string()> kink;
        if (act == Activation::relu) kink = [&] { return relu_pattern(ffn.forward(x).hidden); };
        GradReport r;
        check_tensor("x", x, dx, loss, r, kink);
        check_params(sized(linear_params(ffn.linear1, "linear1"), {60, 10}),
                     sized(linear_params(grad.linear1, "linear1"), {60, 10}), loss, r, kink);
        check_params(sized(linear_params(ffn.linear2, "linear2"), {60, 6}),
                     sized(linear_params(grad.linear2, "linear2"), {60, 6}), loss, r, kink);
        finish(act == Activation::relu ? "FFN (ReLU)" : "FFN (GELU)", r);
    }
}

TEST_CASE("Multi-head attention backward: self (causal + padding, RoPE) and cross", "[backward]") {
    for (const bool rope : {false, true}) {
        Rng rng(4);
        MultiHeadAttention mha(8, 2, rope);
        mha.init(rng);
        TokenBatch batch{2, 5, std::vector<int>(10, 0), {5, 3}};
        const std::vector<Mask> masks = batch.masks(true);
        Tensor2 x = random2(10, 8, rng);
        const Tensor2 w = random2(10, 8, rng);
        MultiHeadAttention grad(8, 2, rope);
        const auto res = mha.forward_batch(x, x, true, masks);
        const Tensor2 dx = mha.backward(x, x, true, masks, res, w, grad, nullptr);
        auto loss = [&] { return weighted_sum(mha.forward_batch(x, x, true, masks).output, w); };
        GradReport r;
        check_tensor("x", x, dx, loss, r);
        ParamList p, g;
        collect_params(mha, "", p);
        collect_params(grad, "", g);
        check_params(p, g, loss, r);
        finish(rope ? "self-attention with RoPE" : "self-attention", r);
    }
    Rng rng(5);
    MultiHeadAttention mha(8, 2);
    mha.init(rng);
    TokenBatch queries{2, 4, std::vector<int>(8, 0), {4, 2}};
    TokenBatch keys{2, 6, std::vector<int>(12, 0), {6, 3}};
    const std::vector<Mask> masks = queries.cross_masks(keys);
    Tensor2 xq = random2(8, 8, rng);
    Tensor2 xkv = random2(12, 8, rng);
    const Tensor2 w = random2(8, 8, rng);
    MultiHeadAttention grad(8, 2);
    Tensor2 d_kv;
    const auto res = mha.forward_batch(xq, xkv, false, masks);
    const Tensor2 dq = mha.backward(xq, xkv, false, masks, res, w, grad, &d_kv);
    auto loss = [&] { return weighted_sum(mha.forward_batch(xq, xkv, false, masks).output, w); };
    GradReport r;
    check_tensor("x_q", xq, dq, loss, r);
    check_tensor("x_kv", xkv, d_kv, loss, r);
    ParamList p, g;
    collect_params(mha, "", p);
    collect_params(grad, "", g);
    check_params(p, g, loss, r);
    finish("cross-attention", r);
    // Padded keys get no gradient: nothing attends to them.
    for (int c = 0; c < 8; ++c) CHECK(d_kv(6 + 5, c) == 0.0f);
}

TEST_CASE("Encoder and decoder layer backward, post- and pre-norm", "[backward]") {
    for (const bool pre : {false, true}) {
        Rng rng(6);
        LayerConfig config{8, 2, 12, Activation::gelu, pre, false};
        EncoderLayer layer(config);
        layer.init(rng);
        TokenBatch batch{2, 4, std::vector<int>(8, 0), {4, 3}};
        const auto masks = batch.masks(false);
        Tensor2 x = random2(8, 8, rng);
        const Tensor2 w = random2(8, 8, rng);
        EncoderLayer grad(config);
        for (auto* n : {&grad.norm1, &grad.norm2}) n->gamma.fill(0.0f);
        EncoderLayer::Tape tape;
        layer.forward_train(x, masks, tape);
        const Tensor2 dx = layer.backward(tape, masks, w, grad);
        auto loss = [&] {
            EncoderLayer::Tape t;
            return weighted_sum(layer.forward_train(x, masks, t), w);
        };
        GradReport r;
        check_tensor("x", x, dx, loss, r);
        ParamList p, g;
        collect_params(layer, "", p);
        collect_params(grad, "", g);
        check_params(p, g, loss, r);
        finish(pre ? "encoder layer (pre-norm)" : "encoder layer (post-norm)", r);

        DecoderLayer dec(config);
        dec.init(rng);
        TokenBatch src{2, 5, std::vector<int>(10, 0), {5, 2}};
        const auto self_masks = batch.masks(true);
        const auto cross = batch.cross_masks(src);
        Tensor2 memory = random2(10, 8, rng);
        DecoderLayer dgrad(config);
        for (auto* n : {&dgrad.norm1, &dgrad.norm2, &dgrad.norm3}) n->gamma.fill(0.0f);
        DecoderLayer::Tape dtape;
        dec.forward_train(x, memory, self_masks, cross, dtape);
        Tensor2 d_memory = zeros2(10, 8);
        const Tensor2 ddx = dec.backward(dtape, memory, self_masks, cross, w, dgrad, d_memory);
        auto dloss = [&] {
            DecoderLayer::Tape t;
            return weighted_sum(dec.forward_train(x, memory, self_masks, cross, t), w);
        };
        GradReport dr;
        check_tensor("x", x, ddx, dloss, dr);
        check_tensor("memory", memory, d_memory, dloss, dr);
        ParamList dp, dg;
        collect_params(dec, "", dp);
        collect_params(dgrad, "", dg);
        check_params(dp, dg, dloss, dr);
        finish(pre ? "decoder layer (pre-norm)" : "decoder layer (post-norm)", dr);
    }
}

namespace {

TransformerConfig tiny_config(ModelKind kind, bool pre, Positional positional) {
    TransformerConfig c;
    c.kind = kind;
    c.layer = {8, 2, 12, Activation::gelu, pre, false};
    c.layers = 2;
    c.positional = positional;
    c.max_len = 8;
    c.vocab = {"<pad>", "<begin>", "<end>", "a", "b", "c", "d"};
    return c;
}

template <class Model>
void zero_all(Model& m) {
    ParamList g;
    collect_params(m, g);
    for (auto& p : g) std::fill(p.data, p.data + p.size(), 0.0f);
}

}  // namespace

TEST_CASE("Whole models' backward through cross-entropy", "[backward]") {
    for (const Positional pos : {Positional::learned, Positional::rope}) {
        for (const bool pre : {false, true}) {
            const auto config = tiny_config(ModelKind::decoder_only, pre, pos);
            DecoderOnlyModel model(config);
            Rng rng(7);
            model.init(rng);
            TokenBatch batch{2, 5, {1, 3, 4, 5, 6, 1, 6, 5, 0, 0}, {5, 3}};
            const std::vector<int> targets = {
                3, 4, 5, 6, 2, 6, 5, kIgnoreIndex, kIgnoreIndex, kIgnoreIndex};
            DecoderOnlyModel grad(config);
            zero_all(grad);
            DecoderOnlyModel::Tape tape;
            const auto ce = cross_entropy(model.forward_train(batch, true, tape), targets, 0.1f);
            model.backward(batch, tape, ce.d_logits, grad);
            auto loss = [&] {
                DecoderOnlyModel::Tape t;
                return cross_entropy(model.forward_train(batch, true, t), targets, 0.1f).loss;
            };
            ParamList p, g;
            collect_params(model, p);
            collect_params(grad, g);
            GradReport r;
            check_params(p, g, loss, r);
            const std::string what = std::string("decoder-only model (") +
                                     (pre ? "pre-norm, " : "post-norm, ") + positional_name(pos) +
                                     " positions)";
            finish(what.c_str(), r);
        }
    }
    const auto config = tiny_config(ModelKind::encoder_decoder, false, Positional::sinusoidal);
    EncoderDecoderModel model(config);
    Rng rng(8);
    model.init(rng);
    TokenBatch src{2, 6, {3, 4, 5, 6, 3, 4, 6, 5, 4, 0, 0, 0}, {6, 3}};
    TokenBatch tgt{2, 4, {1, 4, 3, 6, 1, 4, 0, 0}, {4, 2}};
    const std::vector<int> targets = {4, 3, 6, 2, 4, 2, kIgnoreIndex, kIgnoreIndex};
    EncoderDecoderModel grad(config);
    zero_all(grad);
    EncoderDecoderModel::Tape tape;
    const auto ce = cross_entropy(model.forward_train(src, tgt, tape), targets);
    model.backward(src, tgt, tape, ce.d_logits, grad);
    auto loss = [&] {
        EncoderDecoderModel::Tape t;
        return cross_entropy(model.forward_train(src, tgt, t), targets).loss;
    };
    ParamList p, g;
    collect_params(model, p);
    collect_params(grad, g);
    GradReport r;
    check_params(p, g, loss, r);
    finish("encoder-decoder model", r);
}

TEST_CASE("Cross-entropy gradient matches finite differences", "[backward][loss]") {
    Rng rng(9);
    Tensor2 logits = random2(4, 5, rng);
    logits *= 3.0f;
    const std::vector<int> targets = {1, kIgnoreIndex, 4, 0};
    for (const float smoothing : {0.0f, 0.2f}) {
        const auto ce = cross_entropy(logits, targets, smoothing);
        GradReport r;
        check_tensor(
            "logits", logits, ce.d_logits,
            [&] { return cross_entropy(logits, targets, smoothing).loss; }, r);
        finish("cross-entropy", r);
    }
}
