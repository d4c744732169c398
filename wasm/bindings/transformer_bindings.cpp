// transformer_bindings.cpp: the Embind surface of the Transformer pieces (lessons 5-10).
// The facade (wasm/js/index.js) validates options and fills defaults, then passes one plain
// object; these adapters read it, call the core and copy every result into JS.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/layers/feed_forward.h"
#include "attnlab/layers/layer_norm.h"
#include "attnlab/lessons/sentence_transformer.h"
#include "attnlab/limits.h"
#include "attnlab/mask.h"
#include "attnlab/rng.h"
#include "convert.h"
#include "weights_val.h"

namespace attnlab::wasm {
namespace {

using emscripten::val;

std::uint32_t seed_of(const val& o) { return seed_field(o, "seed"); }

// Every option is read through convert.h's safe readers: a raw caller's odd value is an Error,
// never a JS exception through these frames.
LayerConfig layer_of(const val& o) {
    LayerConfig c;
    c.d_model = int_field(o, "dModel");
    c.heads = int_field(o, "heads");
    c.d_ff = int_field(o, "dFF");
    check_range("dModel", c.d_model, 1, kMaxDModel);
    check_range("dFF", c.d_ff, 1, kMaxDFF);
    c.norm_first = bool_field(o, "normFirst");
    c.activation = activation_from_name(string_field(o, "activation"));
    return c;
}

// Multiply-adds of one pass of `layers` Transformer layers over n tokens attending to m keys:
// Q, K, V and output projections (4 d^2), the feed-forward (2 d d_ff), scores and weighted sum
// (2 n m d).
long long layers_work(const LayerConfig& c, int layers, long long n, long long m) {
    const long long d = c.d_model;
    return layers * (n * (4 * d * d + 2 * d * c.d_ff) + 2 * n * m * d);
}

val mask_js(const std::string& spec, int n, int m, const val& padding_js) {
    return guarded([&] {
        check_range("n (queries)", n, 1, 65536);
        check_range("m (keys)", m, 1, 65536);
        // Before the padding vector: the core's Mask checks n * m too, but only once it builds.
        check_size("mask cells (n * m)", static_cast<long long>(n) * m, kMaxMaskCells);
        std::vector<bool> padding(static_cast<std::size_t>(m), false);
        if (!padding_js.isUndefined() && !padding_js.isNull()) {
            const std::vector<float> flags = floats_from_js(padding_js, "padding", m);
            for (int j = 0; j < m; ++j) padding[j] = flags[j] != 0.0f;
        }
        return to_js(Mask::parse(spec, n, padding).to_tensor());
    });
}

val multi_head_js(const val& o) {
    return guarded([&] {
        const val memory_js = field(o, "memory");
        const std::string memory = memory_js.isString() ? memory_js.as<std::string>() : "";
        const val weights = field(o, "weights");
        const SentenceMultiHead s = sentence_multi_head(
            string_field(o, "sentence"),
            memory_js.isString() ? std::optional<std::string_view>(memory) : std::nullopt,
            int_field(o, "dModel"), int_field(o, "heads"), string_field(o, "mask"),
            positional_from_name(string_field(o, "positional")), seed_of(o),
            weights.isNull() || weights.isUndefined()
                ? std::function<void(ParamList&)>()
                : [&](ParamList& params) { ValWeightsLoader::fill_any(weights, params); });
        const int heads = s.layer.heads();
        const MultiHeadAttention::Result& r = s.result;
        const int d = s.layer.d_model();
        const Tensor2& w = s.layer.in_proj.weight();
        auto block = [&](int first) {
            Tensor2 t = zeros2(d, d);
            std::copy(w.data() + static_cast<std::size_t>(first) * d,
                      w.data() + static_cast<std::size_t>(first + d) * d, t.data());
            return t;
        };
        val out = val::object();
        out.set("tokens", strings_to_js(s.tokens));
        out.set("memoryTokens", strings_to_js(s.memory_tokens));
        out.set("x", to_js(s.x));
        out.set("memoryX", to_js(s.memory_x));
        out.set("mask", to_js(s.mask));
        out.set("q", to_js(MultiHeadAttention::split_heads(r.q, heads)));
        out.set("k", to_js(MultiHeadAttention::split_heads(r.k, heads)));
        out.set("v", to_js(MultiHeadAttention::split_heads(r.v, heads)));
        out.set("scores", to_js(r.scores));
        out.set("weights", to_js(r.weights));
        out.set("meanWeights", to_js(MultiHeadAttention::mean_over_heads(r.weights)));
        out.set("headOutputs", to_js(MultiHeadAttention::split_heads(r.concat, heads)));
        out.set("concat", to_js(r.concat));
        out.set("output", to_js(r.output));
        out.set("wQ", to_js(block(0)));
        out.set("wK", to_js(block(d)));
        out.set("wV", to_js(block(2 * d)));
        out.set("wO", to_js(s.layer.out_proj.weight()));
        return out;
    });
}

val positional_js(const std::string& kind, int length, int d_model, double seed) {
    return guarded([&] {
        check_range("length", length, 1, kMaxLessonPositions);
        check_range("dModel", d_model, 2, kMaxLessonWidth);
        const std::uint32_t s = check_seed(seed);
        Tensor2 table;
        if (kind == "sinusoidal") {
            table = sinusoidal_table(length, d_model);
        } else if (kind == "learned") {
            table = learned_positions(length, d_model, s);
        } else if (kind == "rope") {
            table = rope_table(length, d_model);
        } else {
            unknown_choice("positional kind", kind, "sinusoidal, learned, rope");
        }
        val out = val::object();
        out.set("table", to_js(table));
        out.set("similarity", to_js(cosine_similarity(table)));
        return out;
    });
}

val layer_norm_js(const val& x_js, const val& gamma_js, const val& beta_js, double eps) {
    return guarded([&] {
        const Tensor2 x = from_js(x_js, "x");
        check_range("rows of x", rows(x), 1, 65536);
        check_range("columns of x", cols(x), 1, 65536);
        const auto eps32 = static_cast<float>(eps);
        check_finite("eps", &eps32, 1);
        LayerNorm norm(cols(x), eps32);
        const std::size_t d = static_cast<std::size_t>(cols(x));
        if (!gamma_js.isUndefined() && !gamma_js.isNull()) {
            const std::vector<float> g = floats_from_js(gamma_js, "gamma", d);
            std::copy(g.begin(), g.end(), norm.gamma.begin());
        }
        if (!beta_js.isUndefined() && !beta_js.isNull()) {
            const std::vector<float> b = floats_from_js(beta_js, "beta", d);
            std::copy(b.begin(), b.end(), norm.beta.begin());
        }
        const LayerNorm::Result r = norm.forward(x);
        Tensor1 variance = 1.0f / (r.rstd * r.rstd) - norm.eps;
        Tensor1 column_mean;
        Tensor1 column_variance;
        column_stats(x, column_mean, column_variance);
        val out = val::object();
        out.set("y", to_js(r.y));
        out.set("mean", to_js(r.mean));
        out.set("rstd", to_js(r.rstd));
        out.set("variance", to_js(variance));
        out.set("columnMean", to_js(column_mean));
        out.set("columnVariance", to_js(column_variance));
        return out;
    });
}

val feed_forward_js(const val& x_js, int d_ff, const std::string& activation, double seed) {
    return guarded([&] {
        const Tensor2 x = from_js(x_js, "x");
        check_range("rows of x", rows(x), 1, 65536);
        check_range("columns of x (d_model)", cols(x), 1, kMaxDModel);
        check_range("dFF", d_ff, 1, kMaxDFF);
        const std::uint32_t s = check_seed(seed);
        // Two (rows, d_model) x (d_model, d_ff) products.
        check_work("feedForward", 2LL * rows(x) * cols(x) * d_ff, kMaxWorkPerCall,
                   "use fewer rows of x or a smaller dFF");
        FeedForward ffn(cols(x), d_ff, activation_from_name(activation));
        Rng rng(s);
        ffn.init(rng);
        const FeedForward::Result r = ffn.forward(x);
        val out = val::object();
        out.set("hidden", to_js(r.hidden));
        out.set("activated", to_js(r.activated));
        out.set("output", to_js(r.output));
        return out;
    });
}

val step_to_js(const BlockStep& step) {
    val s = val::object();
    s.set("name", step.name);
    s.set("value", to_js(step.value));
    if (step.mean.size() > 0) {
        s.set("mean", to_js(step.mean));
        s.set("rstd", to_js(step.rstd));
    }
    return s;
}

val encoder_js(const val& o) {
    return guarded([&] {
        const std::string sentence = string_field(o, "sentence");
        const LayerConfig layer = layer_of(o);
        const int depth = int_field(o, "layers");
        check_range("layers", depth, 1, kMaxLayers);
        // n <= kMaxTokens: the sentence's tokens, counted by the tokenizer in the core; the
        // estimate uses the bound so it needs no second tokenization.
        check_work("encoder", layers_work(layer, depth, kMaxTokens, kMaxTokens), kMaxWorkPerCall,
                   "use fewer layers, a smaller dModel or a smaller dFF");
        const SentenceEncoder e = sentence_encoder(
            sentence, layer, depth, positional_from_name(string_field(o, "positional")),
            string_field(o, "mask"), seed_of(o));
        val layers = val::array();
        for (const BlockTrace& trace : e.traces) {
            val steps = val::array();
            for (const BlockStep& step : trace.steps) steps.call<void>("push", step_to_js(step));
            val layer = val::object();
            layer.set("steps", steps);
            layer.set("selfWeights", to_js(trace.self_weights));
            layer.set("selfMeanWeights",
                      to_js(MultiHeadAttention::mean_over_heads(trace.self_weights)));
            layers.call<void>("push", layer);
        }
        val out = val::object();
        out.set("tokens", strings_to_js(e.tokens));
        out.set("x", to_js(e.x));
        out.set("layers", layers);
        if (e.final_norm) out.set("finalNorm", step_to_js(*e.final_norm));
        out.set("output", to_js(e.output));
        return out;
    });
}

TransformerConfig config_of(const val& o) {
    TransformerConfig c;
    const std::string model = string_field(o, "model");
    if (model != "decoder-only" && model != "encoder-decoder") {
        unknown_choice("model", model, "decoder-only, encoder-decoder");
    }
    c.kind = model == "decoder-only" ? ModelKind::decoder_only : ModelKind::encoder_decoder;
    c.layer = layer_of(o);
    c.layers = int_field(o, "layers");
    check_range("layers", c.layers, 1, kMaxLayers);
    c.positional = positional_from_name(string_field(o, "positional"));
    c.max_len = 1024;
    return c;
}

val generate_js(const val& o) {
    return guarded([&] {
        GenerateOptions g;
        g.max_new_tokens = int_field(o, "maxNewTokens");
        const std::string strategy = string_field(o, "strategy");
        if (strategy != "greedy" && strategy != "sample") {
            unknown_choice("strategy", strategy, "greedy, sample");
        }
        g.greedy = strategy == "greedy";
        g.temperature = float_field(o, "temperature");
        g.top_k = int_field(o, "topK");
        g.seed = seed_of(o);
        g.use_cache = bool_field(o, "useCache");
        g.stop_at_end = bool_field(o, "stopAtEnd");
        const std::string text = string_field(o, "text");
        const TransformerConfig config = config_of(o);
        const val weights = field(o, "weights");
        const bool seeded = weights.isNull() || weights.isUndefined();
        // The seeded model's sizes are known before it is built; a loaded model's only after
        // the load, which the core bounds by the model budget; then sentence_generate checks
        // the decoding's work with the real sizes (generate_work in generate.h).
        AnyModel loaded;
        if (!seeded) loaded = ValWeightsLoader::load(weights);
        const SentenceGeneration s =
            sentence_generate(text, config, g, seed_of(o), seeded ? nullptr : &loaded);
        const GenerateResult& r = s.result;
        auto names = [&](const std::vector<int>& ids) {
            std::vector<std::string> out;
            for (int id : ids) out.push_back(s.config.vocab[id]);
            return out;
        };
        val steps = val::array();
        double total = static_cast<double>(r.encoder_macs);
        for (const GenerateStep& step : r.steps) {
            val js = val::object();
            js.set("token", s.config.vocab[step.token_id]);
            js.set("tokenId", step.token_id);
            js.set("position", step.position);
            js.set("logits", to_js(step.logits));
            js.set("probabilities", to_js(step.probabilities));
            js.set("selfWeights", to_js(step.self_weights));
            if (step.cross_weights.size() > 0) js.set("crossWeights", to_js(step.cross_weights));
            js.set("macs", static_cast<double>(step.macs));
            js.set("microseconds", step.microseconds);
            js.set("cacheLength", step.cache_length);
            total += static_cast<double>(step.macs);
            steps.call<void>("push", js);
        }
        val out = val::object();
        const bool decoder_only = s.config.kind == ModelKind::decoder_only;
        out.set("model", decoder_only ? "decoder-only" : "encoder-decoder");
        out.set("vocab", strings_to_js(s.config.vocab));
        out.set("sourceTokens", strings_to_js(s.source_tokens));
        out.set("promptTokens", strings_to_js(names(r.prompt_ids)));
        out.set("tokens", strings_to_js(names(r.generated)));
        out.set("steps", steps);
        out.set("cacheK", to_js(r.cache_k));
        out.set("cacheV", to_js(r.cache_v));
        out.set("encoderMacs", static_cast<double>(r.encoder_macs));
        out.set("totalMacs", total);
        return out;
    });
}

// A weights file as a JS object; the facade turns it into JSON text.
template <class Model>
val weights_to_js(Model& model) {
    ParamList params;
    collect_params(model, params);
    const TransformerConfig& c = model.config;
    val config = val::object();
    config.set("model", c.kind == ModelKind::decoder_only ? "decoder-only" : "encoder-decoder");
    config.set("d_model", c.layer.d_model);
    config.set("heads", c.layer.heads);
    config.set("d_ff", c.layer.d_ff);
    config.set("layers", c.layers);
    config.set("norm_first", c.layer.norm_first);
    config.set("activation", std::string(activation_name(c.layer.activation)));
    config.set("positional", std::string(positional_name(c.positional)));
    config.set("max_len", c.max_len);
    config.set("vocab", strings_to_js(c.vocab));
    val tensors = val::object();
    for (const ParamRef& p : params) {
        val t = to_js(p.data, p.shape);
        val entry = val::object();
        entry.set("dtype", std::string("float32"));
        entry.set("shape", t["shape"]);
        entry.set("data", val::global("Array").call<val>("from", t["data"]));
        tensors.set(p.name, entry);
    }
    val file = val::object();
    file.set("format", std::string(kWeightsFormat));
    file.set("version", kWeightsVersion);
    file.set("config", config);
    file.set("tensors", tensors);
    return file;
}

val export_weights_js(const val& o) {
    return guarded([&] {
        TransformerConfig c = config_of(o);
        const val vocab = field(o, "vocab");
        const double n = length_of(vocab);
        if (n < 0) throw Error("invalid", "vocab must be an array of strings", {{"what", "vocab"}});
        check_range("vocab size", static_cast<long long>(n), 1, kMaxVocab);
        for (int i = 0; i < static_cast<int>(n); ++i) {
            const val token = item(vocab, i);
            if (!token.isString()) {
                throw Error("invalid", "vocab entry " + std::to_string(i) + " must be a string",
                            {{"what", "vocab"}, {"index", std::to_string(i)}});
            }
            c.vocab.push_back(token.as<std::string>());
        }
        c.validate();
        AnyModel model = seeded_model(c, seed_of(o));
        if (auto* dec = std::get_if<std::unique_ptr<DecoderOnlyModel>>(&model)) {
            return weights_to_js(**dec);
        }
        return weights_to_js(*std::get<std::unique_ptr<EncoderDecoderModel>>(model));
    });
}

}  // namespace
}  // namespace attnlab::wasm

EMSCRIPTEN_BINDINGS(attnlab_transformer) {
    using namespace attnlab::wasm;
    emscripten::function("mask", &mask_js);
    emscripten::function("multiHeadAttention", &multi_head_js);
    emscripten::function("positionalEncoding", &positional_js);
    emscripten::function("layerNorm", &layer_norm_js);
    emscripten::function("feedForward", &feed_forward_js);
    emscripten::function("encoder", &encoder_js);
    emscripten::function("generate", &generate_js);
    emscripten::function("exportWeights", &export_weights_js);
}
