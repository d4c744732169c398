// reference.h: reads tests/reference/attention.json (written once by make_reference.py).
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "attnlab/tensor.h"

namespace attnlab::test {

/// tests/reference/<name>, parsed.
inline nlohmann::json read_reference(const std::string& name) {
    std::ifstream in(std::string(ATTNLAB_REFERENCE_DIR) + "/" + name);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

/// attention.json (make_reference.py), parsed once per test binary.
inline const nlohmann::json& reference() {
    static const nlohmann::json data = read_reference("attention.json");
    return data;
}

/// transformer.json (make_transformer_reference.py), parsed once per test binary.
inline const nlohmann::json& transformer_reference() {
    static const nlohmann::json data = read_reference("transformer.json");
    return data;
}

/// A reference tensor {shape, data} of rank 3.
inline Tensor3 tensor3(const nlohmann::json& t) {
    const auto& shape = t.at("shape");
    REQUIRE(shape.size() == 3);
    Tensor3 out = Tensor3::from_shape(
        {shape[0].get<std::size_t>(), shape[1].get<std::size_t>(), shape[2].get<std::size_t>()});
    const auto& data = t.at("data");
    REQUIRE(data.size() == out.size());
    for (std::size_t i = 0; i < data.size(); ++i) out.data()[i] = data[i].get<float>();
    return out;
}

/// A reference tensor {shape, data} as a rank-2 tensor; rank-1 data becomes (1, n).
/// The string "-inf" stands for negative infinity (JSON has no infinities).
inline Tensor2 tensor2(const nlohmann::json& t) {
    const auto& shape = t.at("shape");
    const std::size_t r = shape.size() == 2 ? shape[0].get<std::size_t>() : 1;
    const std::size_t c =
        shape.size() == 2 ? shape[1].get<std::size_t>() : shape[0].get<std::size_t>();
    Tensor2 out = Tensor2::from_shape({r, c});
    const auto& data = t.at("data");
    REQUIRE(data.size() == r * c);
    for (std::size_t i = 0; i < data.size(); ++i) {
        out.data()[i] =
            data[i].is_string() ? -std::numeric_limits<float>::infinity() : data[i].get<float>();
    }
    return out;
}

/// Largest |a - b| / (atol + rtol |b|) over all cells; <= 1 means "agrees". Both tensors must
/// have the same shape; infinities must match exactly.
template <class A, class B>
inline double worst_error(const A& a, const B& b, double atol, double rtol) {
    REQUIRE(a.shape() == b.shape());
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double x = a.data()[i];
        const double y = b.data()[i];
        if (std::isinf(y) || std::isinf(x)) {
            if (x != y) return std::numeric_limits<double>::infinity();
            continue;
        }
        worst = std::max(worst, std::abs(x - y) / (atol + rtol * std::abs(y)));
    }
    return worst;
}

/// REQUIRE that a agrees with the reference b to 1e-5 (absolute and relative).
#define REQUIRE_CLOSE(a, b) REQUIRE(::attnlab::test::worst_error((a), (b), 1e-5, 1e-5) <= 1.0)

}  // namespace attnlab::test
