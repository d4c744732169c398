// multi_head_attention.h: several attention heads side by side, each in its own d_k-wide slice.
#pragma once

#include <string>
#include <vector>

#include "attnlab/layers/linear.h"
#include "attnlab/mask.h"
#include "attnlab/rng.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// "1, 2, 4, 8, 16": the head counts d_model n allows, for error messages.
std::string divisors_text(int n);

/// The keys and values a decoder has already computed, one row per earlier position, so a new
/// token only projects itself (Pope et al. 2022 call this the KV cache). Rows are appended,
/// never changed. Keys are stored after RoPE, when the layer uses it.
struct KVCache {
    int d_model = 0;
    int length = 0;        // rows in use
    std::vector<float> k;  // (capacity, d_model), first `length` rows valid
    std::vector<float> v;  // (capacity, d_model)

    /// Appends rows (t, d_model) of k and v. Throws Error on a width mismatch.
    void append(const Tensor2& k_rows, const Tensor2& v_rows);
    /// Forgets every row from `rows` on (0 <= rows <= length), e.g. to re-run a step.
    void truncate(int rows);
    /// The valid rows as tensors (copies), (length, d_model) each.
    Tensor2 keys() const;
    Tensor2 values() const;
};

/// Multi-head attention (Vaswani et al. 2017, sec. 3.2.2), in nn.MultiheadAttention's layout:
/// in_proj packs W_q, W_k, W_v as rows of one (3 d_model, d_model) weight with a (3 d_model)
/// bias; out_proj is W_o (d_model, d_model). Head h uses columns h*d_k .. (h+1)*d_k - 1 of Q, K
/// and V; the heads' outputs are concatenated back in order before W_o.
///
///     MultiHeadAttention mha(16, 4);  mha.init(rng);
///     auto r = mha.forward(x, x, Mask::causal(n));  // r.weights: (4, n, n), rows sum to 1
class MultiHeadAttention {
  public:
    /// For a batch of B examples (forward_batch) every row count is B times larger and the
    /// per-head tensors are (B * heads, n, m), example-major.
    struct Result {
        Tensor2 q;        // (n, d_model), after RoPE when rope is on
        Tensor2 k;        // (m, d_model), after RoPE when rope is on
        Tensor2 v;        // (m, d_model)
        Tensor3 scores;   // (heads, n, m): q_h k_h^T / sqrt(d_k), before the mask
        Tensor3 weights;  // (heads, n, m): softmax rows, blocked cells exactly 0
        Tensor2 concat;   // (n, d_model): head outputs side by side
        Tensor2 output;   // (n, d_model): concat W_o^T + b_o
    };

    /// Throws Error unless 1 <= heads <= d_model <= 65536 and heads divides d_model; with rope,
    /// d_k = d_model / heads must be even.
    MultiHeadAttention(int d_model, int heads, bool rope = false);
    /// PyTorch's init (xavier_uniform in_proj, nn.Linear default out_proj), except that the
    /// biases are drawn from U(-0.2, 0.2) instead of zeros so they cannot hide a bug.
    void init(Rng& rng);

    /// Self-attention (x_q == x_kv) or cross-attention. x_q: (n, d_model), x_kv: (m, d_model),
    /// mask: (n, m). q_position / k_position: positions of the first query / key row (RoPE only).
    /// keep_scores false skips the pre-mask copy of the scores (the fast path for decoding).
    /// Throws Error on a width or mask-shape mismatch.
    Result forward(const Tensor2& x_q, const Tensor2& x_kv, const Mask& mask, int q_position = 0,
                   int k_position = 0, bool keep_scores = true) const;

    /// A batch of B = masks.size() examples stacked row-wise, each attending only within
    /// itself: x_q (B n, d_model), x_kv (B m, d_model), masks[b]: (n, m) (e.g. causal & the
    /// example's key padding). self_attention: project Q, K, V from x_q alone (x_kv ignored).
    /// RoPE positions restart at 0 for every example. What training runs.
    Result forward_batch(const Tensor2& x_q, const Tensor2& x_kv, bool self_attention,
                         const std::vector<Mask>& masks, bool keep_scores = false) const;
    /// Backward of r = forward_batch(x_q, x_kv, self_attention, masks): d_out (B n, d_model) ->
    /// d x_q (B n, d_model). Cross-attention adds d x_kv (B m, d_model) into *d_kv (allocated
    /// if empty); self-attention's whole input gradient is the returned tensor. Adds every
    /// parameter gradient to grad (same shapes). Softmax backward: ds = w * (dw - sum(dw * w)),
    /// so blocked cells (w = 0) pass no gradient.
    Tensor2 backward(const Tensor2& x_q, const Tensor2& x_kv, bool self_attention,
                     const std::vector<Mask>& masks, const Result& r, const Tensor2& d_out,
                     MultiHeadAttention& grad, Tensor2* d_kv) const;

    /// Self-attention for new rows x_new (t, d_model) at positions cache.length.. : projects only
    /// the new rows, appends their k and v to `cache`, and attends over every cached row.
    /// mask: (t, cache.length + t) (usually Mask::causal(t, cache.length + t)). r.k and r.v hold
    /// the new rows only; r.scores is left empty.
    Result forward_cached(const Tensor2& x_new, KVCache& cache, const Mask& mask) const;
    /// Cross-attention of new query rows over keys and values computed once into `memory_cache`
    /// (fill it with project_memory). r.k and r.v are left empty.
    Result forward_memory(const Tensor2& x_new, const KVCache& memory_cache,
                          const Mask& mask) const;
    /// K and V of an encoder output (m, d_model), for forward_memory.
    KVCache project_memory(const Tensor2& memory) const;

    /// (heads, n, m) -> (n, m): the mean over heads, what nn.MultiheadAttention returns by default.
    static Tensor2 mean_over_heads(const Tensor3& per_head);
    /// (n, heads * d_k) -> (heads, n, d_k): the column blocks as separate matrices.
    static Tensor3 split_heads(const Tensor2& x, int heads);

    int d_model() const { return d_model_; }
    int heads() const { return heads_; }
    int d_k() const { return d_model_ / heads_; }
    bool rope() const { return rope_; }

    Linear in_proj;   // W_q, W_k, W_v stacked: weight (3 d_model, d_model), bias (3 d_model)
    Linear out_proj;  // W_o: (d_model, d_model)

  private:
    // q (B n, d_model) rows, k / v (B m, d_model) rows with leading dimension ld_kv, one mask
    // per example -> r.weights, r.concat, r.output (and r.scores when keep_scores).
    void attend(const Tensor2& q, const float* k, const float* v, int m, int ld_kv,
                const Mask* masks, int batch, bool keep_scores, Result& r) const;
    // forward / forward_batch: `batch` examples stacked row-wise, masks[b] for each.
    Result run(const Tensor2& x_q, const Tensor2& x_kv, bool self_attention, const Mask* masks,
               int batch, int q_position, int k_position, bool keep_scores) const;
    // Rows [first, first + count) of in_proj applied to x -> (n, count).
    Tensor2 project(const Tensor2& x, int first, int count) const;

    int d_model_;
    int heads_;
    bool rope_;
};

}  // namespace attnlab
