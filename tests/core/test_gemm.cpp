// GEMM variants against a double-precision reference, swept over tail sizes below, at and
// above the 4x8 tile (and multiples of it), with leading dimensions wider than the matrices.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "attnlab/kernels/gemm.h"
#include "attnlab/rng.h"

namespace {

using GemmFn = void (*)(int, int, int, const float*, int, const float*, int, float*, int, bool);

struct Variant {
    const char* name;
    GemmFn nn;
    GemmFn nt;
    GemmFn tn;
};

enum class Op { nn, nt, tn };
const char* op_name(Op op) { return op == Op::nn ? "nn" : op == Op::nt ? "nt" : "tn"; }

std::vector<Variant> variants() {
    std::vector<Variant> v{{"scalar", attnlab::kernels::scalar::gemm_nn,
                            attnlab::kernels::scalar::gemm_nt, attnlab::kernels::scalar::gemm_tn}};
#ifdef ATTNLAB_SIMD128
    v.push_back({"simd128", attnlab::kernels::simd128::gemm_nn, attnlab::kernels::simd128::gemm_nt,
                 attnlab::kernels::simd128::gemm_tn});
#endif
    return v;
}

std::vector<float> random_vector(std::size_t n, attnlab::Rng& rng) {
    std::vector<float> out(n);
    for (auto& x : out) x = rng.uniform(-1.0f, 1.0f);
    return out;
}

// Checks c against sum_p a(i, p) * b(p, j) in double; tolerance scales with sum |a||b|.
// nt reads b stored (n, k); tn reads a stored (k, m).
void check_case(const Variant& var, Op op, int m, int n, int k, bool accumulate,
                attnlab::Rng& rng) {
    const bool transposed = op == Op::nt;
    const bool a_transposed = op == Op::tn;
    const int lda = (a_transposed ? m : k) + 3;
    const int ldb = (transposed ? k : n) + 2;
    const int ldc = n + 5;
    const auto a = random_vector(static_cast<std::size_t>(a_transposed ? k : m) * lda, rng);
    const auto b = random_vector(static_cast<std::size_t>(transposed ? n : k) * ldb, rng);
    auto c = random_vector(static_cast<std::size_t>(m) * ldc + 1, rng);
    const auto c0 = c;
    const GemmFn fn = op == Op::nn ? var.nn : op == Op::nt ? var.nt : var.tn;
    fn(m, n, k, a.data(), lda, b.data(), ldb, c.data(), ldc, accumulate);
    auto a_at = [&](int i, int p) {
        return a_transposed ? a[static_cast<std::size_t>(p) * lda + i]
                            : a[static_cast<std::size_t>(i) * lda + p];
    };

    for (int i = 0; i < m; ++i) {
        for (int j = 0; j < n; ++j) {
            double want = accumulate ? c0[static_cast<std::size_t>(i) * ldc + j] : 0.0;
            double magnitude = std::abs(want);
            for (int p = 0; p < k; ++p) {
                const double bpj = transposed ? b[static_cast<std::size_t>(j) * ldb + p]
                                              : b[static_cast<std::size_t>(p) * ldb + j];
                want += a_at(i, p) * bpj;
                magnitude += std::abs(a_at(i, p) * bpj);
            }
            const double got = c[static_cast<std::size_t>(i) * ldc + j];
            INFO(var.name << " " << op_name(op) << " m=" << m << " n=" << n << " k=" << k
                          << " acc=" << accumulate << " at (" << i << ", " << j << ")");
            REQUIRE(std::abs(got - want) <= 1e-6 * magnitude + 1e-7);
        }
        // Padding between rows (ldc > n) must be untouched.
        for (int j = n; j < ldc && i + 1 < m; ++j) {
            REQUIRE(c[static_cast<std::size_t>(i) * ldc + j] ==
                    c0[static_cast<std::size_t>(i) * ldc + j]);
        }
    }
}

}  // namespace

TEST_CASE("gemm matches a double reference across tail sizes", "[kernels][gemm]") {
    attnlab::Rng rng(1);
    for (const Variant& var : variants()) {
        for (const Op op : {Op::nn, Op::nt, Op::tn}) {
            for (const int m : {1, 2, 3, 4, 5, 7, 8, 9, 13}) {
                for (const int n : {1, 3, 4, 7, 8, 9, 15, 16, 17, 33}) {
                    for (const int k : {0, 1, 3, 4, 5, 8, 17}) {
                        check_case(var, op, m, n, k, false, rng);
                        check_case(var, op, m, n, k, true, rng);
                    }
                }
            }
        }
    }
}

TEST_CASE("gemm on lesson-sized and odd shapes", "[kernels][gemm]") {
    attnlab::Rng rng(2);
    for (const Variant& var : variants()) {
        for (const Op op : {Op::nn, Op::nt, Op::tn}) {
            check_case(var, op, 128, 256, 64, false, rng);
            check_case(var, op, 37, 53, 129, false, rng);
            check_case(var, op, 64, 64, 64, true, rng);
        }
    }
}

TEST_CASE("gemm with an empty side leaves c alone or zeroes it", "[kernels][gemm]") {
    for (const Variant& var : variants()) {
        std::vector<float> c(6, 5.0f);
        var.nn(2, 3, 0, nullptr, 1, nullptr, 3, c.data(), 3, true);
        REQUIRE(c == std::vector<float>(6, 5.0f));
        var.nn(2, 3, 0, nullptr, 1, nullptr, 3, c.data(), 3, false);
        REQUIRE(c == std::vector<float>(6, 0.0f));
        var.nt(0, 3, 4, nullptr, 4, nullptr, 4, c.data(), 3, false);  // m = 0: nothing to do
    }
}

#ifdef ATTNLAB_SIMD128
TEST_CASE("simd128 and scalar gemm agree to rounding (nn)", "[kernels][gemm][simd]") {
    attnlab::Rng rng(3);
    for (const int size : {5, 31, 64, 100}) {
        const auto a = random_vector(static_cast<std::size_t>(size) * size, rng);
        const auto b = random_vector(static_cast<std::size_t>(size) * size, rng);
        std::vector<float> c1(static_cast<std::size_t>(size) * size);
        std::vector<float> c2(c1.size());
        attnlab::kernels::scalar::gemm_nn(size, size, size, a.data(), size, b.data(), size,
                                          c1.data(), size, false);
        attnlab::kernels::simd128::gemm_nn(size, size, size, a.data(), size, b.data(), size,
                                           c2.data(), size, false);
        for (std::size_t i = 0; i < c1.size(); ++i) {
            REQUIRE(std::abs(c1[i] - c2[i]) <= 1e-5f * (1.0f + std::abs(c1[i])));
        }
    }
}
#endif
