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

/// { error: message, code, params: { name: text } } for a caught exception (errors.h lists the
/// codes); an exception that is not an attnlab::Error gets the code "internal".
emscripten::val error_to_js(const std::exception& e);

/// Runs fn and returns { value: fn() }, or error_to_js(e) if the core threw: the facade turns
/// the latter into an AttnLabError, so a C++ message, its code and its params reach JS intact
/// and nothing leaks.
template <class Fn>
emscripten::val guarded(Fn&& fn) {
    try {
        emscripten::val out = emscripten::val::object();
        out.set("value", std::forward<Fn>(fn)());
        return out;
    } catch (const std::exception& e) {
        return error_to_js(e);
    }
}

/// Every limit of core/include/attnlab/limits.h as a plain object ({ maxTokens: 64, ... }):
/// both modules export it as `limits()`, and the facade re-exports it.
emscripten::val limits_to_js();

}  // namespace attnlab::wasm
