// json_text.h: JSON text from outside (a weights file, a checkpoint) parsed with the lab's limits,
// so no input can exhaust memory or the stack before the loaders see it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace attnlab {

/// text -> its JSON value. `what` ("weights" or "checkpoint") names the file in messages.
/// Throws Error: too_large (what: "<what> file bytes", value, max) past kMaxFileBytes; bad_file
/// (what, detail) for text that is not JSON (truncated, corrupt) or nests deeper than
/// kMaxJsonDepth. Never throws anything else.
nlohmann::json parse_json_text(const std::string& text, const char* what);

}  // namespace attnlab
