// convert.h: tensors and errors across the JS boundary. Every tensor crossing it is copied, so
// JS never holds a view into wasm memory that a later allocation could move or free.
#pragma once

#include <emscripten/val.h>

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "attnlab/tensor.h"

namespace attnlab::wasm {

/// A tensor as { data: Float32Array (a copy), shape: [...] }.
emscripten::val to_js(const float* data, const std::vector<std::size_t>& shape);
/// A (r, c) tensor as { data: Float32Array (a copy), shape: [r, c] }.
emscripten::val to_js(const Tensor2& t);
/// (n) -> { data, shape: [n] }; (a, b, c) -> { data, shape: [a, b, c] }.
emscripten::val to_js(const Tensor1& t);
emscripten::val to_js(const Tensor3& t);
/// A JS array of numbers or a Float32Array of exactly `length` finite values. Throws Error
/// naming `what` otherwise.
std::vector<float> floats_from_js(const emscripten::val& a, const char* what, std::size_t length);
/// { data: Float32Array | number[], shape: [r, c] } to a tensor. Throws Error naming `what`
/// when the shape is not two positive integers or data has the wrong length.
Tensor2 from_js(const emscripten::val& t, const char* what);
/// A JS array of strings from tokens.
emscripten::val strings_to_js(const std::vector<std::string>& items);

/// Runs fn and returns { value: fn() }, or { error: message } if the core threw: the facade turns
/// the latter into an AttnLabError, so a C++ message reaches JS intact and nothing leaks.
template <class Fn>
emscripten::val guarded(Fn&& fn) {
    emscripten::val out = emscripten::val::object();
    try {
        out.set("value", std::forward<Fn>(fn)());
    } catch (const std::exception& e) {
        out.set("error", std::string(e.what()));
    }
    return out;
}

}  // namespace attnlab::wasm
