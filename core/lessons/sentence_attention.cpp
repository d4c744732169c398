#include "attnlab/lessons/sentence_attention.h"

#include "attnlab/errors.h"
#include "attnlab/layers/embedding.h"
#include "attnlab/text/tokenizer.h"

namespace attnlab {

SentenceAttention sentence_self_attention(std::string_view sentence, int d_model, int d_k,
                                          std::string_view mask_name, std::uint32_t seed) {
    check_range("d_model", d_model, 1, kMaxLessonWidth);
    check_range("d_k", d_k, 1, kMaxLessonWidth);
    std::vector<std::string> tokens = tokenize(sentence);

    std::vector<bool> is_padding(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) is_padding[i] = tokens[i] == kPadToken;
    const Mask mask = Mask::parse(mask_name, static_cast<int>(is_padding.size()), is_padding);

    SelfAttention layer(d_model, d_k);
    Rng rng(seed);
    layer.init(rng);

    Tensor2 x = hashed_embeddings(tokens, d_model, seed);
    SelfAttention::Result result = layer.forward(x, mask);
    return SentenceAttention{std::move(tokens), std::move(x), std::move(layer), mask.to_tensor(),
                             std::move(result)};
}

}  // namespace attnlab
