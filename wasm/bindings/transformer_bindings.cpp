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
#include "attnlab/mask.h"
#include "attnlab/rng.h"
#include "convert.h"
#include "weights_val.h"

namespace attnlab::wasm {
namespace {

using emscripten::val;

std::uint32_t seed_of(const val& o) { return static_cast<std::uint32_t>(o["seed"].as<double>()); }

LayerConfig layer_of(const val& o) {
    LayerConfig c;
    c.d_model = o["dModel"].as<int>();
    c.heads = o["heads"].as<int>();
    c.d_ff = o["dFF"].as<int>();
    c.norm_first = o["normFirst"].as<bool>();
    c.activation = activation_from_name(o["activation"].as<std::string>());
    return c;
}

val mask_js(const std::string& spec, int n, int m, const val& padding_js) {
    return guarded([&] {
        check_range("n (queries)", n, 1, 65536);
        check_range("m (keys)", m, 1, 65536);
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
        const std::string memory = o["memory"].isString() ? o["memory"].as<std::string>() : "";
        const SentenceMultiHead s = sentence_multi_head(
            o["sentence"].as<std::string>(),
            o["memory"].isString() ? std::optional<std::string_view>(memory) : std::nullopt,
            o["dModel"].as<int>(), o["heads"].as<int>(), o["mask"].as<std::string>(),
            positional_from_name(o["positional"].as<std::string>()), seed_of(o),
            o["weights"].isNull() ? std::function<void(ParamList&)>() : [&](ParamList& params) {
                ValWeightsLoader::fill_any(o["weights"], params);
            });
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
        check_range("length", length, 1, 512);
        check_range("dModel", d_model, 2, 256);
        const auto s = static_cast<std::uint32_t>(seed);
        Tensor2 table;
        if (kind == "sinusoidal") {
            table = sinusoidal_table(length, d_model);
        } else if (kind == "learned") {
            table = learned_positions(length, d_model, s);
        } else if (kind == "rope") {
            table = rope_table(length, d_model);
        } else {
            throw Error("positional kind '" + kind +
                        "' is unknown: allowed sinusoidal, learned, rope");
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
        LayerNorm norm(cols(x), static_cast<float>(eps));
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
        check_range("columns of x (d_model)", cols(x), 1, 4096);
        check_range("dFF", d_ff, 1, 4096);
        FeedForward ffn(cols(x), d_ff, activation_from_name(activation));
        Rng rng(static_cast<std::uint32_t>(seed));
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
        const SentenceEncoder e =
            sentence_encoder(o["sentence"].as<std::string>(), layer_of(o), o["layers"].as<int>(),
                             positional_from_name(o["positional"].as<std::string>()),
                             o["mask"].as<std::string>(), seed_of(o));
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
    c.kind = o["model"].as<std::string>() == "decoder-only" ? ModelKind::decoder_only
                                                            : ModelKind::encoder_decoder;
    c.layer = layer_of(o);
    c.layers = o["layers"].as<int>();
    c.positional = positional_from_name(o["positional"].as<std::string>());
    c.max_len = 1024;
    return c;
}

val generate_js(const val& o) {
    return guarded([&] {
        GenerateOptions g;
        g.max_new_tokens = o["maxNewTokens"].as<int>();
        g.greedy = o["strategy"].as<std::string>() == "greedy";
        g.temperature = static_cast<float>(o["temperature"].as<double>());
        g.top_k = o["topK"].as<int>();
        g.seed = seed_of(o);
        g.use_cache = o["useCache"].as<bool>();
        g.stop_at_end = o["stopAtEnd"].as<bool>();
        AnyModel loaded;
        if (!o["weights"].isNull()) loaded = ValWeightsLoader::load(o["weights"]);
        const SentenceGeneration s =
            sentence_generate(o["text"].as<std::string>(), config_of(o), g, seed_of(o),
                              o["weights"].isNull() ? nullptr : &loaded);
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
        const val vocab = o["vocab"];
        const int n = vocab["length"].as<int>();
        for (int i = 0; i < n; ++i) c.vocab.push_back(vocab[i].as<std::string>());
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
