#include "attnlab/lessons/sentence_transformer.h"

#include <algorithm>

#include "attnlab/errors.h"
#include "attnlab/io/state_dict.h"
#include "attnlab/layers/embedding.h"
#include "attnlab/lessons/sentence_attention.h"
#include "attnlab/text/tokenizer.h"

namespace attnlab {

std::vector<bool> padding_of(const std::vector<std::string>& tokens) {
    std::vector<bool> is_padding(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) is_padding[i] = tokens[i] == kPadToken;
    return is_padding;
}

Tensor2 learned_positions(int length, int d_model, std::uint32_t seed) {
    check_range("positions", length, 1, kMaxPositions);
    check_range("d_model", d_model, 1, 65536);
    Tensor2 table = zeros2(length, d_model);
    const float bound = 1.7320508f;  // sqrt(3): unit variance
    for (int p = 0; p < length; ++p) {
        Rng rng(seed, 2u * static_cast<std::uint64_t>(p) + 101u);
        for (int c = 0; c < d_model; ++c) table(p, c) = rng.uniform(-bound, bound);
    }
    return table;
}

Tensor2 sentence_input(const std::vector<std::string>& tokens, int d_model, Positional positional,
                       std::uint32_t seed) {
    Tensor2 x = hashed_embeddings(tokens, d_model, seed);
    const int n = rows(x);
    if (positional == Positional::sinusoidal) x += sinusoidal_table(n, d_model);
    if (positional == Positional::learned) x += learned_positions(n, d_model, seed);
    return x;
}

SentenceMultiHead sentence_multi_head(std::string_view sentence,
                                      std::optional<std::string_view> memory, int d_model,
                                      int heads, std::string_view mask_spec, Positional positional,
                                      std::uint32_t seed,
                                      const std::function<void(ParamList&)>& load_params) {
    check_range("d_model", d_model, 2, kMaxLessonWidth);
    std::vector<std::string> tokens = tokenize(sentence);
    std::vector<std::string> memory_tokens = memory ? tokenize(*memory) : tokens;
    MultiHeadAttention layer(d_model, heads, positional == Positional::rope);
    if (load_params) {
        ParamList params;
        collect_params(layer, "", params);
        load_params(params);
    } else {
        Rng rng(seed);
        layer.init(rng);
    }
    const Mask mask =
        Mask::parse(mask_spec, static_cast<int>(tokens.size()), padding_of(memory_tokens));
    Tensor2 x = sentence_input(tokens, d_model, positional, seed);
    Tensor2 memory_x = memory ? sentence_input(memory_tokens, d_model, positional, seed) : x;
    MultiHeadAttention::Result result =
        memory ? layer.forward(x, memory_x, mask) : layer.forward(x, x, mask);
    return SentenceMultiHead{std::move(tokens),   std::move(memory_tokens), std::move(x),
                             std::move(memory_x), mask.to_tensor(),         std::move(layer),
                             std::move(result)};
}

SentenceEncoder sentence_encoder(std::string_view sentence, const LayerConfig& layer, int layers,
                                 Positional positional, std::string_view mask_spec,
                                 std::uint32_t seed) {
    check_range("d_model", layer.d_model, 2, kMaxLessonWidth);
    check_range("layers", layers, 1, 6);
    TransformerConfig config;
    config.layer = layer;
    config.layers = layers;
    config.positional = positional;
    config.vocab = {"<begin>", "<end>"};
    config.validate();
    LayerConfig lc = layer;
    lc.rope = positional == Positional::rope;

    SentenceEncoder out;
    out.tokens = tokenize(sentence);
    const int n = static_cast<int>(out.tokens.size());
    const Mask mask = Mask::parse(mask_spec, n, padding_of(out.tokens));
    std::vector<EncoderLayer> stack;
    std::optional<LayerNorm> norm;
    Rng rng(seed);
    for (int i = 0; i < layers; ++i) {
        stack.emplace_back(lc);
        stack.back().init(rng);
    }
    out.x = sentence_input(out.tokens, layer.d_model, positional, seed);
    out.output = run_encoder_stack(stack, std::nullopt, out.x, mask, &out.traces);
    if (layer.norm_first) {
        LayerNorm final_norm(layer.d_model);
        final_norm.init_random(rng);
        LayerNorm::Result r = final_norm.forward(out.output);
        out.final_norm = BlockStep{"final-norm", r.y, r.mean, r.rstd};
        out.output = std::move(r.y);
    }
    return out;
}

namespace {

std::vector<std::string> vocabulary_of(const std::vector<std::string>& tokens) {
    std::vector<std::string> vocab = {"<begin>", "<end>"};
    for (const auto& t : tokens) {
        if (std::find(vocab.begin(), vocab.end(), t) == vocab.end()) vocab.push_back(t);
    }
    return vocab;
}

std::vector<int> ids_of(const TransformerConfig& config, const std::vector<std::string>& tokens) {
    std::vector<int> ids;
    for (const auto& t : tokens) {
        const int id = config.token_id(t);
        if (id < 0) {
            throw Error("token '" + t + "' is not in the model's vocabulary of " +
                        std::to_string(config.vocab.size()) + " tokens");
        }
        ids.push_back(id);
    }
    return ids;
}

template <class Model>
SentenceGeneration run(const Model& model, std::vector<std::string> tokens,
                       const GenerateOptions& options) {
    SentenceGeneration out;
    out.config = model.config;
    const std::vector<int> ids = ids_of(model.config, tokens);
    out.result = generate(model, ids, options);
    if (model.config.kind == ModelKind::encoder_decoder) out.source_tokens = std::move(tokens);
    return out;
}

}  // namespace

SentenceGeneration sentence_generate(std::string_view text, TransformerConfig config,
                                     const GenerateOptions& options, std::uint32_t seed,
                                     const AnyModel* loaded) {
    std::vector<std::string> tokens = tokenize(text);
    AnyModel seeded;
    if (!loaded) {
        check_range("d_model", config.layer.d_model, 2, kMaxLessonWidth);
        check_range("layers", config.layers, 1, 6);
        config.vocab = vocabulary_of(tokens);
        // Refuse too much work before building the model: that alone takes a while at the
        // largest sizes. The prompt gets <begin>; an encoder-decoder's source is the tokens.
        const int n = static_cast<int>(tokens.size());
        const bool cross = config.kind == ModelKind::encoder_decoder;
        check_work("generate", generate_work(config, cross ? 1 : n + 1, cross ? n : 0, options),
                   kMaxWorkPerCall,
                   "use fewer new tokens, turn the KV cache on, or a smaller model");
        seeded = seeded_model(config, seed);
        loaded = &seeded;
    }
    if (const auto* dec = std::get_if<std::unique_ptr<DecoderOnlyModel>>(loaded)) {
        return run(**dec, std::move(tokens), options);
    }
    return run(*std::get<std::unique_ptr<EncoderDecoderModel>>(*loaded), std::move(tokens),
               options);
}

AnyModel seeded_model(const TransformerConfig& config, std::uint32_t seed) {
    Rng rng(seed);
    if (config.kind == ModelKind::decoder_only) {
        auto model = std::make_unique<DecoderOnlyModel>(config);
        model->init(rng);
        return model;
    }
    auto model = std::make_unique<EncoderDecoderModel>(config);
    model->init(rng);
    return model;
}

}  // namespace attnlab
