// convert.h: tensors and errors across the JS boundary. Every tensor crossing it is copied, so
// JS never holds a view into wasm memory that a later allocation could move or free.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
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
/// Reading caller values safely. Every read runs inside a JS try/catch (convert.cpp), so a
/// throwing getter, a Proxy, a Symbol or a BigInt can never throw a JS exception through C++
/// frames; a read that throws gives undefined, and the typed readers then throw Error.
///
/// object[key], or undefined if object is not an object or the read throws.
emscripten::val field(const emscripten::val& object, const char* key);
/// array[index], or undefined likewise.
emscripten::val item(const emscripten::val& array, int index);
/// o[key] as a number, an integer (int range), an f32 that is finite after narrowing (code
/// not_finite), a boolean or a string. Each throws Error naming `key` on any other value.
double number_field(const emscripten::val& o, const char* key);
int int_field(const emscripten::val& o, const char* key);
float float_field(const emscripten::val& o, const char* key);
bool bool_field(const emscripten::val& o, const char* key);
std::string string_field(const emscripten::val& o, const char* key);
/// o[key] as a seed: an integer 0..4294967295 (code out_of_range otherwise).
std::uint32_t seed_field(const emscripten::val& o, const char* key);
/// seed as a uint32; throws Error (out_of_range) for NaN, fractions, negatives or >= 2^32.
std::uint32_t check_seed(double seed);

/// Exactly `length` finite numbers of an array or typed array into out, as doubles (seeds and
/// step counts need more than f32). Throws Error naming `what` otherwise.
void doubles_from_js(const emscripten::val& a, const char* what, double* out, std::size_t length);
/// The length of an array-like (a non-negative integer), or -1 if it has none.
double length_of(const emscripten::val& a);

/// A JS array of numbers, a Float32Array or a Float64Array of exactly `length` values, each
/// finite after narrowing to f32. Throws Error naming `what` otherwise (codes invalid,
/// shape_mismatch, not_finite with what, index, value).
std::vector<float> floats_from_js(const emscripten::val& a, const char* what, std::size_t length);
/// { data: Float32Array | number[], shape: [r, c] } to a tensor. Throws Error naming `what`
/// when the shape is not two integers 0..65536 (out_of_range), r * c, computed in 64 bits
/// before allocating, exceeds kMaxTensorElements (too_large), data has the wrong length
/// (shape_mismatch) or a value is not finite after narrowing to f32 (not_finite).
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
