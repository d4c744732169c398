// Row softmax: PyTorch reference values (with -inf cells and large magnitudes), exact zeros,
// all-blocked rows, and the SIMD variant against the scalar one.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "attnlab/kernels/softmax.h"
#include "attnlab/rng.h"
#include "reference.h"

namespace {

using SoftmaxFn = void (*)(int, int, float*, int);

std::vector<std::pair<const char*, SoftmaxFn>> variants() {
    std::vector<std::pair<const char*, SoftmaxFn>> v{
        {"scalar", attnlab::kernels::scalar::softmax_rows}};
#ifdef ATTNLAB_SIMD128
    v.emplace_back("simd128", attnlab::kernels::simd128::softmax_rows);
#endif
    return v;
}

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

}  // namespace

TEST_CASE("softmax matches PyTorch, masked cells exactly 0", "[kernels][softmax]") {
    for (const auto& [name, softmax] : variants()) {
        for (const auto& c : attnlab::test::reference().at("softmax")) {
            INFO(name);
            const attnlab::Tensor2 x = attnlab::test::tensor2(c.at("x"));
            attnlab::Tensor2 y = x;
            softmax(attnlab::rows(y), attnlab::cols(y), y.data(), attnlab::cols(y));
            REQUIRE_CLOSE(y, attnlab::test::tensor2(c.at("y")));
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (x.data()[i] == kNegInf) REQUIRE(y.data()[i] == 0.0f);
            }
        }
    }
}

TEST_CASE("softmax rows sum to 1 at every tail length", "[kernels][softmax]") {
    attnlab::Rng rng(4);
    for (const auto& [name, softmax] : variants()) {
        for (int cols = 1; cols <= 19; ++cols) {
            std::vector<float> x(static_cast<std::size_t>(3) * (cols + 2), 123.0f);
            for (int i = 0; i < 3; ++i) {
                for (int j = 0; j < cols; ++j) x[i * (cols + 2) + j] = rng.uniform(-30.0f, 30.0f);
            }
            softmax(3, cols, x.data(), cols + 2);
            for (int i = 0; i < 3; ++i) {
                double sum = 0.0;
                for (int j = 0; j < cols; ++j) sum += x[i * (cols + 2) + j];
                INFO(name << " cols=" << cols);
                REQUIRE(std::abs(sum - 1.0) < 1e-6);
                REQUIRE(x[i * (cols + 2) + cols] == 123.0f);  // the padding past cols is untouched
            }
        }
    }
}

TEST_CASE("a row with every key blocked becomes all 0, not NaN", "[kernels][softmax]") {
    for (const auto& [name, softmax] : variants()) {
        std::vector<float> x{kNegInf, kNegInf, kNegInf, kNegInf, kNegInf,
                             1.0f,    2.0f,    kNegInf, kNegInf, kNegInf};
        softmax(2, 5, x.data(), 5);
        INFO(name);
        for (int j = 0; j < 5; ++j) REQUIRE(x[j] == 0.0f);
        REQUIRE(x[5] + x[6] == Approx(1.0f));
        REQUIRE(x[7] == 0.0f);
    }
}

TEST_CASE("softmax does not overflow on huge scores", "[kernels][softmax]") {
    for (const auto& [name, softmax] : variants()) {
        std::vector<float> x{1e30f, 1e30f, -1e30f, 88.0f, 1000.0f, 999.0f};
        softmax(2, 3, x.data(), 3);
        INFO(name);
        REQUIRE(x[0] == Approx(0.5f));
        REQUIRE(x[1] == Approx(0.5f));
        REQUIRE(x[2] == 0.0f);
        REQUIRE(x[4] == Approx(1.0 / (1.0 + std::exp(-1.0))));
        for (const float value : x) REQUIRE(std::isfinite(value));
    }
}

#ifdef ATTNLAB_SIMD128
TEST_CASE("simd128 softmax agrees with scalar softmax", "[kernels][softmax][simd]") {
    attnlab::Rng rng(5);
    for (const int cols : {1, 3, 4, 5, 8, 63, 64, 65, 512}) {
        std::vector<float> a(cols);
        for (auto& v : a) v = rng.uniform() < 0.2f ? kNegInf : rng.uniform(-20.0f, 20.0f);
        a[0] = 0.5f;
        auto b = a;
        attnlab::kernels::scalar::softmax_rows(1, cols, a.data(), cols);
        attnlab::kernels::simd128::softmax_rows(1, cols, b.data(), cols);
        for (int j = 0; j < cols; ++j) {
            INFO("cols=" << cols << " j=" << j);
            REQUIRE(std::abs(a[j] - b[j]) <= 1e-6f * a[j] + 1e-30f);
        }
    }
}
#endif
