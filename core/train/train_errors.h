// train_errors.h (private to core/train): the training code's errors with their codes and params
// (errors.h's table), the English message unchanged.
#pragma once

#include <string>

#include "attnlab/errors.h"

namespace attnlab {

/// unknown_choice: value is not one of `allowed` (comma-separated).
[[noreturn]] inline void throw_unknown_choice(const std::string& message, const std::string& what,
                                              const std::string& value,
                                              const std::string& allowed) {
    throw Error("unknown_choice", message,
                {{"what", what}, {"value", value.substr(0, 40)}, {"allowed", allowed}});
}

/// out_of_range for a real number (check_range covers integers).
[[noreturn]] inline void throw_out_of_range(const std::string& message, const std::string& what,
                                            double value, const std::string& min,
                                            const std::string& max) {
    throw Error("out_of_range", message,
                {{"what", what}, {"value", std::to_string(value)}, {"min", min}, {"max", max}});
}

}  // namespace attnlab
