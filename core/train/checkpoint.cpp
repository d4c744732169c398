// checkpoint.cpp: a run's state as JSON text ("attention-lab/checkpoint") and back. A load parses
// the text into a staging object, checks every field against this run, and only then commits
// weights, Adam state, step and first_loss together, so a rejected file changes nothing.
//
//     {"format": "attention-lab/checkpoint", "version": 1, "step": 30, "first_loss": 2.6,
//      "task": "reverse", "seed": 1, "weights": {<a weights file, wasm/WEIGHTS.md>},
//      "adam": {"t": 30, "m": [[...] per parameter], "v": [[...] per parameter]}}
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "attnlab/errors.h"
#include "attnlab/io/json_text.h"
#include "attnlab/io/weights_json.h"
#include "attnlab/io/weights_loader.h"
#include "attnlab/train/trainer.h"
#include "trainer_state.h"

namespace attnlab {

namespace {

using nlohmann::json;

constexpr const char* kCheckpointFormat = "attention-lab/checkpoint";
constexpr int kCheckpointVersion = 1;
// Steps (and Adam's t) a checkpoint may record: far past any run in a browser, and small
// enough that no step counter overflows an int.
constexpr long long kMaxCheckpointStep = 100000000;
// A loss a step may report: cross-entropy over at most kMaxVocab classes is below 12 nats at
// the start of any sane run; a recorded first_loss past this cannot come from this lab.
constexpr double kMaxFirstLoss = 1e6;

[[noreturn]] void bad(const std::string& message) { throw_bad_file("checkpoint", message); }

// A value for a message: a string, number or boolean cut to 40 characters, else its kind.
std::string brief(const json& v) {
    if (!v.is_string() && !v.is_number() && !v.is_boolean()) return v.type_name();
    std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() > 40 ? text.substr(0, 40) + "..." : text;
}

const json& field(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) bad(std::string("checkpoint is missing the field '") + key + "'");
    return *it;
}

// An integer field in lo..hi (out_of_range), or bad_file for a non-integer.
long long integer_field(const json& object, const char* key, const char* what, long long hi) {
    const json& v = field(object, key);
    if (!v.is_number_integer()) {
        bad(std::string("checkpoint field '") + key + "' must be an integer");
    }
    // Unsigned or signed: both compared in 64 bits without overflow.
    const long long value =
        v.is_number_unsigned() && v.get<std::uint64_t>() > 1ULL << 62 ? hi + 1 : v.get<long long>();
    check_range(what, value, 0, hi);
    return value;
}

// (m or v)[i] of Adam's state: exactly `size` numbers, finite as floats, and >= 0 for v.
std::vector<float> moment(const json& list, std::size_t i, const ParamRef& p, const char* which) {
    const std::string what = std::string("adam.") + which + " of " + p.name;
    const json& a = list[i];
    if (!a.is_array() || a.size() != p.size()) {
        throw Error("shape_mismatch",
                    "checkpoint's " + what + " has " +
                        (a.is_array() ? std::to_string(a.size()) : std::string("no")) +
                        " values; the parameter has " + std::to_string(p.size()),
                    {{"what", what},
                     {"got", a.is_array() ? std::to_string(a.size()) : std::string("none")},
                     {"expected", std::to_string(p.size())}});
    }
    std::vector<float> out(p.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        const json& x = a[k];
        if (!x.is_number() || !narrow_to_float(x.get<double>(), out[k])) {
            const std::string value = x.is_number() ? x.dump() : std::string("not a number");
            throw Error("not_finite",
                        "checkpoint's " + what + " value " + std::to_string(k) + " is " + value +
                            ": allowed finite float32 numbers",
                        {{"what", what}, {"index", std::to_string(k)}, {"value", value}});
        }
        // A negative second moment makes sqrt(v) NaN and every weight with it.
        if (which[0] == 'v' && out[k] < 0.0f) {
            throw Error("out_of_range",
                        "checkpoint's " + what + " value " + std::to_string(k) + " is " + x.dump() +
                            ": a second moment must be >= 0",
                        {{"what", what}, {"value", x.dump()}, {"min", "0"}, {"max", "inf"}});
        }
    }
    return out;
}

// m and v: empty lists at t = 0 (no update yet), else one entry per parameter.
std::vector<std::vector<float>> moments(const json& adam, const char* which, long long t,
                                        const ParamList& params) {
    const json& list = field(adam, which);
    if (!list.is_array())
        bad(std::string("checkpoint field 'adam.") + which + "' must be an array");
    std::vector<std::vector<float>> out;
    if (list.empty() && t == 0) return out;
    if (list.size() != params.size()) {
        throw Error("shape_mismatch",
                    std::string("checkpoint's adam.") + which + " has " +
                        std::to_string(list.size()) + " tensors; the model has " +
                        std::to_string(params.size()) + (t == 0 ? " (or none at t = 0)" : ""),
                    {{"what", std::string("adam.") + which},
                     {"got", std::to_string(list.size())},
                     {"expected", std::to_string(params.size())}});
    }
    for (std::size_t i = 0; i < params.size(); ++i)
        out.push_back(moment(list, i, params[i], which));
    return out;
}

std::string describe(const TransformerConfig& x) {
    return std::string(x.kind == ModelKind::decoder_only ? "decoder-only" : "encoder-decoder") +
           ", d_model " + std::to_string(x.layer.d_model) + ", heads " +
           std::to_string(x.layer.heads) + ", d_ff " + std::to_string(x.layer.d_ff) + ", layers " +
           std::to_string(x.layers) + ", " + positional_name(x.positional) + " positions, " +
           std::to_string(x.vocab.size()) + " tokens";
}

bool same_model(const TransformerConfig& a, const TransformerConfig& b) {
    return a.kind == b.kind && a.layer.d_model == b.layer.d_model &&
           a.layer.heads == b.layer.heads && a.layer.d_ff == b.layer.d_ff && a.layers == b.layers &&
           a.layer.norm_first == b.layer.norm_first && a.layer.activation == b.layer.activation &&
           a.positional == b.positional && a.max_len == b.max_len && a.vocab == b.vocab;
}

void check_finite(const std::vector<std::vector<float>>& moments, const char* which,
                  const ParamList& params) {
    for (std::size_t i = 0; i < moments.size(); ++i) {
        for (std::size_t k = 0; k < moments[i].size(); ++k) {
            if (!std::isfinite(moments[i][k])) {
                const std::string what = std::string("adam.") + which + " of " + params[i].name;
                throw Error(
                    "not_finite",
                    "cannot save: " + what + " value " + std::to_string(k) + " is not finite",
                    {{"what", what}, {"index", std::to_string(k)}, {"value", "NaN"}});
            }
        }
    }
}

}  // namespace

/// Everything a checkpoint sets, checked, before any of it reaches the run.
struct Staged {
    std::vector<std::vector<float>> weights;  // one per parameter, in collect_params order
    Adam adam;
    int step = 0;
    float first_loss = 0;
};

std::string Trainer::save_checkpoint() {
    // save_weights refuses non-finite weights; the rest is checked here, since nlohmann would
    // write NaN as null and the file could not be loaded back.
    check_finite(adam_.m, "m", m_->params);
    check_finite(adam_.v, "v", m_->params);
    if (!std::isfinite(first_loss_)) {
        throw Error("not_finite", "cannot save: the first loss is not finite",
                    {{"what", "first_loss"}, {"index", "0"}, {"value", "NaN"}});
    }
    json j;
    j["format"] = kCheckpointFormat;
    j["version"] = kCheckpointVersion;
    j["step"] = step_;
    j["first_loss"] = first_loss_;
    j["task"] = task_name(task_.kind);
    j["seed"] = options_.seed;
    j["weights"] = json::parse(m_->dec ? save_weights(*m_->dec) : save_weights(*m_->ed));
    j["adam"] = {{"t", adam_.t}, {"m", adam_.m}, {"v", adam_.v}};
    return j.dump();
}

void Trainer::load_checkpoint(const std::string& text) {
    const json j = parse_json_text(text, "checkpoint");
    Staged s{{}, Adam(options_.adam), 0, 0.0f};
    try {
        if (!j.is_object()) bad("checkpoint must be a JSON object");
        const json& format = field(j, "format");
        if (!format.is_string() || format.get<std::string>() != kCheckpointFormat) {
            bad(std::string("checkpoint format must be '") + kCheckpointFormat + "'");
        }
        const json& version = field(j, "version");
        if (!version.is_number_integer() || version.get<long long>() != kCheckpointVersion) {
            bad("checkpoint version " + brief(version) + " is not supported: allowed " +
                std::to_string(kCheckpointVersion));
        }
        // The model: its config against this run before any tensor is read, then every tensor
        // staged against this run's parameters (no second model is built).
        const json& weights = field(j, "weights");
        const TransformerConfig c = weights_file_config(weights);
        if (!same_model(c, config_)) {
            bad("checkpoint's model (" + describe(c) + ") does not match this run's (" +
                describe(config_) + ")");
        }
        // The task after the model: a checkpoint of another model shape says so first.
        const json& task = field(j, "task");
        if (!task.is_string() || task.get<std::string>() != task_name(task_.kind)) {
            bad("checkpoint is for the task " + brief(task) + "; this run's task is '" +
                task_name(task_.kind) + "'");
        }
        s.weights = stage_tensors(field(weights, "tensors"), m_->params);
        // Adam: t in range, then m and v for every parameter with its shape.
        const json& adam = field(j, "adam");
        if (!adam.is_object()) bad("checkpoint field 'adam' must be an object {t, m, v}");
        const long long t = integer_field(adam, "t", "checkpoint adam.t", kMaxCheckpointStep);
        s.adam.t = static_cast<int>(t);
        s.adam.m = moments(adam, "m", t, m_->params);
        s.adam.v = moments(adam, "v", t, m_->params);
        if (s.adam.m.empty() != s.adam.v.empty()) {
            bad("checkpoint's adam.m and adam.v must both be empty (t = 0) or both be full");
        }
        s.step = static_cast<int>(integer_field(j, "step", "checkpoint step", kMaxCheckpointStep));
        const json& first_loss = field(j, "first_loss");
        if (!first_loss.is_number()) bad("checkpoint field 'first_loss' must be a number");
        const double loss = first_loss.get<double>();
        if (!(loss >= 0.0 && loss <= kMaxFirstLoss)) {
            throw Error(
                "out_of_range",
                "checkpoint first_loss " + first_loss.dump() + " is out of range: allowed 0..1e6",
                {{"what", "checkpoint first_loss"},
                 {"value", first_loss.dump()},
                 {"min", "0"},
                 {"max", "1e6"}});
        }
        s.first_loss = static_cast<float>(loss);
    } catch (const json::exception& e) {
        // Every access above is type-checked first; this is only a net, so the load stays total.
        bad(std::string("checkpoint has a field of the wrong type: ") + e.what());
    }
    // Everything checked: only now does the run change, all of it at once.
    for (std::size_t i = 0; i < s.weights.size(); ++i) {
        std::memcpy(m_->params[i].data, s.weights[i].data(), s.weights[i].size() * sizeof(float));
    }
    adam_ = std::move(s.adam);
    step_ = s.step;
    first_loss_ = s.first_loss;
    diverged_.clear();
    diverged_params_.clear();
    m_->keep_good(adam_, step_);
}

}  // namespace attnlab
