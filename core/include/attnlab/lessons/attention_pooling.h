// attention_pooling.h: Nadaraya-Watson kernel regression as attention pooling (lesson 2).
//
// Queries are points x on a line, keys the training inputs x_i, values their targets y_i. Each
// query pools the values with softmax weights of a Gaussian kernel of width 1 / w:
//
//     alpha(x, x_i) = softmax_i(-((x - x_i) w)^2 / 2),     f(x) = sum_i alpha(x, x_i) y_i
//
// w = 1 is the plain Gaussian kernel (non-parametric pooling), w = 0 averages every value, and a
// large w copies the nearest key's value. w can be learned: pooling_loss gives the leave-one-out
// mean squared error and its exact derivative, and train_pooling runs Adam on it.
//
//     attnlab::PoolingData data = attnlab::pooling_data(50, /*seed=*/7);
//     attnlab::PoolingResult r = attnlab::attention_pooling(queries, data.x, data.y, /*w=*/1.0f);
//     // r.weights: (queries, 50), rows sum to 1; r.predictions: (queries)
//     attnlab::PoolingTrace t = attnlab::train_pooling(data, /*w=*/1.0f, /*steps=*/50, 0.05f);
#pragma once

#include <cstdint>
#include <vector>

#include "attnlab/tensor.h"
#include "attnlab/train/optimizer.h"

namespace attnlab {

/// Limits that keep the lesson's pictures readable and every call fast.
constexpr int kPoolingMaxPoints = 200;      // training points (keys)
constexpr int kPoolingMaxQueries = 1000;    // queries per call
constexpr float kPoolingMaxWidth = 100.0f;  // |w|; beyond it every query copies its nearest key
constexpr float kPoolingMaxNoise = 2.0f;
constexpr float kPoolingMaxQuery = 1000.0f;  // |x| of a query
constexpr int kPoolingMaxSteps = 10000;      // Adam steps per train_pooling call

/// The toy data set of d2l.ai (sec. 11.2): n inputs drawn uniformly in [0, 5) and sorted, the
/// noise-free target truth_i = 2 sin(x_i) + x_i^0.8, and y_i = truth_i + noise * e_i, where
/// e_i = 2 (u1 + u2 + u3 - 1.5) is a sum of three uniform draws (mean 0, standard deviation 1,
/// bell-shaped on [-3, 3]: Rng has no normal draws, on purpose). Same seed, same data everywhere.
struct PoolingData {
    std::vector<float> x;      // (n) keys, sorted ascending
    std::vector<float> y;      // (n) values: truth + noise
    std::vector<float> truth;  // (n) 2 sin(x) + x^0.8
};

/// Throws Error unless 2 <= n <= kPoolingMaxPoints and 0 <= noise <= kPoolingMaxNoise.
PoolingData pooling_data(int n, std::uint32_t seed, float noise = 0.5f);

/// The noise-free target 2 sin(x) + |x|^0.8 (sign kept for x < 0), e.g. for a reference curve.
float pooling_truth(float x);

/// What one pooling pass computes for m queries over n key-value pairs.
struct PoolingResult {
    Tensor2 scores;       // (m, n) -((x - x_i) w)^2 / 2
    Tensor2 weights;      // (m, n) softmax of each row of scores; rows sum to 1
    Tensor1 predictions;  // (m) f(x) = weights y
};

/// Nadaraya-Watson attention pooling of `values` for each query (formula at the top). queries:
/// (m), keys and values: (n). Throws Error unless 1 <= m <= kPoolingMaxQueries,
/// 1 <= n <= kPoolingMaxPoints, keys and values have the same length, every number is finite,
/// |query| <= kPoolingMaxQuery and |w| <= kPoolingMaxWidth.
PoolingResult attention_pooling(const std::vector<float>& queries, const std::vector<float>& keys,
                                const std::vector<float>& values, float w);

/// The training objective at width w, computed in double: each training point is a query whose
/// own key is left out (otherwise a large w would copy y_i back and the loss would reach 0),
///     loss = 1/n sum_i (f_{-i}(x_i) - y_i)^2,  f_{-i}(x_i) = sum_{j != i} alpha_ij y_j,
/// and its exact derivative, with d score_ij / dw = -w (x_i - x_j)^2:
///     dloss/dw = 2/n sum_i (f_{-i}(x_i) - y_i) sum_{j != i} alpha_ij (y_j - f_{-i}(x_i)) (-w (x_i
///     - x_j)^2).
struct PoolingLoss {
    double loss = 0.0;
    double grad = 0.0;  // dloss / dw
};

/// Throws Error unless data has 2..kPoolingMaxPoints points and |w| <= kPoolingMaxWidth.
PoolingLoss pooling_loss(const PoolingData& data, float w);

/// Per-step record of train_pooling, s = steps taken.
struct PoolingTrace {
    float initial_loss = 0.0f;  // the loss at the starting w
    std::vector<float> loss;    // (s) the loss after each step
    std::vector<float> w;       // (s) w after each step
    std::vector<float> grad;    // (s) dloss/dw after each step
    bool diverged = false;      // stopped early: w or the loss stopped being finite or in range
};

/// What one cell of pooling_loss (one query against one key, forward and backward, with its
/// exp) costs, in multiply-adds: measured against the SIMD GEMM in Node (see limits.h).
constexpr long long kPoolingCellWork = 40;

/// The work of train_pooling(data of `points` points, steps): (steps + 1) leave-one-out losses
/// of points^2 cells each, in multiply-adds.
inline long long train_pooling_work(int points, int steps) {
    return (static_cast<long long>(steps) + 1) * points * points * kPoolingCellWork;
}

/// `steps` Adam updates of w on pooling_loss at learning rate lr, continuing from `adam`'s state
/// (t, m, v) when given, so training in chunks gives exactly the numbers of one long run. On a
/// w or loss that is not finite or leaves |w| <= kPoolingMaxWidth, training stops, the trace
/// ends at the last good step and `adam` is left at that step too. Throws Error unless
/// 0 <= steps <= kPoolingMaxSteps, 0 < lr <= 10 and pooling_loss accepts data and w; with code
/// work_budget when train_pooling_work() exceeds kMaxWorkPerCall.
PoolingTrace train_pooling(const PoolingData& data, float w, int steps, float lr,
                           Adam* adam = nullptr);

}  // namespace attnlab
