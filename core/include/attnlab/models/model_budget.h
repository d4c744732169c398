// model_budget.h: a model's size from its config alone, so every constructor and loader can refuse
// a model that is too large before it allocates a single weight.
#pragma once

#include "attnlab/models/transformer.h"

namespace attnlab {

/// The number of parameters (floats) a model of this config holds, exactly as collect_params
/// lists them, in 64 bits (a 32-bit size_t in wasm overflows long before a config's ints do).
/// Reads d_model, d_ff, layers, vocab size, max_len, positional, norm_first and kind; does not
/// validate them (a negative field gives a meaningless count: call check_model_budget).
long long model_parameter_count(const TransformerConfig& config);

/// Throws Error before anything is allocated: out_of_range (what, value, min, max) when d_model
/// is outside 2..kMaxDModel, d_ff outside 1..kMaxDFF, layers outside 1..kMaxLayers, max_len
/// outside 1..kMaxPositions or the vocabulary outside 2..kMaxVocab tokens; too_large (what:
/// "model parameters", value, max) when model_parameter_count exceeds kMaxModelParams.
void check_model_budget(const TransformerConfig& config);

}  // namespace attnlab
