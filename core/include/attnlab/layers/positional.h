// positional.h: how a Transformer learns where each token is. Attention alone treats its input
// as a set; these add (sinusoidal, learned) or rotate in (RoPE) each token's position.
#pragma once

#include "attnlab/limits.h"
#include "attnlab/tensor.h"

namespace attnlab {

/// How positions enter a model.
enum class Positional { none, sinusoidal, learned, rope };

/// "none" | "sinusoidal" | "learned" | "rope". Throws Error naming an unknown kind.
Positional positional_from_name(const std::string& name);
const char* positional_name(Positional p);

/// PE[p, 2i] = sin(p / 10000^(2i / d_model)), PE[p, 2i+1] = cos(p / 10000^(2i / d_model))
/// (Vaswani et al. 2017, sec. 3.5) -> (length, d_model). Throws Error unless
/// 1 <= length <= kMaxPositions and d_model is even, 2..65536.
Tensor2 sinusoidal_table(int length, int d_model);

/// RoPE (Su et al. 2021, eq. 34), in place: rotates each pair of columns (2i, 2i+1) of every
/// d_k-wide head block of x (n, heads * d_k) by the angle (first_position + row) * theta_i,
/// theta_i = 10000^(-2i / d_k). Dot products of rotated q and k then depend on positions only
/// through their difference. Throws Error unless d_k is even and divides x's width.
/// period > 0: a batch of examples stacked row-wise, positions restarting every `period` rows
/// (row r is at first_position + r % period). inverse: rotate by -angle, the backward of RoPE
/// (rotations are orthogonal, so the gradient rotates back).
void apply_rope(Tensor2& x, int d_k, int first_position, int period = 0, bool inverse = false);

/// The rotated unit vectors (1, 0, 1, 0, ...) at positions 0..length-1 -> (length, d_k): row p
/// holds (cos p theta_i, sin p theta_i) pairs, the picture of what RoPE does to a vector.
Tensor2 rope_table(int length, int d_k);

/// Cosine similarity of every pair of rows of t (n, d) -> (n, n); a zero row has similarity 0.
Tensor2 cosine_similarity(const Tensor2& t);

/// Throws Error("sequence of <n> tokens is longer than the positional table: allowed 1..<max>").
void check_positions(int n, int max_positions);

}  // namespace attnlab
