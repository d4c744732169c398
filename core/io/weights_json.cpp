#include "attnlab/io/weights_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/io/json_text.h"
#include "attnlab/io/weights_loader.h"

namespace attnlab {

namespace {

using nlohmann::json;

// WeightsLoader's view of nlohmann::json (see weights_loader.h).
struct NlohmannAdapter {
    using Value = const json*;
    static bool is_object(Value v) { return v->is_object(); }
    static bool is_array(Value v) { return v->is_array(); }
    static bool is_string(Value v) { return v->is_string(); }
    static bool is_integer(Value v) { return v->is_number_integer(); }
    static bool is_number(Value v) { return v->is_number(); }
    static bool is_bool(Value v) { return v->is_boolean(); }
    static bool has(Value v, const char* key) { return v->is_object() && v->contains(key); }
    static Value at(Value v, const char* key) { return &v->at(key); }
    static std::size_t size(Value v) { return v->size(); }
    static Value at(Value v, std::size_t i) { return &v->at(i); }
    static std::vector<std::string> keys(Value v) {
        std::vector<std::string> out;
        for (const auto& item : v->items()) out.push_back(item.key());
        return out;
    }
    static std::string str(Value v) { return v->get<std::string>(); }
    static double num(Value v) { return v->get<double>(); }
    static bool boolean(Value v) { return v->get<bool>(); }
    // replace: a bad UTF-8 byte in a message must not throw (the parser rejects them anyway).
    static std::string dump(Value v) {
        return v->dump(-1, ' ', false, json::error_handler_t::replace);
    }
    static bool floats(Value v, std::vector<float>& out, std::size_t& bad) {
        out.resize(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& item = (*v)[i];
            // 1e39 is a finite double but no float: checked after narrowing.
            if (!item.is_number() || !narrow_to_float(item.get<double>(), out[i])) {
                bad = i;
                return false;
            }
        }
        return true;
    }
};

// JSON has no NaN or Inf (nlohmann writes null): a file that could not be loaded back is refused.
void check_finite(const ParamList& params) {
    for (const auto& p : params) {
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (!std::isfinite(p.data[i])) {
                const std::string value = std::isnan(p.data[i]) ? "NaN" : "Infinity";
                throw Error("not_finite",
                            "cannot save: tensor '" + p.name + "' value " + std::to_string(i) +
                                " is " + value + ": allowed finite numbers",
                            {{"what", p.name}, {"index", std::to_string(i)}, {"value", value}});
            }
        }
    }
}

json tensors_to_json(const ParamList& params) {
    json tensors = json::object();
    for (const auto& p : params) {
        json data = json::array();
        for (std::size_t i = 0; i < p.size(); ++i) data.push_back(p.data[i]);
        tensors[p.name] = {{"dtype", "float32"}, {"shape", p.shape}, {"data", std::move(data)}};
    }
    return tensors;
}

json config_json(const TransformerConfig& c) {
    return {{"model", c.kind == ModelKind::decoder_only ? "decoder-only" : "encoder-decoder"},
            {"d_model", c.layer.d_model},
            {"heads", c.layer.heads},
            {"d_ff", c.layer.d_ff},
            {"layers", c.layers},
            {"norm_first", c.layer.norm_first},
            {"activation", activation_name(c.layer.activation)},
            {"positional", positional_name(c.positional)},
            {"max_len", c.max_len},
            {"vocab", c.vocab}};
}

template <class Model>
std::string save(Model& model) {
    ParamList params;
    collect_params(model, params);
    check_finite(params);
    const json file = {{"format", kWeightsFormat},
                       {"version", kWeightsVersion},
                       {"config", config_json(model.config)},
                       {"tensors", tensors_to_json(params)}};
    return file.dump();
}

}  // namespace

std::string save_weights(DecoderOnlyModel& model) { return save(model); }
std::string save_weights(EncoderDecoderModel& model) { return save(model); }

AnyModel load_weights(const std::string& text) {
    const json file = parse_json_text(text, "weights");
    return WeightsLoader<NlohmannAdapter>::load(&file);
}

TransformerConfig weights_file_config(const json& file) {
    return WeightsLoader<NlohmannAdapter>::file_config(&file);
}

std::vector<std::vector<float>> stage_tensors(const json& tensors, const ParamList& params) {
    return WeightsLoader<NlohmannAdapter>::stage(&tensors, params);
}

void load_tensors(const std::string& tensors_json, ParamList& params) {
    const json parsed = parse_json_text(tensors_json, "weights");
    WeightsLoader<NlohmannAdapter>::fill_any(&parsed, params);
}

}  // namespace attnlab
