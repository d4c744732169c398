#include "attnlab/mask.h"

#include <limits>
#include <string>

#include "attnlab/errors.h"

namespace attnlab {

namespace {
constexpr int kMaxSide = 1 << 16;
}

Mask::Mask(int n_q, int n_k, unsigned char fill) : n_q_(n_q), n_k_(n_k) {
    check_range("mask rows (queries)", n_q, 1, kMaxSide);
    check_range("mask columns (keys)", n_k, 1, kMaxSide);
    cells_.assign(static_cast<std::size_t>(n_q) * n_k, fill);
}

Mask Mask::none(int n_q, int n_k) { return Mask(n_q, n_k, 1); }

Mask Mask::causal(int n) {
    Mask m(n, n, 0);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j <= i; ++j) m.cells_[static_cast<std::size_t>(i) * n + j] = 1;
    }
    return m;
}

Mask Mask::key_padding(int n_q, const std::vector<bool>& is_padding) {
    Mask m(n_q, static_cast<int>(is_padding.size()), 1);
    for (int i = 0; i < n_q; ++i) {
        for (int j = 0; j < m.n_k_; ++j) {
            if (is_padding[j]) m.cells_[static_cast<std::size_t>(i) * m.n_k_ + j] = 0;
        }
    }
    return m;
}

Mask Mask::from_tensor(const Tensor2& allowed) {
    Mask m(rows(allowed), cols(allowed), 0);
    for (std::size_t idx = 0; idx < m.cells_.size(); ++idx) {
        const float value = allowed.data()[idx];
        if (value != 0.0f && value != 1.0f) {
            throw Error("mask value " + std::to_string(value) + " at cell " + std::to_string(idx) +
                        " is not allowed: a mask holds only 1 (may attend) and 0 (blocked)");
        }
        m.cells_[idx] = value == 1.0f ? 1 : 0;
    }
    return m;
}

Mask Mask::by_name(std::string_view name, const std::vector<bool>& is_padding) {
    const int n = static_cast<int>(is_padding.size());
    if (name == "none") return none(n, n);
    if (name == "causal") return causal(n);
    if (name == "padding") return key_padding(n, is_padding);
    if (name == "causal+padding") return causal(n) & key_padding(n, is_padding);
    throw Error("mask '" + std::string(name) +
                "' is unknown: allowed none, causal, padding, causal+padding");
}

Mask Mask::operator&(const Mask& other) const {
    if (other.n_q_ != n_q_ || other.n_k_ != n_k_) {
        throw Error("cannot combine a mask of shape " + shape_str(n_q_, n_k_) +
                    " with one of shape " + shape_str(other.n_q_, other.n_k_));
    }
    Mask m(n_q_, n_k_, 0);
    for (std::size_t idx = 0; idx < cells_.size(); ++idx) {
        m.cells_[idx] = static_cast<unsigned char>(cells_[idx] & other.cells_[idx]);
    }
    return m;
}

Tensor2 Mask::to_tensor() const {
    Tensor2 t = zeros2(n_q_, n_k_);
    for (std::size_t idx = 0; idx < cells_.size(); ++idx) t.data()[idx] = cells_[idx];
    return t;
}

void Mask::apply(Tensor2& scores) const {
    if (rows(scores) != n_q_ || cols(scores) != n_k_) {
        throw Error("mask of shape " + shape_str(n_q_, n_k_) + " does not fit scores of shape " +
                    shape_str(rows(scores), cols(scores)) + ": it must be (n_q, n_k)");
    }
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (std::size_t idx = 0; idx < cells_.size(); ++idx) {
        if (cells_[idx] == 0) scores.data()[idx] = kNegInf;
    }
}

}  // namespace attnlab
