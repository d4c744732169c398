#include "attnlab/layers/self_attention.h"

namespace attnlab {

SelfAttention::SelfAttention(int d_model, int d_k, bool bias)
    : W_q(d_model, d_k, bias), W_k(d_model, d_k, bias), W_v(d_model, d_k, bias) {}

void SelfAttention::init(Rng& rng) {
    W_q.init_xavier_uniform(rng);
    W_k.init_xavier_uniform(rng);
    W_v.init_xavier_uniform(rng);
}

SelfAttention::Result SelfAttention::forward(const Tensor2& x, const Mask& mask) const {
    Result r;
    r.q = W_q.forward(x);
    r.k = W_k.forward(x);
    r.v = W_v.forward(x);
    r.attention = scaled_dot_product_attention(r.q, r.k, r.v, mask);
    return r;
}

}  // namespace attnlab
