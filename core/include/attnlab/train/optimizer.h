// optimizer.h: Adam and AdamW, gradient clipping by global norm, and the learning-rate schedule.
#pragma once

#include <string>
#include <vector>

#include "attnlab/io/state_dict.h"

namespace attnlab {

/// Adam's settings, PyTorch's defaults. weight_decay with decoupled = false is Adam's L2 term
/// (g += wd * p, torch.optim.Adam); with decoupled = true it is AdamW's p -= lr * wd * p
/// (Loshchilov & Hutter 2019), applied before the Adam update as torch.optim.AdamW does.
struct AdamOptions {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weight_decay = 0.0f;
    bool decoupled = false;
};

/// Adam (Kingma & Ba 2015, algorithm 1) with bias correction, over a list of parameters and a
/// list of their gradients in the same order (e.g. collect_params of a model and of a same-shaped
/// gradient model). Its state (t, m, v) is public so checkpoints can save and restore it.
class Adam {
  public:
    /// Throws Error unless 0 <= beta1, beta2 < 1, eps > 0 and weight_decay >= 0.
    explicit Adam(AdamOptions options = {});
    /// One update at learning rate lr (> 0) for every parameter:
    ///   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
    ///   p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
    /// Throws Error if params and grads differ in count or sizes (the state is then unchanged).
    void step(const ParamList& params, const ParamList& grads, float lr);

    AdamOptions options;
    int t = 0;                          // updates done
    std::vector<std::vector<float>> m;  // first moments, one vector per parameter
    std::vector<std::vector<float>> v;  // second moments
};

/// Scales every gradient by max_norm / (norm + 1e-6) when their global L2 norm exceeds max_norm
/// (torch.nn.utils.clip_grad_norm_). Returns the norm before clipping (inf or NaN when a gradient
/// is not finite; nothing is scaled then). max_norm <= 0 only measures.
float clip_grad_norm(const ParamList& grads, float max_norm);

/// Every gradient set to zero.
void zero_grads(const ParamList& grads);

/// Linear warm-up from lr / warmup to lr over the first `warmup` steps, then constant or a cosine
/// decay to 0 at step `total` (Loshchilov & Hutter 2017, without restarts).
struct LrSchedule {
    enum class Kind { constant, cosine };
    float lr = 1e-3f;
    int warmup = 0;
    int total = 1000;
    Kind kind = Kind::constant;

    /// The rate for step (0-based). Steps past total stay at the last value.
    float at(int step) const;
    /// Throws Error unless 0 < lr <= 10, 0 <= warmup <= total, 1 <= total <= 1000000.
    void validate() const;
};

/// "constant" | "cosine". Throws Error naming an unknown schedule.
LrSchedule::Kind schedule_from_name(const std::string& name);

}  // namespace attnlab
