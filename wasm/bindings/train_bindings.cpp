// train_bindings.cpp: the Embind surface of the training module (attnlab-train-*.mjs), a
// separate build so the page module stays small. The facade (wasm/js/train.js) converts and
// checks every option in JS, so each `as<T>()` below reads a value of exactly that type and no
// JS exception can unwind through these frames; the core checks ranges and names the bad value.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <chrono>
#include <memory>

#include "attnlab/errors.h"
#include "attnlab/kernels/gemm.h"
#include "attnlab/train/trainer.h"
#include "convert.h"

namespace attnlab::wasm {
namespace {

using emscripten::val;

TrainOptions options_of(const val& o) {
    TrainOptions t;
    t.task = task_from_name(o["task"].as<std::string>());
    const std::string model = o["model"].as<std::string>();
    if (model != "encoder-decoder" && model != "decoder-only") {
        throw Error("model '" + model + "' is unknown: allowed encoder-decoder, decoder-only");
    }
    t.model = model == "decoder-only" ? ModelKind::decoder_only : ModelKind::encoder_decoder;
    t.length = o["length"].as<int>();
    t.pairs = o["pairs"].as<std::string>();
    t.text = o["text"].as<std::string>();
    t.context = o["context"].as<int>();
    t.layer.d_model = o["dModel"].as<int>();
    t.layer.heads = o["heads"].as<int>();
    t.layer.d_ff = o["dFF"].as<int>();
    t.layer.activation = activation_from_name(o["activation"].as<std::string>());
    t.layer.norm_first = o["normFirst"].as<bool>();
    t.layers = o["layers"].as<int>();
    t.positional = positional_from_name(o["positional"].as<std::string>());
    t.causal = o["causal"].as<bool>();
    t.batch = o["batch"].as<int>();
    t.schedule.lr = o["lr"].as<float>();
    t.schedule.warmup = o["warmup"].as<int>();
    t.schedule.total = o["steps"].as<int>();
    t.schedule.kind = schedule_from_name(o["schedule"].as<std::string>());
    t.adam.decoupled = o["optimizer"].as<std::string>() == "adamw";
    t.adam.weight_decay = o["weightDecay"].as<float>();
    t.clip = o["clip"].as<float>();
    t.label_smoothing = o["labelSmoothing"].as<float>();
    t.seed = static_cast<std::uint32_t>(o["seed"].as<double>());
    t.held_out = o["heldOut"].as<int>();
    return t;
}

val tokens_js(const Task& task, const std::vector<int>& ids) {
    val out = val::array();
    for (int id : ids) out.call<void>("push", task.vocab.at(static_cast<std::size_t>(id)));
    return out;
}

val floats_js(const std::vector<float>& v) { return to_js(v.data(), {v.size()}); }

/// One training run, owned by JS (call delete()).
class TrainRun {
  public:
    val init(const val& options) {
        return guarded([&] {
            trainer_ = std::make_unique<Trainer>(options_of(options));
            return info();
        });
    }

    /// The run's state, or null before a successful init (the facade then has no run).
    val info() const {
        if (!trainer_) return val::null();
        val out = val::object();
        out.set("step", trainer_->step());
        out.set("vocab", strings_to_js(trainer_->task().vocab));
        out.set("parameters", static_cast<double>(trainer_->parameter_count()));
        out.set("trainSize", static_cast<double>(trainer_->task().train.size()));
        out.set("heldOutSize", static_cast<double>(trainer_->task().held_out.size()));
        out.set("model", std::string(trainer_->config().kind == ModelKind::decoder_only
                                         ? "decoder-only"
                                         : "encoder-decoder"));
        return out;
    }

    val train(int n) {
        return guarded([&] {
            const auto start = std::chrono::steady_clock::now();
            const auto steps = trainer_->train(n);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            std::vector<float> step, loss, lr, norm;
            for (const auto& s : steps) {
                step.push_back(static_cast<float>(s.step));
                loss.push_back(s.loss);
                lr.push_back(s.lr);
                norm.push_back(s.grad_norm);
            }
            val out = val::object();
            out.set("steps", floats_js(step));
            out.set("loss", floats_js(loss));
            out.set("lr", floats_js(lr));
            out.set("gradNorm", floats_js(norm));
            out.set("ms", ms);
            out.set("diverged",
                    trainer_->diverged().empty() ? val::null() : val(trainer_->diverged()));
            // The same divergence as code "diverged" and params, for pages in other languages.
            val params = val::null();
            if (!trainer_->diverged().empty()) {
                params = val::object();
                for (const auto& [name, value] : trainer_->diverged_params()) {
                    params.set(name, value);
                }
            }
            out.set("divergedParams", params);
            out.set("step", trainer_->step());
            return out;
        });
    }

    val evaluate(int limit, int show) const {
        return guarded([&] {
            const Evaluation ev = trainer_->evaluate(limit, show);
            val out = val::object();
            out.set("tokenAccuracy", ev.token_accuracy);
            out.set("exactAccuracy", ev.exact_accuracy);
            out.set("count", ev.count);
            val examples = val::array();
            const Task& task = trainer_->task();
            for (const auto& p : ev.examples) {
                val e = val::object();
                e.set("input", tokens_js(task, p.input));
                e.set("target", tokens_js(task, p.target));
                e.set("predicted", tokens_js(task, p.predicted));
                val correct = val::array();
                for (std::size_t i = 0; i < p.target.size(); ++i) {
                    correct.call<void>("push",
                                       i < p.predicted.size() && p.predicted[i] == p.target[i]);
                }
                e.set("correct", correct);
                examples.call<void>("push", e);
            }
            out.set("examples", examples);
            return out;
        });
    }

    val attention(int index, const std::string& kind, int layer) const {
        return guarded([&] {
            const AttentionMaps a = trainer_->attention(index, kind, layer);
            val out = val::object();
            out.set("kind", kind);
            out.set("layer", layer);
            out.set("queries", tokens_js(trainer_->task(), a.queries));
            out.set("keys", tokens_js(trainer_->task(), a.keys));
            out.set("weights", to_js(a.weights));
            return out;
        });
    }

    val predict(const std::string& input, int max_tokens) const {
        return guarded(
            [&] { return tokens_js(trainer_->task(), trainer_->predict(input, max_tokens)); });
    }

    val save_checkpoint() {
        return guarded([&] { return val(trainer_->save_checkpoint()); });
    }

    val load_checkpoint(const std::string& text) {
        return guarded([&] {
            trainer_->load_checkpoint(text);
            return info();
        });
    }

    val reset() {
        return guarded([&] {
            trainer_->reset();
            return info();
        });
    }

  private:
    std::unique_ptr<Trainer> trainer_;
};

}  // namespace
}  // namespace attnlab::wasm

EMSCRIPTEN_BINDINGS(attnlab_train) {
    using attnlab::wasm::TrainRun;
    emscripten::class_<TrainRun>("TrainRun")
        .constructor<>()
        .function("init", &TrainRun::init)
        .function("info", &TrainRun::info)
        .function("train", &TrainRun::train)
        .function("evaluate", &TrainRun::evaluate)
        .function("attention", &TrainRun::attention)
        .function("predict", &TrainRun::predict)
        .function("saveCheckpoint", &TrainRun::save_checkpoint)
        .function("loadCheckpoint", &TrainRun::load_checkpoint)
        .function("reset", &TrainRun::reset);
    emscripten::function("limits", &attnlab::wasm::limits_to_js);
    emscripten::function("variant", emscripten::optional_override([] {
                             return std::string(attnlab::kernels::variant_name());
                         }));
}
