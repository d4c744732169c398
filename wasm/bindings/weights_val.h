// weights_val.h: WeightsLoader's view of a JS object (what JSON.parse returns), so the wasm
// module checks and loads weights files without a JSON parser of its own (see weights_loader.h).
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <string>
#include <vector>

#include "attnlab/io/weights_loader.h"

namespace attnlab::wasm {

struct ValAdapter {
    using Value = emscripten::val;
    static bool is_object(const Value& v) {
        return v.typeOf().as<std::string>() == "object" && !v.isNull() &&
               !Value::global("Array").call<bool>("isArray", v);
    }
    static bool is_array(const Value& v) { return Value::global("Array").call<bool>("isArray", v); }
    static bool is_string(const Value& v) { return v.isString(); }
    static bool is_integer(const Value& v) {
        return v.isNumber() && Value::global("Number").call<bool>("isInteger", v);
    }
    static bool is_number(const Value& v) { return v.isNumber(); }
    static bool is_bool(const Value& v) { return v.isTrue() || v.isFalse(); }
    static bool has(const Value& v, const char* key) {
        return is_object(v) && Value::global("Object")["prototype"]["hasOwnProperty"].call<bool>(
                                   "call", v, std::string(key));
    }
    static Value at(const Value& v, const char* key) { return v[std::string(key)]; }
    static std::size_t size(const Value& v) { return v["length"].as<std::size_t>(); }
    static Value at(const Value& v, std::size_t i) { return v[i]; }
    static std::vector<std::string> keys(const Value& v) {
        const Value names = Value::global("Object").call<Value>("keys", v);
        std::vector<std::string> out;
        for (std::size_t i = 0; i < size(names); ++i) out.push_back(names[i].as<std::string>());
        return out;
    }
    static std::string str(const Value& v) { return v.as<std::string>(); }
    static double num(const Value& v) { return v.as<double>(); }
    static bool boolean(const Value& v) { return v.as<bool>(); }
    static std::string dump(const Value& v) {
        const Value text = Value::global("JSON").call<Value>("stringify", v);
        return text.isString() ? text.as<std::string>() : std::string("undefined");
    }
    static bool floats(const Value& v, std::vector<float>& out, std::size_t& bad) {
        // One copy into a Float32Array: a non-number becomes NaN (JSON has no NaN to confuse
        // it with), and Infinity stays infinite; either is rejected below.
        const std::size_t n = size(v);
        out.resize(n);
        const Value typed = Value::global("Float32Array").call<Value>("from", v);
        if (n > 0) Value(emscripten::typed_memory_view(n, out.data())).call<void>("set", typed);
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(out[i]) || !v[i].isNumber()) {
                bad = i;
                return false;
            }
        }
        return true;
    }
};

using ValWeightsLoader = WeightsLoader<ValAdapter>;

}  // namespace attnlab::wasm
