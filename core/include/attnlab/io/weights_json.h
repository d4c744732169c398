// weights_json.h: models to and from the JSON weights format as text, through nlohmann/json
// (native builds and tests; the wasm module reads JS objects instead, see weights_loader.h).
// Docs: wasm/WEIGHTS.md.
//
//     {"format": "attention-lab/weights", "version": 1,
//      "config": {"model": "decoder-only", "d_model": 16, "heads": 2, "d_ff": 64, "layers": 1,
//                 "norm_first": false, "activation": "relu", "positional": "sinusoidal",
//                 "max_len": 64, "vocab": ["<begin>", "<end>", "a", "b"]},
//      "tensors": {"embed.weight": {"dtype": "float32", "shape": [4, 16], "data": [...]}, ...}}
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_loader.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// The config and tensors as JSON text.
std::string save_weights(DecoderOnlyModel& model);
std::string save_weights(EncoderDecoderModel& model);

/// Parses a weights file and builds the model it describes. Throws Error, never anything else,
/// for text that is not JSON or is truncated, a missing or wrong format/version, a bad config
/// field, a missing tensor, an unexpected tensor, a dtype other than float32, a shape that differs
/// from the model's, a data array of the wrong length, or a non-number entry; the message names
/// the tensor or field.
AnyModel load_weights(const std::string& text);

/// Fills `params` from a JSON object of tensors ({name: {dtype, shape, data}}), or from a whole
/// weights file's "tensors", as text. Every
/// name in params must be present and nothing else. Throws Error like load_weights.
void load_tensors(const std::string& tensors_json, ParamList& params);

}  // namespace attnlab
