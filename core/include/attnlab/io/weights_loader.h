// weights_loader.h: the checks and the loading of the JSON weights format, written once for any
// parsed-JSON representation. Natively the JSON is nlohmann::json (weights_json.cpp); in the
// browser it is the object JSON.parse made (wasm/bindings/weights_val.h), so the wasm module
// needs no JSON parser of its own.
//
// An adapter A provides, for its handle type A::Value:
//   is_object, is_array, is_string, is_integer, is_number, is_bool (v) -> bool
//   has(v, key) -> bool; at(v, key) -> Value; size(v) -> size_t; at(v, i) -> Value
//   keys(v) -> std::vector<std::string>; str(v); num(v) -> double; boolean(v); dump(v) -> text
//   floats(v, out, bad) -> bool: v's items as floats; false and bad = index of a non-number
#pragma once

#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "attnlab/errors.h"
#include "attnlab/io/state_dict.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// A model of either kind, as loaded from a file.
using AnyModel =
    std::variant<std::unique_ptr<DecoderOnlyModel>, std::unique_ptr<EncoderDecoderModel>>;

constexpr const char* kWeightsFormat = "attention-lab/weights";
constexpr int kWeightsVersion = 1;

template <class A>
class WeightsLoader {
  public:
    using Value = typename A::Value;

    /// A whole file -> the model it describes. Throws Error naming the field or tensor.
    static AnyModel load(const Value& file) {
        if (!A::is_object(file)) throw Error("weights file must be a JSON object");
        const Value format = field(file, "format", "weights file");
        if (!A::is_string(format) || A::str(format) != kWeightsFormat) {
            throw Error("weights file format " + A::dump(format) + " is unknown: allowed \"" +
                        kWeightsFormat + "\"");
        }
        const Value version = field(file, "version", "weights file");
        if (!A::is_integer(version) || A::num(version) != kWeightsVersion) {
            throw Error("weights file version " + A::dump(version) + " is unsupported: allowed 1");
        }
        const TransformerConfig config = parse_config(field(file, "config", "weights file"));
        const Value tensors = field(file, "tensors", "weights file");
        ParamList params;
        if (config.kind == ModelKind::decoder_only) {
            auto model = std::make_unique<DecoderOnlyModel>(config);
            collect_params(*model, params);
            fill(tensors, params);
            return model;
        }
        auto model = std::make_unique<EncoderDecoderModel>(config);
        collect_params(*model, params);
        fill(tensors, params);
        return model;
    }

    /// {name: {dtype, shape, data}}, or a whole file's "tensors" -> params. Every name in params
    /// must be present and nothing else; only a fully valid object changes the model.
    static void fill_any(const Value& v, ParamList& params) {
        if (A::is_object(v) && A::has(v, "format") && A::has(v, "tensors")) {
            fill(A::at(v, "tensors"), params);
        } else {
            fill(v, params);
        }
    }

  private:
    static Value field(const Value& object, const char* key, const std::string& where) {
        if (!A::has(object, key)) throw Error(where + " is missing the field '" + key + "'");
        return A::at(object, key);
    }

    static int int_field(const Value& config, const char* key) {
        const Value v = field(config, key, "weights config");
        if (!A::is_integer(v) || std::abs(A::num(v)) > 1e9) {
            throw Error(std::string("weights config field '") + key + "' must be an integer; got " +
                        A::dump(v));
        }
        return static_cast<int>(A::num(v));
    }

    static std::string string_field(const Value& config, const char* key) {
        const Value v = field(config, key, "weights config");
        if (!A::is_string(v)) {
            throw Error(std::string("weights config field '") + key + "' must be a string; got " +
                        A::dump(v));
        }
        return A::str(v);
    }

    static TransformerConfig parse_config(const Value& c) {
        if (!A::is_object(c)) throw Error("weights file field 'config' must be an object");
        TransformerConfig config;
        const std::string model = string_field(c, "model");
        if (model == "decoder-only") {
            config.kind = ModelKind::decoder_only;
        } else if (model == "encoder-decoder") {
            config.kind = ModelKind::encoder_decoder;
        } else {
            throw Error("weights config model '" + model +
                        "' is unknown: allowed decoder-only, encoder-decoder");
        }
        config.layer.d_model = int_field(c, "d_model");
        config.layer.heads = int_field(c, "heads");
        config.layer.d_ff = int_field(c, "d_ff");
        config.layers = int_field(c, "layers");
        const Value norm_first = field(c, "norm_first", "weights config");
        if (!A::is_bool(norm_first)) {
            throw Error("weights config field 'norm_first' must be true or false");
        }
        config.layer.norm_first = A::boolean(norm_first);
        config.layer.activation = activation_from_name(string_field(c, "activation"));
        config.positional = positional_from_name(string_field(c, "positional"));
        config.max_len = int_field(c, "max_len");
        const Value vocab = field(c, "vocab", "weights config");
        if (!A::is_array(vocab))
            throw Error("weights config field 'vocab' must be an array of strings");
        for (std::size_t i = 0; i < A::size(vocab); ++i) {
            const Value token = A::at(vocab, i);
            if (!A::is_string(token)) {
                throw Error("weights config vocab holds a non-string: " + A::dump(token));
            }
            config.vocab.push_back(A::str(token));
        }
        config.validate();
        return config;
    }

    static std::string shape_text(const std::vector<std::size_t>& shape) {
        std::string s = "[";
        for (std::size_t i = 0; i < shape.size(); ++i) {
            s += (i ? ", " : "") + std::to_string(shape[i]);
        }
        return s + "]";
    }

    static void fill(const Value& tensors, ParamList& params) {
        if (!A::is_object(tensors)) throw Error("weights file field 'tensors' must be an object");
        std::vector<std::vector<float>> values;
        std::set<std::string> expected;
        for (const auto& p : params) {
            expected.insert(p.name);
            const std::string where = "tensor '" + p.name + "'";
            if (!A::has(tensors, p.name.c_str())) {
                throw Error("weights file is missing the tensor '" + p.name + "' of shape " +
                            shape_text(p.shape));
            }
            const Value t = A::at(tensors, p.name.c_str());
            if (!A::is_object(t)) throw Error(where + " must be an object {dtype, shape, data}");
            const Value dtype = field(t, "dtype", where);
            if (!A::is_string(dtype) || A::str(dtype) != "float32") {
                throw Error(where + " has dtype " + A::dump(dtype) + ": allowed \"float32\"");
            }
            const Value shape = field(t, "shape", where);
            bool shape_ok = A::is_array(shape) && A::size(shape) == p.shape.size();
            for (std::size_t i = 0; shape_ok && i < A::size(shape); ++i) {
                const Value side = A::at(shape, i);
                shape_ok = A::is_integer(side) && A::num(side) == static_cast<double>(p.shape[i]);
            }
            if (!shape_ok) {
                throw Error(where + " has shape " + A::dump(shape) + " but the model needs " +
                            shape_text(p.shape));
            }
            const Value data = field(t, "data", where);
            if (!A::is_array(data) || A::size(data) != p.size()) {
                throw Error(
                    where + " has " +
                    (A::is_array(data) ? std::to_string(A::size(data)) : std::string("no")) +
                    " values in 'data' but its shape " + shape_text(p.shape) + " needs " +
                    std::to_string(p.size()));
            }
            std::vector<float> floats;
            std::size_t bad = 0;
            if (!A::floats(data, floats, bad)) {
                throw Error(where + " value " + std::to_string(bad) + " is " +
                            A::dump(A::at(data, bad)) + ": allowed finite numbers");
            }
            values.push_back(std::move(floats));
        }
        for (const auto& key : A::keys(tensors)) {
            if (!expected.count(key)) {
                throw Error("weights file has an unexpected tensor '" + key +
                            "' that this model does not use");
            }
        }
        // Everything checked: only now overwrite the model, so a bad file changes nothing.
        for (std::size_t k = 0; k < params.size(); ++k) {
            std::copy(values[k].begin(), values[k].end(), params[k].data);
        }
    }
};

}  // namespace attnlab
