#include "convert.h"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/limits.h"

// Every read of a caller's value goes through these two JS helpers, inside a JS try/catch: a
// throwing getter, a Proxy trap, a Symbol or a BigInt can then never throw a JS exception
// through C++ frames (which would skip destructors and leak the shadow stack). A read that
// throws yields undefined, which the C++ readers below turn into an Error.

// clang-format off (it would split JS operators)
// o[key] (or undefined if o is not an object or the read throws), as a new handle.
EM_JS(emscripten::EM_VAL, attnlab_field, (emscripten::EM_VAL object, const char* key, int index), {
    try {
        var o = Emval.toValue(object);
        if (o == null || (typeof o != 'object' && typeof o != 'function')) {
            return Emval.toHandle(undefined);
        }
        return Emval.toHandle(key ? o[UTF8ToString(key)] : o[index]);
    } catch (e) {
        return Emval.toHandle(undefined);
    }
});

// Copies a[0..length) into out as f32 (the narrowing happens here, so 1e39 arrives as Inf and
// is caught by check_finite). Returns -1 when every item was a number, the index of the first
// item that is not a number (undefined, a hole, a string, a BigInt, ...), or -2 if reading
// threw.
EM_JS(int, attnlab_read_numbers, (emscripten::EM_VAL array, void* out, int length, int f64), {
    try {
        var a = Emval.toValue(array);
        var heap = f64 ? HEAPF64 : HEAPF32;
        var base = f64 ? out >> 3 : out >> 2;
        if (a instanceof Float32Array || a instanceof Float64Array) {
            heap.set(a.subarray(0, length), base);
            return -1;
        }
        for (var i = 0; i < length; i++) {
            var x = a[i];
            if (typeof x != 'number') return i;
            heap[base + i] = x;
        }
        return -1;
    } catch (e) {
        return -2;
    }
});
// clang-format on

namespace attnlab::wasm {

using emscripten::val;

val to_js(const float* values, const std::vector<std::size_t>& dims) {
    std::size_t size = 1;
    val shape = val::array();
    for (std::size_t d : dims) {
        size *= d;
        shape.call<void>("push", static_cast<double>(d));
    }
    val data = val::global("Float32Array").new_(size);
    if (size > 0) data.call<void>("set", val(emscripten::typed_memory_view(size, values)));
    val out = val::object();
    out.set("data", data);
    out.set("shape", shape);
    return out;
}

val to_js(const Tensor2& t) { return to_js(t.data(), {t.shape()[0], t.shape()[1]}); }
val to_js(const Tensor1& t) { return to_js(t.data(), {t.shape()[0]}); }
val to_js(const Tensor3& t) { return to_js(t.data(), {t.shape()[0], t.shape()[1], t.shape()[2]}); }

namespace {

[[noreturn]] void not_a_number(const std::string& name, long long index, const char* value) {
    throw Error("not_finite", name + " value " + std::to_string(index) + " is not a finite number",
                {{"what", name}, {"index", std::to_string(index)}, {"value", value}});
}

// Reads `length` numbers of a into out, narrowed to f32, and checks each is finite.
void read_floats(const val& a, const std::string& name, float* out, std::size_t length) {
    const int bad = attnlab_read_numbers(a.as_handle(), out, static_cast<int>(length), 0);
    if (bad == -2) {
        throw Error("invalid", name + " could not be read: its values must be plain numbers",
                    {{"what", name}});
    }
    if (bad >= 0) not_a_number(name, bad, "not a number");
    for (std::size_t i = 0; i < length; ++i) {
        if (!std::isfinite(out[i])) {
            not_a_number(name, static_cast<long long>(i),
                         out[i] != out[i] ? "NaN" : (out[i] > 0 ? "Infinity" : "-Infinity"));
        }
    }
}

}  // namespace

double length_of(const val& a) {
    const val length = field(a, "length");
    if (!length.isNumber()) return -1;
    const double n = length.as<double>();
    return n >= 0 && std::floor(n) == n ? n : -1;
}

void doubles_from_js(const val& a, const char* what, double* out, std::size_t length) {
    const std::string name(what);
    if (length_of(a) != static_cast<double>(length)) {
        throw Error("invalid", name + " must hold " + std::to_string(length) + " numbers",
                    {{"what", name}});
    }
    const int bad = attnlab_read_numbers(a.as_handle(), out, static_cast<int>(length), 1);
    if (bad != -1) not_a_number(name, bad, "not a number");
    for (std::size_t i = 0; i < length; ++i) {
        if (!std::isfinite(out[i])) not_a_number(name, static_cast<long long>(i), "not finite");
    }
}

val field(const val& object, const char* key) {
    return val::take_ownership(attnlab_field(object.as_handle(), key, 0));
}

val item(const val& array, int index) {
    return val::take_ownership(attnlab_field(array.as_handle(), nullptr, index));
}

double number_field(const val& o, const char* key) {
    const val v = field(o, key);
    if (!v.isNumber()) {
        throw Error("invalid", std::string(key) + " must be a number", {{"what", key}});
    }
    return v.as<double>();
}

int int_field(const val& o, const char* key) {
    const double v = number_field(o, key);
    if (!(std::floor(v) == v && v >= -2147483648.0 && v <= 2147483647.0)) {
        throw Error("invalid", std::string(key) + " " + std::to_string(v) + " must be an integer",
                    {{"what", key}, {"value", std::to_string(v)}});
    }
    return static_cast<int>(v);
}

float float_field(const val& o, const char* key) {
    const float v = static_cast<float>(number_field(o, key));
    check_finite(key, &v, 1);
    return v;
}

bool bool_field(const val& o, const char* key) {
    const val v = field(o, key);
    if (!v.isTrue() && !v.isFalse()) {
        throw Error("invalid", std::string(key) + " must be true or false", {{"what", key}});
    }
    return v.isTrue();
}

std::string string_field(const val& o, const char* key) {
    const val v = field(o, key);
    if (!v.isString()) {
        throw Error("invalid", std::string(key) + " must be a string", {{"what", key}});
    }
    return v.as<std::string>();
}

std::uint32_t seed_field(const val& o, const char* key) { return check_seed(number_field(o, key)); }

std::uint32_t check_seed(double seed) {
    if (!(seed >= 0 && seed <= 4294967295.0 && std::floor(seed) == seed)) {
        throw Error(
            "out_of_range",
            "seed " + std::to_string(seed) + " is out of range: allowed integers 0..4294967295",
            {{"what", "seed"},
             {"value", std::to_string(seed)},
             {"min", "0"},
             {"max", "4294967295"}});
    }
    return static_cast<std::uint32_t>(seed);
}

std::vector<float> floats_from_js(const val& a, const char* what, std::size_t length) {
    const std::string name(what);
    const double got = length_of(a);
    if (got < 0) {
        throw Error("invalid", name + " must be an array of " + std::to_string(length) + " numbers",
                    {{"what", name}});
    }
    if (got != static_cast<double>(length)) {
        shape_mismatch(what, std::to_string(static_cast<long long>(got)), std::to_string(length),
                       name + " has " + std::to_string(static_cast<long long>(got)) +
                           " values: it needs " + std::to_string(length));
    }
    std::vector<float> out(length);
    read_floats(a, name, out.data(), length);
    return out;
}

Tensor2 from_js(const val& t, const char* what) {
    const std::string name(what);
    const val shape = field(t, "shape");
    if (!shape.instanceof (val::global("Array"))) {
        throw Error("invalid", name + " must be a tensor { data, shape: [rows, cols] }",
                    {{"what", name}});
    }
    const double rank = length_of(shape);
    if (rank != 2) {
        shape_mismatch(what, std::to_string(static_cast<long long>(rank)), "2",
                       name + " has a shape of rank " +
                           std::to_string(static_cast<long long>(rank)) +
                           ": allowed is rank 2, [rows, cols]");
    }
    double sides[2];
    for (int i = 0; i < 2; ++i) {
        const val side_js = item(shape, i);
        const double side = side_js.isNumber() ? side_js.as<double>() : NAN;
        if (!(side >= 0 && side <= 65536 && std::floor(side) == side)) {
            throw Error("out_of_range",
                        name + " has a shape side of " + std::to_string(side) +
                            ": allowed are integers 0..65536",
                        {{"what", name + " shape"},
                         {"value", std::to_string(side)},
                         {"min", "0"},
                         {"max", "65536"}});
        }
        sides[i] = side;
    }
    const auto r = static_cast<long long>(sides[0]);
    const auto c = static_cast<long long>(sides[1]);
    // In 64 bits, before any allocation: 65536 * 65536 wraps a 32-bit size_t to 0.
    check_size((name + " elements (rows * cols)").c_str(), r * c, kMaxTensorElements);
    const auto size = static_cast<std::size_t>(r * c);
    const val data = field(t, "data");
    const double length = length_of(data);
    if (length != static_cast<double>(size)) {
        const std::string got =
            length < 0 ? std::string("no length") : std::to_string(static_cast<long long>(length));
        shape_mismatch(what, got, std::to_string(size),
                       name + " data has " + got + " values but its shape " + shape_str(r, c) +
                           " needs " + std::to_string(size));
    }
    Tensor2 out = Tensor2::from_shape({static_cast<std::size_t>(r), static_cast<std::size_t>(c)});
    read_floats(data, name, out.data(), size);
    return out;
}

val error_to_js(const std::exception& e) {
    val out = val::object();
    out.set("error", std::string(e.what()));
    val params = val::object();
    if (const auto* error = dynamic_cast<const Error*>(&e)) {
        out.set("code", error->code());
        for (const auto& [name, value] : error->params()) params.set(name, value);
    } else {
        out.set("code", std::string("internal"));
    }
    out.set("params", params);
    return out;
}

val limits_to_js() {
    val out = val::object();
    out.set("maxTokens", kMaxTokens);
    out.set("maxSentenceBytes", kMaxSentenceBytes);
    out.set("maxPositions", kMaxPositions);
    out.set("maxLessonWidth", kMaxLessonWidth);
    out.set("maxLessonPositions", kMaxLessonPositions);
    out.set("maxDModel", kMaxDModel);
    out.set("maxDFF", kMaxDFF);
    out.set("maxLayers", kMaxLayers);
    out.set("maxVocab", kMaxVocab);
    out.set("maxModelParams", static_cast<double>(kMaxModelParams));
    out.set("maxTensorElements", static_cast<double>(kMaxTensorElements));
    out.set("maxMaskCells", static_cast<double>(kMaxMaskCells));
    out.set("maxWorkPerCall", static_cast<double>(kMaxWorkPerCall));
    out.set("maxSeed", static_cast<double>(kMaxSeed));
    out.set("maxJsonDepth", kMaxJsonDepth);
    out.set("maxFileBytes", static_cast<double>(kMaxFileBytes));
    return out;
}

val strings_to_js(const std::vector<std::string>& items) {
    val out = val::array();
    for (const auto& s : items) out.call<void>("push", val(s));
    return out;
}

}  // namespace attnlab::wasm
