// Fuzz target: Mask::parse(spec, n_q, is_padding). The input's first three bytes choose the
// sizes, the rest is the spec:
//   byte 0 -> n_q in -8..71 (some negative and zero, to reach the size checks; a few over
//            kMaxTokens), byte 1 -> n_k in 0..71 (0 for the first nine values),
//   byte 2 -> which keys are padding (key j is padding when bit j % 8 is set).
// Sizes stay this small so each input is cheap; the size limits themselves are unit-tested.
// Allowed failure: attnlab::Error. On success: the shape is (n_q, n_k), the cells are 0/1, and
// each canonical term of the spec holds (causal: j <= i; padding: padded keys blocked;
// window:R: |i - j| <= R), since the mask is the intersection of its terms.
// Seeds: corpus/mask_spec; dict/mask.dict.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "attnlab/mask.h"
#include "fuzz_common.h"

using namespace attnlab;

namespace {

constexpr int kSizes = 80;  // n_q takes kSizes values from -8, n_k from 0

// Checks that every cell the mask allows is allowed by the term `term`, when the term is one
// this check knows in its canonical spelling (others are left to the unit tests).
void check_term(std::string_view term, const Mask& m, const std::vector<bool>& is_padding) {
    long long radius = -1;
    if (term.substr(0, 7) == "window:" && term.size() > 7 && term.size() <= 13 &&
        term.find_first_not_of("0123456789", 7) == std::string_view::npos) {
        radius = std::atoll(std::string(term.substr(7)).c_str());
    }
    for (int i = 0; i < m.n_q(); ++i) {
        for (int j = 0; j < m.n_k(); ++j) {
            if (!m.allowed(i, j)) continue;
            const bool ok = term == "causal"    ? j <= i
                            : term == "padding" ? !is_padding[j]
                            : radius >= 0       ? std::llabs(i - j) <= radius
                                                : true;
            if (!ok) {
                fuzz::fail("cell (" + std::to_string(i) + ", " + std::to_string(j) +
                           ") is allowed but term '" + std::string(term) + "' blocks it");
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const int n_q = static_cast<int>(data[0] % kSizes) - 8;
    const int n_k = std::max(0, static_cast<int>(data[1] % kSizes) - 8);
    std::vector<bool> is_padding(static_cast<std::size_t>(n_k));
    for (int j = 0; j < n_k; ++j) is_padding[j] = (data[2] >> (j % 8)) & 1;
    const std::string_view spec(reinterpret_cast<const char*>(data) + 3, size - 3);

    Mask m = Mask::none(1, 1);
    if (!fuzz::accepts([&] { m = Mask::parse(spec, n_q, is_padding); })) return 0;
    if (m.n_q() != n_q || m.n_k() != n_k) {
        fuzz::fail("parse returned shape " + shape_str(m.n_q(), m.n_k()) + " for n_q " +
                   std::to_string(n_q) + ", n_k " + std::to_string(n_k));
    }
    const Tensor2 cells = m.to_tensor();
    for (std::size_t idx = 0; idx < cells.size(); ++idx) {
        const float c = cells.data()[idx];
        if (c != 0.0f && c != 1.0f) fuzz::fail("a mask cell is neither 0 nor 1");
    }
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t plus = spec.find('+', start);
        const std::size_t end = plus == std::string_view::npos ? spec.size() : plus;
        check_term(spec.substr(start, end - start), m, is_padding);
        if (plus == std::string_view::npos) break;
        start = plus + 1;
    }
    return 0;
}
