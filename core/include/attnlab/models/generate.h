// generate.h: autoregressive decoding, one token per step, with or without a KV cache.
#pragma once

#include <cstdint>
#include <vector>

#include "attnlab/models/transformer.h"

namespace attnlab {

struct GenerateOptions {
    int max_new_tokens = 8;    // 1..1024
    bool greedy = true;        // argmax; false: sample
    float temperature = 1.0f;  // sampling only, 0.05..10
    int top_k = 0;             // sampling only: keep the k most likely tokens, 0 = all
    std::uint32_t seed = 7;    // sampling only
    bool use_cache = true;     // keep K, V and compute only the new token's q, k, v per step
    bool stop_at_end = true;   // stop after generating <end> (when the vocabulary has it)
};

/// One generated token and what producing it cost.
struct GenerateStep {
    int token_id = 0;
    int position = 0;         // position of the query that produced it
    Tensor1 logits;           // (vocab)
    Tensor1 probabilities;    // (vocab): softmax(logits / temperature) (temperature 1 if greedy)
    Tensor2 self_weights;     // (heads, position + 1): last layer, newest query
    Tensor2 cross_weights;    // (heads, m): last layer, newest query; encoder-decoder only
    std::uint64_t macs = 0;   // multiply-adds in this step's matrix products
    double microseconds = 0;  // wall time of the step
    int cache_length = 0;     // rows in each layer's cache after the step (0 without a cache)
};

struct GenerateResult {
    std::vector<int> prompt_ids;  // the decoder's starting input
    std::vector<int> generated;   // new ids, in order (may end with <end>)
    std::vector<GenerateStep> steps;
    Tensor2 cache_k;                 // (length, d_model): last layer's keys at the end
    Tensor2 cache_v;                 // (length, d_model)
    std::uint64_t encoder_macs = 0;  // encoder, plus the cross-attention K, V with a cache
};

/// The multiply-adds generate() would do at most: `prompt` tokens to continue (the target
/// prompt, `<begin>` for an encoder-decoder), `source` tokens to encode (0 for decoder-only),
/// and every one of max_new_tokens steps taken. Counts the projections, the feed-forward, the
/// attention scores and sums and the output head per processed token; without a cache each
/// step processes the whole sequence again. An estimate of the order of the real count
/// (kernels::mac_count()), used to refuse calls that would freeze a page.
long long generate_work(const TransformerConfig& config, int prompt, int source,
                        const GenerateOptions& options);

/// Continues prompt (ids, 1..max_len) until `<end>` (if in the vocabulary) or max_new_tokens.
/// Without a cache each step recomputes the whole sequence; with it, the first step processes
/// the prompt and each later step one token. Both give the same logits. Throws Error for an
/// out-of-range option or when the sequence would outgrow the positional table, and with code
/// work_budget when generate_work() exceeds kMaxWorkPerCall.
GenerateResult generate(const DecoderOnlyModel& model, const std::vector<int>& prompt,
                        const GenerateOptions& options);

/// Encodes src once, then decodes from `<begin>` (which the vocabulary must contain).
GenerateResult generate(const EncoderDecoderModel& model, const std::vector<int>& src,
                        const GenerateOptions& options);

/// Picks the next id from logits (vocab): argmax when greedy (ties: the lowest id), else a draw
/// from softmax(logits / temperature) over the top_k largest. Writes the probabilities used.
int pick_token(const Tensor1& logits, const GenerateOptions& options, Rng& rng,
               Tensor1& probabilities);

}  // namespace attnlab
