// trainer.h: one training run of the lab: a task, a model, Adam, and everything lesson 11 shows
// (loss per step, held-out accuracy, attention maps, predictions, checkpoints).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attnlab/errors.h"
#include "attnlab/models/transformer.h"
#include "attnlab/train/optimizer.h"
#include "attnlab/train/tasks.h"

namespace attnlab {

/// Every choice of a run. Same options (seed included), same curve, on every build.
struct TrainOptions {
    TaskKind task = TaskKind::reverse;
    ModelKind model = ModelKind::encoder_decoder;  // 'text' always decoder-only
    int length = 8;                                // digits per sequence, 2..16
    std::string pairs;                             // task 'pairs'
    std::string text;                              // task 'text'
    int context = 32;                              // task 'text', 4..128
    LayerConfig layer{64, 4, 128, Activation::relu, false, false};
    int layers = 2;  // per stack, 1..4
    Positional positional = Positional::learned;
    bool causal = true;  // decoder-only: false is the mask-leak experiment
    int batch = 32;      // 1..256
    LrSchedule schedule{2e-3f, 50, 2000, LrSchedule::Kind::constant};
    AdamOptions adam;
    float clip = 1.0f;  // max global gradient norm, 0 = off
    float label_smoothing = 0.0f;
    std::uint32_t seed = 1;
    int held_out = 500;

    /// Throws Error naming the first option out of range.
    void validate() const;
};

/// What one optimizer step did.
struct StepReport {
    int step = 0;  // 1-based
    float loss = 0;
    float lr = 0;
    float grad_norm = 0;
};

struct Prediction {
    std::vector<int> input, target, predicted;
};

struct Evaluation {
    double token_accuracy = 0;  // target tokens (with <end>) right, 0..1
    double exact_accuracy = 0;  // whole outputs right, 0..1 (NaN for 'text')
    int count = 0;
    std::vector<Prediction> examples;
};

struct AttentionMaps {
    std::vector<int> queries, keys;
    Tensor3 weights;  // (heads, queries, keys)
};

class Trainer {
  public:
    /// Builds the task, the model (initialised from seed) and the optimizer. Throws Error for
    /// bad options or data.
    explicit Trainer(const TrainOptions& options);
    ~Trainer();

    /// n (1..10000) optimizer steps. Stops early when the run diverges: a NaN / Inf loss or
    /// gradient, or a loss above 4x the first step's (plus 1). The weights and optimizer state
    /// then go back to the last step whose loss was finite, and diverged() says what happened.
    /// Throws Error (code diverged, with diverged_params()) if the run has already diverged.
    std::vector<StepReport> train(int n);
    /// Greedy decoding of the first `limit` held-out examples (teacher-forced next-token
    /// accuracy for 'text'); the first `show` are returned as examples.
    Evaluation evaluate(int limit, int show) const;
    /// kind: "encoder" | "decoder" | "cross" attention of `layer`, teacher-forced on held-out
    /// example `index`.
    AttentionMaps attention(int index, const std::string& kind, int layer) const;
    /// Greedy output for input (digits / characters); for 'text' a continuation of up to
    /// max_tokens characters.
    std::vector<int> predict(const std::string& input, int max_tokens) const;
    /// Weights, Adam state, step and options as JSON text ("attention-lab/checkpoint").
    /// Throws Error (not_finite, naming the tensor and index) rather than write a NaN or Inf
    /// (JSON would hold null, and the file could not be loaded back).
    std::string save_checkpoint();
    /// Restores a checkpoint of the same task, model shape and vocabulary: weights, Adam state
    /// (t, m, v), step and first_loss, all at once, and makes them the divergence guard's last
    /// good state. Total: any text either loads or throws an attnlab::Error that changed
    /// nothing (checkpoint.cpp lists the checks; codes bad_file, too_large, out_of_range,
    /// shape_mismatch, not_finite).
    void load_checkpoint(const std::string& text);
    /// Step 0, the seed's initial weights, a fresh optimizer.
    void reset();

    const TrainOptions& options() const { return options_; }
    const Task& task() const { return task_; }
    const TransformerConfig& config() const { return config_; }
    int step() const { return step_; }
    std::size_t parameter_count() const;
    /// Empty, or the English message of the divergence that stopped the run.
    const std::string& diverged() const { return diverged_; }
    /// The divergence's params (code "diverged"): step, loss, first_loss, kept_step, lr.
    const Error::Params& diverged_params() const { return diverged_params_; }

  private:
    struct Models;
    StepReport one_step();
    double forward_backward(const std::vector<Example>& batch);

    TrainOptions options_;
    Task task_;
    TransformerConfig config_;
    std::unique_ptr<Models> m_;
    Adam adam_;
    Rng rng_;
    int step_ = 0;
    float first_loss_ = 0;
    std::string diverged_;
    Error::Params diverged_params_;
};

/// Batch building shared by training and evaluation (exposed for tests).
/// Encoder-decoder: src padded, tgt_in = <begin> tgt padded, targets = tgt <end> (ignore on pad).
void make_seq2seq_batch(const std::vector<Example>& examples, TokenBatch& src, TokenBatch& tgt_in,
                        std::vector<int>& targets);
/// Decoder-only: <begin> src <sep> tgt <end> (src and <sep> absent for text), loss only on the
/// target part (and on every next character for text).
void make_decoder_batch(const std::vector<Example>& examples, bool text, TokenBatch& ids,
                        std::vector<int>& targets);

}  // namespace attnlab
