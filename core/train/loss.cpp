#include "attnlab/train/loss.h"

#include <cmath>
#include <string>

#include "attnlab/errors.h"

namespace attnlab {

CrossEntropy cross_entropy(const Tensor2& logits, const std::vector<int>& targets,
                           float label_smoothing, bool mean) {
    const int n = rows(logits);
    const int vocab = cols(logits);
    if (static_cast<int>(targets.size()) != n) {
        throw Error("cross-entropy got " + std::to_string(targets.size()) + " targets for " +
                    std::to_string(n) + " rows of logits");
    }
    if (!(label_smoothing >= 0.0f && label_smoothing <= 1.0f)) {
        throw Error(
            "out_of_range",
            "label smoothing " + std::to_string(label_smoothing) + " is out of range: allowed 0..1",
            {{"what", "label smoothing"},
             {"value", std::to_string(label_smoothing)},
             {"min", "0"},
             {"max", "1"}});
    }
    CrossEntropy r;
    r.d_logits = zeros2(n, vocab);
    for (int i = 0; i < n; ++i) {
        if (targets[i] == kIgnoreIndex) continue;
        check_range("target token id", targets[i], 0, vocab - 1);
        ++r.counted;
    }
    if (r.counted == 0) return r;
    const double e = label_smoothing;
    const double scale = mean ? 1.0 / r.counted : 1.0;
    double total = 0;
    for (int i = 0; i < n; ++i) {
        if (targets[i] == kIgnoreIndex) continue;
        const float* z = logits.data() + static_cast<std::size_t>(i) * vocab;
        // log-sum-exp around the max, in double: logits of a diverging model can be huge.
        double top = z[0];
        for (int c = 1; c < vocab; ++c) top = std::max(top, double(z[c]));
        double sum = 0;
        for (int c = 0; c < vocab; ++c) sum += std::exp(z[c] - top);
        const double log_z = top + std::log(sum);
        double smooth = 0;  // sum_c -log p_c
        for (int c = 0; c < vocab; ++c) smooth += log_z - z[c];
        total += (1.0 - e) * (log_z - z[targets[i]]) + e / vocab * smooth;
        float* g = r.d_logits.data() + static_cast<std::size_t>(i) * vocab;
        for (int c = 0; c < vocab; ++c) {
            const double q = (c == targets[i] ? 1.0 - e : 0.0) + e / vocab;
            g[c] = static_cast<float>((std::exp(z[c] - log_z) - q) * scale);
        }
    }
    r.loss = total * scale;
    return r;
}

}  // namespace attnlab
