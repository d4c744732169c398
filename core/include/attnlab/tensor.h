// tensor.h: the only file in the project that includes xtensor. Everything else names these
// aliases, so swapping the container library touches one file.
#pragma once

#include <cstddef>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

namespace attnlab {

/// Row-major f32 tensors of fixed rank. Shapes are written in comments as `(n, d_model)`.
using Tensor1 = xt::xtensor<float, 1>;
using Tensor2 = xt::xtensor<float, 2>;
using Tensor3 = xt::xtensor<float, 3>;

/// Rows and columns of a rank-2 tensor as int (the kernels' index type).
inline int rows(const Tensor2& t) { return static_cast<int>(t.shape()[0]); }
inline int cols(const Tensor2& t) { return static_cast<int>(t.shape()[1]); }

/// A zero-filled (r, c) tensor.
inline Tensor2 zeros2(int r, int c) {
    Tensor2 t = xt::zeros<float>({static_cast<std::size_t>(r), static_cast<std::size_t>(c)});
    return t;
}

}  // namespace attnlab
