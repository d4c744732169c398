#include "attnlab/mask.h"

#include <algorithm>
#include <limits>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/limits.h"

namespace attnlab {

namespace {
constexpr int kMaxSide = 1 << 16;
}

Mask::Mask(int n_q, int n_k, unsigned char fill) : n_q_(n_q), n_k_(n_k) {
    check_range("mask rows (queries)", n_q, 1, kMaxSide);
    check_range("mask columns (keys)", n_k, 1, kMaxSide);
    // In 64 bits and before allocating: 65536 * 65536 wraps a 32-bit size_t to 0, and
    // 20000 * 20000 cells would hold 400 MB for good.
    check_size("mask cells (n_q * n_k)", static_cast<long long>(n_q) * n_k, kMaxMaskCells);
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

Mask Mask::causal(int n_q, int n_k) {
    if (n_q > n_k) {
        throw Error("out_of_range",
                    "a causal mask cannot have more queries (" + std::to_string(n_q) +
                        ") than keys (" + std::to_string(n_k) + ")",
                    {{"what", "queries of a causal mask"},
                     {"value", std::to_string(n_q)},
                     {"min", "1"},
                     {"max", std::to_string(n_k)}});
    }
    Mask m(n_q, n_k, 0);
    const int offset = n_k - n_q;
    for (int i = 0; i < n_q; ++i) {
        for (int j = 0; j <= i + offset; ++j) m.cells_[static_cast<std::size_t>(i) * n_k + j] = 1;
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

Mask Mask::prefix(int n, int prefix) {
    check_range("prefix length", prefix, 0, n);
    Mask m(n, n, 0);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            m.cells_[static_cast<std::size_t>(i) * n + j] = (j <= i || j < prefix) ? 1 : 0;
        }
    }
    return m;
}

Mask Mask::window(int n_q, int n_k, int radius) {
    check_range("window radius", radius, 0, kMaxSide);
    Mask m(n_q, n_k, 0);
    for (int i = 0; i < n_q; ++i) {
        for (int j = 0; j < n_k; ++j) {
            const int distance = i > j ? i - j : j - i;
            m.cells_[static_cast<std::size_t>(i) * n_k + j] = distance <= radius ? 1 : 0;
        }
    }
    return m;
}

Mask Mask::from_tensor(const Tensor2& allowed) {
    Mask m(rows(allowed), cols(allowed), 0);
    for (std::size_t idx = 0; idx < m.cells_.size(); ++idx) {
        const float value = allowed.data()[idx];
        if (value != 0.0f && value != 1.0f) {
            throw Error("unknown_choice",
                        "mask value " + std::to_string(value) + " at cell " + std::to_string(idx) +
                            " is not allowed: a mask holds only 1 (may attend) and 0 (blocked)",
                        {{"what", "mask value"},
                         {"value", std::to_string(value)},
                         {"allowed", "0, 1"},
                         {"index", std::to_string(idx)}});
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
    unknown_choice("mask", std::string(name), "none, causal, padding, causal+padding");
}

namespace {

// "prefix:3" -> 3; throws naming the term unless the number is a plain non-negative integer.
int term_number(std::string_view term, std::string_view kind) {
    const std::string_view digits = term.substr(kind.size() + 1);
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
        throw Error("invalid",
                    "mask term '" + std::string(term) + "' needs a whole number after '" +
                        std::string(kind) + ":', e.g. " + std::string(kind) + ":2",
                    {{"what", "mask term"}, {"value", std::string(term)}});
    }
    return std::stoi(std::string(digits));
}

}  // namespace

Mask Mask::parse(std::string_view spec, int n_q, const std::vector<bool>& is_padding) {
    const int n_k = static_cast<int>(is_padding.size());
    Mask m = none(n_q, n_k);
    // Each term builds and intersects one (n_q, n_k) mask: bound the terms times the cells.
    const long long terms = 1 + static_cast<long long>(std::count(spec.begin(), spec.end(), '+'));
    check_work("mask", terms * n_q * n_k, kMaxWorkPerCall, "use fewer terms or a smaller mask");
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t plus = spec.find('+', start);
        const std::size_t end = plus == std::string_view::npos ? spec.size() : plus;
        const std::string_view term = spec.substr(start, end - start);
        const bool square_only = term == "causal" || term.substr(0, 7) == "prefix:";
        if (square_only && n_q != n_k) {
            shape_mismatch("mask term", shape_str(n_q, n_k), shape_str(n_q, n_q),
                           "mask term '" + std::string(term) +
                               "' needs as many queries as keys; got " + std::to_string(n_q) +
                               " queries and " + std::to_string(n_k) + " keys");
        }
        if (term == "none") {
            // allows everything: nothing to intersect
        } else if (term == "causal") {
            m = m & causal(n_q);
        } else if (term == "padding") {
            m = m & key_padding(n_q, is_padding);
        } else if (term.substr(0, 7) == "prefix:") {
            const int p = term_number(term, "prefix");
            check_range("prefix length", p, 0, n_q);
            m = m & prefix(n_q, p);
        } else if (term.substr(0, 7) == "window:") {
            m = m & window(n_q, n_k, term_number(term, "window"));
        } else {
            unknown_choice("mask term", std::string(term),
                           "none, causal, padding, prefix:P, window:R, joined by '+'");
        }
        if (plus == std::string_view::npos) break;
        start = plus + 1;
    }
    return m;
}

Mask Mask::operator&(const Mask& other) const {
    if (other.n_q_ != n_q_ || other.n_k_ != n_k_) {
        shape_mismatch("mask", shape_str(other.n_q_, other.n_k_), shape_str(n_q_, n_k_),
                       "cannot combine a mask of shape " + shape_str(n_q_, n_k_) +
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
        shape_mismatch("mask", shape_str(n_q_, n_k_), shape_str(rows(scores), cols(scores)),
                       "mask of shape " + shape_str(n_q_, n_k_) + " does not fit scores of shape " +
                           shape_str(rows(scores), cols(scores)) + ": it must be (n_q, n_k)");
    }
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (std::size_t idx = 0; idx < cells_.size(); ++idx) {
        if (cells_[idx] == 0) scores.data()[idx] = kNegInf;
    }
}

}  // namespace attnlab
