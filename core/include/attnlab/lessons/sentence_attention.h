// sentence_attention.h: single-head self-attention on a learner's sentence, end to end.
// This is what the lesson widgets of lessons 4 and 7 show.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attnlab/layers/self_attention.h"
#include "attnlab/limits.h"
#include "attnlab/mask.h"

namespace attnlab {

/// Everything one run computes, n = number of tokens.
struct SentenceAttention {
    std::vector<std::string> tokens;  // n tokens
    Tensor2 x;                        // (n, d_model) hashed token embeddings
    SelfAttention layer;              // W_q, W_k, W_v: (d_k, d_model)
    Tensor2 mask;                     // (n, n), 1 = may attend, 0 = blocked
    SelfAttention::Result result;     // Q, K, V, scores, masked scores, weights, output
};

/// Tokenizes `sentence`, embeds each token with hashed_embeddings(seed), draws W_q, W_k, W_v
/// from Rng(seed), builds the named mask (padding marks the `<pad>` tokens) and runs
/// SelfAttention::forward. The same arguments give the same numbers on every platform.
/// Throws Error for a bad sentence (see tokenize), d_model or d_k outside 1..kMaxLessonWidth,
/// or an unknown mask name.
SentenceAttention sentence_self_attention(std::string_view sentence, int d_model, int d_k,
                                          std::string_view mask_name, std::uint32_t seed);

}  // namespace attnlab
