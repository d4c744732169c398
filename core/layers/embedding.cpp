#include "attnlab/layers/embedding.h"

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/limits.h"

namespace attnlab {

namespace {
const float kUnitVarianceBound = std::sqrt(3.0f);
}

Embedding::Embedding(int vocab, int d_model) {
    check_range("vocab", vocab, 1, kMaxVocab);
    check_range("d_model", d_model, 1, 65536);
    check_size("embedding table (vocab * d_model)", static_cast<long long>(vocab) * d_model,
               kMaxModelParams);
    table_ = zeros2(vocab, d_model);
}

void Embedding::init_uniform(Rng& rng) {
    rng.fill_uniform(table_, -kUnitVarianceBound, kUnitVarianceBound);
}

Tensor2 Embedding::forward(const std::vector<int>& ids) const {
    Tensor2 out = zeros2(static_cast<int>(ids.size()), d_model());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        check_range("token id", ids[i], 0, vocab() - 1);
        xt::row(out, i) = xt::row(table_, ids[i]);
    }
    return out;
}

void Embedding::backward(const std::vector<int>& ids, const Tensor2& dy, Embedding& grad) const {
    const int d = d_model();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        check_range("token id", ids[i], 0, vocab() - 1);
        const float* src = dy.data() + i * static_cast<std::size_t>(d);
        float* dst = grad.table_.data() + static_cast<std::size_t>(ids[i]) * d;
        for (int c = 0; c < d; ++c) dst[c] += src[c];
    }
}

Tensor2 hashed_embeddings(const std::vector<std::string>& tokens, int d_model, std::uint64_t seed) {
    check_range("d_model", d_model, 1, 65536);
    Tensor2 out = zeros2(static_cast<int>(tokens.size()), d_model);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Rng rng(hash_text(tokens[i], seed));
        for (int j = 0; j < d_model; ++j) {
            out(i, j) = rng.uniform(-kUnitVarianceBound, kUnitVarianceBound);
        }
    }
    return out;
}

}  // namespace attnlab
