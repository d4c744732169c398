#include "attnlab/train/trainer.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "attnlab/errors.h"
#include "attnlab/io/state_dict.h"
#include "attnlab/train/loss.h"
#include "train_errors.h"
#include "trainer_state.h"

namespace attnlab {

int train_detail::argmax(const float* row, int n) {
    int best = 0;
    for (int c = 1; c < n; ++c) best = row[c] > row[best] ? c : best;
    return best;
}

TokenBatch train_detail::pad(const std::vector<std::vector<int>>& seqs) {
    TokenBatch b;
    b.batch = static_cast<int>(seqs.size());
    for (const auto& s : seqs) b.length = std::max<int>(b.length, s.size());
    for (const auto& s : seqs) {
        b.ids.insert(b.ids.end(), s.begin(), s.end());
        b.ids.insert(b.ids.end(), b.length - s.size(), kPad);
        b.lengths.push_back(static_cast<int>(s.size()));
    }
    return b;
}

namespace {

using train_detail::kMaxLen;
using train_detail::pad;

std::vector<int> decoder_sequence(const Example& e, bool text) {
    if (text) return e.tgt;
    std::vector<int> s{kBegin};
    s.insert(s.end(), e.src.begin(), e.src.end());
    s.push_back(kSep);
    s.insert(s.end(), e.tgt.begin(), e.tgt.end());
    s.push_back(kEnd);
    return s;
}

bool finite(double x) { return std::isfinite(x); }

// "nan", "inf" or "%g" of x, for error params.
std::string number_text(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

}  // namespace

void make_seq2seq_batch(const std::vector<Example>& examples, TokenBatch& src, TokenBatch& tgt_in,
                        std::vector<int>& targets) {
    std::vector<std::vector<int>> s, t;
    for (const auto& e : examples) {
        s.push_back(e.src);
        std::vector<int> in{kBegin};
        in.insert(in.end(), e.tgt.begin(), e.tgt.end());
        t.push_back(std::move(in));
    }
    src = pad(s);
    tgt_in = pad(t);
    targets.assign(tgt_in.ids.size(), kIgnoreIndex);
    for (std::size_t b = 0; b < examples.size(); ++b) {
        const auto& tgt = examples[b].tgt;
        int* row = targets.data() + b * tgt_in.length;
        for (std::size_t i = 0; i < tgt.size(); ++i) row[i] = tgt[i];
        row[tgt.size()] = kEnd;
    }
}

void make_decoder_batch(const std::vector<Example>& examples, bool text, TokenBatch& ids,
                        std::vector<int>& targets) {
    std::vector<std::vector<int>> seqs;
    for (const auto& e : examples) {
        auto s = decoder_sequence(e, text);
        s.pop_back();  // the last token is only ever a target
        seqs.push_back(std::move(s));
    }
    ids = pad(seqs);
    targets.assign(ids.ids.size(), kIgnoreIndex);
    for (std::size_t b = 0; b < examples.size(); ++b) {
        const auto full = decoder_sequence(examples[b], text);
        // Position i predicts token i + 1; only the answer (after <sep>) is scored.
        const std::size_t first = text ? 0 : examples[b].src.size() + 1;
        for (std::size_t i = first; i + 1 < full.size(); ++i) {
            targets[b * ids.length + i] = full[i + 1];
        }
    }
}

void TrainOptions::validate() const {
    check_range("sequence length", length, 2, 16);
    check_range("layers", layers, 1, 4);
    check_range("d_model", layer.d_model, 8, 256);
    check_range("d_ff", layer.d_ff, 8, 1024);
    check_range("batch size", batch, 1, 256);
    check_range("held-out examples", held_out, 1, 2000);
    schedule.validate();
    if (!(clip >= 0.0f && clip <= 1000.0f)) {
        throw_out_of_range(
            "gradient clip " + std::to_string(clip) + " is out of range: allowed 0..1000",
            "gradient clip", clip, "0", "1000");
    }
    if (!(label_smoothing >= 0.0f && label_smoothing <= 0.5f)) {
        throw_out_of_range("label smoothing " + std::to_string(label_smoothing) +
                               " is out of range: allowed 0..0.5",
                           "label smoothing", label_smoothing, "0", "0.5");
    }
}

namespace {

Task make_task(const TrainOptions& o) {
    switch (o.task) {
        case TaskKind::pairs:
            return Task::pairs(o.pairs, o.held_out, o.seed);
        case TaskKind::text:
            return Task::text(o.text, o.context);
        default:
            return Task::digits(o.task, o.length, o.held_out, o.seed);
    }
}

TransformerConfig make_config(const TrainOptions& o, const Task& task) {
    TransformerConfig c;
    c.kind = o.task == TaskKind::text ? ModelKind::decoder_only : o.model;
    c.layer = o.layer;
    c.layers = o.layers;
    c.positional = o.positional;
    c.max_len = o.task == TaskKind::text ? o.context + 1 : kMaxLen;
    c.vocab = task.vocab;
    c.validate();
    return c;
}

}  // namespace

Trainer::Trainer(const TrainOptions& options)
    : options_(options), adam_(options.adam), rng_(options.seed) {
    options_.validate();
    task_ = make_task(options_);
    if (task_.kind == TaskKind::text) options_.model = ModelKind::decoder_only;
    config_ = make_config(options_, task_);
    reset();
}

Trainer::~Trainer() = default;

void Trainer::reset() {
    auto m = std::make_unique<Models>();
    Rng init(options_.seed, 1013);
    if (config_.kind == ModelKind::decoder_only) {
        m->dec = std::make_unique<DecoderOnlyModel>(config_);
        m->dec->init(init);
        m->dec_grad = std::make_unique<DecoderOnlyModel>(config_);
        collect_params(*m->dec, m->params);
        collect_params(*m->dec_grad, m->grads);
    } else {
        m->ed = std::make_unique<EncoderDecoderModel>(config_);
        m->ed->init(init);
        m->ed_grad = std::make_unique<EncoderDecoderModel>(config_);
        collect_params(*m->ed, m->params);
        collect_params(*m->ed_grad, m->grads);
    }
    m_ = std::move(m);
    adam_ = Adam(options_.adam);
    rng_ = Rng(options_.seed);
    step_ = 0;
    first_loss_ = 0;
    diverged_.clear();
    diverged_params_.clear();
    m_->keep_good(adam_, step_);
}

std::size_t Trainer::parameter_count() const {
    std::size_t n = 0;
    for (const auto& p : m_->params) n += p.size();
    return n;
}

double Trainer::forward_backward(const std::vector<Example>& batch) {
    zero_grads(m_->grads);
    std::vector<int> targets;
    const float smoothing = options_.label_smoothing;
    if (m_->ed) {
        TokenBatch src, tgt;
        make_seq2seq_batch(batch, src, tgt, targets);
        EncoderDecoderModel::Tape tape;
        const auto ce = cross_entropy(m_->ed->forward_train(src, tgt, tape), targets, smoothing);
        m_->ed->backward(src, tgt, tape, ce.d_logits, *m_->ed_grad);
        return ce.loss;
    }
    TokenBatch ids;
    make_decoder_batch(batch, task_.kind == TaskKind::text, ids, targets);
    DecoderOnlyModel::Tape tape;
    const auto ce =
        cross_entropy(m_->dec->forward_train(ids, options_.causal, tape), targets, smoothing);
    m_->dec->backward(ids, tape, ce.d_logits, *m_->dec_grad);
    return ce.loss;
}

StepReport Trainer::one_step() {
    StepReport r;
    r.step = step_ + 1;
    r.lr = options_.schedule.at(step_);
    std::vector<Example> batch;
    for (int b = 0; b < options_.batch; ++b) batch.push_back(task_.sample(rng_));
    const double loss = forward_backward(batch);
    r.loss = static_cast<float>(loss);
    r.grad_norm = clip_grad_norm(m_->grads, options_.clip);
    std::string problem;
    if (!finite(loss)) {
        problem = "the loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite");
    } else if (!finite(r.grad_norm)) {
        problem = "the gradients are not finite";
    } else if (step_ > 0 && loss > 4.0 * first_loss_ + 1.0) {
        problem = "the loss exploded to " + std::to_string(loss) + " (it started at " +
                  std::to_string(first_loss_) + ")";
    }
    if (!problem.empty()) {
        // Back to the last state whose loss was finite: the weights before the last update, or
        // those a reset or a checkpoint load set (nothing was updated since then).
        std::size_t k = 0;
        for (const auto& p : m_->params) {
            std::memcpy(p.data, m_->good_params.data() + k, p.size() * sizeof(float));
            k += p.size();
        }
        adam_ = m_->good_adam;
        step_ = m_->good_step;
        char lr[32];
        std::snprintf(lr, sizeof lr, "%g", options_.schedule.lr);
        diverged_ = "step " + std::to_string(r.step) + ": " + problem +
                    ". Training stopped; the weights after step " + std::to_string(step_) +
                    " are kept. Try a smaller learning rate than " + lr + " (e.g. a tenth).";
        diverged_params_ = {{"step", std::to_string(r.step)},
                            {"loss", number_text(loss)},
                            {"first_loss", number_text(first_loss_)},
                            {"kept_step", std::to_string(step_)},
                            {"lr", lr}};
        return r;
    }
    if (step_ == 0) first_loss_ = r.loss;
    m_->keep_good(adam_, step_);
    adam_.step(m_->params, m_->grads, r.lr);
    ++step_;
    return r;
}

std::vector<StepReport> Trainer::train(int n) {
    check_range("steps", n, 1, 10000);
    if (!diverged_.empty()) {
        throw Error("diverged",
                    "this run diverged (" + diverged_ + "); reset it or load a checkpoint",
                    diverged_params_);
    }
    std::vector<StepReport> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(one_step());
        if (!diverged_.empty()) break;
    }
    return out;
}

}  // namespace attnlab
