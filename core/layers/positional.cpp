#include "attnlab/layers/positional.h"

#include <cmath>
#include <string>

#include "attnlab/errors.h"

namespace attnlab {

Positional positional_from_name(const std::string& name) {
    if (name == "none") return Positional::none;
    if (name == "sinusoidal") return Positional::sinusoidal;
    if (name == "learned") return Positional::learned;
    if (name == "rope") return Positional::rope;
    unknown_choice("positional encoding", name, "none, sinusoidal, learned, rope");
}

const char* positional_name(Positional p) {
    switch (p) {
        case Positional::none:
            return "none";
        case Positional::sinusoidal:
            return "sinusoidal";
        case Positional::learned:
            return "learned";
        case Positional::rope:
            return "rope";
    }
    return "none";
}

namespace {

void check_even_width(const char* what, int width) {
    check_range(what, width, 2, 65536);
    if (width % 2 != 0) {
        not_divisible(what, width, 2,
                      std::string(what) + " " + std::to_string(width) +
                          " is odd: sin/cos positions pair columns, so it must be even");
    }
}

// 10000^(-2i / width) in double, so the native and wasm tables agree to the last float bit
// far more often than a float pow would.
double inverse_frequency(int pair, int width) {
    return std::pow(10000.0, -2.0 * pair / static_cast<double>(width));
}

}  // namespace

Tensor2 sinusoidal_table(int length, int d_model) {
    check_range("positions", length, 1, kMaxPositions);
    check_even_width("d_model", d_model);
    Tensor2 pe = zeros2(length, d_model);
    for (int p = 0; p < length; ++p) {
        for (int i = 0; i < d_model / 2; ++i) {
            const double angle = p * inverse_frequency(i, d_model);
            pe(p, 2 * i) = static_cast<float>(std::sin(angle));
            pe(p, 2 * i + 1) = static_cast<float>(std::cos(angle));
        }
    }
    return pe;
}

void apply_rope(Tensor2& x, int d_k, int first_position, int period, bool inverse) {
    check_even_width("d_k", d_k);
    const int width = cols(x);
    if (width % d_k != 0) {
        throw Error("RoPE head width d_k " + std::to_string(d_k) + " does not divide the width " +
                    std::to_string(width));
    }
    for (int r = 0; r < rows(x); ++r) {
        const int p = first_position + (period > 0 ? r % period : r);
        for (int i = 0; i < d_k / 2; ++i) {
            const double angle = p * inverse_frequency(i, d_k);
            const float c = static_cast<float>(std::cos(angle));
            const float s = static_cast<float>(inverse ? -std::sin(angle) : std::sin(angle));
            for (int h = 0; h < width; h += d_k) {
                float& a = x(r, h + 2 * i);
                float& b = x(r, h + 2 * i + 1);
                const float a0 = a;
                a = a0 * c - b * s;
                b = a0 * s + b * c;
            }
        }
    }
}

Tensor2 rope_table(int length, int d_k) {
    check_range("positions", length, 1, kMaxPositions);
    check_even_width("d_k", d_k);
    Tensor2 t = zeros2(length, d_k);
    for (int p = 0; p < length; ++p) {
        for (int i = 0; i < d_k / 2; ++i) t(p, 2 * i) = 1.0f;
    }
    apply_rope(t, d_k, 0);
    return t;
}

Tensor2 cosine_similarity(const Tensor2& t) {
    const int n = rows(t);
    const int d = cols(t);
    std::vector<double> norms(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double s = 0;
        for (int c = 0; c < d; ++c) s += static_cast<double>(t(i, c)) * t(i, c);
        norms[i] = std::sqrt(s);
    }
    Tensor2 sim = zeros2(n, n);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            double dot = 0;
            for (int c = 0; c < d; ++c) dot += static_cast<double>(t(i, c)) * t(j, c);
            const double denom = norms[i] * norms[j];
            sim(i, j) = denom > 0 ? static_cast<float>(dot / denom) : 0.0f;
        }
    }
    return sim;
}

void check_positions(int n, int max_positions) {
    if (n < 1 || n > max_positions) {
        throw Error("out_of_range",
                    "sequence of " + std::to_string(n) +
                        " tokens is longer than the positional table: allowed 1.." +
                        std::to_string(max_positions) + " tokens",
                    {{"what", "sequence length"},
                     {"value", std::to_string(n)},
                     {"min", "1"},
                     {"max", std::to_string(max_positions)}});
    }
}

}  // namespace attnlab
