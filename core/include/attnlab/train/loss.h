// loss.h: cross-entropy over logits, the loss every model here trains on.
#pragma once

#include <vector>

#include "attnlab/tensor.h"

namespace attnlab {

/// A target equal to this is skipped (padding), as PyTorch's ignore_index default.
constexpr int kIgnoreIndex = -100;

struct CrossEntropy {
    double loss = 0;   // mean (or sum) over counted rows, in nats
    int counted = 0;   // rows whose target is not kIgnoreIndex
    Tensor2 d_logits;  // (n, vocab): d loss / d logits; ignored rows are 0
};

/// Cross-entropy of logits (n, vocab) against targets (n) in 0..vocab-1 or kIgnoreIndex, as
/// torch.nn.functional.cross_entropy: with label smoothing e the target distribution is
/// q = (1 - e) onehot + e / vocab (Szegedy et al. 2016, sec. 7), loss_i = -sum_c q_c log p_ic,
/// and d loss_i / d logits_i = p_i - q. mean: divide by the counted rows (0 rows give loss 0).
/// Throws Error for a target out of range, a row count mismatch, or e outside 0..1.
CrossEntropy cross_entropy(const Tensor2& logits, const std::vector<int>& targets,
                           float label_smoothing = 0.0f, bool mean = true);

}  // namespace attnlab
