#include "convert.h"

#include <cmath>

#include "attnlab/errors.h"
#include "attnlab/limits.h"

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

std::vector<float> floats_from_js(const val& a, const char* what, std::size_t length) {
    const std::string name(what);
    if (a.isUndefined() || a.isNull() || a["length"].isUndefined()) {
        throw Error(name + " must be an array of " + std::to_string(length) + " numbers");
    }
    const double got = a["length"].as<double>();
    if (got != static_cast<double>(length)) {
        throw Error(name + " has " + std::to_string(static_cast<long long>(got)) +
                    " values: it needs " + std::to_string(length));
    }
    std::vector<float> out(length);
    for (std::size_t i = 0; i < length; ++i) {
        const val item = a[i];
        const double v = item.isNumber() ? item.as<double>() : NAN;
        if (!std::isfinite(v)) {
            throw Error(name + " value " + std::to_string(i) + " is not a finite number");
        }
        out[i] = static_cast<float>(v);
    }
    return out;
}

Tensor2 from_js(const val& t, const char* what) {
    const std::string name(what);
    if (t.isUndefined() || t.isNull() || !t["shape"].instanceof (val::global("Array"))) {
        throw Error(name + " must be a tensor { data, shape: [rows, cols] }");
    }
    const val shape = t["shape"];
    if (shape["length"].as<int>() != 2) {
        throw Error(name + " has a shape of rank " + std::to_string(shape["length"].as<int>()) +
                    ": allowed is rank 2, [rows, cols]");
    }
    const double r = shape[0].as<double>();
    const double c = shape[1].as<double>();
    for (const double side : {r, c}) {
        if (!(side >= 0 && side <= 65536 && std::floor(side) == side)) {
            throw Error(name + " has a shape side of " + std::to_string(side) +
                        ": allowed are integers 0..65536");
        }
    }
    const std::size_t size = static_cast<std::size_t>(r) * static_cast<std::size_t>(c);
    const val data = t["data"];
    if (data.isUndefined() || data.isNull() || data["length"].isUndefined() ||
        data["length"].as<double>() != static_cast<double>(size)) {
        throw Error(name + " data has " +
                    (data.isUndefined() || data["length"].isUndefined()
                         ? std::string("no length")
                         : std::to_string(static_cast<long long>(data["length"].as<double>()))) +
                    " values but its shape " +
                    shape_str(static_cast<long long>(r), static_cast<long long>(c)) + " needs " +
                    std::to_string(size));
    }
    Tensor2 out = Tensor2::from_shape({static_cast<std::size_t>(r), static_cast<std::size_t>(c)});
    val(emscripten::typed_memory_view(size, out.data())).call<void>("set", data);
    for (std::size_t i = 0; i < size; ++i) {
        if (std::isnan(out.data()[i])) {
            throw Error(name + " holds NaN at index " + std::to_string(i) +
                        ": allowed are finite numbers");
        }
    }
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
