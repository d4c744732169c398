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
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>

#include "attnlab/io/state_dict.h"
#include "attnlab/io/weights_loader.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

/// The config and tensors as JSON text. Throws Error (not_finite, naming the tensor and index)
/// if a weight is NaN or infinite: JSON cannot hold it, so the file could not be loaded back.
std::string save_weights(DecoderOnlyModel& model);
std::string save_weights(EncoderDecoderModel& model);

/// Parses a weights file and builds the model it describes. Total: any text gives a model or an
/// attnlab::Error, never another exception, a crash or a hang. Throws too_large past
/// kMaxFileBytes; bad_file for text that is not JSON, is truncated or nests deeper than
/// kMaxJsonDepth, a missing or wrong format/version, a missing, unexpected or malformed tensor or
/// field, a dtype other than float32 or a data array of the wrong length; the config's codes
/// (out_of_range, too_large for the parameter budget, ...) before anything is allocated;
/// shape_mismatch for a tensor of the wrong shape; not_finite for a value that is not a number
/// or is not finite after narrowing to float32. The message names the tensor or field.
AnyModel load_weights(const std::string& text);

/// Fills `params` from a JSON object of tensors ({name: {dtype, shape, data}}), or from a whole
/// weights file's "tensors", as text. Every
/// name in params must be present and nothing else. Throws Error like load_weights.
void load_tensors(const std::string& tensors_json, ParamList& params);

/// The pieces of load_weights, for loaders that stage a file inside a larger one (checkpoints):
/// a parsed file's format, version and config, checked (nothing is allocated); and a "tensors"
/// object checked against params into copies in params' order (params are not written). Both
/// throw Error like load_weights.
TransformerConfig weights_file_config(const nlohmann::json& file);
std::vector<std::vector<float>> stage_tensors(const nlohmann::json& tensors,
                                              const ParamList& params);

}  // namespace attnlab
