// weights_loader.h: the checks and the loading of the JSON weights format, written once for any
// parsed-JSON representation. Natively the JSON is nlohmann::json (weights_json.cpp); in the
// browser it is the object JSON.parse made (wasm/bindings/weights_val.h), so the wasm module
// needs no JSON parser of its own.
//
// An adapter A provides, for its handle type A::Value:
//   is_object, is_array, is_string, is_integer, is_number, is_bool (v) -> bool
//   has(v, key) -> bool; at(v, key) -> Value; size(v) -> size_t; at(v, i) -> Value
//   keys(v) -> std::vector<std::string>; str(v); num(v) -> double; boolean(v); dump(v) -> text
//   floats(v, out, bad) -> bool: v's items narrowed to float; false and bad = index of the first
//                              item that is not a number or is not finite after narrowing
//                              (narrow_to_float)
// dump is only ever called on strings, numbers and booleans (brief() below), so an adapter's dump
// cannot meet a cycle, a getter or a huge subtree.
//
// Every throw is an attnlab::Error: bad_file (what: "weights", detail) for a structural problem,
// shape_mismatch (what: tensor, got, expected), not_finite (what: tensor, index, value), and the
// config's own codes (out_of_range, too_large, not_divisible, unknown_choice, invalid).
#pragma once

#include <cfloat>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "attnlab/errors.h"
#include "attnlab/io/state_dict.h"
#include "attnlab/limits.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// A model of either kind, as loaded from a file.
using AnyModel =
    std::variant<std::unique_ptr<DecoderOnlyModel>, std::unique_ptr<EncoderDecoderModel>>;

constexpr const char* kWeightsFormat = "attention-lab/weights";
constexpr int kWeightsVersion = 1;

/// x as a float, rounded to nearest as IEEE narrowing does; false when the result would be
/// infinite or x is not finite (a plain static_cast is undefined behaviour past FLT_MAX).
inline bool narrow_to_float(double x, float& out) {
    // Doubles below FLT_MAX + half an ulp (2^128 - 2^103) still round to FLT_MAX.
    constexpr double kLimit = 340282356779733661637539395458142568448.0;  // 2^128 - 2^103
    if (!(std::fabs(x) < kLimit)) return false;
    out = std::fabs(x) > static_cast<double>(FLT_MAX) ? (x > 0 ? FLT_MAX : -FLT_MAX)
                                                      : static_cast<float>(x);
    return true;
}

/// Throws Error("bad_file", message) with params what (weights or checkpoint) and detail.
[[noreturn]] inline void throw_bad_file(const char* what, const std::string& message) {
    throw Error("bad_file", message, {{"what", what}, {"detail", message}});
}

template <class A>
class WeightsLoader {
  public:
    using Value = typename A::Value;

    /// A whole file -> the model it describes. The config is validated (sizes and parameter
    /// budget) before the model is allocated, and every tensor is checked before any is
    /// copied in. Throws Error naming the field or tensor.
    static AnyModel load(const Value& file) {
        const TransformerConfig config = file_config(file);
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

    /// A whole file's format, version and config, checked (nothing allocated). Throws Error.
    static TransformerConfig file_config(const Value& file) {
        if (!A::is_object(file)) bad("weights file must be a JSON object");
        const Value format = field(file, "format", "weights file");
        if (!A::is_string(format) || A::str(format) != kWeightsFormat) {
            bad("weights file format " + brief(format) + " is unknown: allowed \"" +
                kWeightsFormat + "\"");
        }
        const Value version = field(file, "version", "weights file");
        if (!A::is_integer(version) || A::num(version) != kWeightsVersion) {
            bad("weights file version " + brief(version) + " is unsupported: allowed 1");
        }
        return parse_config(field(file, "config", "weights file"));
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

    /// Every tensor of `tensors` checked against params (names, dtype, shape, finite values)
    /// into staged copies, one per param in order; nothing is written to params. Throws Error.
    static std::vector<std::vector<float>> stage(const Value& tensors, const ParamList& params) {
        if (!A::is_object(tensors)) bad("weights file field 'tensors' must be an object");
        std::vector<std::vector<float>> values;
        std::set<std::string> expected;
        for (const auto& p : params) {
            expected.insert(p.name);
            values.push_back(tensor(tensors, p));
        }
        for (const auto& key : A::keys(tensors)) {
            if (!expected.count(key)) {
                bad("weights file has an unexpected tensor '" + key +
                    "' that this model does not use");
            }
        }
        return values;
    }

    /// A JSON value for an error message: a string, number or boolean (cut to 40 characters),
    /// or what kind of value it is. Never dumps a subtree (it could be huge).
    static std::string brief(const Value& v) {
        if (A::is_array(v)) return "an array";
        if (A::is_object(v)) return "an object";
        if (!A::is_string(v) && !A::is_number(v) && !A::is_bool(v)) return "null";
        std::string text = A::dump(v);
        if (text.size() > 40) text = text.substr(0, 40) + "...";
        return text;
    }

  private:
    [[noreturn]] static void bad(const std::string& message) { throw_bad_file("weights", message); }

    static Value field(const Value& object, const char* key, const std::string& where) {
        if (!A::has(object, key)) bad(where + " is missing the field '" + key + "'");
        return A::at(object, key);
    }

    static int int_field(const Value& config, const char* key) {
        const Value v = field(config, key, "weights config");
        if (!A::is_integer(v) || std::abs(A::num(v)) > 1e9) {
            bad(std::string("weights config field '") + key + "' must be an integer; got " +
                brief(v));
        }
        return static_cast<int>(A::num(v));
    }

    static std::string string_field(const Value& config, const char* key) {
        const Value v = field(config, key, "weights config");
        if (!A::is_string(v)) {
            bad(std::string("weights config field '") + key + "' must be a string; got " +
                brief(v));
        }
        return A::str(v);
    }

    static TransformerConfig parse_config(const Value& c) {
        if (!A::is_object(c)) bad("weights file field 'config' must be an object");
        TransformerConfig config;
        const std::string model = string_field(c, "model");
        if (model == "decoder-only") {
            config.kind = ModelKind::decoder_only;
        } else if (model == "encoder-decoder") {
            config.kind = ModelKind::encoder_decoder;
        } else {
            throw Error("unknown_choice",
                        "weights config model '" + model.substr(0, 40) +
                            "' is unknown: allowed decoder-only, encoder-decoder",
                        {{"what", "model"},
                         {"value", model.substr(0, 40)},
                         {"allowed", "decoder-only,encoder-decoder"}});
        }
        config.layer.d_model = int_field(c, "d_model");
        config.layer.heads = int_field(c, "heads");
        config.layer.d_ff = int_field(c, "d_ff");
        config.layers = int_field(c, "layers");
        const Value norm_first = field(c, "norm_first", "weights config");
        if (!A::is_bool(norm_first)) bad("weights config field 'norm_first' must be true or false");
        config.layer.norm_first = A::boolean(norm_first);
        config.layer.activation = activation_from_name(string_field(c, "activation"));
        config.positional = positional_from_name(string_field(c, "positional"));
        config.max_len = int_field(c, "max_len");
        const Value vocab = field(c, "vocab", "weights config");
        if (!A::is_array(vocab)) bad("weights config field 'vocab' must be an array of strings");
        // Count first: a million-token vocabulary is refused before it is copied.
        check_range("vocabulary size", static_cast<long long>(A::size(vocab)), 2, kMaxVocab);
        for (std::size_t i = 0; i < A::size(vocab); ++i) {
            const Value token = A::at(vocab, i);
            if (!A::is_string(token)) {
                bad("weights config vocab item " + std::to_string(i) + " is " + brief(token) +
                    ": allowed strings");
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

    // A file's shape as JSON writes it ("[8,4]"), never more than 8 sides.
    static std::string shape_of(const Value& shape) {
        if (!A::is_array(shape) || A::size(shape) > 8) return brief(shape);
        std::string s = "[";
        for (std::size_t i = 0; i < A::size(shape); ++i) {
            s += (i ? "," : "") + brief(A::at(shape, i));
        }
        return s + "]";
    }

    static std::vector<float> tensor(const Value& tensors, const ParamRef& p) {
        const std::string where = "tensor '" + p.name + "'";
        if (!A::has(tensors, p.name.c_str())) {
            bad("weights file is missing the tensor '" + p.name + "' of shape " +
                shape_text(p.shape));
        }
        const Value t = A::at(tensors, p.name.c_str());
        if (!A::is_object(t)) bad(where + " must be an object {dtype, shape, data}");
        const Value dtype = field(t, "dtype", where);
        if (!A::is_string(dtype) || A::str(dtype) != "float32") {
            bad(where + " has dtype " + brief(dtype) + ": allowed \"float32\"");
        }
        const Value shape = field(t, "shape", where);
        bool shape_ok = A::is_array(shape) && A::size(shape) == p.shape.size();
        for (std::size_t i = 0; shape_ok && i < A::size(shape); ++i) {
            const Value side = A::at(shape, i);
            shape_ok = A::is_integer(side) && A::num(side) == static_cast<double>(p.shape[i]);
        }
        if (!shape_ok) {
            throw Error(
                "shape_mismatch",
                where + " has shape " + shape_of(shape) + " but the model needs " +
                    shape_text(p.shape),
                {{"what", p.name}, {"got", shape_of(shape)}, {"expected", shape_text(p.shape)}});
        }
        const Value data = field(t, "data", where);
        if (!A::is_array(data) || A::size(data) != p.size()) {
            bad(where + " has " +
                (A::is_array(data) ? std::to_string(A::size(data)) : std::string("no")) +
                " values in 'data' but its shape " + shape_text(p.shape) + " needs " +
                std::to_string(p.size()));
        }
        std::vector<float> floats;
        std::size_t bad_index = 0;
        if (!A::floats(data, floats, bad_index)) {
            const std::string value = brief(A::at(data, bad_index));
            throw Error("not_finite",
                        where + " value " + std::to_string(bad_index) + " is " + value +
                            ": allowed finite numbers",
                        {{"what", p.name}, {"index", std::to_string(bad_index)}, {"value", value}});
        }
        return floats;
    }

    static void fill(const Value& tensors, ParamList& params) {
        const std::vector<std::vector<float>> values = stage(tensors, params);
        // Everything checked: only now overwrite the model, so a bad file changes nothing.
        for (std::size_t k = 0; k < params.size(); ++k) {
            std::copy(values[k].begin(), values[k].end(), params[k].data);
        }
    }
};

}  // namespace attnlab
