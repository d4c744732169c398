// errors.h: the one exception type the core throws, and helpers that build its messages.
#pragma once

#include <stdexcept>
#include <string>

namespace attnlab {

/// Thrown on bad input. The message names the bad value and the allowed range, e.g.
/// "d_k 0 is out of range: allowed 1..256", so a learner can act on it.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Throws Error("<what> <value> is out of range: allowed <lo>..<hi>") unless lo <= value <= hi.
inline void check_range(const char* what, long long value, long long lo, long long hi) {
    if (value < lo || value > hi) {
        throw Error(std::string(what) + " " + std::to_string(value) + " is out of range: allowed " +
                    std::to_string(lo) + ".." + std::to_string(hi));
    }
}

/// "(3, 4)": a shape for error messages.
inline std::string shape_str(long long r, long long c) {
    return "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
}

}  // namespace attnlab
