// Fuzz target: the text of a weights file -> load_weights (nlohmann path) -> a model.
// Allowed outcomes: a model, or attnlab::Error. Anything else (another exception, a crash, UB,
// a leak, a stack overflow on deep JSON, a hang, an allocation over -rss_limit_mb) is a bug.
// Seeds: corpus/weights_json (real save_weights output and edge cases); dict/json.dict.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "attnlab/io/weights_json.h"
#include "fuzz_common.h"

using namespace attnlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    AnyModel model;
    if (!fuzz::accepts([&] { model = load_weights(text); })) return 0;
    // A loaded model must be usable: one forward pass over two tokens (every vocabulary has at
    // least two) must not touch memory out of bounds. Its numbers are not checked: finite
    // weights may still overflow, and that is the facade's check, not the loader's.
    if (auto* dec = std::get_if<std::unique_ptr<DecoderOnlyModel>>(&model)) {
        if (!*dec) fuzz::fail("load_weights returned no model");
        fuzz::accepts([&] { (*dec)->forward({0, 1}); });
    } else {
        auto& ed = std::get<std::unique_ptr<EncoderDecoderModel>>(model);
        if (!ed) fuzz::fail("load_weights returned no model");
        fuzz::accepts([&] { ed->decode({0, 1}, ed->encode({1, 0})); });
    }
    return 0;
}
