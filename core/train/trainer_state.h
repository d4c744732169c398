// trainer_state.h (private to core/train): the models and buffers a Trainer owns, shared by
// trainer.cpp and checkpoint.cpp.
#pragma once

#include <memory>
#include <vector>

#include "attnlab/io/state_dict.h"
#include "attnlab/models/transformer.h"
#include "attnlab/train/optimizer.h"
#include "attnlab/train/trainer.h"

namespace attnlab {

namespace train_detail {

/// Positions of a digit or pairs model: <begin> 32 <sep> 32 <end> fits, with room to spare.
constexpr int kMaxLen = 80;
/// The index of the largest of n values.
int argmax(const float* row, int n);
/// Rows of ids padded to one length with <pad>.
TokenBatch pad(const std::vector<std::vector<int>>& seqs);

}  // namespace train_detail

struct Trainer::Models {
    std::unique_ptr<DecoderOnlyModel> dec, dec_grad;
    std::unique_ptr<EncoderDecoderModel> ed, ed_grad;
    ParamList params, grads;
    // The last state whose loss was finite, restored when the run diverges: the weights and
    // Adam state before the last update, or what reset() or a checkpoint load set, at good_step.
    std::vector<float> good_params;
    Adam good_adam;
    int good_step = 0;

    /// The current weights, Adam state and step become the last good state.
    void keep_good(const Adam& adam, int step) {
        good_params.clear();
        for (const auto& p : params)
            good_params.insert(good_params.end(), p.data, p.data + p.size());
        good_adam = adam;
        good_step = step;
    }
};

}  // namespace attnlab
