#include "attnlab/io/json_text.h"

#include "attnlab/errors.h"
#include "attnlab/io/weights_loader.h"
#include "attnlab/limits.h"

namespace attnlab {

using nlohmann::json;

json parse_json_text(const std::string& text, const char* what) {
    if (static_cast<long long>(text.size()) > kMaxFileBytes) {
        const std::string name = std::string(what) + " file bytes";
        throw Error("too_large",
                    std::string(what) + " file of " + std::to_string(text.size()) +
                        " bytes is too large: allowed at most " + std::to_string(kMaxFileBytes),
                    {{"what", name},
                     {"value", std::to_string(text.size())},
                     {"max", std::to_string(kMaxFileBytes)}});
    }
    // The callback sees every object and array as it opens, so a deep document is refused at
    // depth kMaxJsonDepth instead of being built (its destruction could recurse).
    const json::parser_callback_t limit_depth = [what](int depth, json::parse_event_t event,
                                                       json&) {
        if ((event == json::parse_event_t::object_start ||
             event == json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth) {
            throw_bad_file(what, std::string(what) + " file nests deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
    try {
        return json::parse(text, limit_depth);
    } catch (const json::parse_error& e) {
        // The byte, not nlohmann's own wording: a learner can act on "truncated at byte 1001".
        const std::string noun = std::string(what) == "weights" ? "weights file" : what;
        throw_bad_file(what, noun +
                                 " is not valid JSON (truncated or corrupt): it breaks at byte " +
                                 std::to_string(e.byte) + " of " + std::to_string(text.size()));
    } catch (const json::exception& e) {
        throw_bad_file(what, std::string(what) + " is not valid JSON: " + e.what());
    }
}

}  // namespace attnlab
