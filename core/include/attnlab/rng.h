// rng.h: a seeded random number generator that gives the same numbers on every platform.
#pragma once

#include <cstdint>
#include <string_view>

#include "attnlab/tensor.h"

namespace attnlab {

/// PCG32 (O'Neill 2014, pcg32_srandom / pcg32_random). Only integer arithmetic and one exact
/// float scaling, so a native build and both wasm builds draw bit-identical values from a seed.
/// Normal draws are deliberately absent: they need log/cos, whose last bits differ between libms.
class Rng {
  public:
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 54u);

    /// Uniform 32-bit integer.
    std::uint32_t next_u32();
    /// Uniform float in [0, 1), a multiple of 2^-24.
    float uniform();
    /// Uniform float in [lo, hi).
    float uniform(float lo, float hi);
    /// Fills t with uniform values in [lo, hi), row-major order.
    void fill_uniform(Tensor2& t, float lo, float hi);

  private:
    std::uint64_t state_ = 0;
    std::uint64_t inc_ = 0;
};

/// FNV-1a 64-bit hash of text mixed with a seed: a stable per-token seed for hashed embeddings.
std::uint64_t hash_text(std::string_view text, std::uint64_t seed);

}  // namespace attnlab
