// bindings.cpp: the Embind surface of the core. Thin adapters only: argument conversion, the
// error guard, results as plain JS objects of copied tensors. Defaults live in wasm/js/.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/layers/attention.h"
#include "attnlab/lessons/sentence_attention.h"
#include "attnlab/limits.h"
#include "attnlab/text/tokenizer.h"
#include "convert.h"

namespace attnlab::wasm {
namespace {

using emscripten::val;

val attention_to_js(const AttentionResult& r, const Tensor2& mask) {
    val out = val::object();
    out.set("mask", to_js(mask));
    out.set("scores", to_js(r.scores));
    out.set("maskedScores", to_js(r.masked_scores));
    out.set("weights", to_js(r.weights));
    out.set("output", to_js(r.output));
    return out;
}

val tokenize_js(const std::string& sentence) {
    return guarded([&] { return strings_to_js(tokenize(sentence)); });
}

val self_attention_js(const std::string& sentence, int d_model, int d_k, const std::string& mask,
                      double seed) {
    return guarded([&] {
        const SentenceAttention s =
            sentence_self_attention(sentence, d_model, d_k, mask, check_seed(seed));
        val out = attention_to_js(s.result.attention, s.mask);
        out.set("tokens", strings_to_js(s.tokens));
        out.set("x", to_js(s.x));
        out.set("wQ", to_js(s.layer.W_q.weight()));
        out.set("wK", to_js(s.layer.W_k.weight()));
        out.set("wV", to_js(s.layer.W_v.weight()));
        out.set("q", to_js(s.result.q));
        out.set("k", to_js(s.result.k));
        out.set("v", to_js(s.result.v));
        return out;
    });
}

// mask: a mask name or a (n_q, n_k) tensor of 0/1; key_padding: undefined or booleans (n_k).
val attention_js(const val& q_js, const val& k_js, const val& v_js, const val& mask_js,
                 const val& key_padding_js) {
    return guarded([&] {
        const Tensor2 q = from_js(q_js, "q");
        const Tensor2 k = from_js(k_js, "k");
        const Tensor2 v = from_js(v_js, "v");
        const int n_q = rows(q);
        const int n_k = rows(k);
        check_range("n_q (rows of q)", n_q, 1, 65536);
        check_range("n_k (rows of k)", n_k, 1, 65536);
        check_size("attention cells (n_q * n_k)", static_cast<long long>(n_q) * n_k, kMaxMaskCells);
        // Q K^T, then the weights times V.
        check_work("scaledDotProductAttention",
                   static_cast<long long>(n_q) * n_k * (cols(q) + cols(v)), kMaxWorkPerCall,
                   "use fewer queries, keys or columns");
        std::vector<bool> padding(static_cast<std::size_t>(n_k), false);
        if (!key_padding_js.isUndefined() && !key_padding_js.isNull()) {
            const double length = length_of(key_padding_js);
            if (length != n_k) {
                shape_mismatch("keyPadding", std::to_string(static_cast<long long>(length)),
                               std::to_string(n_k),
                               "keyPadding has " + std::to_string(static_cast<long long>(length)) +
                                   " entries: it needs one per key, " + std::to_string(n_k));
            }
            for (int j = 0; j < n_k; ++j) padding[j] = item(key_padding_js, j).isTrue();
        }
        Mask mask = Mask::key_padding(n_q, padding);
        if (mask_js.isString()) {
            // A spec ("causal", "prefix:2+window:1", ...); keyPadding always applies.
            mask = mask & Mask::parse(mask_js.as<std::string>(), n_q, padding);
        } else if (!mask_js.isUndefined() && !mask_js.isNull()) {
            const Tensor2 allowed = from_js(mask_js, "mask");
            if (rows(allowed) != n_q || cols(allowed) != n_k) {
                shape_mismatch("mask", shape_str(rows(allowed), cols(allowed)), shape_str(n_q, n_k),
                               "mask of shape " + shape_str(rows(allowed), cols(allowed)) +
                                   " does not fit attention of shape " + shape_str(n_q, n_k) +
                                   ": it must be (n_q, n_k)");
            }
            mask = mask & Mask::from_tensor(allowed);
        }
        return attention_to_js(scaled_dot_product_attention(q, k, v, mask), mask.to_tensor());
    });
}

std::string variant() { return kernels::variant_name(); }

}  // namespace
}  // namespace attnlab::wasm

EMSCRIPTEN_BINDINGS(attnlab) {
    using namespace attnlab::wasm;
    emscripten::function("tokenize", &tokenize_js);
    emscripten::function("selfAttention", &self_attention_js);
    emscripten::function("scaledDotProductAttention", &attention_js);
    emscripten::function("variant", &variant);
    emscripten::function("limits", &limits_to_js);
    emscripten::constant("MAX_TOKENS", attnlab::kMaxTokens);
}
