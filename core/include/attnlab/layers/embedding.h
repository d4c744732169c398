// embedding.h: token ids (or, for a learner's own words, token strings) to vectors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// A learned lookup table: row `id` of table (vocab, d_model) is token id's vector.
class Embedding {
  public:
    /// Throws Error unless 1 <= vocab <= kMaxVocab, 1 <= d_model <= 65536 and vocab * d_model <=
    /// kMaxModelParams. Starts at zero.
    Embedding(int vocab, int d_model);
    /// U(-sqrt(3), sqrt(3)): unit variance, like PyTorch's N(0, 1) default but platform-exact.
    void init_uniform(Rng& rng);
    /// ids: n values in 0..vocab-1 -> (n, d_model). Throws Error naming an id out of range.
    Tensor2 forward(const std::vector<int>& ids) const;
    /// Backward of forward(ids): adds row i of dy (n, d_model) to row ids[i] of grad.table()
    /// (a token that appears twice collects both rows).
    void backward(const std::vector<int>& ids, const Tensor2& dy, Embedding& grad) const;

    int vocab() const { return rows(table_); }
    int d_model() const { return cols(table_); }
    Tensor2& table() { return table_; }
    const Tensor2& table() const { return table_; }

  private:
    Tensor2 table_;  // (vocab, d_model)
};

/// Embeddings for a learner's own tokens, no vocabulary needed: each token's row is drawn from
/// an Rng seeded by hash(token, seed), U(-sqrt(3), sqrt(3)). The same token gets the same vector
/// wherever it appears, so the two "saw"s of "I saw a saw" start identical.
/// tokens: n strings -> (n, d_model). Throws Error unless 1 <= d_model <= 65536.
Tensor2 hashed_embeddings(const std::vector<std::string>& tokens, int d_model, std::uint64_t seed);

}  // namespace attnlab
