// weights_val.h: WeightsLoader's view of a JS object (what JSON.parse returns), so the wasm
// module checks and loads weights files without a JSON parser of its own (see weights_loader.h).
//
// The object may come from a page, not from JSON.parse: it can hold getters, Proxies, cycles,
// BigInts or Symbols, and any of those can throw a JS exception inside our C++ frames (skipping
// destructors, leaking the shadow stack). So ValWeightsLoader first makes a plain JSON copy of it
// in JS, catching everything there (plain_json below), and the loader only ever walks the copy.
// Include this header in one translation unit only (EM_JS defines functions).
#pragma once

#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <cmath>
#include <string>
#include <vector>

#include "attnlab/io/weights_loader.h"

// clang-format would split the JS below (its strict-equality operators), so it stays as written.
// clang-format off
// value -> { value: a plain JSON copy } or { error: why not }: cycles, throwing getters and
// BigInts are caught; nesting deeper than max_depth is refused.
EM_JS(emscripten::EM_VAL, attnlab_plain_json, (emscripten::EM_VAL handle, int max_depth), {
    try {
        var text = JSON.stringify(Emval.toValue(handle));
        if (text === undefined) return Emval.toHandle({error : "it is not a JSON value"});
        var copy = JSON.parse(text);
        var stack = [[copy, 1]];
        while (stack.length) {
            var top = stack.pop();
            var v = top[0];
            if (v === null || typeof v !== "object") continue;
            if (top[1] > max_depth) {
                return Emval.toHandle({error : "it nests deeper than " + max_depth + " levels"});
            }
            for (var k in v) {
                if (v[k] !== null && typeof v[k] === "object") stack.push([ v[k], top[1] + 1 ]);
            }
        }
        return Emval.toHandle({value : copy});
    } catch (e) {
        return Emval.toHandle({error : String(e && e.message || e)});
    }
});

// array (plain JSON) -> n floats at out, narrowed with Math.fround; -1, or the index of the
// first item that is not a number or not finite as a float32.
EM_JS(int, attnlab_copy_floats, (emscripten::EM_VAL handle, float* out, int n), {
    var a = Emval.toValue(handle);
    for (var i = 0; i < n; i++) {
        var x = a[i];
        if (typeof x !== "number") return i;
        var f = Math.fround(x);
        if (!isFinite(f)) return i;
        HEAPF32[(out >> 2) + i] = f;
    }
    return -1;
});
// clang-format on

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
        const std::size_t n = size(v);
        out.resize(n);
        // One pass in JS (a val call per item would be slow for a large tensor); nothing in it
        // can throw, since v is part of plain_json's copy.
        const int first_bad =
            n ? attnlab_copy_floats(v.as_handle(), out.data(), static_cast<int>(n)) : -1;
        if (first_bad < 0) return true;
        bad = static_cast<std::size_t>(first_bad);
        return false;
    }
};

/// WeightsLoader over a plain JSON copy of the JS value: the names transformer_bindings.cpp
/// calls. Throws Error (bad_file) when the value cannot be copied as JSON (a cycle, a getter
/// that throws, a BigInt) or nests deeper than kMaxJsonDepth.
struct ValWeightsLoader {
    static emscripten::val plain_json(const emscripten::val& v) {
        const emscripten::val r =
            emscripten::val::take_ownership(attnlab_plain_json(v.as_handle(), kMaxJsonDepth));
        if (!r["error"].isUndefined()) {
            throw_bad_file("weights", "weights cannot be read: " + r["error"].as<std::string>());
        }
        return r["value"];
    }
    static AnyModel load(const emscripten::val& file) {
        return WeightsLoader<ValAdapter>::load(plain_json(file));
    }
    static void fill_any(const emscripten::val& v, ParamList& params) {
        WeightsLoader<ValAdapter>::fill_any(plain_json(v), params);
    }
};

}  // namespace attnlab::wasm
