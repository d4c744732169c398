#include "attnlab/layers/multi_head_attention.h"

#include <cmath>
#include <limits>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/kernels/softmax.h"
#include "attnlab/layers/positional.h"

namespace attnlab {

namespace {

Tensor3 empty3(int a, int b, int c) {
    return Tensor3::from_shape(
        {static_cast<std::size_t>(a), static_cast<std::size_t>(b), static_cast<std::size_t>(c)});
}

void check_width(const char* what, const Tensor2& x, int d_model) {
    if (cols(x) != d_model) {
        shape_mismatch(what, std::to_string(cols(x)), std::to_string(d_model),
                       std::string(what) + " has width " + std::to_string(cols(x)) +
                           "; this attention layer needs d_model " + std::to_string(d_model));
    }
}

}  // namespace

std::string divisors_text(int n) {
    std::string out;
    for (int k = 1; k <= n; ++k) {
        if (n % k == 0) out += (out.empty() ? "" : ", ") + std::to_string(k);
    }
    return out;
}

void KVCache::append(const Tensor2& k_rows, const Tensor2& v_rows) {
    if (cols(k_rows) != d_model || cols(v_rows) != d_model || rows(k_rows) != rows(v_rows)) {
        shape_mismatch("KV cache rows", shape_str(rows(k_rows), cols(k_rows)),
                       "(rows, " + std::to_string(d_model) + ")",
                       "KV cache of width " + std::to_string(d_model) + " cannot take k " +
                           shape_str(rows(k_rows), cols(k_rows)) + " and v " +
                           shape_str(rows(v_rows), cols(v_rows)));
    }
    k.insert(k.end(), k_rows.data(), k_rows.data() + k_rows.size());
    v.insert(v.end(), v_rows.data(), v_rows.data() + v_rows.size());
    length += rows(k_rows);
}

void KVCache::truncate(int rows) {
    check_range("rows to keep", rows, 0, length);
    length = rows;
    k.resize(static_cast<std::size_t>(rows) * d_model);
    v.resize(static_cast<std::size_t>(rows) * d_model);
}

Tensor2 KVCache::keys() const {
    Tensor2 t = zeros2(length, d_model);
    std::copy(k.begin(), k.begin() + static_cast<std::ptrdiff_t>(t.size()), t.data());
    return t;
}

Tensor2 KVCache::values() const {
    Tensor2 t = zeros2(length, d_model);
    std::copy(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(t.size()), t.data());
    return t;
}

MultiHeadAttention::MultiHeadAttention(int d_model, int heads, bool rope)
    : in_proj(d_model, 3 * d_model, true),
      out_proj(d_model, d_model, true),
      d_model_(d_model),
      heads_(heads),
      rope_(rope) {
    check_range("heads", heads, 1, d_model);
    if (d_model % heads != 0) {
        not_divisible("d_model", d_model, heads,
                      "d_model " + std::to_string(d_model) + " is not divisible by heads " +
                          std::to_string(heads) + ": allowed heads " + divisors_text(d_model));
    }
    if (rope && d_k() % 2 != 0) {
        not_divisible(
            "d_k", d_k(), 2,
            "d_k " + std::to_string(d_k()) +
                " is odd: RoPE rotates pairs of columns, so d_model / heads must be even");
    }
}

void MultiHeadAttention::init(Rng& rng) {
    in_proj.init_xavier_uniform(rng);
    out_proj.init_pytorch_default(rng);
    for (auto& b : in_proj.bias()) b = rng.uniform(-0.2f, 0.2f);
    for (auto& b : out_proj.bias()) b = rng.uniform(-0.2f, 0.2f);
}

Tensor2 MultiHeadAttention::project(const Tensor2& x, int first, int count) const {
    const int n = rows(x);
    Tensor2 y = Tensor2::from_shape({static_cast<std::size_t>(n), static_cast<std::size_t>(count)});
    for (int i = 0; i < n; ++i) {
        std::copy(in_proj.bias().data() + first, in_proj.bias().data() + first + count,
                  y.data() + static_cast<std::size_t>(i) * count);
    }
    kernels::gemm_nt(n, count, d_model_, x.data(), d_model_,
                     in_proj.weight().data() + static_cast<std::size_t>(first) * d_model_, d_model_,
                     y.data(), count, /*accumulate=*/true);
    return y;
}

void MultiHeadAttention::attend(const Tensor2& q, const float* k, const float* v, int m, int ld_kv,
                                const Mask* masks, int batch, bool keep_scores, Result& r) const {
    const int n = rows(q) / batch;
    const int dk = d_k();
    for (int b = 0; b < batch; ++b) {
        if (masks[b].n_q() != n || masks[b].n_k() != m) {
            shape_mismatch("mask", shape_str(masks[b].n_q(), masks[b].n_k()), shape_str(n, m),
                           "mask of shape " + shape_str(masks[b].n_q(), masks[b].n_k()) +
                               " does not fit attention of shape " + shape_str(n, m) +
                               ": it must be (queries, keys)");
        }
    }
    // Scaling by 1/sqrt(d_k) keeps the scores' variance near 1 (Vaswani et al. 2017, sec. 3.2.1).
    const float scale = 1.0f / std::sqrt(static_cast<float>(dk));
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    r.weights = empty3(batch * heads_, n, m);
    if (keep_scores) r.scores = empty3(batch * heads_, n, m);
    r.concat = Tensor2::from_shape(
        {static_cast<std::size_t>(batch) * n, static_cast<std::size_t>(d_model_)});
    // Scaling q once (n x d_model) is cheaper than scaling every score (heads x n x m).
    Tensor2 q_scaled = q * scale;
    const std::size_t plane = static_cast<std::size_t>(n) * m;
    for (int b = 0; b < batch; ++b) {
        const float* qb = q_scaled.data() + static_cast<std::size_t>(b) * n * d_model_;
        const float* kb = k + static_cast<std::size_t>(b) * m * ld_kv;
        const float* vb = v + static_cast<std::size_t>(b) * m * ld_kv;
        float* cb = r.concat.data() + static_cast<std::size_t>(b) * n * d_model_;
        for (int h = 0; h < heads_; ++h) {
            const std::size_t slot = static_cast<std::size_t>(b) * heads_ + h;
            float* w = r.weights.data() + slot * plane;
            kernels::gemm_nt(n, m, dk, qb + h * dk, d_model_, kb + h * dk, ld_kv, w, m, false);
            if (keep_scores) std::copy(w, w + plane, r.scores.data() + slot * plane);
            for (int i = 0; i < n; ++i) {
                const unsigned char* allowed = masks[b].row(i);
                float* row = w + static_cast<std::size_t>(i) * m;
                for (int j = 0; j < m; ++j) row[j] = allowed[j] ? row[j] : kNegInf;
            }
            kernels::softmax_rows(n, m, w, m);
            kernels::gemm_nn(n, dk, m, w, m, vb + h * dk, ld_kv, cb + h * dk, d_model_, false);
        }
    }
    r.output = out_proj.forward(r.concat);
}

MultiHeadAttention::Result MultiHeadAttention::forward(const Tensor2& x_q, const Tensor2& x_kv,
                                                       const Mask& mask, int q_position,
                                                       int k_position, bool keep_scores) const {
    return run(x_q, x_kv, &x_q == &x_kv, &mask, 1, q_position, k_position, keep_scores);
}

MultiHeadAttention::Result MultiHeadAttention::forward_batch(const Tensor2& x_q,
                                                             const Tensor2& x_kv,
                                                             bool self_attention,
                                                             const std::vector<Mask>& masks,
                                                             bool keep_scores) const {
    check_range("batch size", static_cast<long long>(masks.size()), 1, 1 << 20);
    return run(x_q, x_kv, self_attention, masks.data(), static_cast<int>(masks.size()), 0, 0,
               keep_scores);
}

MultiHeadAttention::Result MultiHeadAttention::run(const Tensor2& x_q, const Tensor2& x_kv,
                                                   bool self_attention, const Mask* masks,
                                                   int batch, int q_position, int k_position,
                                                   bool keep_scores) const {
    check_width("the queries' input", x_q, d_model_);
    const Tensor2& kv_in = self_attention ? x_q : x_kv;
    check_width("the keys' and values' input", kv_in, d_model_);
    if (rows(x_q) % batch != 0 || rows(kv_in) % batch != 0) {
        not_divisible("input rows", rows(x_q) % batch != 0 ? rows(x_q) : rows(kv_in), batch,
                      "inputs of " + std::to_string(rows(x_q)) + " and " +
                          std::to_string(rows(kv_in)) + " rows do not split into " +
                          std::to_string(batch) + " examples");
    }
    Result r;
    if (self_attention) {
        // Self-attention: one GEMM for Q, K and V together.
        const Tensor2 qkv = project(x_q, 0, 3 * d_model_);
        const std::size_t n = static_cast<std::size_t>(rows(x_q));
        const std::size_t d = static_cast<std::size_t>(d_model_);
        r.q = Tensor2::from_shape({n, d});
        r.k = Tensor2::from_shape({n, d});
        r.v = Tensor2::from_shape({n, d});
        for (std::size_t i = 0; i < n; ++i) {
            const float* row = qkv.data() + i * 3 * d;
            std::copy(row, row + d, r.q.data() + i * d);
            std::copy(row + d, row + 2 * d, r.k.data() + i * d);
            std::copy(row + 2 * d, row + 3 * d, r.v.data() + i * d);
        }
    } else {
        r.q = project(x_q, 0, d_model_);
        r.k = project(kv_in, d_model_, d_model_);
        r.v = project(kv_in, 2 * d_model_, d_model_);
    }
    if (rope_) {
        apply_rope(r.q, d_k(), q_position, batch > 1 ? rows(x_q) / batch : 0);
        apply_rope(r.k, d_k(), k_position, batch > 1 ? rows(kv_in) / batch : 0);
    }
    attend(r.q, r.k.data(), r.v.data(), rows(r.k) / batch, d_model_, masks, batch, keep_scores, r);
    return r;
}

Tensor2 MultiHeadAttention::backward(const Tensor2& x_q, const Tensor2& x_kv, bool self_attention,
                                     const std::vector<Mask>& masks, const Result& r,
                                     const Tensor2& d_out, MultiHeadAttention& grad,
                                     Tensor2* d_kv) const {
    const int batch = static_cast<int>(masks.size());
    const Tensor2& kv_in = self_attention ? x_q : x_kv;
    const int d = d_model_;
    const int dk = d_k();
    const int n = rows(x_q) / batch;
    const int m = rows(kv_in) / batch;
    const float scale = 1.0f / std::sqrt(static_cast<float>(dk));
    const Tensor2 d_concat = out_proj.backward(r.concat, d_out, grad.out_proj);

    // dQ, dK, dV side by side in one (rows, 3 d) buffer when self-attending, so the input
    // gradient and W_in's gradient are one GEMM each, mirroring the forward's packed projection.
    const int ld = self_attention ? 3 * d : d;
    Tensor2 dq = zeros2(batch * n, ld);
    Tensor2 dkv_buf = self_attention ? Tensor2() : zeros2(batch * m, 2 * d);
    float* dq_base = dq.data();
    float* dk_base = self_attention ? dq.data() + d : dkv_buf.data();
    float* dv_base = self_attention ? dq.data() + 2 * d : dkv_buf.data() + d;
    const int ld_kv = self_attention ? 3 * d : 2 * d;

    const std::size_t plane = static_cast<std::size_t>(n) * m;
    std::vector<float> dw(plane);
    for (int b = 0; b < batch; ++b) {
        const std::size_t q_row = static_cast<std::size_t>(b) * n;
        const std::size_t k_row = static_cast<std::size_t>(b) * m;
        for (int h = 0; h < heads_; ++h) {
            const float* w = r.weights.data() + (static_cast<std::size_t>(b) * heads_ + h) * plane;
            const float* dc = d_concat.data() + q_row * d + h * dk;
            // d weights = d_concat_h V_h^T; dV_h = W^T d_concat_h.
            kernels::gemm_nt(n, m, dk, dc, d, r.v.data() + k_row * d + h * dk, d, dw.data(), m,
                             false);
            kernels::gemm_tn(m, dk, n, w, m, dc, d, dv_base + k_row * ld_kv + h * dk, ld_kv, true);
            // Softmax backward, then the 1/sqrt(d_k) scale of the scores.
            for (int i = 0; i < n; ++i) {
                const float* wi = w + static_cast<std::size_t>(i) * m;
                float* gi = dw.data() + static_cast<std::size_t>(i) * m;
                float dot = 0.0f;
                for (int j = 0; j < m; ++j) dot += gi[j] * wi[j];
                for (int j = 0; j < m; ++j) gi[j] = wi[j] * (gi[j] - dot) * scale;
            }
            // dQ_h = dS K_h; dK_h = dS^T Q_h.
            kernels::gemm_nn(n, dk, m, dw.data(), m, r.k.data() + k_row * d + h * dk, d,
                             dq_base + q_row * ld + h * dk, ld, true);
            kernels::gemm_tn(m, dk, n, dw.data(), m, r.q.data() + q_row * d + h * dk, d,
                             dk_base + k_row * ld_kv + h * dk, ld_kv, true);
        }
    }
    if (rope_) {
        // Rotate the gradients of the rotated q and k back (in place, on a compact copy).
        auto unrotate = [&](float* base, int ld_base, int rows_, int period) {
            Tensor2 t = zeros2(rows_, d);
            for (int i = 0; i < rows_; ++i) {
                std::copy(base + static_cast<std::size_t>(i) * ld_base,
                          base + static_cast<std::size_t>(i) * ld_base + d,
                          t.data() + static_cast<std::size_t>(i) * d);
            }
            apply_rope(t, dk, 0, batch > 1 ? period : 0, /*inverse=*/true);
            for (int i = 0; i < rows_; ++i) {
                std::copy(t.data() + static_cast<std::size_t>(i) * d,
                          t.data() + static_cast<std::size_t>(i + 1) * d,
                          base + static_cast<std::size_t>(i) * ld_base);
            }
        };
        unrotate(dq_base, ld, batch * n, n);
        unrotate(dk_base, ld_kv, batch * m, m);
    }

    Tensor2& w_in = grad.in_proj.weight();
    Tensor1& b_in = grad.in_proj.bias();
    const float* w = in_proj.weight().data();
    if (self_attention) {
        // [dQ dK dV] (rows, 3d): W_in's gradient and the input's in one product each.
        kernels::gemm_tn(3 * d, d, batch * n, dq.data(), 3 * d, x_q.data(), d, w_in.data(), d,
                         true);
        add_column_sums(dq, b_in);
        Tensor2 dx = zeros2(batch * n, d);
        kernels::gemm_nn(batch * n, d, 3 * d, dq.data(), 3 * d, w, d, dx.data(), d, false);
        return dx;
    }
    const int rows_q = batch * n;
    const int rows_kv = batch * m;
    kernels::gemm_tn(d, d, rows_q, dq.data(), d, x_q.data(), d, w_in.data(), d, true);
    kernels::gemm_tn(2 * d, d, rows_kv, dkv_buf.data(), 2 * d, kv_in.data(), d,
                     w_in.data() + static_cast<std::size_t>(d) * d, d, true);
    for (int i = 0; i < rows_q; ++i) {
        for (int c = 0; c < d; ++c) b_in(c) += dq(i, c);
    }
    for (int i = 0; i < rows_kv; ++i) {
        for (int c = 0; c < 2 * d; ++c) b_in(d + c) += dkv_buf(i, c);
    }
    Tensor2 dx = zeros2(rows_q, d);
    kernels::gemm_nn(rows_q, d, d, dq.data(), d, w, d, dx.data(), d, false);
    if (d_kv->size() == 0) *d_kv = zeros2(rows_kv, d);
    kernels::gemm_nn(rows_kv, d, 2 * d, dkv_buf.data(), 2 * d, w + static_cast<std::size_t>(d) * d,
                     d, d_kv->data(), d, true);
    return dx;
}

MultiHeadAttention::Result MultiHeadAttention::forward_cached(const Tensor2& x_new, KVCache& cache,
                                                              const Mask& mask) const {
    check_width("the new tokens' input", x_new, d_model_);
    if (cache.d_model == 0) cache.d_model = d_model_;
    Result r;
    r.q = project(x_new, 0, d_model_);
    r.k = project(x_new, d_model_, d_model_);
    r.v = project(x_new, 2 * d_model_, d_model_);
    if (rope_) {
        apply_rope(r.q, d_k(), cache.length);
        apply_rope(r.k, d_k(), cache.length);
    }
    cache.append(r.k, r.v);
    attend(r.q, cache.k.data(), cache.v.data(), cache.length, d_model_, &mask, 1, false, r);
    return r;
}

KVCache MultiHeadAttention::project_memory(const Tensor2& memory) const {
    check_width("the memory", memory, d_model_);
    KVCache c;
    c.d_model = d_model_;
    Tensor2 k = project(memory, d_model_, d_model_);
    if (rope_) apply_rope(k, d_k(), 0);
    c.append(k, project(memory, 2 * d_model_, d_model_));
    return c;
}

MultiHeadAttention::Result MultiHeadAttention::forward_memory(const Tensor2& x_new,
                                                              const KVCache& memory_cache,
                                                              const Mask& mask) const {
    check_width("the new tokens' input", x_new, d_model_);
    Result r;
    r.q = project(x_new, 0, d_model_);
    if (rope_) apply_rope(r.q, d_k(), 0);
    attend(r.q, memory_cache.k.data(), memory_cache.v.data(), memory_cache.length, d_model_, &mask,
           1, false, r);
    return r;
}

Tensor2 MultiHeadAttention::mean_over_heads(const Tensor3& per_head) {
    const int h = static_cast<int>(per_head.shape()[0]);
    const int n = static_cast<int>(per_head.shape()[1]);
    const int m = static_cast<int>(per_head.shape()[2]);
    Tensor2 mean = zeros2(n, m);
    for (int k = 0; k < h; ++k) {
        const float* src = per_head.data() + static_cast<std::size_t>(k) * n * m;
        for (std::size_t idx = 0; idx < mean.size(); ++idx) mean.data()[idx] += src[idx];
    }
    mean /= static_cast<float>(h);
    return mean;
}

Tensor3 MultiHeadAttention::split_heads(const Tensor2& x, int heads) {
    const int n = rows(x);
    const int width = cols(x);
    check_range("heads", heads, 1, width);
    if (width % heads != 0) {
        not_divisible("width", width, heads,
                      "width " + std::to_string(width) + " is not divisible by heads " +
                          std::to_string(heads));
    }
    const int dk = width / heads;
    Tensor3 out = empty3(heads, n, dk);
    for (int h = 0; h < heads; ++h) {
        for (int i = 0; i < n; ++i) {
            const float* src = x.data() + static_cast<std::size_t>(i) * width + h * dk;
            std::copy(src, src + dk, out.data() + (static_cast<std::size_t>(h) * n + i) * dk);
        }
    }
    return out;
}

}  // namespace attnlab
